"""Administration: agencies, users, CSV import, settings and the activity log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import criteria_views, import_views, reference_views, tokens, unit_views, views  # noqa: E402,F401
