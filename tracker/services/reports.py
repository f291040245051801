"""Per-agency counts as of a day, rebuilt from the history; every figure comes from one SQL aggregate.

"As of day D" (docs/development.md): a task counts when its last status move made before the end of D
(local time) is not ``draft``, so tasks assigned after D are left out. Its deadline then is the original
one, replaced by each extension approved by then; a task finished by D is judged against the deadline
in force when its completion was approved. These are the rules of ``services.task_search`` too, so each
number on a report equals the task list it links to.

Categories (each counted task is in exactly one, so a row's total is their sum):
``done_on_time``, ``done_late``, ``open_in_time``, ``open_overdue``, ``postponed``, ``cancelled``,
``no_deadline`` (unfinished and without a deadline; a finished one counts as done on time).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Agency,
    AgencyKind,
    Extension,
    ExtensionStatus,
    Priority,
    ProgressUpdate,
    Task,
    TaskStatus,
    task_supporting_agency,
)
from ..models.types import UTCDateTime
from . import deadlines

CATEGORIES = ("done_on_time", "done_late", "open_in_time", "open_overdue", "postponed", "cancelled", "no_deadline")
OPEN = tuple(s.value for s in TaskStatus.open_statuses())
LEAD, SUPPORT = "lead", "support"
# Reports list the committee first, then its office, departments, units and communes, as offices do.
KIND_ORDER = [AgencyKind.COMMITTEE, AgencyKind.OFFICE, AgencyKind.DEPARTMENT, AgencyKind.PUBLIC_UNIT,
              AgencyKind.COMMUNE, AgencyKind.OTHER]


@dataclass(frozen=True)
class ReportFilter:
    """What a report counts: the day, the optional narrowing, and whose tasks (lead or supporting)."""

    as_of: date
    appraisal_id: int | None = None
    field_id: int | None = None
    priority: Priority | None = None
    assigned_from: date | None = None
    assigned_to: date | None = None
    agency_id: int | None = None  # one agency only: an officer's scope, or a drill-down
    view: str = LEAD
    soon_days: int = 7  # "due within N days" on the dashboard


@dataclass
class Counts:
    """The seven categories of one row; ``due_soon`` is the part of ``open_in_time`` due within N days."""

    done_on_time: int = 0
    done_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    postponed: int = 0
    cancelled: int = 0
    no_deadline: int = 0
    due_soon: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, c) for c in CATEGORIES)

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def unfinished(self) -> int:
        """Still to do: in time, overdue or without a deadline (postponed and cancelled apart)."""
        return self.open_in_time + self.open_overdue + self.no_deadline

    @property
    def completion_rate(self) -> Decimal | None:
        """Done ÷ (total − cancelled), in percent: a cancelled task no longer has to be done."""
        return percent(self.done, self.total - self.cancelled)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Done on time ÷ done, in percent."""
        return percent(self.done_on_time, self.done)

    def add(self, other: "Counts") -> None:
        for name in (*CATEGORIES, "due_soon"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {"total": self.total, **{c: getattr(self, c) for c in CATEGORIES}}


@dataclass
class Row:
    agency_id: int
    agency_name: str
    counts: Counts


@dataclass
class Report:
    filters: ReportFilter
    rows: list[Row]
    totals: Counts = field(default_factory=Counts)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent with two decimals, or None when there is nothing to divide."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the configured zone, in UTC (history is stored in UTC)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=deadlines.local_zone()).astimezone(UTC)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=deadlines.local_zone()).astimezone(UTC)


# Category codes in SQL (integers group and sort faster than text); open tasks in time are split by
# whether they fall due within ``soon_days``, and summed back into ``open_in_time``.
CODES = {"done_on_time": 0, "done_late": 1, "open_in_time": 2, "open_overdue": 3, "postponed": 4, "cancelled": 5,
         "no_deadline": 6, "due_soon": 7}


def classified(f: ReportFilter) -> sa.Subquery:
    """One row per task counted on ``f.as_of``: status then, deadline in force, and category code.

    A task untouched since the end of the day (``updated_at`` before it) stood then as it stands now, so
    its stored status is its status then; only tasks changed since are rebuilt from their status moves.
    The deadline comes from the approved extensions: the latest one (found for all tasks at once) when it
    was decided by then, or, for a finished task, before the submission that was approved; the history is
    read task by task only when neither settles it. PostgreSQL evaluates a CASE branch's subquery only for
    the rows that take it, so a report as of today reads no history at all.
    """
    end = sa.literal(end_of_day(f.as_of), UTCDateTime())
    pu, ext = ProgressUpdate.__table__, Extension.__table__
    fresh = Task.updated_at < end
    moved = (sa.select(pu.c.status_to)
             .where(pu.c.task_id == Task.id, pu.c.status_to.is_not(None), pu.c.created_at < end)
             .order_by(pu.c.created_at.desc(), pu.c.id.desc()).limit(1).correlate(Task).scalar_subquery())
    status = sa.case((fresh, Task.status), else_=moved)
    ranked = (sa.select(ext.c.task_id, ext.c.decided_at, ext.c.decided_due_date,
                        sa.func.row_number().over(partition_by=ext.c.task_id,
                                                  order_by=(ext.c.decided_at.desc(), ext.c.id.desc())).label("rn"))
              .where(ext.c.status == ExtensionStatus.APPROVED.value, ext.c.decided_due_date.is_not(None),
                     ext.c.decided_at.is_not(None))
              .subquery("ranked_extension"))
    last_ext = sa.select(ranked).where(ranked.c.rn == 1).subquery("last_extension")
    state = (
        sa.select(
            Task.id.label("task_id"), Task.lead_agency_id.label("agency_id"),
            Task.completed_on, Task.submitted_at, Task.assigned_at, fresh.label("fresh"), status.label("status"),
            sa.func.coalesce(Task.original_due_date, Task.due_date).label("base_due"),
            last_ext.c.decided_at.label("ext_at"), last_ext.c.decided_due_date.label("ext_due"),
        )
        .select_from(Task)
        .outerjoin(last_ext, last_ext.c.task_id == Task.id)
        .where(*conditions(f))
        # An optimisation fence for PostgreSQL: the status subquery runs once per task, not once per use.
        .offset(0)
        .subquery("task_state")
    )
    is_done = state.c.status == TaskStatus.DONE.value
    done_at = (sa.select(pu.c.created_at)
               .where(pu.c.task_id == state.c.task_id, pu.c.status_to == TaskStatus.DONE.value, pu.c.created_at < end)
               .order_by(pu.c.created_at.desc()).limit(1).correlate(state).scalar_subquery())
    in_force = (sa.select(ext.c.decided_due_date)
                .where(ext.c.task_id == state.c.task_id, ext.c.status == ExtensionStatus.APPROVED.value,
                       ext.c.decided_at <= sa.case((is_done, done_at), else_=end), ext.c.decided_due_date.is_not(None))
                .order_by(ext.c.decided_at.desc(), ext.c.id.desc()).limit(1).correlate(state).scalar_subquery())
    deadline = sa.case(
        (state.c.ext_at.is_(None), state.c.base_due),
        (sa.and_(~is_done, state.c.ext_at <= end), state.c.ext_due),
        # Approved before the submission that was approved, hence before the approval itself.
        (sa.and_(is_done, state.c.fresh, state.c.ext_at <= state.c.submitted_at), state.c.ext_due),
        else_=sa.func.coalesce(in_force, state.c.base_due),
    )
    dated = (
        sa.select(state.c.task_id, state.c.agency_id, state.c.completed_on, state.c.assigned_at, state.c.fresh,
                  state.c.status, deadline.label("deadline"))
        .where(state.c.status.is_not(None), state.c.status != TaskStatus.DRAFT.value)
        .offset(0)
        .subquery("task_deadline")
    )
    s, due, done_on = dated.c.status, dated.c.deadline, dated.c.completed_on
    code = sa.case(
        (s == TaskStatus.CANCELLED.value, CODES["cancelled"]),
        (s == TaskStatus.POSTPONED.value, CODES["postponed"]),
        (s == TaskStatus.DONE.value, sa.case((sa.or_(due.is_(None), done_on.is_(None), done_on <= due),
                                              CODES["done_on_time"]), else_=CODES["done_late"])),
        (due.is_(None), CODES["no_deadline"]),
        (due < f.as_of, CODES["open_overdue"]),
        (due <= f.as_of + timedelta(days=f.soon_days), CODES["due_soon"]),
        else_=CODES["open_in_time"],
    )
    return sa.select(*dated.c, code.label("category")).subquery("task_category")


def conditions(f: ReportFilter) -> list:
    """The report's narrowing, as conditions on ``task``."""
    conditions = [Task.assigned_at.is_not(None)]
    if f.appraisal_id is not None:
        conditions.append(Task.appraisal_id == f.appraisal_id)
    if f.field_id is not None:
        conditions.append(Task.field_id == f.field_id)
    if f.priority is not None:
        conditions.append(Task.priority == f.priority)
    if f.assigned_from is not None:
        conditions.append(Task.assigned_at >= start_of_day(f.assigned_from))
    if f.assigned_to is not None:
        conditions.append(Task.assigned_at < end_of_day(f.assigned_to))
    if f.agency_id is not None:
        if f.view == SUPPORT:
            supported = sa.select(task_supporting_agency.c.task_id).where(
                task_supporting_agency.c.agency_id == f.agency_id)
            conditions.append(Task.id.in_(supported))
        else:
            conditions.append(Task.lead_agency_id == f.agency_id)
    return conditions


def counts_of(pairs) -> Counts:
    """Counts from (category code, number) pairs; tasks due soon are also open in time."""
    counts = Counts()
    names = {code: name for name, code in CODES.items()}
    for code, n in pairs:
        name = names[code]
        setattr(counts, name, getattr(counts, name) + n)
    counts.open_in_time += counts.due_soon
    return counts


def report_statement(f: ReportFilter) -> sa.Select:
    """The aggregate behind a report: (agency, category, number) for lead, or supporting, agencies."""
    c = classified(f)
    if f.view == SUPPORT:
        tsa = task_supporting_agency
        stmt = sa.select(tsa.c.agency_id, c.c.category, sa.func.count()).select_from(
            c.join(tsa, tsa.c.task_id == c.c.task_id))
        if f.agency_id is not None:
            stmt = stmt.where(tsa.c.agency_id == f.agency_id)
        return stmt.group_by(tsa.c.agency_id, c.c.category)
    return sa.select(c.c.agency_id, c.c.category, sa.func.count()).group_by(c.c.agency_id, c.c.category)


def agency_report(f: ReportFilter) -> Report:
    """The per-agency report as of ``f.as_of``; the total row is the sum of the rows."""
    prepare()
    per_agency: dict[int, list] = {}
    for agency_id, code, n in db.session.execute(report_statement(f)):
        per_agency.setdefault(agency_id, []).append((code, n))
    kind_rank = sa.case({k.value: i for i, k in enumerate(KIND_ORDER)}, value=Agency.kind, else_=len(KIND_ORDER))
    agencies = db.session.execute(
        sa.select(Agency.id, Agency.name).where(Agency.id.in_(per_agency)).order_by(kind_rank, Agency.name, Agency.id)
    ) if per_agency else []
    report = Report(filters=f, rows=[])
    for agency_id, name in agencies:
        counts = counts_of(per_agency[agency_id])
        report.rows.append(Row(agency_id=agency_id, agency_name=name, counts=counts))
        report.totals.add(counts)
    return report


def totals(f: ReportFilter) -> Counts:
    """The categories over every task in scope (each task once, even in the supporting view)."""
    prepare()
    c = classified(f)
    return counts_of(db.session.execute(sa.select(c.c.category, sa.func.count()).group_by(c.c.category)).all())


def prepare() -> None:
    """Per-transaction tuning: PostgreSQL's JIT would spend longer compiling these queries than running them."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"))
        db.session.execute(sa.text("SET LOCAL work_mem = '32MB'"))
