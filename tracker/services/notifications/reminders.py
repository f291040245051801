"""``flask tracker remind``: the day's reminders, summaries and digest, queued once however often it runs.

Every row has a key naming its day (or its deadline), and the outbox keeps one row per key, so a second run
on the same day, or two at once, queue nothing new. The whole run is a few set-based statements: 100,000
tasks take seconds (``make bench``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from ... import permissions
from ...extensions import db
from ...models import MailFrequency, MailPreference, NotificationKind, Role, Task, TaskStatus, User, counted_tasks
from . import outbox

K = NotificationKind
OVERDUE_EVERY = 7  # after the first day overdue, remind once a week


@dataclass
class Reminded:
    reminders: int = 0
    summaries: int = 0
    digests: int = 0
    recurring: int = 0

    def __str__(self) -> str:
        # Operators read it in the daily job's log, in the language of the command line's other messages.
        return (f"{self.reminders} thư nhắc hạn, {self.summaries} thư tóm tắt hằng ngày, {self.digests} bản tin "
                f"hằng tuần, {self.recurring} nhiệm vụ định kỳ được tạo")


def _reminder_rows(day: date) -> list[dict]:
    """Due in N days, due today, and overdue (the first day, then weekly) for every open task."""
    soon = {day + timedelta(days=n): n for n in current_app.config["REMIND_DAYS"] if n > 0}
    late = Task.due_date < day
    weekly = (sa.literal(day.toordinal()) - _ordinal(Task.due_date) - 1) % OVERDUE_EVERY == 0
    stmt = (sa.select(Task.id, Task.title, Task.due_date)
            .where(counted_tasks(), Task.status.in_(TaskStatus.open_statuses()),
                   sa.or_(Task.due_date.in_([*soon, day]), sa.and_(late, weekly))))
    rows = []
    for task_id, title, due in db.session.execute(stmt):
        data = {"title": title, "due_date": due.isoformat()}
        if due == day:
            kind, key = K.DUE_TODAY, f"due_today:{task_id}:{due}"
        elif due > day:
            kind, key = K.DUE_SOON, f"due_soon:{soon[due]}:{task_id}:{due}"
            data["days"] = soon[due]
        else:
            days = (day - due).days
            kind, key, data["days"] = K.OVERDUE, f"overdue:{task_id}:{due}:{days}", days
        rows.append({"kind": kind, "task_id": task_id, "data": data, "dedup_key": key})
    return rows


def _ordinal(column):
    """A date column as a day number, on both databases (for "every 7th day after the deadline")."""
    if db.engine.dialect.name == "postgresql":
        return column - sa.func.to_date("0001-01-01", "YYYY-MM-DD") + 1
    return sa.cast(sa.func.julianday(column) - 1721424.5, sa.Integer)


def _readers(kind: NotificationKind, roles) -> list[int]:
    """Active users of ``roles`` with an address who have not turned ``kind`` off."""
    off = sa.select(MailPreference.user_id).where(MailPreference.kind == kind,
                                                  MailPreference.frequency == MailFrequency.NONE)
    stmt = sa.select(User.id).where(User.active.is_(True), User.role.in_(roles), User.email.is_not(None),
                                    User.email != "", User.id.not_in(off))
    return list(db.session.scalars(stmt.order_by(User.id)))


def remind(day: date) -> Reminded:
    """Queue ``day``'s messages and create its recurring tasks (the caller commits)."""
    from ..tasks import recurring

    result = Reminded()
    result.recurring = len(recurring.create_due(day))
    db.session.flush()
    result.reminders = outbox.queue_many(_reminder_rows(day))
    everyone = permissions.told_roles()
    result.summaries = outbox.queue_many([
        {"kind": K.DAILY_SUMMARY, "recipient_id": uid, "data": {"day": day.isoformat()},
         "dedup_key": f"daily_summary:{uid}:{day}"} for uid in _readers(K.DAILY_SUMMARY, everyone)])
    if day.weekday() == 0:  # Monday, local time: ``day`` is the local date
        followers = [*Role.unit_roles(), *Role.province_roles()]
        result.digests = outbox.queue_many([
            {"kind": K.WEEKLY_DIGEST, "recipient_id": uid, "data": {"day": day.isoformat()},
             "dedup_key": f"weekly_digest:{uid}:{day}"} for uid in _readers(K.WEEKLY_DIGEST, followers)])
    return result
