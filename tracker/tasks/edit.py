"""Routes of the tasks blueprint (module edit)."""

from . import bp  # noqa: F401
