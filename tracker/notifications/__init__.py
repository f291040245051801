"""The bell, the notifications page, e-mail preferences, and the admin's view of the outbox."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from . import admin_views, views  # noqa: E402,F401
