"""The tasks behind a report, one line each, in the state they had on the report day.

Used by the agency page, the XLSX task sheet, the CSV, and the DOCX appendix; the category of each line
comes from the same SQL as the report's counts (``reports.classified``), so a line list always adds up
to the numbers it explains.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ...extensions import db
from ...models import Agency, Appraisal, Field, Finding, Priority, ProgressUpdate, Task, TaskStatus, User, task_finding
from ...models import task_supporting_agency as tsa
from .. import deadlines
from . import counting as reports
from . import points
from .counting import CODES, ReportFilter
from .points import ZERO

NAMES = {code: name for name, code in CODES.items()}
# Overdue first, then what falls due soonest; finished and cancelled last.
URGENCY = [CODES[n] for n in ("open_overdue", "due_soon", "open_in_time", "no_deadline", "postponed", "done_late",
                               "done_on_time", "cancelled")]


@dataclass
class TaskLine:
    id: int
    title: str
    appraisal: str
    field: str
    finding: str
    lead_agency: str
    supporting: str
    owner: str
    priority: Priority
    status: TaskStatus
    category: str  # one of reports.CATEGORIES ("due_soon" lines are "open_in_time")
    due_soon: bool
    assigned_on: date | None
    original_due: date | None
    deadline: date | None
    completed_on: date | None
    progress: int
    expected_output: str
    # Its share of the points lost on the criterion it aims at: still at stake, or covered once done.
    points_at_stake: Decimal | None = None
    points_covered: Decimal | None = None


def lines_statement(f: ReportFilter, category: str | None = None) -> sa.Select:
    """The select behind :func:`lines`; ``category`` narrows to one of the report's columns."""
    c = reports.classified(f)
    unit = aliased(Agency)
    end = reports.end_of_day(f.as_of)
    # Progress as reported by then: the stored value, unless the task changed after the day.
    reported = (sa.select(ProgressUpdate.progress)
                .where(ProgressUpdate.task_id == c.c.task_id, ProgressUpdate.progress.is_not(None),
                       ProgressUpdate.created_at < end)
                .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()).limit(1).scalar_subquery())
    first_finding = (sa.select(sa.func.min(task_finding.c.finding_id))
                     .where(task_finding.c.task_id == c.c.task_id).scalar_subquery())
    urgency = sa.case({code: i for i, code in enumerate(URGENCY)}, value=c.c.category)
    stmt = (
        sa.select(
            Task.id, Task.title, Task.priority, Task.original_due_date, Task.expected_output,
            sa.func.coalesce(sa.func.nullif(Task.lead_agency_name, ""), Agency.name).label("lead"),
            unit.name.label("unit"), Appraisal.year, Field.code, Field.name.label("field_name"),
            User.full_name.label("owner"), Finding.text.label("finding"),
            c.c.status, c.c.category, c.c.deadline, c.c.completed_on, c.c.assigned_at,
            sa.case((c.c.fresh, Task.progress), else_=sa.func.coalesce(reported, 0)).label("progress"),
        )
        .select_from(c)
        .join(Task, Task.id == c.c.task_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .outerjoin(Appraisal, Appraisal.id == Task.appraisal_id)
        .outerjoin(unit, unit.id == Appraisal.unit_id)
        .outerjoin(Field, Field.id == Task.field_id)
        .outerjoin(User, User.id == Task.owner_id)
        .outerjoin(Finding, Finding.id == first_finding)
        .order_by(Agency.name, urgency, c.c.deadline.is_(None), c.c.deadline, Task.id)
    )
    if category == "open_in_time":
        stmt = stmt.where(c.c.category.in_((CODES["open_in_time"], CODES["due_soon"])))
    elif category is not None:
        stmt = stmt.where(c.c.category == CODES[category])
    return stmt


def lines(f: ReportFilter, category: str | None = None, limit: int | None = None, offset: int = 0) -> list[TaskLine]:
    """The tasks in scope on ``f.as_of``, each with its state then; supporting agencies in one more query."""
    reports.prepare()
    stmt = lines_statement(f, category)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    rows = db.session.execute(stmt).all()
    supporting = supporting_names(f, [r.id for r in rows]) if rows else {}
    shares = points.shares(f.as_of, reports.conditions(f)) if rows else {}
    zone = deadlines.local_zone()
    out = [_line(r, supporting.get(r.id, ""), zone) for r in rows]
    for line in out:
        share = shares.get(line.id)
        if share is not None:
            line.points_at_stake = ZERO if share.done else share.points
            line.points_covered = share.points if share.done else ZERO
    return out


def count(f: ReportFilter, category: str | None = None) -> int:
    stmt = lines_statement(f, category).order_by(None).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt))


def supporting_names(f: ReportFilter, task_ids: list[int]) -> dict[int, str]:
    """Supporting agencies' names per task: one query over the filter's tasks, kept for ``task_ids``."""
    wanted = set(task_ids)
    stmt = (sa.select(tsa.c.task_id, Agency.name).join(Agency, Agency.id == tsa.c.agency_id)
            .join(Task, Task.id == tsa.c.task_id).where(*reports.conditions(f)).order_by(tsa.c.task_id, Agency.name))
    if len(wanted) <= 500:
        stmt = stmt.where(tsa.c.task_id.in_(wanted))
    names: dict[int, list[str]] = {}
    for task_id, name in db.session.execute(stmt):
        if task_id in wanted:
            names.setdefault(task_id, []).append(name)
    return {k: "; ".join(v) for k, v in names.items()}


def _line(r, supporting: str, zone) -> TaskLine:
    category = NAMES[r.category]
    return TaskLine(
        id=r.id, title=r.title, appraisal=f"{r.unit} {r.year}" if r.year else "",
        field=f"{r.code}. {r.field_name}" if r.code else "", finding=r.finding or "", lead_agency=r.lead,
        supporting=supporting, owner=r.owner or "", priority=r.priority, status=TaskStatus(r.status),
        category="open_in_time" if category == "due_soon" else category, due_soon=category == "due_soon",
        assigned_on=r.assigned_at.astimezone(zone).date() if r.assigned_at else None,
        original_due=r.original_due_date, deadline=r.deadline,
        completed_on=r.completed_on if category in ("done_on_time", "done_late") else None,
        progress=r.progress or 0, expected_output=r.expected_output or "",
    )

