"""``flask tracker deliver``: send what the outbox holds, one row per transaction.

Each row is claimed with a row lock (SKIP LOCKED on PostgreSQL, so several workers on several hosts share the
queue and never take the same row; SQLite runs one worker), handled, and committed with its new status before
the next. An event row is expanded into its readers' rows and its webhooks' rows; a reader's row is written and
sent by e-mail, a webhook's row posted to its address (``webhooks``), with the same retries.
"""

import logging
import time
from dataclasses import dataclass

from flask import current_app

from ...extensions import db
from ...models import OutboxMessage, utcnow
from . import audience, outbox, sender, webhooks
from .compose import Skip, compose

log = logging.getLogger("tracker.deliver")


@dataclass
class Delivered:
    expanded: int = 0
    sent: int = 0
    skipped: int = 0
    failed_attempts: int = 0

    def __str__(self) -> str:
        return (f"{self.expanded} events expanded, {self.sent} sent, {self.skipped} skipped, "
                f"{self.failed_attempts} failed attempts")


def handle(message: OutboxMessage, result: Delivered, mailer: sender.Mailer) -> None:
    """Deliver one claimed row (the caller commits)."""
    if message.webhook_id is not None:
        _post(message, result)
        return
    if message.recipient_id is None:
        audience.expand(message)
        webhooks.fan_out(message)
        result.expanded += 1
        return
    try:
        email = compose(message)
        mailer.send(email, f"{message.id:08d}-{message.kind.value}")
    except Skip as why:
        outbox.mark_skipped(message, str(why))
        result.skipped += 1
        return
    except Exception as exc:  # noqa: BLE001 - any failure to send is retried, then shown to the admin
        log.warning("outbox %s: %s", message.id, exc)
        outbox.record_failure(message, f"{type(exc).__name__}: {exc}")
        result.failed_attempts += 1
        return
    outbox.mark_sent(message)
    result.sent += 1


def _post(message: OutboxMessage, result: Delivered) -> None:
    try:
        message.response_code = webhooks.send(message)
    except webhooks.SendFailed as exc:
        log.warning("webhook delivery %s: %s", message.id, exc)
        message.response_code = exc.code
        outbox.record_failure(message, str(exc))
        result.failed_attempts += 1
        return
    outbox.mark_sent(message)
    result.sent += 1


def deliver_once(limit: int | None = None) -> Delivered:
    """Drain the rows that are due now (those waiting for a retry later stay queued); returns the counts."""
    result, done = Delivered(), 0
    with sender.Mailer() as mailer:
        while limit is None or done < limit:
            message = outbox.claim_next(utcnow())
            if message is None:
                db.session.rollback()
                break
            try:
                handle(message, result, mailer)
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
            done += 1
    return result


def work(stop=lambda: False) -> None:
    """Keep delivering, polling every ``DELIVER_POLL_SECONDS`` when the queue is empty."""
    while not stop():
        result = deliver_once()
        if result.expanded or result.sent or result.skipped or result.failed_attempts:
            log.info("%s", result)
        time.sleep(current_app.config["DELIVER_POLL_SECONDS"])
