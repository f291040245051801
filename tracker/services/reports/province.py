"""The province's follow-up of every unit as of a day: one row per unit, and the fields across units.

Every figure is one aggregate grouped by unit (or by unit and field), so a page costs the same number of
statements whether the province has three units or 170:

- a unit's counts come from the report's SQL (``counting.classified``) grouped by ``task.unit_id``: the same
  tasks, categories and day as that unit's own per-agency report, so a unit's row equals its report's totals;
- its latest appraisal on the day (the latest year whose conclusion, or appraisal day, is on or before the day;
  one with neither counts from when it was recorded), that appraisal's total points and the change against the
  unit's previous appraisal with a total (as ``appraisals.records.change_against_previous`` says);
- its shortcomings: those of that latest appraisal. A shortcoming is **remedied** on the day when it has at least
  one counted task that was not cancelled then, and every such task was done by then.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ...extensions import db
from ...models import Agency, AgencyKind, Appraisal, Field, Finding, Task, task_finding
from ...textutil import fold
from . import counting
from .counting import CODES, Counts, ReportFilter

# How the page may order the units, and each order's first direction (worst first for the rates).
SORTS = {"overdue": "desc", "completion": "asc", "on_time": "asc", "score": "desc", "name": "asc"}
DONE_CODES = (CODES["done_on_time"], CODES["done_late"])


@dataclass
class UnitRow:
    unit_id: int
    name: str
    kind: AgencyKind
    counts: Counts = field(default_factory=Counts)
    appraisal_id: int | None = None
    year: int | None = None
    score: Decimal | None = None
    change: Decimal | None = None  # against the previous appraisal with a total
    previous_year: int | None = None
    findings: int = 0
    remedied: int = 0

    @property
    def completion_rate(self) -> Decimal | None:
        return self.counts.completion_rate

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.counts.on_time_rate

    @property
    def open_findings(self) -> int:
        return self.findings - self.remedied


@dataclass
class FieldRow:
    """One field across the units' latest appraisals: its shortcomings, those still open, in how many units."""

    code: str
    name: str
    findings: int = 0
    remedied: int = 0
    units_open: int = 0

    @property
    def open(self) -> int:
        return self.findings - self.remedied


@dataclass
class ProvinceReport:
    as_of: date
    rows: list[UnitRow]
    totals: Counts
    fields: list[FieldRow]

    @property
    def findings(self) -> int:
        return sum(r.findings for r in self.rows)

    @property
    def remedied(self) -> int:
        return sum(r.remedied for r in self.rows)

    @property
    def units_with_overdue(self) -> int:
        return sum(1 for r in self.rows if r.counts.open_overdue)


def province_report(as_of: date, sort: str = "overdue", direction: str | None = None) -> ProvinceReport:
    """Every unit as of ``as_of``, ordered by ``sort`` (one of ``SORTS``); totals are the rows' sums."""
    rows = {unit_id: UnitRow(unit_id, name, kind) for unit_id, name, kind in db.session.execute(
        sa.select(Agency.id, Agency.name, Agency.kind).where(Agency.unit_id == Agency.id))}
    latest = {}  # appraisal → its unit
    for unit_id, appraisal_id, year, score, previous_score, previous_year in db.session.execute(
            _latest_appraisals(as_of)):
        latest[appraisal_id] = unit_id
        row = rows.get(unit_id)
        if row is not None:
            row.appraisal_id, row.year, row.score = appraisal_id, year, score
            if score is not None and previous_score is not None:
                row.change, row.previous_year = score - previous_score, previous_year
    totals, fields = _one_pass(as_of, latest, rows)
    return ProvinceReport(as_of, ordered(list(rows.values()), sort, direction), totals, fields)


def _on_the_day(as_of: date, appraisal=Appraisal):
    """An appraisal known on the day: concluded (or appraised) by then; else recorded by then."""
    known = sa.func.coalesce(appraisal.conclusion_date, appraisal.appraised_on)
    return sa.or_(known <= as_of, sa.and_(known.is_(None), appraisal.created_at < counting.end_of_day(as_of)))


def _latest_appraisals(as_of: date) -> sa.Select:
    """(unit, appraisal, year, total, previous total, previous year): each unit's latest appraisal on the day."""
    appraised = aliased(Agency)
    rank = sa.func.row_number().over(partition_by=appraised.unit_id,
                                     order_by=(Appraisal.year.desc(), Appraisal.id.desc()))
    ranked = (sa.select(appraised.unit_id.label("unit_id"), Appraisal.id.label("appraisal_id"), Appraisal.year,
                        Appraisal.unit_id.label("appraised_id"), Appraisal.total_score, rank.label("rank"))
              .join(appraised, appraised.id == Appraisal.unit_id).where(_on_the_day(as_of)).subquery("ranked"))
    previous = _previous(ranked, as_of)
    return (sa.select(ranked.c.unit_id, ranked.c.appraisal_id, ranked.c.year, ranked.c.total_score,
                      previous[0].scalar_subquery(), previous[1].scalar_subquery())
            .where(ranked.c.rank == 1))


def _previous(ranked, as_of: date) -> tuple[sa.Select, sa.Select]:
    """The total and year of the unit's latest earlier appraisal with a total, known on the day."""
    before = aliased(Appraisal)
    conditions = (before.unit_id == ranked.c.appraised_id, before.year < ranked.c.year,
                  before.total_score.is_not(None), _on_the_day(as_of, before))
    order = (before.year.desc(), before.id.desc())
    return (sa.select(before.total_score).where(*conditions).order_by(*order).limit(1),
            sa.select(before.year).where(*conditions).order_by(*order).limit(1))


