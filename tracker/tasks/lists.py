"""Routes of the tasks blueprint (module lists)."""

from . import bp  # noqa: F401
