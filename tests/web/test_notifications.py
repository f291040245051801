"""The bell, the notifications page, the "mới" mark, e-mail preferences, the admin's outbox, the two commands."""

import email
import email.policy
from pathlib import Path

import sqlalchemy as sa

from tests.web.test_list_query_counts import counted
from tracker.extensions import db
from tracker.models import (
    MailFrequency,
    MailPreference,
    Notification,
    NotificationKind,
    OutboxMessage,
    OutboxStatus,
    TaskStatus,
)
from tracker.services.notifications import delivery
from tracker.services.tasks import planning, workflow

K = NotificationKind


def _world(make):
    leader = make.leader()
    leader.email = "lanhdao@tinh.gov.vn"
    lead = make.agency("Phòng Tư pháp", "PTP")
    officer = make.officer(lead)
    officer.email = "canbo.tp@tinh.gov.vn"
    db.session.commit()
    return leader, lead, officer


def _assign(make, leader, lead, title):
    task = make.task(lead, title=title, status=TaskStatus.DRAFT)
    planning.assign_tasks([task], leader)
    db.session.commit()
    return task


def test_the_bell_counts_unread_in_one_query_and_the_page_lists_newest_first(make, login_as):
    leader, lead, officer = _world(make)
    first = _assign(make, leader, lead, "Nhiệm vụ thứ nhất")
    second = _assign(make, leader, lead, "Nhiệm vụ thứ hai")
    delivery.deliver_once()
    browser = login_as(officer)
    with counted() as statements:
        home = browser.get("/nhiem-vu/").get_data(as_text=True)
    assert sum("notification" in s for s in statements) == 1, [s for s in statements if "notification" in s]
    assert "2<span class=\"visually-hidden\"> chưa đọc</span>" in home
    page = browser.get("/thong-bao").get_data(as_text=True)
    assert page.index("Nhiệm vụ thứ hai") < page.index("Nhiệm vụ thứ nhất")
    note = db.session.scalar(sa.select(Notification).where(Notification.task_id == first.id))
    opened = browser.get(f"/thong-bao/{note.id}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/nhiem-vu/{first.id}")
    db.session.expire_all()
    assert note.read_at is not None
    browser.post("/thong-bao/da-doc-het", token_from="/thong-bao")
    assert db.session.scalar(sa.select(sa.func.count()).where(Notification.read_at.is_(None))) == 0
    assert "chưa đọc</span>" not in browser.get("/nhiem-vu/").get_data(as_text=True)
    assert second.id


def test_another_users_notification_is_not_found(make, login_as):
    leader, lead, officer = _world(make)
    _assign(make, leader, lead, "Của người khác")
    delivery.deliver_once()
    note = db.session.scalar(sa.select(Notification))
    stranger = login_as(make.officer(make.agency()))
    assert stranger.get(f"/thong-bao/{note.id}").status_code == 404
    assert stranger.post(f"/thong-bao/{note.id}/da-doc", token_from="/thong-bao").status_code == 404


def test_a_new_task_is_marked_until_the_officer_opens_it(make, login_as):
    leader, lead, officer = _world(make)
    task = _assign(make, leader, lead, "Nhiệm vụ vừa giao")
    browser = login_as(officer)
    assert "mark-new" in browser.get("/nhiem-vu/").get_data(as_text=True)
    assert browser.get(f"/nhiem-vu/{task.id}").status_code == 200
    browser.get(f"/nhiem-vu/{task.id}")  # a second visit changes nothing
    assert "mark-new" not in browser.get("/nhiem-vu/").get_data(as_text=True)
    assert "mark-new" not in login_as(leader).get("/nhiem-vu/").get_data(as_text=True)


def test_preferences_are_saved_per_kind_and_linked_from_the_profile(make, login_as):
    _leader, _lead, officer = _world(make)
    browser = login_as(officer)
    profile = browser.get("/ho-so").get_data(as_text=True)
    assert "/ho-so/thu-dien-tu" in profile and "Lịch" in profile
    page = browser.get("/ho-so/thu-dien-tu").get_data(as_text=True)
    assert "Được giao nhiệm vụ" in page and "Báo cáo hoàn thành chờ duyệt" not in page  # not an officer's
    response = browser.post("/ho-so/thu-dien-tu", {"assigned": "daily", "overdue": "none", "daily_summary": "none"},
                            token_from="/ho-so/thu-dien-tu")
    assert response.status_code == 302
    chosen = dict(db.session.execute(sa.select(MailPreference.kind, MailPreference.frequency)
                                     .where(MailPreference.user_id == officer.id)).all())
    assert chosen == {K.ASSIGNED: MailFrequency.DAILY, K.OVERDUE: MailFrequency.NONE,
                      K.DAILY_SUMMARY: MailFrequency.NONE}


