"""The chairman's dashboard: today's figures, who is behind, what waits for a decision, and since when.

Counts come from the report's SQL as of today (``reports``), so the dashboard, the report and the task
list agree. Lists of tasks (oldest overdue, waiting) read the stored columns, which are today's state,
the same ones the task list filters on. A fixed number of queries, whatever the number of tasks.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ...extensions import db
from ...models import (
    Agency,
    Appraisal,
    Extension,
    ExtensionStatus,
    Field,
    Finding,
    Task,
    TaskStatus,
    User,
    counted_tasks,
)
from ...permissions import agency_scope, is_province, unit_scope, visible_tasks_clause
from .. import deadlines
from ..appraisals import repeats
from . import counting as reports
from .counting import Counts, ReportFilter, Row

SOON_DAYS = 7
RANKED = 10
LISTED = 5
OLDEST = 10
MONTHS = 12


@dataclass
class FieldProgress:
    field: str
    findings: int = 0
    tasks: int = 0
    done: int = 0

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.tasks) if self.tasks else 0


@dataclass
class AppraisalProgress:
    appraisal: Appraisal
    fields: list[FieldProgress] = field(default_factory=list)
    repeated: int = 0  # shortcomings that repeat the previous appraisal's

    @property
    def totals(self) -> FieldProgress:
        return FieldProgress("", sum(f.findings for f in self.fields), sum(f.tasks for f in self.fields),
                             sum(f.done for f in self.fields))


@dataclass
class MonthPoint:
    day: date  # the month's last day, or today for the current month
    assigned: int
    done: int

    @property
    def rate(self):
        return reports.percent(self.done, self.assigned)


@dataclass
class Dashboard:
    today: date
    filters: ReportFilter
    agency: Agency | None
    rows: list[Row]
    totals: Counts
    ranked: list[Row]
    submissions: list[Task]
    submissions_count: int
    extensions: list[Extension]
    extensions_count: int
    oldest: list[tuple[Task, int]]
    appraisals: list[AppraisalProgress]
    months: list[MonthPoint]
    points_at_stake: Decimal = Decimal("0.00")
    points_covered: Decimal = Decimal("0.00")


def build(user: User, unit_id: int | None = None) -> Dashboard:
    """The dashboard as ``user`` may see it: their unit (or ``unit_id``, for the province), or only their own
    agency's tasks as lead."""
    today = deadlines.today()
    scope = agency_scope(user)
    asked = unit_id is not None
    unit_id = unit_id if unit_id is not None else unit_scope(user)
    f = ReportFilter(as_of=today, agency_id=scope, unit_id=unit_id if scope is None else None, unit_asked=asked,
                     soon_days=SOON_DAYS)
    report = reports.agency_report(f)
    ranked = sorted((r for r in report.rows if r.counts.open_overdue),
                    key=lambda r: (-r.counts.open_overdue, -r.counts.total, r.agency_name))[:RANKED]
    mine = _mine(user, scope, unit_id)
    # Related rows are joined (joinedload), not fetched after (selectinload): one round trip fewer each time
    # there are rows to show. Not a request's task: joined, PostgreSQL hashes every task row to find five.
    submissions = db.session.scalars(
        sa.select(Task).where(mine, Task.status == TaskStatus.SUBMITTED)
        .options(joinedload(Task.lead_agency)).order_by(Task.submitted_at.is_(None), Task.submitted_at, Task.id)
        .limit(LISTED)).all()
    everything = scope is None and unit_id is None and is_province(user)
    pending = sa.and_(Extension.status == ExtensionStatus.PENDING, _of_mine(Extension.task_id, mine, everything))
    extensions = db.session.scalars(
        sa.select(Extension).where(pending).options(selectinload(Extension.task).joinedload(Task.lead_agency))
        .order_by(Extension.requested_at, Extension.id).limit(LISTED)).all()
    counts = db.session.execute(sa.select(
        sa.select(sa.func.count()).select_from(Task).where(mine, Task.status == TaskStatus.SUBMITTED)
        .scalar_subquery(),
        sa.select(sa.func.count()).select_from(Extension).where(pending).scalar_subquery())).one()
    appraisals, months = _one_pass(mine, today)
    return Dashboard(
        today=today, filters=f, agency=db.session.get(Agency, scope) if scope else None, rows=report.rows,
        totals=report.totals, ranked=ranked, submissions=submissions, submissions_count=counts[0],
        extensions=extensions, extensions_count=counts[1], oldest=_oldest_overdue(mine, today),
        appraisals=appraisals, months=months, points_at_stake=report.points_at_stake,
        points_covered=report.points_covered,
    )


def _mine(user: User, scope: int | None, unit_id: int | None):
    """The tasks the dashboard covers: the unit's (all units' for the province), or the officer's agency's as
    lead."""
    clause = sa.and_(visible_tasks_clause(user), counted_tasks())
    if unit_id is not None:
        clause = sa.and_(clause, Task.unit_id == unit_id)
    return clause if scope is None else sa.and_(clause, Task.lead_agency_id == scope)


