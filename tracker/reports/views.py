"""The per-agency report as of a day, one agency's page, and the exports (XLSX, CSV, JSON, DOCX).

Who sees what: leaders and coordinators report on every agency; an officer's report, agency page and
data exports are limited to their own agency (asking for another answers 404, as for a task of another
agency). The official DOCX documents speak for the People's Committee, so only the assigning side
downloads them.
"""

import io
from dataclasses import replace

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from .. import exports
from ..models import Priority
from ..permissions import (
    agency_scope,
    can_see_unit,
    follower_required,
    follows_units,
    get_agency_or_404,
    get_appraisal_or_404,
    is_admin,
    unit_scope,
)
from ..services import deadlines
from ..services.reports import counting as reports
from ..services.reports import document as report_document
from ..services.reports import lines as report_tasks
from ..services.reports.counting import CATEGORIES, LEAD, SUPPORT, ReportFilter
from . import bp
from .forms import ReportForm
from .links import Links, filter_args
from .paging import Page


def read_filter(args, agency_id: int | None = None) -> tuple[ReportForm, ReportFilter]:
    """The report filter from the query string, narrowed to the user's unit and agency; bad values are dropped.

    Another agency or unit than the user's answers 404, as a task of another agency does.
    """
    form = ReportForm(args)
    form.validate()
    bad = set(form.errors)
    scope = agency_scope(current_user)
    wanted = agency_id if agency_id is not None else args.get("agency", type=int)
    if scope is not None and wanted is not None and wanted != scope:
        abort(404)
    if wanted is not None and scope is None:
        get_agency_or_404(wanted)
    unit = unit_scope(current_user)
    wanted_unit = args.get("unit", type=int)
    if wanted_unit is not None:
        if unit is not None and wanted_unit != unit:
            abort(404)
        if not can_see_unit(current_user, wanted_unit):
            abort(404)
        unit = wanted_unit
    ok = {name: getattr(form, name).data if name not in bad else None for name in form._fields}
    if "assigned_to" in bad:
        ok["assigned_from"] = None
    f = ReportFilter(
        as_of=ok["as_of"] or deadlines.today(), appraisal_id=ok["appraisal"] or None,
        field_id=ok["field"] or None, priority=Priority(ok["priority"]) if ok["priority"] else None,
        assigned_from=ok["assigned_from"], assigned_to=ok["assigned_to"],
        agency_id=scope if scope is not None else wanted, unit_id=unit if scope is None else None,
        unit_asked=wanted_unit is not None and scope is None,
        view=SUPPORT if ok["view"] == SUPPORT else LEAD)
    form.as_of.data = f.as_of  # the box shows the day counted, today when none was asked for
    return form, f


@bp.get("/")
@login_required
def index():
    """The report table with its filters; every number links to the tasks behind it."""
    if is_admin(current_user):
        return redirect(url_for("admin.index"))
    form, f = read_filter(request.args)
    return render_template("reports/index.html", form=form, f=f, report=reports.agency_report(f), links=Links(f),
                           scope=report_document.describe(replace(f, view=LEAD)), args=filter_args(f),
                           can_docx=follows_units(current_user))


@bp.get("/co-quan/<int:agency_id>")
@login_required
def agency(agency_id: int):
    """One agency's counts as lead and as supporting agency, and its tasks in the state they had."""
    if is_admin(current_user):
        return redirect(url_for("admin.index"))
    agency_obj = get_agency_or_404(agency_id)
    form, f = read_filter(request.args, agency_id)
    category = request.args.get("loai")
    category = category if category in CATEGORIES else None
    lead = reports.agency_report(replace(f, view=LEAD)).totals
    support = reports.agency_report(replace(f, view=SUPPORT)).totals
    per_page = current_app.config["TASKS_PER_PAGE"]
    page = Page.of(request.args.get("page", 1, type=int), per_page, report_tasks.count(f, category),
                   lambda offset: report_tasks.lines(f, category, limit=per_page, offset=offset))
    return render_template("reports/agency.html", form=form, f=f, agency=agency_obj, lead=lead, support=support,
                           page=page, category=category, links=Links(f), args=filter_args(f),
                           scope=report_document.describe(replace(f, agency_id=None)))


@bp.get("/xuat")
@login_required
def export():
    """XLSX, CSV or JSON of the report as filtered (``format=``); ``agency=`` narrows to one agency."""
    if is_admin(current_user):
        return redirect(url_for("admin.index"))
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("xlsx", "csv", "json"):
        abort(404)
    _form, f = read_filter(request.args)
    return _send(fmt, f, exports.build(fmt, f))


@bp.get("/bao-cao.docx")
@follower_required
def docx():
    """The official report in the Nghị định 30/2020 layout, as filtered."""
    _form, f = read_filter(request.args)
    return _send("docx", f, exports.build("docx", f))


@bp.get("/ke-hoach/<int:appraisal_id>")
@follower_required
def plan_docx(appraisal_id: int):
    """The remediation plan of one appraisal ("Kế hoạch khắc phục"), for signature."""
    from ..exports import docx_plan

    appraisal = get_appraisal_or_404(appraisal_id)
    data = docx_plan.render(appraisal, report_document.plan_rows(appraisal),
                            report_document.settings(appraisal.unit.unit if appraisal.unit else None),
                            deadlines.today())
    return send_file(io.BytesIO(data), mimetype=exports.MIMETYPES["docx"], as_attachment=True,
                     download_name=f"ke-hoach-khac-phuc_{appraisal.year}_dot-{appraisal.id}.docx")


def _send(fmt: str, f: ReportFilter, data: bytes):
    return send_file(io.BytesIO(data), mimetype=exports.MIMETYPES[fmt], as_attachment=True,
                     download_name=exports.filename(fmt, f))
