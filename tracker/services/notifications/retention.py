"""How long done messages and read notifications are kept: ``purge`` deletes older ones, in short batches.

A province writes hundreds of thousands of outbox rows and notifications a year; only what may still be acted
on is kept for ever: queued rows (not yet delivered), failed rows (waiting for the admin's "gửi lại") and
unread notifications. Rows done (sent or skipped, e-mail, webhook deliveries and expanded events alike) go
``OUTBOX_KEEP_DAYS`` after they were done; notifications go ``NOTIFICATIONS_KEEP_DAYS`` after they were read.

Why a purged row never lets ``remind`` queue its message again: every key ``remind`` writes names the day of
the run that queued it (``due_soon:N:<task>:<deadline>`` is queued on deadline − N, ``overdue:…:<days>`` on
deadline + days, ``daily_summary:<user>:<day>`` on that day), and a row is purged only once done more than
``OUTBOX_KEEP_DAYS`` ago, so its key names a day at least that far back. ``remind`` for today, run any number
of times, still finds today's keys; the command refuses ``--date`` before the kept window.

Each batch is one statement over at most ``BATCH`` ids, committed before the next, so a run never holds many
row locks or a long transaction; the rows it deletes are done, which no ``deliver`` worker claims.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ...extensions import db
from ...models import Notification, OutboxMessage, OutboxStatus, utcnow
from .. import audit

BATCH = 5000
DONE = (OutboxStatus.SENT, OutboxStatus.SKIPPED)


@dataclass
class Purged:
    outbox: int = 0
    notifications: int = 0
    outbox_days: int = 0
    notification_days: int = 0
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "Sẽ xoá" if self.dry_run else "Đã xoá"
        return (f"{verb} {self.outbox} thư đã gửi quá {self.outbox_days} ngày, "
                f"{self.notifications} thông báo đã đọc quá {self.notification_days} ngày")


def _outbox_done_before(cutoff: datetime):
    # A row is claimed only once due, so it is done no earlier than next_attempt_at: the second condition
    # changes nothing but lets the (status, next_attempt_at) index find the rows.
    return sa.and_(OutboxMessage.status.in_(DONE), OutboxMessage.next_attempt_at < cutoff,
                   OutboxMessage.sent_at < cutoff)


def _notifications_read_before(cutoff: datetime):
    return sa.and_(Notification.read_at.is_not(None), Notification.read_at < cutoff)


def _count(model, condition) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)).where(condition)) or 0


def _delete_in_batches(model, condition, batch: int) -> int:
    """Delete the rows matching ``condition``, ``batch`` ids per statement, committing each; returns how many."""
    deleted = 0
    while True:
        ids = sa.select(model.id).where(condition).order_by(model.id).limit(batch)
        result = db.session.execute(sa.delete(model).where(model.id.in_(ids)).execution_options(
            synchronize_session=False))
        db.session.commit()
        deleted += result.rowcount or 0
        if (result.rowcount or 0) < batch:
            return deleted


def purge(now: datetime | None = None, *, dry_run: bool = False, batch: int = BATCH) -> Purged:
    """Delete done outbox rows and read notifications past their keeping time; commits as it goes.

    With ``dry_run`` nothing is deleted: the counts say what would be. Otherwise an audit event records the
    counts when anything was deleted.
    """
    now = now or utcnow()
    config = current_app.config
    result = Purged(outbox_days=config["OUTBOX_KEEP_DAYS"], notification_days=config["NOTIFICATIONS_KEEP_DAYS"],
                    dry_run=dry_run)
    outbox_done = _outbox_done_before(now - timedelta(days=result.outbox_days))
    notes_read = _notifications_read_before(now - timedelta(days=result.notification_days))
    if dry_run:
        result.outbox, result.notifications = _count(OutboxMessage, outbox_done), _count(Notification, notes_read)
        return result
    result.outbox = _delete_in_batches(OutboxMessage, outbox_done, batch)
    result.notifications = _delete_in_batches(Notification, notes_read, batch)
    if result.outbox or result.notifications:  # a daily run that found nothing leaves no line in the log
        audit.record("notifications_purged", "outbox", None,
                     {"outbox": result.outbox, "notifications": result.notifications,
                      "outbox_keep_days": result.outbox_days, "notifications_keep_days": result.notification_days},
                     automatic=True)
        db.session.commit()
    return result


def oldest_remind_day(today: date) -> date:
    """The earliest day ``remind --date`` may run for (the last ``OUTBOX_KEEP_DAYS`` days, today included).

    A row purged now was done before ``now - OUTBOX_KEEP_DAYS``, so the day its key names is at the latest
    ``today - OUTBOX_KEEP_DAYS``: from the day after, every key ``remind`` may write is still there.
    """
    return today - timedelta(days=current_app.config["OUTBOX_KEEP_DAYS"] - 1)
