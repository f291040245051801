"""Reports (/bao-cao): per-agency counts as of a day, exports, and the admin's report settings."""

from flask import Blueprint

bp = Blueprint("reports", __name__)


@bp.context_processor
def _words():
    from ..exports.labels import CATEGORY_LABELS, RATES_NOTE

    return {"category_labels": CATEGORY_LABELS, "rates_note": RATES_NOTE}


from . import cells, settings_views, views  # noqa: E402,F401
