"""Recurring tasks: one ordinary, counted task per period, made once however often the daily run comes."""

from datetime import date, timedelta

import pytest

from tests.appraisal_support import district
from tracker.extensions import db
from tracker.models import AuditEvent, Recurrence, Task, TaskStatus, counted_tasks
from tracker.services import deadlines
from tracker.services.errors import ServiceError
from tracker.services.reports.counting import ReportFilter, agency_report
from tracker.services.tasks import recurring


@pytest.fixture
def d(make):
    return district(make)


def _series(d, **fields):
    values = dict(title="Báo cáo tình hình văn bản đi đúng luồng", lead_agency=d.office,
                  recurrence=Recurrence.MONTHLY, due_day=25, starts_on=date(2026, 1, 1), until=date(2026, 12, 31),
                  supporting_agencies=(d.home_affairs,), expected_output="Báo cáo tháng")
    values.update(fields)
    series = recurring.create_series(d.coordinator, recurring.SeriesInput(**values))
    db.session.commit()
    return series


@pytest.mark.parametrize("recurrence, due_day, due_month, day, start, due", [
    (Recurrence.MONTHLY, 25, None, date(2026, 3, 10), date(2026, 3, 1), date(2026, 3, 25)),
    (Recurrence.MONTHLY, 31, None, date(2026, 2, 3), date(2026, 2, 1), date(2026, 2, 28)),  # the month's last day
    (Recurrence.MONTHLY, 31, None, date(2028, 2, 3), date(2028, 2, 1), date(2028, 2, 29)),
    (Recurrence.QUARTERLY, 20, None, date(2026, 5, 17), date(2026, 4, 1), date(2026, 6, 20)),
    (Recurrence.QUARTERLY, 31, None, date(2026, 11, 2), date(2026, 10, 1), date(2026, 12, 31)),
    (Recurrence.YEARLY, 15, 12, date(2026, 7, 1), date(2026, 1, 1), date(2026, 12, 15)),
])
def test_each_period_starts_and_falls_due_where_an_office_expects(d, recurrence, due_day, due_month, day, start,
                                                                     due):
    series = _series(d, recurrence=recurrence, due_day=due_day, due_month=due_month, starts_on=date(2026, 1, 1),
                     until=None)
    assert recurring.period_start(recurrence, day) == start
    assert recurring.due_date(series, start) == due


def test_the_daily_run_makes_each_period_once_assigned_to_the_lead(d):
    series = _series(d, starts_on=date(2026, 1, 1))
    before = set(db.session.scalars(db.select(Task.id).where(Task.series_id == series.id)))
    made = recurring.create_due(date(2026, 3, 2))
    db.session.commit()
    assert len(made) == 1
    task = made[0]
    assert task.id not in before
    assert task.title == "Báo cáo tình hình văn bản đi đúng luồng — tháng 3/2026"
    assert task.status == TaskStatus.NOT_STARTED and task.assigned_at is not None
    assert task.lead_agency == d.office and [a.short_name for a in task.supporting_agencies] == ["Phòng NV"]
    assert task.due_date == date(2026, 3, 25) and task.period_start == date(2026, 3, 1)
    assert task.unit_id == d.unit.id and task.expected_output == "Báo cáo tháng"
    # Run again the same day, and later in the same month: nothing more.
    assert recurring.create_due(date(2026, 3, 2)) == []
    assert recurring.create_due(date(2026, 3, 28)) == []
    db.session.commit()
    periods = [t.period_start for t in recurring.occurrences(series)]
    assert periods.count(date(2026, 3, 1)) == 1


def test_an_occurrence_made_late_in_its_period_keeps_its_deadline_even_past(d):
    series = _series(d, starts_on=date(2026, 1, 1))
    [task] = recurring.create_due(date(2026, 4, 29))  # the server was down from the 1st to the 29th
    db.session.commit()
    assert task.due_date == date(2026, 4, 25) and task.period_start == date(2026, 4, 1)
    assert series.id == task.series_id


