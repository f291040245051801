"""The province's follow-up: every unit's row equals its own report's totals; scores, shortcomings, fields."""

from dataclasses import replace
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests import province_world
from tests.province_world import EXPECTED_D, D
from tracker.extensions import db
from tracker.services import deadlines
from tracker.services.reports import counting, province
from tracker.services.reports.counting import ReportFilter


@pytest.fixture
def world(app, make):
    return province_world.build(make, with_users=False)


def _rows(report):
    return {row.unit_id: row for row in report.rows}


def test_each_unit_counts_as_on_its_own_report_as_of_a_past_day(world):
    report = province.province_report(D)
    rows = _rows(report)
    for key, unit in (("a", world.a), ("b", world.b), ("c", world.c)):
        assert rows[unit.id].counts.as_dict() == EXPECTED_D[key], key
        own = counting.agency_report(ReportFilter(as_of=D, unit_id=unit.id)).totals
        assert rows[unit.id].counts.as_dict() == own.as_dict(), key
    assert report.totals.total == sum(r.counts.total for r in report.rows) == 9


def test_each_unit_counts_as_on_its_own_report_today(world):
    today = deadlines.today()
    rows = _rows(province.province_report(today))
    for unit in (world.a, world.b, world.c):
        own = counting.agency_report(ReportFilter(as_of=today, unit_id=unit.id)).totals
        assert rows[unit.id].counts.as_dict() == own.as_dict()
    assert rows[world.a.id].counts.done_late == 2  # done after D, late
    assert rows[world.c.id].counts.total == 2  # assigned after D


def test_latest_score_its_change_and_shortcomings_remedied(world):
    rows = _rows(province.province_report(D))
    a, b, c = rows[world.a.id], rows[world.b.id], rows[world.c.id]
    assert (a.year, a.score, a.change, a.previous_year) == (2023, Decimal("82.50"), Decimal("2.50"), 2022)
    assert (a.findings, a.remedied) == (3, 1)  # a1 done; a2 half open; a3's only task cancelled
    assert (b.year, b.score, b.change, b.findings, b.remedied) == (2023, Decimal("88.25"), None, 1, 1)
    assert (c.year, c.score, c.findings) == (None, None, 0)  # its 2024 appraisal came after D
    today = _rows(province.province_report(deadlines.today()))
    assert (today[world.c.id].year, today[world.c.id].score) == (2024, Decimal("90.00"))


def test_fields_across_units_most_open_first(world):
    fields = province.province_report(D).fields
    first = fields[0]
    assert first.code == "LV2" and (first.findings, first.remedied, first.open, first.units_open) == (3, 1, 2, 1)
    assert (fields[1].findings, fields[1].open) == (1, 0)


def test_units_ranked_by_overdue_and_sortable_by_rates(world):
    names = lambda rows: [r.unit_id for r in rows]  # noqa: E731
    report = province.province_report(D)
    assert names(report.rows)[0] == world.a.id
    by_completion = province.province_report(D, "completion").rows
    # A: 2 done of 5 (40 %); B: 1 of 2 (50 %); C: 0 of 1 (0 %): worst first.
    assert names(by_completion) == [world.c.id, world.a.id, world.b.id]
    assert names(province.province_report(D, "completion", "desc").rows) == [world.b.id, world.a.id, world.c.id]
    on_time = province.province_report(D, "on_time").rows
    assert names(on_time)[-1] == world.c.id  # nothing done: no rate, last whichever way
    assert names(province.province_report(D, "name").rows) == [world.c.id, world.b.id, world.a.id]


def test_statements_do_not_grow_with_the_number_of_units(world, make, app):
    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            province.province_report(D)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    before = statements()
    for n in range(5):
        unit = make.unit()
        make.task(make.agency(unit=unit), title=f"Nhiệm vụ thêm {n}")
    assert statements() == before


def test_a_unit_report_filter_matches_the_province_row(world):
    """The drill-down's filter (the unit's own report) and the province's row agree on every category."""
    f = ReportFilter(as_of=D)
    per_unit = counting.unit_totals(f)
    for unit in (world.a, world.b, world.c):
        assert per_unit[unit.id].as_dict() == counting.totals(replace(f, unit_id=unit.id)).as_dict()


def test_a_task_for_two_shortcomings_counts_once_and_a_draft_counts_nowhere(world, make):
    """The remedies classify each task once per shortcoming it answers; the unit's counts see it once."""
    from tracker.models import TaskStatus

    today = deadlines.today()
    before = _rows(province.province_report(today))
    a1, b1 = world.findings["a1"], world.findings["b1"]
    make.task(world.offices["a_econ"], status=TaskStatus.DRAFT, findings=[b1])
    make.task(world.offices["a_econ"], status=TaskStatus.IN_PROGRESS, findings=[a1, b1])
    after = _rows(province.province_report(today))
    a, b = after[world.a.id], after[world.b.id]
    assert a.counts.total == before[world.a.id].counts.total + 1
    assert a.counts.as_dict() == counting.agency_report(ReportFilter(as_of=today, unit_id=world.a.id)).totals.as_dict()
    assert (a.findings, b.findings) == (before[world.a.id].findings, before[world.b.id].findings)
    # Both shortcomings were remedied (their only live tasks done) and are open again; the draft changes nothing.
    assert (a.remedied, b.remedied) == (before[world.a.id].remedied - 1, before[world.b.id].remedied - 1)


def test_a_province_without_any_appraisal(app, make):
    """No latest appraisal at all: the remedies' list of appraisals is empty, the counts are still there."""
    unit = make.unit("UBND xã Yên Mạc", "Xã Yên Mạc")
    make.task(unit)
    report = province.province_report(deadlines.today())
    row = _rows(report)[unit.id]
    assert (row.counts.total, row.year, row.findings, row.remedied, report.fields) == (1, None, 0, 0, [])