def test_without_a_mail_server_messages_become_files_the_admin_can_read(app, make, login_as):
    leader, lead, officer = _world(make)
    task = _assign(make, leader, lead, "Ghi ra tệp")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tracker", "deliver", "--once"])
    assert result.exit_code == 0, result.output
    files = list(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "canbo.tp@tinh.gov.vn"
    assert f"/nhiem-vu/{task.id}" in message.get_body(("plain",)).get_content()
    admin = login_as(make.admin())
    page = admin.get("/quan-tri/thu-gui").get_data(as_text=True)
    assert files[0].name in page
    assert admin.get(f"/quan-tri/thu-gui/tep/{files[0].name}").status_code == 200
    assert admin.get("/quan-tri/thu-gui/tep/..%2Fsecret_key").status_code == 404


def test_the_admin_resends_a_failed_message(make, login_as):
    leader, lead, officer = _world(make)
    task = _assign(make, leader, lead, "Gửi lỗi")
    message = OutboxMessage(kind=K.ASSIGNED, task_id=task.id, recipient_id=officer.id, data={"title": "Gửi lỗi"},
                            dedup_key="failed-1", status=OutboxStatus.FAILED, attempts=5,
                            last_error="SMTPDataError: 451")
    db.session.add(message)
    db.session.commit()
    admin = login_as(make.admin())
    page = admin.get("/quan-tri/thu-gui").get_data(as_text=True)
    assert "SMTPDataError: 451" in page and "canbo.tp@tinh.gov.vn" in page
    admin.post(f"/quan-tri/thu-gui/{message.id}/gui-lai", token_from="/quan-tri/thu-gui")
    db.session.expire_all()
    assert message.status == OutboxStatus.QUEUED and message.attempts == 0


def test_remind_then_deliver_twice_writes_nothing_more(app, make):
    leader, lead, officer = _world(make)
    task = _assign(make, leader, lead, "Đến hạn hôm nay")
    workflow.add_direction(task, leader, "Khẩn trương")
    db.session.commit()
    runner = app.test_cli_runner()
    for _ in range(2):
        assert runner.invoke(args=["tracker", "remind", "--date", "2026-12-07"]).exit_code == 0
        assert runner.invoke(args=["tracker", "deliver", "--once"]).exit_code == 0
    files = sorted(p.name for p in Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    subjects = [Path(app.config["MAIL_FOLDER"], f).read_bytes() for f in files]
    assert len(files) == len(set(files)) == 3, files  # assigned, direction, the Monday digest to the leader
    assert all(b"Subject:" in s for s in subjects)


def test_a_task_no_longer_theirs_leaves_the_bell(make, login_as):
    leader, lead, officer = _world(make)
    _assign(make, leader, lead, "Của cơ quan cũ")
    delivery.deliver_once()
    browser = login_as(officer)
    assert "1<span class=\"visually-hidden\"> chưa đọc</span>" in browser.get("/nhiem-vu/").get_data(as_text=True)
    officer.agency = make.agency("Phòng Văn hóa", "PVH")
    db.session.commit()
    assert "chưa đọc</span>" not in browser.get("/nhiem-vu/").get_data(as_text=True)
    assert "Của cơ quan cũ" not in browser.get("/thong-bao").get_data(as_text=True)


def test_the_admin_has_no_bell_and_everyone_who_works_on_tasks_has_one(make, login_as):
    leader, lead, officer = _world(make)
    bell = 'href="/thong-bao"'
    admin_page = login_as(make.admin()).get("/quan-tri/")
    assert admin_page.status_code == 200 and bell not in admin_page.get_data(as_text=True)
    for user in (leader, officer):
        assert bell in login_as(user).get("/nhiem-vu/").get_data(as_text=True)
