"""Routes of the tasks blueprint (module views)."""

from . import bp  # noqa: F401
