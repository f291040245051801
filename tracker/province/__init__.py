"""The province's pages (/toan-tinh): every unit's follow-up, and the province report as of a day with its exports.

Only the province roles reach them (``permissions.province_required``); a one-unit installation has no province
roles, so it shows neither these pages nor their menu entry.
"""

from flask import Blueprint

bp = Blueprint("province", __name__)



@bp.context_processor
def _words():
    from ..exports.labels import RATES_NOTE

    return {"rates_note": RATES_NOTE}


from . import views  # noqa: E402,F401
