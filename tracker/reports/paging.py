"""A page of report lines: the shared ``Page`` of tracker/services/paging.py (the task list pages with it too)."""

from ..services.paging import Page  # noqa: F401