def test_no_occurrence_before_the_start_after_the_end_or_once_stopped(d):
    series = _series(d, starts_on=date(2026, 6, 15), until=date(2026, 8, 31))
    assert recurring.create_due(date(2026, 6, 1)) == []
    assert recurring.create_due(date(2026, 9, 1)) == []
    [june] = recurring.create_due(date(2026, 6, 20))
    assert june.start_date == date(2026, 6, 15), "the first period starts on the series' first day"
    recurring.stop_series(d.coordinator, series)
    db.session.commit()
    assert recurring.create_due(date(2026, 7, 2)) == []
    with pytest.raises(ServiceError, match="đã dừng"):
        recurring.stop_series(d.coordinator, series)
    stopped = db.session.scalars(db.select(AuditEvent).filter_by(action="series_stopped", entity_id=series.id)).one()
    assert stopped.actor_id == d.coordinator.id
    # Stopping keeps what was made: June's task is still there and counted.
    assert db.session.get(Task, june.id).status == TaskStatus.NOT_STARTED


def test_occurrences_are_counted_in_the_report_like_any_task(d):
    series = _series(d, starts_on=date(2026, 1, 1))
    made = [*recurring.create_due(date(2026, 1, 5)), *recurring.create_due(date(2026, 2, 5))]
    db.session.commit()
    counted = set(db.session.scalars(db.select(Task.id).where(counted_tasks(), Task.series_id == series.id)))
    assert counted >= {t.id for t in made}
    report = agency_report(ReportFilter(as_of=deadlines.today()))
    office = next(r for r in report.rows if r.agency_id == d.office.id)
    led = db.session.scalar(db.select(db.func.count()).select_from(Task)
                            .where(counted_tasks(), Task.lead_agency_id == d.office.id))
    assert office.counts.total == led and led >= len(counted)


def test_an_occurrence_that_cannot_be_assigned_is_recorded_and_the_others_go_on(d):
    broken = _series(d, title="Báo cáo của phòng đã giải thể", lead_agency=d.justice, supporting_agencies=())
    fine = _series(d, title="Báo cáo văn bản đi", supporting_agencies=())
    d.justice.is_active = False
    db.session.commit()
    made = recurring.create_due(date(2026, 5, 3))
    db.session.commit()
    assert [t.series_id for t in made] == [fine.id]
    refused = db.session.scalars(db.select(AuditEvent).filter_by(action="series_occurrence_refused",
                                                                 entity_id=broken.id)).all()
    assert refused and refused[-1].actor_id is None


@pytest.mark.parametrize("change, field", [
    ({"title": "  "}, "title"),
    ({"recurrence": None}, "recurrence"),
    ({"due_day": 0}, "due_day"),
    ({"due_day": 32}, "due_day"),
    ({"recurrence": Recurrence.YEARLY, "due_month": None}, "due_month"),
    ({"starts_on": None}, "starts_on"),
    ({"until": date(2025, 12, 31)}, "until"),
    ({"lead_agency": None}, "lead_agency_id"),
])
def test_a_series_with_bad_input_is_refused_with_the_field_named(d, change, field):
    with pytest.raises(ServiceError) as caught:
        _series(d, **change)
    assert caught.value.field == field
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(recurring.TaskSeries)) == 0


def test_a_series_cannot_be_led_by_another_units_agency(d, make):
    other = make.agency("Phòng Tư pháp xã khác", "PTP-K", unit=make.unit())
    with pytest.raises(ServiceError) as caught:
        _series(d, lead_agency=other)
    assert caught.value.field == "lead_agency_id"


def test_a_series_cannot_be_supported_by_another_communes_office(d, make):
    other = make.agency("Văn phòng xã khác", "VP-K", unit=make.unit())
    with pytest.raises(ServiceError) as caught:
        _series(d, supporting_agencies=(other,))
    assert caught.value.field == "supporting_ids"


def test_an_occurrence_belongs_to_the_series_unit_after_its_author_moved_to_another_unit(d, make):
    _series(d, starts_on=date(2026, 1, 1))
    elsewhere = make.agency("Văn phòng xã khác", "VP-K", unit=make.unit())
    d.coordinator.agency = elsewhere
    db.session.commit()
    made = recurring.create_due(date(2026, 3, 2))
    db.session.commit()
    assert len(made) == 1 and made[0].unit_id == d.unit.id and made[0].lead_agency == d.office


def test_the_current_period_is_made_at_once_when_the_series_starts_today(d):
    today = deadlines.today()
    series = _series(d, starts_on=today, until=None, due_day=28)
    made = recurring.occurrences(series)
    assert len(made) == 1 and made[0].period_start == today.replace(day=1)
    assert made[0].due_date >= today - timedelta(days=31)
