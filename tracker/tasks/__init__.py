"""Tasks: lists people work from, the task page and its actions, single-task create and edit."""

from flask import Blueprint

bp = Blueprint("tasks", __name__)

from . import calendar_feed, edit, lists, series, views  # noqa: E402,F401
