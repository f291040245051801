"""``/api/v1``: who I am, agencies and units, appraisals with their scores and tasks, reports as of a day.

Reports are the pages' own counts (``services/reports/counting.py``) for the same filter, so a number here
equals the number on the page.
"""

from dataclasses import replace

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user
from flask_smorest import Blueprint

from ..extensions import db
from ..models import Agency, Appraisal, Task
from ..permissions import (
    AppraisalAction,
    agencies_of_scope,
    agency_scope,
    appraisals_clause,
    can_on_appraisal,
    can_see_unit,
    follows_units,
    get_agency_or_404,
    unit_scope,
)
from ..services import deadlines
from ..services.reports import counting
from ..services.tasks import lists as task_lists
from . import schemas, schemas_more, serialize

blp = Blueprint("api_reading", __name__, description="Tra cứu — me, agencies, units, appraisals, reports.")


def agency_dict(agency: Agency) -> dict:
    return {"id": agency.id, "name": agency.name, "short_name": agency.short_name, "kind": agency.kind.value,
            "unit_id": agency.unit_id, "is_unit": agency.is_unit, "is_active": agency.is_active}


@blp.get("/me")
@blp.response(200, schemas.MeSchema)
def me():
    """The account the token acts for, and the token itself."""
    user, token = current_user, g.api_token
    return {"id": user.id, "username": user.username, "full_name": user.full_name, "role": user.role,
            "locale": user.locale, "agency": agency_dict(user.agency) if user.agency else None,
            "token": {"name": token.name, "scope": token.scope.value, "kind": token.kind.value,
                      "prefix": token.prefix, "expires_at": token.expires_at}}


@blp.get("/agencies")
@blp.response(200, schemas.AgencySchema(many=True))
def agencies():
    """The agencies of the caller's scope (an officer: their own agency)."""
    own = agency_scope(current_user)
    where = Agency.id == own if own is not None else agencies_of_scope(current_user)
    return [agency_dict(a) for a in db.session.scalars(sa.select(Agency).where(where)
                                                       .order_by(Agency.search_name, Agency.id))]


@blp.get("/units")
@blp.response(200, schemas.AgencySchema(many=True))
def units():
    """The appraised units of the caller's scope (the province: every unit)."""
    scope = unit_scope(current_user)
    where = [Agency.unit_id == Agency.id] + ([Agency.id == scope] if scope is not None else [])
    return [agency_dict(a) for a in db.session.scalars(sa.select(Agency).where(*where)
                                                       .order_by(Agency.search_name, Agency.id))]


def _named(obj) -> dict | None:
    return None if obj is None else {"id": obj.id, "name": obj.name}


def _points(value) -> float | None:
    return None if value is None else float(value)


def _appraisal_summary(a: Appraisal) -> dict:
    return {"id": a.id, "unit": _named(a.unit), "year": a.year, "status": a.status.value,
            "conclusion_number": a.conclusion_number, "conclusion_date": a.conclusion_date,
            "self_total": _points(a.self_total), "total_score": _points(a.total_score)}


def _follower_only():
    if not follows_units(current_user):
        abort(403)


@blp.get("/appraisals")
@blp.response(200, schemas_more.AppraisalSummarySchema(many=True))
def appraisals():
    """The appraisals of the caller's scope, newest year first (the units' assigning side and the province)."""
    _follower_only()
    stmt = sa.select(Appraisal).where(appraisals_clause(current_user)).order_by(Appraisal.year.desc(), Appraisal.id)
    return [_appraisal_summary(a) for a in db.session.scalars(stmt)]


