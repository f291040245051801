"""Administration: agencies, users, CSV import, settings and the activity log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import (  # noqa: E402,F401
    criteria_views,
    import_views,
    reference_views,
    tokens,
    unit_views,
    views,
    webhooks,
)