def _one_pass(as_of: date, latest: dict[int, int], rows: dict[int, UnitRow]) -> tuple[Counts, list[FieldRow]]:
    """Each unit's counts, and the shortcomings of its latest appraisal by field, remedied or not.

    One statement of two aggregates. The counts are the unit's own report's totals (``counting.unit_statement``
    over ``counting.classified``): one scan of the tasks, hashed by unit. The remedies classify again only the
    tasks of the latest appraisals' shortcomings: sharing one materialised CTE of every task's category cost
    more (writing and reading back 100,000 rows twice) than working out the category of that part a second time
    (docs/performance.md).
    """
    counting.prepare()
    f = ReportFilter(as_of=as_of)
    counts = counting.unit_statement(counting.classified(f)).subquery("per_unit")
    findings = _findings_statement(f, list(latest)).subquery("per_field")
    stmt = sa.union_all(
        sa.select(sa.literal(0).label("part"), counts.c.unit_id, sa.null().label("code"), sa.null().label("name"),
                  counts.c.category, counts.c.tasks, sa.null().label("findings"), sa.null().label("remedied")),
        sa.select(sa.literal(1), findings.c.appraisal_id, findings.c.code, findings.c.name, sa.null(), sa.null(),
                  findings.c.findings, findings.c.remedied))
    per_unit, by_field = [], {}
    for part, key, code, name, category, tasks, n, n_remedied in db.session.execute(stmt):
        if part == 0:  # keyed by unit
            per_unit.append((key, category, tasks))
            continue
        # The shortcomings' rows are keyed by appraisal (the unit's latest).
        row = rows.get(latest.get(key))
        n, n_remedied = int(n), int(n_remedied or 0)
        if row is not None:
            row.findings += n
            row.remedied += n_remedied
        cell = by_field.setdefault((code or "", name or ""), FieldRow(code or "", name or ""))
        cell.findings += n
        cell.remedied += n_remedied
        cell.units_open += 1 if n > n_remedied else 0
    totals = Counts()
    for unit_id, counts_of_unit in counting.counts_by_unit(per_unit).items():
        row = rows.get(unit_id)
        if row is not None:
            row.counts = counts_of_unit
            totals.add(counts_of_unit)
    return totals, sorted(by_field.values(), key=lambda f: (-f.open, -f.findings, f.code, f.name))


def _findings_statement(f: ReportFilter, appraisal_ids: list[int]) -> sa.Select:
    """(appraisal, field code, field name, shortcomings, remedied) of the units' latest appraisals.

    The appraisals come as a list of ids (one per unit, from the statement before): PostgreSQL estimates the
    rows of a window's ``rank = 1`` as one, and joined the remedies by nested loops over every shortcoming.
    Each link from a task to one of these shortcomings classifies its task by primary key (a correlated
    ``counting.classified``): about a tenth of the tasks, where a join would scan them all a second time.
    """
    latest = Finding.appraisal_id.in_(appraisal_ids)
    link = task_finding.alias("link")
    task = counting.classified(f, [Task.id == link.c.task_id], [link])
    # NULL for a task the reports do not count (a draft, a group): neither live nor done, as in a join.
    category = sa.select(task.c.category).scalar_subquery()
    # Fenced, so each link's task is classified once, not once per count that reads its category.
    per_link = (sa.select(link.c.finding_id, category.label("category"))
                .where(link.c.finding_id.in_(sa.select(Finding.id).where(latest))).offset(0).subquery("per_link"))
    per_finding = (sa.select(per_link.c.finding_id,
                             sa.func.count().filter(per_link.c.category != CODES["cancelled"]).label("live"),
                             sa.func.count().filter(per_link.c.category.in_(DONE_CODES)).label("done"))
                   .group_by(per_link.c.finding_id).subquery("per_finding"))
    remedied = sa.case((sa.and_(per_finding.c.live > 0, per_finding.c.done == per_finding.c.live), 1), else_=0)
    return (sa.select(Finding.appraisal_id, Field.code, Field.name, sa.func.count(Finding.id).label("findings"),
                      sa.func.sum(remedied).label("remedied"))
            .select_from(Finding)
            .outerjoin(per_finding, per_finding.c.finding_id == Finding.id)
            .outerjoin(Field, Field.id == Finding.field_id)
            .where(latest)
            .group_by(Finding.appraisal_id, Field.code, Field.name))


def ordered(rows: list[UnitRow], sort: str, direction: str | None = None) -> list[UnitRow]:
    """Units in the order asked; a unit without a figure to sort on (no tasks, no score) always comes last."""
    sort = sort if sort in SORTS else "overdue"
    descending = (direction or SORTS[sort]) == "desc"
    sign = -1 if descending else 1

    def key(row: UnitRow):
        value = {"overdue": row.counts.open_overdue, "completion": row.completion_rate,
                 "on_time": row.on_time_rate, "score": row.score, "name": None}[sort]
        if sort == "name":
            return (0, 0, fold(row.name), row.unit_id)
        if value is None:
            return (1, 0, fold(row.name), row.unit_id)
        return (0, sign * value, fold(row.name), row.unit_id)

    result = sorted(rows, key=key)
    return result[::-1] if sort == "name" and descending else result