@blp.get("/appraisals/<int:appraisal_id>")
@blp.response(200, schemas_more.AppraisalSchema)
def appraisal(appraisal_id: int):
    """One appraisal: field and criterion scores, findings, recommendations and the tasks made from them."""
    _follower_only()
    a = db.session.get(Appraisal, appraisal_id) if appraisal_id <= schemas.MAX_ID else None
    if a is None or not can_on_appraisal(current_user, AppraisalAction.VIEW, a):
        abort(404)
    stmt = task_lists.visible_tasks(current_user).where(Task.appraisal_id == a.id).order_by(Task.id)
    tasks = list(db.session.scalars(stmt))
    return {
        **_appraisal_summary(a), "team": a.team, "appraised_on": a.appraised_on,
        "field_scores": [{"id": s.field.id, "code": s.field.code, "name": s.field.name,
                          "max_points": _points(s.field.max_points), "self_score": _points(s.self_score),
                          "score": _points(s.score)} for s in sorted(a.scores, key=lambda s: s.field.position)],
        "criterion_scores": [{"id": s.criterion.id, "code": s.criterion.code, "name": s.criterion.name,
                              "max_points": _points(s.criterion.max_points), "self_score": _points(s.self_score),
                              "score": _points(s.score)} for s in a.criterion_scores],
        "findings": [{"id": f.id, "text": f.text, "field_id": f.field_id, "criterion_id": f.criterion_id}
                     for f in a.findings],
        "recommendations": [{"id": r.id, "text": r.text, "field_id": r.field_id, "criterion_id": r.criterion_id,
                             "finding_ids": [f.id for f in r.findings], "suggested_agency": _named(r.suggested_agency),
                             "suggested_due_date": r.suggested_due_date} for r in a.recommendations],
        "tasks": [serialize.task_summary(t) for t in tasks],
    }


def _filter(args: dict, **scope) -> counting.ReportFilter:
    return counting.ReportFilter(as_of=args.get("as_of") or deadlines.today(), appraisal_id=args.get("appraisal"),
                                 field_id=args.get("field"), priority=args.get("priority"), **scope)


def _counts(counts: counting.Counts) -> dict:
    rate = counts.completion_rate
    on_time = counts.on_time_rate
    return {**counts.as_dict(), "completion_rate": None if rate is None else float(rate),
            "on_time_rate": None if on_time is None else float(on_time)}


@blp.get("/reports/agencies/<int:agency_id>")
@blp.arguments(schemas_more.ReportArgs, location="query")
@blp.response(200, schemas_more.AgencyReportSchema)
def agency_report(args, agency_id: int):
    """One agency's counts as lead and as supporting agency as of a day — the agency report page's numbers."""
    if agency_id > schemas.MAX_ID:
        abort(404)
    agency = get_agency_or_404(agency_id)
    own = agency_scope(current_user)
    f = _filter(args, agency_id=agency.id, unit_id=unit_scope(current_user) if own is None else None)
    return {"as_of": f.as_of, "agency": _named(agency),
            "lead": _counts(counting.agency_report(replace(f, view=counting.LEAD)).totals),
            "support": _counts(counting.agency_report(replace(f, view=counting.SUPPORT)).totals)}


@blp.get("/reports/units/<int:unit_id>")
@blp.arguments(schemas_more.ReportArgs, location="query")
@blp.response(200, schemas_more.UnitReportSchema)
def unit_report(args, unit_id: int):
    """A unit's per-agency report as of a day — the report page's rows and totals for that unit."""
    _follower_only()
    unit = db.session.get(Agency, unit_id) if unit_id <= schemas.MAX_ID else None
    if unit is None or not unit.is_unit or not can_see_unit(current_user, unit.id):
        abort(404)
    report = counting.agency_report(_filter(args, unit_id=unit.id))
    return {"as_of": report.filters.as_of, "unit": _named(unit),
            "rows": [{"agency": {"id": r.agency_id, "name": r.agency_name}, **_counts(r.counts),
                      "points_at_stake": float(r.points_at_stake), "points_covered": float(r.points_covered)}
                     for r in report.rows],
            "totals": _counts(report.totals), "points_at_stake": float(report.points_at_stake),
            "points_covered": float(report.points_covered)}
