"""The transactional outbox: messages are rows written in the same transaction as the change they tell of.

A rolled-back change leaves no row, so sends nothing; a committed one is never forgotten. Whatever delivers
(e-mail, and webhooks: rows with ``webhook_id``) claims due rows with ``claim_next`` (PostgreSQL row locks
with SKIP LOCKED, so several workers never take the same row), then ends each with ``mark_sent``,
``mark_skipped`` or ``record_failure`` (exponential back-off, then failed), and commits.
"""

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...models import NotificationKind, OutboxMessage, OutboxStatus, Task, User, utcnow
from ..audit import jsonable

ERROR_LENGTH = 2000


def emit(kind: NotificationKind, task: Task, *, actor: User | None = None, data: dict | None = None,
         dedup_key: str | None = None) -> OutboxMessage:
    """Queue an event about ``task`` in the current transaction; its readers are chosen at delivery."""
    message = OutboxMessage(kind=kind, task=task, actor=actor, data=jsonable({"title": task.title, **(data or {})}),
                            dedup_key=dedup_key or f"{kind.value}:{task.id}:{uuid.uuid4().hex}",
                            status=OutboxStatus.QUEUED, attempts=0, next_attempt_at=utcnow())
    db.session.add(message)
    return message


def queue_many(rows: list[dict]) -> int:
    """Queue many messages at once, skipping those whose ``dedup_key`` is already queued; returns how many.

    Each row gives kind, dedup_key and optionally task_id, recipient_id, data. Two runs at once insert each
    key once: the unique key decides, with ON CONFLICT DO NOTHING on both databases.
    """
    if not rows:
        return 0
    now = utcnow()
    values = [{"task_id": None, "recipient_id": None, "actor_id": None, "data": {}, **row,
               "status": OutboxStatus.QUEUED, "attempts": 0, "next_attempt_at": now, "created_at": now}
              for row in rows]
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    added = 0
    for start in range(0, len(values), 1000):
        stmt = (insert(OutboxMessage).values(values[start:start + 1000])
                .on_conflict_do_nothing(index_elements=["dedup_key"]).returning(OutboxMessage.id))
        added += len(db.session.execute(stmt).all())  # RETURNING gives the rows inserted, conflicts left out
    return added


def claim_next(now: datetime | None = None, *, kinds=None) -> OutboxMessage | None:
    """The oldest due message, locked for this transaction; rows another worker holds are skipped."""
    stmt = (sa.select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= (now or utcnow()))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
            .with_for_update(skip_locked=True))
    if kinds is not None:
        stmt = stmt.where(OutboxMessage.kind.in_(kinds))
    return db.session.scalars(stmt).first()


def mark_sent(message: OutboxMessage) -> None:
    message.status, message.sent_at, message.last_error = OutboxStatus.SENT, utcnow(), None
    message.attempts += 1


def mark_skipped(message: OutboxMessage, why: str) -> None:
    message.status, message.sent_at, message.last_error = OutboxStatus.SKIPPED, utcnow(), why[:ERROR_LENGTH]


def record_failure(message: OutboxMessage, error: str, now: datetime | None = None) -> None:
    """One more failed attempt: try again later (doubling the wait), or give up after the last one."""
    now = now or utcnow()
    message.attempts += 1
    message.last_error = error[:ERROR_LENGTH]
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        return
    wait = current_app.config["MAIL_RETRY_SECONDS"] * 2 ** (message.attempts - 1)
    message.next_attempt_at = now + timedelta(seconds=wait)


def resend(message: OutboxMessage) -> None:
    """Queue a failed message again, with its attempts counted afresh (the admin's "gửi lại")."""
    message.status, message.attempts, message.next_attempt_at = OutboxStatus.QUEUED, 0, utcnow()


def failed(limit: int = 200) -> list[OutboxMessage]:
    """Readers' messages that failed (a webhook's failed deliveries are listed on the webhooks' page)."""
    stmt = (sa.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED,
                                           OutboxMessage.webhook_id.is_(None))
            .order_by(OutboxMessage.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def counts() -> dict[OutboxStatus, int]:
    """Readers' messages by status (events waiting to be expanded are counted by ``events_waiting``)."""
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                              .where(OutboxMessage.recipient_id.is_not(None)).group_by(OutboxMessage.status))
    return {status: n for status, n in rows}


def webhook_counts() -> dict[OutboxStatus, int]:
    """Webhooks' deliveries by status."""
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                              .where(OutboxMessage.webhook_id.is_not(None)).group_by(OutboxMessage.status))
    return {status: n for status, n in rows}


def events_waiting() -> int:
    return db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient_id.is_(None), OutboxMessage.webhook_id.is_(None),
        OutboxMessage.status == OutboxStatus.QUEUED)) or 0
