"""A deadline moved by the assigning side reaches the lead agency's officers, with the new date and the reason.

Delivered by the real command (``flask tracker deliver --once``) to a real SMTP server (tests/smtp_sink.py).
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests import smtp_sink
from tests.services.test_webhooks import Receiver
from tracker.extensions import db
from tracker.models import Notification, NotificationKind, OutboxMessage, TaskStatus
from tracker.services import deadlines
from tracker.services.notifications import webhooks
from tracker.services.tasks import planning, workflow

K = NotificationKind
REASON = "Theo chỉ đạo của UBND tỉnh tại Văn bản số 125/UBND-NC"


@pytest.fixture
def smtp(app):
    with smtp_sink.serving(app) as sink:
        yield sink


def _mail(user, name):
    user.email = f"{name}@tinh.gov.vn"
    return user


@pytest.fixture
def w(make, app, smtp):
    """Phòng Tư pháp leads (two officers, one reading English), Phòng Nội vụ supports, Phòng Văn hóa is unrelated;
    the assignment's own messages are already sent."""
    ns = type("World", (), {})()
    ns.leader = _mail(make.leader(), "lanhdao")
    ns.lead, ns.support, ns.other = (make.agency("Phòng Tư pháp", "PTP"), make.agency("Phòng Nội vụ", "PNV"),
                                     make.agency("Phòng Văn hóa", "PVH"))
    ns.officer = _mail(make.officer(ns.lead), "canbo.tp")
    ns.english = _mail(make.officer(ns.lead), "english.tp")
    ns.english.locale = "en"
    ns.helper = _mail(make.officer(ns.support), "canbo.nv")
    ns.outsider = _mail(make.officer(ns.other), "canbo.vh")
    ns.before = deadlines.today() + timedelta(days=10)
    ns.task = make.task(ns.lead, title="Niêm yết công khai thủ tục hành chính", status=TaskStatus.DRAFT,
                        supporting=[ns.support], due=ns.before)
    planning.assign_tasks([ns.task], ns.leader)
    db.session.commit()
    ns.deliver = lambda: app.test_cli_runner().invoke(args=["tracker", "deliver", "--once"])
    assert ns.deliver().exit_code == 0
    smtp.messages.clear()
    return ns


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _day(value) -> str:
    return value.strftime("%d/%m/%Y")


def test_the_lead_agency_hears_once_with_the_new_date_and_the_reason_in_its_language(w, smtp):
    new = deadlines.today() + timedelta(days=45)
    workflow.change_deadline(w.task, w.leader, new_date=new, reason=REASON)
    db.session.commit()
    result = w.deliver()
    assert result.exit_code == 0, result.output
    assert {r[0] for r, _m in smtp.messages} == {"canbo.tp@tinh.gov.vn", "english.tp@tinh.gov.vn"}
    (vi,) = smtp.to("canbo.tp@tinh.gov.vn")
    assert f"Thời hạn được điều chỉnh đến {_day(new)}" in vi["Subject"]
    assert "Niêm yết công khai thủ tục hành chính" in vi["Subject"]
    body = _text(vi)
    assert f"Lý do: {REASON}" in body and f"Thời hạn trước đây: {_day(w.before)}" in body
    assert f"https://theodoi.tinh.gov.vn/nhiem-vu/{w.task.id}" in body
    (en,) = smtp.to("english.tp@tinh.gov.vn")
    assert f"Deadline moved to {_day(new)}" in en["Subject"]
    assert f"Reason: {REASON}" in _text(en) and f"Previous deadline: {_day(w.before)}" in _text(en)
    # The actor made the change; the supporting and the unrelated agencies are not told (audience.HEARD_BY).
    assert not smtp.to("lanhdao@tinh.gov.vn")
    assert not smtp.to("canbo.nv@tinh.gov.vn") and not smtp.to("canbo.vh@tinh.gov.vn")
    again = w.deliver()
    assert again.exit_code == 0 and len(smtp.messages) == 2, "a second run sends nothing more"


def test_the_bell_of_the_lead_agency_shows_it(w):
    new = deadlines.today() + timedelta(days=45)
    workflow.change_deadline(w.task, w.leader, new_date=new, reason=REASON)
    db.session.commit()
    w.deliver()
    notes = db.session.execute(sa.select(Notification.user_id, Notification.task_id)
                               .where(Notification.kind == K.DEADLINE_CHANGED)).all()
    assert sorted(notes) == sorted([(w.officer.id, w.task.id), (w.english.id, w.task.id)])


def test_a_rolled_back_change_sends_nothing(w, smtp):
    def queued() -> int:
        return db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))
                                 .where(OutboxMessage.kind == K.DEADLINE_CHANGED))

    workflow.change_deadline(w.task, w.leader, new_date=deadlines.today() + timedelta(days=45), reason=REASON)
    db.session.flush()
    assert queued() == 1, "the event is written in the change's own transaction"
    db.session.rollback()
    assert w.deliver().exit_code == 0
    assert smtp.messages == [] and queued() == 0
    db.session.refresh(w.task)
    assert w.task.due_date == w.before


def test_an_extension_decided_is_not_told_twice(w, smtp):
    """Granting a request is its own kind (``ext_decided``); only a direct move is ``deadline_moved``."""
    extension = workflow.request_extension(w.task, w.officer, new_date=w.before + timedelta(days=20),
                                           reason="Chờ Sở Tư pháp hướng dẫn")
    db.session.commit()
    workflow.decide_extension(extension, w.leader, approve=True)
    db.session.commit()
    w.deliver()
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == w.officer.id)).all()
    assert K.DEADLINE_CHANGED not in kinds and K.EXTENSION_DECIDED in kinds


def test_a_webhook_that_chose_the_kind_receives_the_new_date(w, app):
    app.config.update(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_TIMEOUT_SECONDS=5)
    receiver = Receiver()
    try:
        _hook, receiver.secret = webhooks.register(receiver.url, ["deadline_moved"], None, w.leader)
        db.session.commit()
        new = deadlines.today() + timedelta(days=45)
        workflow.change_deadline(w.task, w.leader, new_date=new, reason=REASON)
        db.session.commit()
        assert w.deliver().exit_code == 0
    finally:
        receiver.stop()
    (seen,) = receiver.seen
    assert seen["valid"] and seen["event"] == "deadline_moved"
    assert seen["body"]["task"]["id"] == w.task.id
    assert seen["body"]["deadline"] == {"due_date": new.isoformat(), "previous": w.before.isoformat(),
                                        "reason": REASON}
