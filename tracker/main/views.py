"""The home page each role lands on, and the dashboard ("Tổng quan") of leaders, coordinators and officers.

Leaders and coordinators land on the dashboard; an officer lands on "Việc của đơn vị" (the task list)
and opens the dashboard of their agency from the menu; the admin lands on administration.
"""

from flask import abort, current_app, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..exports.labels import CATEGORY_LABELS
from ..extensions import db
from ..models import Agency
from ..permissions import can_see_unit, is_admin, is_assigner, is_province
from ..reports.links import Links
from ..services.organisation import units
from ..services.reports import charts
from ..services.reports import dashboard as dashboard_service
from . import bp


@bp.get("/")
@login_required
def home():
    if is_admin(current_user):
        return redirect(url_for("admin.index"))
    if is_province(current_user) and "province.index" in current_app.view_functions:
        return redirect(url_for("province.index"))
    if not is_assigner(current_user) and "tasks.index" in current_app.view_functions:
        return redirect(url_for("tasks.index"))
    return _dashboard(None)


@bp.get("/tong-quan")
@login_required
def dashboard():
    """A unit's dashboard: the user's own (an officer's: their agency's), or, for the province, the unit asked."""
    if is_admin(current_user):
        return redirect(url_for("admin.index"))
    unit = request.args.get("unit", type=int)
    if unit is not None and not can_see_unit(current_user, unit):
        abort(404)
    if unit is None and is_province(current_user) and "province.index" in current_app.view_functions:
        return redirect(url_for("province.index"))
    return _dashboard(db.session.get(Agency, unit) if unit is not None else None)


def _dashboard(unit: Agency | None):
    board = dashboard_service.build(current_user, unit.id if unit is not None else None)
    labels = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    bars = charts.agency_bars(
        board.ranked or board.rows[:dashboard_service.RANKED], labels, "chart-agencies",
        _("Nhiệm vụ của các cơ quan theo tình trạng"),
        _("Mỗi thanh là một cơ quan, chia thành hoàn thành đúng hạn, hoàn thành quá hạn, chưa hoàn thành trong "
          "hạn và quá hạn; số liệu ở bảng bên dưới."))
    line = charts.completion_line(
        board.months, "chart-months", _("Tỷ lệ hoàn thành theo tháng"),
        _("Tỷ lệ số nhiệm vụ đã hoàn thành trên số nhiệm vụ đã giao, lũy kế đến cuối mỗi tháng; số liệu ở bảng "
          "bên dưới."))
    return render_template("main/dashboard.html", board=board, links=Links(board.filters), labels=labels,
                           bars=bars, line=line, unit=unit or _own_unit())


def _own_unit() -> Agency | None:
    """The unit named in the dashboard's title when the installation has several."""
    if not units.is_province_install() or current_user.agency is None:
        return None
    return current_user.agency.unit


@bp.get("/favicon.ico")
def favicon():
    """Browsers and feed readers ask for /favicon.ico by name; pages link the same file under /static."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=7 * 24 * 3600)


@bp.get("/healthz")
def healthz():
    """For the load balancer: answers 200 only when the database answers."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