def _of_mine(column, mine, everything: bool):
    """``column IN (ids of the covered tasks)``, left out when they are every task (the province's whole view;
    the condition would read them all): the tasks it would leave out, groups, have no extension requests."""
    if everything:
        return sa.true()
    return column.in_(sa.select(Task.id).where(mine))


def _oldest_overdue(mine, today: date) -> list[tuple[Task, int]]:
    # Ordered by an expression, not the bare column: walking the deadline index from the oldest tasks
    # (long finished) reads most of the table before ten open ones turn up; the status index finds them.
    tasks = db.session.scalars(
        sa.select(Task).where(mine, Task.status.in_(TaskStatus.open_statuses()), Task.due_date < today)
        .options(joinedload(Task.lead_agency))
        .order_by(sa.func.coalesce(Task.due_date, Task.due_date), Task.id).limit(OLDEST)).all()
    return [(t, (today - t.due_date).days) for t in tasks]


def _one_pass(mine, today: date) -> tuple[list[AppraisalProgress], list[MonthPoint]]:
    """One pass over the tasks for both the appraisal table and the monthly series.

    Rows are grouped by appraisal, field, done/cancelled, and the first month-end on or after assignment
    and completion; the sums below turn those buckets into per-field counts and running totals.
    """
    days = month_ends(today)
    assigned = sa.case(*[(Task.assigned_at < reports.end_of_day(d), i) for i, d in enumerate(days)],
                       else_=len(days))
    completed = sa.case(*[(Task.completed_on <= d, i) for i, d in enumerate(days)], else_=len(days))
    done, cancelled = Task.status == TaskStatus.DONE, Task.status == TaskStatus.CANCELLED
    rows = db.session.execute(
        sa.select(Task.appraisal_id, Task.field_id, done, cancelled, assigned, completed, sa.func.count())
        .where(mine, Task.status != TaskStatus.DRAFT, Task.assigned_at.is_not(None))
        .group_by(Task.appraisal_id, Task.field_id, done, cancelled, assigned, completed)).all()
    by_field: dict[tuple, list[int]] = {}
    assigned_in, done_in = [0] * (len(days) + 1), [0] * (len(days) + 1)
    for appraisal_id, field_id, is_done, is_cancelled, a_bucket, d_bucket, n in rows:
        assigned_in[a_bucket] += n
        if is_done:
            done_in[d_bucket] += n
        if appraisal_id is not None and not is_cancelled:
            cell = by_field.setdefault((appraisal_id, field_id), [0, 0])
            cell[0] += n
            cell[1] += n if is_done else 0
    months, a_total, d_total = [], 0, 0
    for i, day in enumerate(days):
        a_total, d_total = a_total + assigned_in[i], d_total + done_in[i]
        months.append(MonthPoint(day, a_total, d_total))
    return _appraisal_progress(by_field), months


def _appraisal_progress(by_field: dict[tuple, list[int]]) -> list[AppraisalProgress]:
    """Per appraisal and field: shortcomings found, tasks assigned (not cancelled), tasks done."""
    ids = sorted({appraisal_id for appraisal_id, _f in by_field})
    if not ids:
        return []
    finding_rows = db.session.execute(
        sa.select(Finding.appraisal_id, Finding.field_id, sa.func.count())
        .where(Finding.appraisal_id.in_(ids)).group_by(Finding.appraisal_id, Finding.field_id)).all()
    appraisals = db.session.scalars(sa.select(Appraisal).where(Appraisal.id.in_(ids))
                                    .options(joinedload(Appraisal.unit))
                                    .order_by(Appraisal.year.desc(), Appraisal.id.desc())).all()
    field_ids = {f for _a, f in by_field} | {r[1] for r in finding_rows}
    fields = {f.id: f for f in db.session.scalars(sa.select(Field).where(Field.id.in_(field_ids - {None})))}
    table: dict[int, dict] = {a.id: {} for a in appraisals}

    def cell(appraisal_id, field_id) -> FieldProgress:
        name = fields[field_id].name if field_id in fields else ""
        return table[appraisal_id].setdefault(field_id, FieldProgress(name))

    for appraisal_id, field_id, n in finding_rows:
        cell(appraisal_id, field_id).findings = n
    for (appraisal_id, field_id), (n, n_done) in by_field.items():
        progress = cell(appraisal_id, field_id)
        progress.tasks, progress.done = n, n_done

    def order(item):
        fid = item[0]
        return (fields[fid].position if fid in fields else 999, fid or 0)

    again = repeats.count_repeats(ids)
    return [AppraisalProgress(a, [p for _fid, p in sorted(table[a.id].items(), key=order)], again.get(a.id, 0))
            for a in appraisals]


def month_ends(today: date, months: int = MONTHS) -> list[date]:
    """The last day of each of the past ``months`` months, the current one ending today."""
    days, year, month = [], today.year, today.month
    for _ in range(months):
        last = date(year, month, calendar.monthrange(year, month)[1])
        days.append(min(last, today))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]
