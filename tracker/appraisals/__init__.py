"""Appraisals: records and scores, reading the conclusion, and the task plan that assigns its remedies."""

from flask import Blueprint

bp = Blueprint("appraisals", __name__)

from . import conclusion, items, plan, plan_excel, scores, views  # noqa: E402,F401
