"""Moving a deadline on the task page or from the list (bulk) queues one ``deadline_moved`` event per task,
in the same transaction: a refused batch queues none. The lead agency's bell then shows the new date and reason."""

import html
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import (
    MailFrequency,
    MailPreference,
    Notification,
    NotificationKind,
    OutboxMessage,
    TaskStatus,
    Webhook,
)
from tracker.services import deadlines
from tracker.services.notifications import delivery

K = NotificationKind
REASON = "Theo chỉ đạo của UBND tỉnh"


@pytest.fixture
def w(make):
    ns = type("World", (), {})()
    ns.lead, ns.other = make.agency("Phòng Tư pháp", "PTP"), make.agency("Phòng Văn hóa", "PVH")
    ns.leader, ns.officer, ns.outsider = make.leader(), make.officer(ns.lead), make.officer(ns.other)
    ns.tasks = [make.task(ns.lead, title=f"Nhiệm vụ số {n + 1}", status=TaskStatus.IN_PROGRESS,
                          due=deadlines.today() + timedelta(days=5 + n)) for n in range(3)]
    db.session.commit()
    return ns


def events():
    """(task id, data) of each queued deadline event, in task order."""
    db.session.expire_all()
    rows = db.session.execute(sa.select(OutboxMessage.task_id, OutboxMessage.data, OutboxMessage.actor_id)
                              .where(OutboxMessage.kind == K.DEADLINE_CHANGED, OutboxMessage.recipient_id.is_(None))
                              .order_by(OutboxMessage.task_id)).all()
    return [(task_id, data, actor_id) for task_id, data, actor_id in rows]


def test_a_change_on_the_task_page_queues_the_event(w, login_as):
    task, new = w.tasks[0], deadlines.today() + timedelta(days=40)
    url = f"/nhiem-vu/{task.id}"
    leader = login_as(w.leader)
    db.session.refresh(task)
    before = task.due_date
    response = leader.post(f"{url}/thoi-han", {"deadline-version": str(task.version),
                                               "deadline-new_date": new.isoformat(), "deadline-reason": REASON},
                           token_from=url)
    assert response.status_code == 302
    ((task_id, data, actor_id),) = events()
    assert (task_id, actor_id) == (task.id, w.leader.id)
    assert (data["due_date"], data["previous"], data["reason"]) == (new.isoformat(), before.isoformat(), REASON)


def test_a_refused_change_on_the_task_page_queues_nothing(w, login_as):
    task = w.tasks[0]
    url = f"/nhiem-vu/{task.id}"
    db.session.refresh(task)
    response = login_as(w.leader).post(f"{url}/thoi-han", {
        "deadline-version": str(task.version), "deadline-new_date": task.due_date.isoformat(),
        "deadline-reason": REASON}, token_from=url)
    assert response.status_code == 422 and events() == []


def _bulk(web, tasks, new_date):
    return web.post("/nhiem-vu/hang-loat", {
        "back": "/nhiem-vu/", "confirmed": "1", "action": "deadline", "reason": REASON,
        "task_ids": [f"{t.id}:{t.version}" for t in tasks], "new_date": new_date.strftime("%d/%m/%Y")},
        token_from="/nhiem-vu/")


def test_a_bulk_change_queues_one_event_per_task(w, login_as):
    new = deadlines.today() + timedelta(days=60)
    befores = [t.due_date for t in w.tasks]
    assert _bulk(login_as(w.leader), w.tasks, new).status_code == 303
    queued = events()
    assert [task_id for task_id, _d, _a in queued] == [t.id for t in w.tasks]
    assert [d["previous"] for _t, d, _a in queued] == [b.isoformat() for b in befores]
    assert {(d["due_date"], d["reason"]) for _t, d, _a in queued} == {(new.isoformat(), REASON)}


def test_a_refused_bulk_change_queues_nothing(w, login_as):
    # The third task already has that date: it refuses, so the whole batch (and its events) rolls back.
    new = w.tasks[2].due_date
    assert _bulk(login_as(w.leader), w.tasks, new).status_code == 303
    assert events() == []
    db.session.expire_all()
    assert w.tasks[0].due_date != new


def test_the_bell_shows_the_new_date_and_the_reason_to_the_lead_agency_only(w, login_as):
    new = deadlines.today() + timedelta(days=60)
    _bulk(login_as(w.leader), w.tasks[:1], new)
    delivery.deliver_once()
    officer = login_as(w.officer)
    home = officer.get("/nhiem-vu/").get_data(as_text=True)
    assert "1<span class=\"visually-hidden\"> chưa đọc</span>" in home
    page = html.unescape(officer.get("/thong-bao").get_data(as_text=True))
    assert f"Thời hạn được điều chỉnh đến {new.strftime('%d/%m/%Y')}: “Nhiệm vụ số 1”" in page
    assert f"Lý do: {REASON}" in page
    assert "Thời hạn được điều chỉnh" not in login_as(w.outsider).get("/thong-bao").get_data(as_text=True)
    assert "Thời hạn được điều chỉnh" not in login_as(w.leader).get("/thong-bao").get_data(as_text=True)


def test_an_officer_may_keep_it_to_the_bell(w, login_as):
    """The preferences page lists the kind by itself (it iterates the kinds): "không gửi thư" leaves the bell."""
    w.officer.email = "canbo.tp@tinh.gov.vn"
    db.session.commit()
    officer = login_as(w.officer)
    page = officer.get("/ho-so/thu-dien-tu").get_data(as_text=True)
    assert "Điều chỉnh thời hạn" in page and 'name="deadline_moved"' in page
    assert officer.post("/ho-so/thu-dien-tu", {"deadline_moved": "none"},
                        token_from="/ho-so/thu-dien-tu").status_code == 302
    assert db.session.get(MailPreference, (w.officer.id, K.DEADLINE_CHANGED)).frequency == MailFrequency.NONE
    _bulk(login_as(w.leader), w.tasks[:1], deadlines.today() + timedelta(days=60))
    delivery.deliver_once()
    assert db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == w.officer.id)).all() == [
        K.DEADLINE_CHANGED]
    assert db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient_id == w.officer.id)).all() == []


def test_the_admin_may_choose_the_kind_for_a_webhook(app, make, login_as):
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True)
    admin = login_as(make.admin())
    page = admin.get("/quan-tri/webhook").get_data(as_text=True)
    assert 'value="deadline_moved"' in page and "Điều chỉnh thời hạn" in page
    admin.post("/quan-tri/webhook", {"url": "https://127.0.0.1/hook", "kinds": ["deadline_moved"], "unit_id": "0"},
               token_from="/quan-tri/webhook")
    assert db.session.scalars(sa.select(Webhook.kinds)).one() == ["deadline_moved"]
