"""Per-agency counts as of a day, rebuilt from the history; every figure comes from one SQL aggregate.

A task's state on the day (status, deadline in force, completion day) is ``as_of.task_state``: the rules
of docs/development.md, shared with the "as of" task list, so each number on a report equals the task list
it links to. Tasks assigned after the day are left out; a task finished by the day is judged against the
deadline in force when its completion was approved.

Categories (each counted task is in exactly one, so a row's total is their sum):
``done_on_time``, ``done_late``, ``open_in_time``, ``open_overdue``, ``postponed``, ``cancelled``,
``no_deadline`` (unfinished and without a deadline; a finished one counts as done on time).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from ...extensions import db
from ...models import Agency, AgencyKind, Priority, Task, TaskStatus, task_supporting_agency
from . import as_of, points
from .as_of import end_of_day, prepare, start_of_day  # noqa: F401  (callers speak of a report's day)

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
    unit_id: int | None = None  # one unit only: its assigning side's scope, or the province's drill-down
    unit_asked: bool = False  # the unit came from the request (the province's drill-down): links carry it
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
        return (self.done_on_time + self.done_late + self.open_in_time + self.open_overdue + self.postponed
                + self.cancelled + self.no_deadline)

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
        self.done_on_time += other.done_on_time
        self.done_late += other.done_late
        self.open_in_time += other.open_in_time
        self.open_overdue += other.open_overdue
        self.postponed += other.postponed
        self.cancelled += other.cancelled
        self.no_deadline += other.no_deadline
        self.due_soon += other.due_soon

    def as_dict(self) -> dict:
        return {"total": self.total, **{c: getattr(self, c) for c in CATEGORIES}}


@dataclass
class Row:
    agency_id: int
    agency_name: str
    counts: Counts
    # Points its unfinished tasks have at stake, and its finished ones covered (reports/points.py).
    points_at_stake: Decimal = Decimal("0.00")
    points_covered: Decimal = Decimal("0.00")


@dataclass
class Report:
    filters: ReportFilter
    rows: list[Row]
    totals: Counts = field(default_factory=Counts)
    points_at_stake: Decimal = Decimal("0.00")
    points_covered: Decimal = Decimal("0.00")


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent with two decimals, or None when there is nothing to divide."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Category codes in SQL (integers group and sort faster than text); open tasks in time are split by
# whether they fall due within ``soon_days``, and summed back into ``open_in_time``.
CODES = {"done_on_time": 0, "done_late": 1, "open_in_time": 2, "open_overdue": 3, "postponed": 4, "cancelled": 5,
         "no_deadline": 6, "due_soon": 7}


def classified(f: ReportFilter, narrowing=(), correlate=()) -> sa.Subquery:
    """One row per task counted on ``f.as_of``: its state then (``as_of.task_state``) and category code.

    ``narrowing``: more conditions on ``task`` than the filter's, naming the ``correlate`` tables of an
    enclosing statement (the province's remedies classify one task per link to a shortcoming)."""
    state = as_of.task_state(f.as_of, [*conditions(f), *narrowing], correlate)
    s, due, done_on = state.c.status, state.c.deadline, state.c.completed_on
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
    # Fenced as well, so the category is worked out once per task, not once per count that reads it.
    return (sa.select(*state.c, code.label("category")).where(s != TaskStatus.DRAFT.value).offset(0)
            .subquery("task_category"))


def conditions(f: ReportFilter) -> list:
    """The report's narrowing, as conditions on ``task``."""
    conditions = [Task.assigned_at.is_not(None)]
    if f.unit_id is not None:
        conditions.append(Task.unit_id == f.unit_id)
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


def _per_code(category) -> list:
    """One count per category code, as columns: grouping by agency alone lets PostgreSQL hash 500 groups
    instead of sorting every task to group by (agency, category)."""
    return [sa.func.count().filter(category == code).label(f"n_{name}") for name, code in CODES.items()]


def _counts(row) -> Counts:
    """Counts from one count per code, in ``CODES`` order (the order of ``Counts``' fields)."""
    counts = Counts(*row)
    counts.open_in_time += counts.due_soon
    return counts


def report_statement(f: ReportFilter) -> sa.Select:
    """The aggregate behind a report: (agency, one count per category code) for lead or supporting agencies."""
    c = classified(f)
    if f.view == SUPPORT:
        tsa = task_supporting_agency
        stmt = sa.select(tsa.c.agency_id, *_per_code(c.c.category)).select_from(
            c.join(tsa, tsa.c.task_id == c.c.task_id))
        if f.agency_id is not None:
            stmt = stmt.where(tsa.c.agency_id == f.agency_id)
        return stmt.group_by(tsa.c.agency_id)
    return sa.select(c.c.agency_id, *_per_code(c.c.category)).group_by(c.c.agency_id)


def unit_totals(f: ReportFilter) -> dict[int, Counts]:
    """Each unit's categories (the province's view) in one aggregate grouped by the task's unit: a unit's counts
    are the totals of its own per-agency report (``f`` narrowed to that unit)."""
    prepare()
    return counts_by_unit(db.session.execute(unit_statement(classified(f))))


def unit_statement(categories) -> sa.Select:
    """(unit, category code, tasks) over ``categories`` (``classified``'s rows): one row per unit and category.

    Grouped by both, 150 units make at most 1,200 groups, which PostgreSQL hashes with one lookup per task; one
    filtered count per code, as the per-agency report has, evaluates eight filters for every task and took
    about a third longer over a province's 100,000 tasks (docs/performance.md)."""
    return (sa.select(categories.c.unit_id, categories.c.category, sa.func.count().label("tasks"))
            .group_by(categories.c.unit_id, categories.c.category))


def counts_by_unit(rows) -> dict[int, Counts]:
    """Each unit's Counts from ``unit_statement``'s (unit, category code, tasks) rows."""
    pairs: dict[int, list[tuple[int, int]]] = {}
    for unit_id, code, n in rows:
        pairs.setdefault(unit_id, []).append((code, n))
    return {unit_id: counts_of(found) for unit_id, found in pairs.items()}


def agency_report(f: ReportFilter) -> Report:
    """The per-agency report as of ``f.as_of``; the total row is the sum of the rows."""
    prepare()
    per_agency = report_statement(f).subquery("per_agency")
    kind_rank = sa.case({k.value: i for i, k in enumerate(KIND_ORDER)}, value=Agency.kind, else_=len(KIND_ORDER))
    rows = db.session.execute(
        sa.select(Agency.id, Agency.name, *list(per_agency.c)[1:])
        .join(per_agency, per_agency.c[0] == Agency.id).order_by(kind_rank, Agency.name, Agency.id))
    report = Report(filters=f, rows=[])
    for agency_id, name, *numbers in rows:
        counts = _counts(numbers)
        report.rows.append(Row(agency_id=agency_id, agency_name=name, counts=counts))
        report.totals.add(counts)
    if f.view == LEAD:
        _add_points(report)
    return report


def _add_points(report: Report) -> None:
    """Points at stake and covered per lead agency; the totals are the rows' sums, as for the counts."""
    by_agency = points.per_agency(report.filters.as_of, conditions(report.filters))
    for row in report.rows:
        p = by_agency.get(row.agency_id)
        if p is not None:
            row.points_at_stake, row.points_covered = p.at_stake, p.covered
            report.points_at_stake += p.at_stake
            report.points_covered += p.covered


def totals(f: ReportFilter) -> Counts:
    """The categories over every task in scope (each task once, even in the supporting view)."""
    prepare()
    c = classified(f)
    return _counts(db.session.execute(sa.select(*_per_code(c.c.category)).select_from(c)).one())
