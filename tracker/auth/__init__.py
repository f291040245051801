"""Login, logout, password change and the user's own profile."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import tokens, views  # noqa: E402,F401
