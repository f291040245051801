"""The notification jobs at province scale: ``remind`` over every task (twice: the second run must queue
nothing), then ``deliver`` to an SMTP server on 127.0.0.1 (aiosmtpd, when installed) for a bounded time."""

import socket
import time

import sqlalchemy as sa

DELIVER_SECONDS = 20  # bounded: the rate, not the whole queue


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(app) -> dict:
    """Seconds for ``remind`` (first and second run), rows queued, and messages sent per second."""
    from tracker.extensions import db
    from tracker.models import OutboxMessage
    from tracker.services import deadlines
    from tracker.services.notifications import delivery, reminders

    day = deadlines.today()
    db.session.execute(sa.text("UPDATE user_account SET email = username || '@bench.invalid' WHERE email IS NULL"))
    db.session.commit()
    started = time.perf_counter()
    first = reminders.remind(day)
    db.session.commit()
    remind_s = time.perf_counter() - started
    started = time.perf_counter()
    second = reminders.remind(day)
    db.session.commit()
    again_s = time.perf_counter() - started
    queued = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
    result = {"remind": remind_s, "remind_again": again_s, "first": str(first), "second": str(second),
              "queued": queued, "again_queued": second.reminders + second.summaries + second.digests}
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        result["delivery"] = None
        return result

    class Sink:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.received += 1
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        sent = expanded = 0
        started = time.perf_counter()
        while time.perf_counter() - started < DELIVER_SECONDS:
            done = delivery.deliver_once(limit=50)
            sent, expanded = sent + done.sent, expanded + done.expanded
            if not (done.sent or done.expanded or done.skipped or done.failed_attempts):
                break
        elapsed = time.perf_counter() - started
    finally:
        controller.stop()
        app.config.update(MAIL_SERVER="")
    result["delivery"] = {"seconds": elapsed, "sent": sent, "expanded": expanded, "received": Sink.received,
                          "rate": sent / elapsed if elapsed else 0.0}
    return result


def lines(n: dict, tasks: int) -> list[str]:
    """The BENCHMARKS.md section."""
    out = ["", "## Notifications", "",
           f"`flask tracker remind` over {tasks:,} tasks: {n['remind']:.1f} s ({n['first']}; {n['queued']:,} outbox "
           f"rows); the same day again: {n['remind_again']:.1f} s, {n['again_queued']} rows more."]
    d = n.get("delivery")
    if d is None:
        out.append("Delivery rate not measured: aiosmtpd is not installed (`pip install -e '.[test]'`).")
    else:
        out.append(f"`deliver` to an SMTP server on 127.0.0.1 (aiosmtpd) for {d['seconds']:.0f} s: {d['sent']:,} "
                   f"messages sent ({d['rate']:.0f} a second, one SMTP connection each, rendered when sent), "
                   f"{d['expanded']:,} events expanded to their readers on the way; the server received "
                   f"{d['received']:,}.")
    return out
