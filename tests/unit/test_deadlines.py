"""Today is decided in the configured zone; time status on the boundary dates."""

from datetime import UTC, date, datetime

import pytest

from tracker.models import TaskStatus, TimeStatus
from tracker.services.deadlines import time_status, today


def test_today_is_the_local_date_not_the_utc_one():
    # 23:30 UTC on the 26th is 06:30 on the 27th in Hà Nội.
    assert today(datetime(2026, 11, 26, 23, 30, tzinfo=UTC)) == date(2026, 11, 27)
    # 16:59 UTC on the 27th is 23:59 on the 27th: still the same local day.
    assert today(datetime(2026, 11, 27, 16, 59, tzinfo=UTC)) == date(2026, 11, 27)
    assert today(datetime(2026, 11, 27, 17, 0, tzinfo=UTC)) == date(2026, 11, 28)


def test_a_task_due_today_is_not_overdue_at_seven_in_the_morning():
    morning = today(datetime(2026, 11, 27, 0, 0, tzinfo=UTC))  # 07:00 local
    assert time_status(TaskStatus.IN_PROGRESS, date(2026, 11, 27), None, morning, 3) == TimeStatus.DUE_SOON


D = date(2026, 6, 30)


@pytest.mark.parametrize("status, due, done, as_of, expected", [
    (TaskStatus.IN_PROGRESS, D, None, D, TimeStatus.DUE_SOON),
    (TaskStatus.IN_PROGRESS, D, None, date(2026, 7, 1), TimeStatus.OVERDUE),
    (TaskStatus.IN_PROGRESS, D, None, date(2026, 6, 27), TimeStatus.DUE_SOON),
    (TaskStatus.IN_PROGRESS, D, None, date(2026, 6, 26), TimeStatus.ON_TRACK),
    (TaskStatus.SUBMITTED, D, None, date(2026, 7, 1), TimeStatus.OVERDUE),
    (TaskStatus.NOT_STARTED, None, None, D, TimeStatus.NO_DEADLINE),
    (TaskStatus.DONE, D, D, date(2026, 8, 1), TimeStatus.DONE_ON_TIME),
    (TaskStatus.DONE, D, date(2026, 7, 1), date(2026, 8, 1), TimeStatus.DONE_LATE),
    (TaskStatus.DONE, None, date(2026, 7, 1), date(2026, 8, 1), TimeStatus.DONE_ON_TIME),
    (TaskStatus.POSTPONED, D, None, date(2026, 8, 1), TimeStatus.POSTPONED),
    (TaskStatus.CANCELLED, D, None, date(2026, 8, 1), TimeStatus.CANCELLED),
])
def test_time_status(status, due, done, as_of, expected):
    assert time_status(status, due, done, as_of, 3) == expected
