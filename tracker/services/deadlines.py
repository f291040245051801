"""Today in the configured time zone, and where a task stands against its deadline."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import gettext as _
from flask_babel import ngettext

from ..models import TaskStatus, TimeStatus

DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def local_zone() -> ZoneInfo:
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE", DEFAULT_TZ) if has_app_context() else DEFAULT_TZ
    return ZoneInfo(name)


def today(now: datetime | None = None) -> date:
    """The calendar date in the configured zone: a task due today is not late at 07:00 in Hà Nội."""
    now = now or datetime.now(UTC)
    return now.astimezone(local_zone()).date()


def local_date(instant: datetime) -> date:
    """The local calendar date of an instant stored in UTC."""
    return instant.astimezone(local_zone()).date()


def due_soon_days() -> int:
    return current_app.config.get("DUE_SOON_DAYS", 3) if has_app_context() else 3


def time_status(
    status: TaskStatus,
    due_date: date | None,
    completed_on: date | None,
    as_of: date,
    soon_days: int | None = None,
) -> TimeStatus:
    """Classify a task as of ``as_of``; a finished task compares its completion date with the deadline."""
    soon = due_soon_days() if soon_days is None else soon_days
    if status == TaskStatus.DRAFT:
        return TimeStatus.DRAFT
    if status == TaskStatus.CANCELLED:
        return TimeStatus.CANCELLED
    if status == TaskStatus.POSTPONED:
        return TimeStatus.POSTPONED
    if status == TaskStatus.DONE:
        if due_date is None or completed_on is None or completed_on <= due_date:
            return TimeStatus.DONE_ON_TIME
        return TimeStatus.DONE_LATE
    if due_date is None:
        return TimeStatus.NO_DEADLINE
    if as_of > due_date:
        return TimeStatus.OVERDUE
    if (due_date - as_of).days <= soon:
        return TimeStatus.DUE_SOON
    return TimeStatus.ON_TRACK


def task_time_status(task, as_of: date | None = None) -> TimeStatus:
    return time_status(task.status, task.due_date, task.completed_on, as_of or today())


def badge_text(task, as_of: date | None = None) -> str:
    """Words for the badge: "Quá hạn 3 ngày", "Còn 2 ngày", "Hạn hôm nay"."""
    as_of = as_of or today()
    return badge_words(task_time_status(task, as_of), task.due_date, as_of)


def badge_words(ts: TimeStatus, due_date: date | None, as_of: date) -> str:
    """``badge_text`` for a time status already worked out (lists compute it once per row)."""
    if ts == TimeStatus.OVERDUE:
        days = (as_of - due_date).days
        return ngettext("Quá hạn %(num)d ngày", "Quá hạn %(num)d ngày", days)
    if ts in (TimeStatus.DUE_SOON, TimeStatus.ON_TRACK):
        days = (due_date - as_of).days
        if days == 0:
            return _("Hạn hôm nay")
        return ngettext("Còn %(num)d ngày", "Còn %(num)d ngày", days)
    return ts.label


URGENCY_ORDER = {
    TimeStatus.OVERDUE: 0,
    TimeStatus.DUE_SOON: 1,
    TimeStatus.ON_TRACK: 2,
    TimeStatus.NO_DEADLINE: 3,
    TimeStatus.POSTPONED: 4,
    TimeStatus.DONE_LATE: 5,
    TimeStatus.DONE_ON_TIME: 5,
    TimeStatus.CANCELLED: 6,
    TimeStatus.DRAFT: 7,
}
