"""Retention: done outbox rows and read notifications go after their keeping time, in short batches; what may
still be acted on stays; ``remind`` purges after queueing and still queues each message once."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import AuditEvent, Notification, NotificationKind, OutboxMessage, OutboxStatus, Webhook, utcnow
from tracker.services import deadlines
from tracker.services.notifications import retention

K = NotificationKind
S = OutboxStatus


@pytest.fixture
def officer(make):
    user = make.officer()
    user.email = "canbo@tinh.gov.vn"
    db.session.commit()
    return user


def _row(key, status, *, days_ago, task=None, recipient=None, webhook=None):
    """An outbox row queued ``days_ago`` days ago and, when done, done then too."""
    at = utcnow() - timedelta(days=days_ago)
    row = OutboxMessage(kind=K.ASSIGNED, task=task, recipient=recipient, webhook=webhook, data={}, dedup_key=key,
                        status=status, attempts=1, created_at=at, next_attempt_at=at,
                        sent_at=at if status in (S.SENT, S.SKIPPED) else None)
    db.session.add(row)
    return row


def _note(user, *, days_ago, read_days_ago=None):
    now = utcnow()
    note = Notification(user_id=user.id, kind=K.ASSIGNED, data={"title": "Thử"},
                        created_at=now - timedelta(days=days_ago),
                        read_at=None if read_days_ago is None else now - timedelta(days=read_days_ago))
    db.session.add(note)
    return note


def _keys() -> set[str]:
    return set(db.session.scalars(sa.select(OutboxMessage.dedup_key)))


def _world(make, officer):
    task = make.task(officer.agency)
    hook = Webhook(url="https://hethong.tinh.gov.vn/hook", kinds=["assigned"], secret="whsec_x")
    _row("old-sent", S.SENT, days_ago=91, task=task, recipient=officer)
    _row("old-skipped", S.SKIPPED, days_ago=200, task=task, recipient=officer)
    _row("old-event", S.SENT, days_ago=120, task=task)
    _row("old-webhook", S.SENT, days_ago=95, task=task, webhook=hook)
    _row("old-queued", S.QUEUED, days_ago=300, task=task, recipient=officer)
    _row("old-failed", S.FAILED, days_ago=300, task=task, recipient=officer)
    _row("old-webhook-failed", S.FAILED, days_ago=300, task=task, webhook=hook)
    _row("recent-sent", S.SENT, days_ago=89, task=task, recipient=officer)
    _note(officer, days_ago=500, read_days_ago=366)
    _note(officer, days_ago=700)  # never read
    _note(officer, days_ago=500, read_days_ago=364)
    db.session.commit()
    return task


def test_old_done_rows_and_old_read_notifications_go_the_rest_stays(make, officer):
    _world(make, officer)
    result = retention.purge()
    assert (result.outbox, result.notifications) == (4, 1)
    assert _keys() == {"old-queued", "old-failed", "old-webhook-failed", "recent-sent"}
    left = db.session.execute(sa.select(Notification.read_at.is_(None))).scalars().all()
    assert sorted(left) == [False, True]  # the unread one, and the one read 364 days ago
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "notifications_purged")).one()
    assert event.changes == {"outbox": 4, "notifications": 1, "outbox_keep_days": 90,
                             "notifications_keep_days": 365}
    assert event.actor is None


def test_the_keeping_times_come_from_the_settings(app, make, officer):
    _world(make, officer)
    app.config.update(OUTBOX_KEEP_DAYS=100, NOTIFICATIONS_KEEP_DAYS=30)
    result = retention.purge()
    assert (result.outbox, result.notifications) == (2, 2)
    assert "old-sent" in _keys() and "old-skipped" not in _keys()


def test_a_dry_run_counts_and_deletes_nothing(make, officer):
    _world(make, officer)
    result = retention.purge(dry_run=True)
    assert (result.outbox, result.notifications) == (4, 1)
    assert str(result) == "Sẽ xoá 4 thư đã gửi quá 90 ngày, 1 thông báo đã đọc quá 365 ngày"
    assert len(_keys()) == 8
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 3
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))
                             .where(AuditEvent.action == "notifications_purged")) == 0


def test_rows_are_deleted_a_batch_per_statement_each_committed(make, officer):
    task = make.task(officer.agency)
    for n in range(5):
        _row(f"old-{n}", S.SENT, days_ago=100, task=task, recipient=officer)
        _note(officer, days_ago=400, read_days_ago=400)
    _row("kept", S.QUEUED, days_ago=100, task=task, recipient=officer)
    db.session.commit()
    steps = []

    def statement(conn, cursor, sql, *args):
        if sql.lstrip().upper().startswith("DELETE"):
            steps.append("delete " + sql.split()[2].strip('"'))

    def commit(conn):
        steps.append("commit")

    sa.event.listen(db.engine, "before_cursor_execute", statement)
    sa.event.listen(db.engine, "commit", commit)
    try:
        result = retention.purge(batch=2)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", statement)
        sa.event.remove(db.engine, "commit", commit)
    assert (result.outbox, result.notifications) == (5, 5)
    assert steps == ["delete outbox", "commit"] * 3 + ["delete notification", "commit"] * 3 + ["commit"]
    assert _keys() == {"kept"}


def test_remind_purges_after_queueing_and_twice_queues_nothing_new(app, make, officer):
    today = deadlines.today()
    task = make.task(officer.agency, due=today)
    # What an old day's run left: its reminder, sent long ago, and a notification read long ago.
    _row(f"due_today:{task.id}:{today - timedelta(days=120)}", S.SENT, days_ago=120, task=task)
    _note(officer, days_ago=400, read_days_ago=400)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["tracker", "remind"])
    assert first.exit_code == 0, first.output
    assert f"Ngày {today:%d/%m/%Y}: 1 thư nhắc hạn, 1 thư tóm tắt hằng ngày" in first.output
    assert "Đã xoá 1 thư đã gửi quá 90 ngày, 1 thông báo đã đọc quá 365 ngày" in first.output
    queued = _keys()
    assert queued == {f"due_today:{task.id}:{today}", f"daily_summary:{officer.id}:{today}"}
    assert runner.invoke(args=["tracker", "deliver", "--once"]).exit_code == 0
    for _ in range(2):
        again = runner.invoke(args=["tracker", "remind"])
        assert again.exit_code == 0, again.output
        assert "0 thư nhắc hạn, 0 thư tóm tắt hằng ngày" in again.output
        assert "Đã xoá 0 thư đã gửi quá 90 ngày, 0 thông báo đã đọc quá 365 ngày" in again.output
    assert {k for k in _keys() if ">" not in k} == queued  # the event's readers' rows aside, nothing new
    # The runs that purged nothing left no line in the audit log.
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))
                             .where(AuditEvent.action == "notifications_purged")) == 1


def test_remind_refuses_a_day_whose_messages_may_have_been_purged(app, make, officer):
    today = deadlines.today()
    oldest = today - timedelta(days=89)
    make.task(officer.agency, due=oldest - timedelta(days=1))
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["tracker", "remind", "--date", (oldest - timedelta(days=1)).isoformat()])
    assert refused.exit_code == 2
    assert "OUTBOX_KEEP_DAYS" in refused.output and _keys() == set()
    accepted = runner.invoke(args=["tracker", "remind", "--date", oldest.isoformat()])
    assert accepted.exit_code == 0, accepted.output
    assert re.search(r": 1 thư nhắc hạn", accepted.output)


def test_the_admin_command_prints_the_counts(app, make, officer):
    _world(make, officer)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["tracker", "purge-notifications", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.strip() == "Sẽ xoá 4 thư đã gửi quá 90 ngày, 1 thông báo đã đọc quá 365 ngày"
    assert len(_keys()) == 8
    done = runner.invoke(args=["tracker", "purge-notifications"])
    assert done.output.strip() == "Đã xoá 4 thư đã gửi quá 90 ngày, 1 thông báo đã đọc quá 365 ngày"
    assert len(_keys()) == 4


def _metric(text: str, name: str, status: str) -> float:
    found = re.search(rf'^{name}\{{status="{status}"\}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def test_the_metrics_gauges_agree_after_a_purge(app, client, make, officer):
    app.config["METRICS_ALLOWED_IPS"] = ("127.0.0.1",)
    _world(make, officer)
    retention.purge()
    text = client.get("/metrics").get_data(as_text=True)
    readers = dict(db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                                      .where(OutboxMessage.recipient_id.is_not(None))
                                      .group_by(OutboxMessage.status)).all())
    assert readers == {S.QUEUED: 1, S.FAILED: 1, S.SENT: 1}
    for status in S:
        assert _metric(text, "tracker_outbox_messages", status.value) == readers.get(status, 0)
    assert _metric(text, "tracker_outbox_messages", "event") == 0
    assert _metric(text, "tracker_webhook_deliveries", "failed") == 1
    assert _metric(text, "tracker_webhook_deliveries", "sent") == 0


def test_the_outbox_page_says_how_long_messages_are_kept(app, make, login_as):
    app.config.update(OUTBOX_KEEP_DAYS=60)
    page = login_as(make.admin()).get("/quan-tri/thu-gui").get_data(as_text=True)
    assert "được tự động xoá sau 60 ngày" in page and "đã đọc được xoá sau 365 ngày" in page
