"""Notifications end to end against a real SMTP server: who receives what, once, in their language."""

from datetime import timedelta

import pytest

from tests import dbs, smtp_sink
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
from tracker.services import deadlines
from tracker.services.notifications import delivery, reminders
from tracker.services.tasks import planning, workflow

K = NotificationKind


@pytest.fixture
def smtp(app):
    with smtp_sink.serving(app) as sink:
        yield sink


class World:
    def __init__(self, make):
        self.leader = self._mail(make.leader(), "lanhdao")
        self.unit = self.leader.agency
        self.lead = make.agency("Phòng Tư pháp", "PTP")
        self.support = make.agency("Phòng Nội vụ", "PNV")
        self.other = make.agency("Phòng Văn hóa", "PVH")
        self.officer = self._mail(make.officer(self.lead), "canbo.tp")
        self.helper = self._mail(make.officer(self.support), "canbo.nv")
        self.outsider = self._mail(make.officer(self.other), "canbo.vh")
        self.make = make
        db.session.commit()

    @staticmethod
    def _mail(user, name):
        user.email = f"{name}@tinh.gov.vn"
        return user

    def assigned(self, title="Niêm yết công khai thủ tục hành chính", **kwargs):
        task = self.make.task(self.lead, title=title, status=TaskStatus.DRAFT, supporting=[self.support], **kwargs)
        planning.assign_tasks([task], self.leader)
        db.session.commit()
        return task


@pytest.fixture
def w(make):
    return World(make)


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_an_assignment_reaches_the_lead_and_supporting_officers_only_in_vietnamese(w, smtp):
    task = w.assigned()
    result = delivery.deliver_once()
    assert result.sent == 2
    assert {r[0] for r, _m in smtp.messages} == {"canbo.tp@tinh.gov.vn", "canbo.nv@tinh.gov.vn"}
    (message,) = smtp.to("canbo.tp@tinh.gov.vn")
    assert "Nhiệm vụ mới được giao" in message["Subject"]
    body = _text(message)
    assert f"https://theodoi.tinh.gov.vn/nhiem-vu/{task.id}" in body
    assert "https://theodoi.tinh.gov.vn/" in body and "Chọn loại thư muốn nhận" in body
    html = message.get_body(("html",)).get_content()
    assert f'href="https://theodoi.tinh.gov.vn/nhiem-vu/{task.id}"' in html
    bell = db.session.scalars(db.select(Notification.user_id).where(Notification.task_id == task.id)).all()
    assert sorted(bell) == sorted([w.officer.id, w.helper.id])


def test_english_for_a_reader_who_chose_it(w, smtp):
    w.officer.locale = "en"
    db.session.commit()
    w.assigned()
    delivery.deliver_once()
    (message,) = smtp.to("canbo.tp@tinh.gov.vn")
    assert "New task assigned" in message["Subject"]
    (vi,) = smtp.to("canbo.nv@tinh.gov.vn")
    assert "Nhiệm vụ mới được giao" in vi["Subject"]


def test_submission_goes_to_the_assigning_side_and_a_return_carries_its_reason(w, smtp, make):
    task = w.assigned()
    task.evidence_required = False
    World._mail(make.coordinator(), "daumoi")
    db.session.commit()
    delivery.deliver_once()
    smtp.messages.clear()
    workflow.submit(task, w.officer, note="Đã niêm yết")
    db.session.commit()
    delivery.deliver_once()
    assert {r[0] for r, _m in smtp.messages} == {"lanhdao@tinh.gov.vn", "daumoi@tinh.gov.vn"}
    smtp.messages.clear()
    workflow.return_task(task, w.leader, reason="Thiếu ảnh chụp bảng niêm yết")
    db.session.commit()
    delivery.deliver_once()
    (message,) = smtp.to("canbo.tp@tinh.gov.vn")
    assert "Bị trả lại" in message["Subject"] and "Thiếu ảnh chụp bảng niêm yết" in _text(message)
    assert not smtp.to("canbo.nv@tinh.gov.vn")


def test_a_rolled_back_change_sends_nothing(w, smtp):
    task = w.make.task(w.lead, status=TaskStatus.DRAFT)
    planning.assign_tasks([task], w.leader)
    db.session.rollback()
    assert delivery.deliver_once().sent == 0
    assert smtp.messages == [] and db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_remind_and_deliver_twice_send_each_reminder_once(w, smtp):
    today = deadlines.today()
    w.assigned(title="Hạn sau 3 ngày", due=today + timedelta(days=3))
    w.assigned(title="Hạn hôm nay", due=today + timedelta(days=30))
    late = w.assigned(title="Quá hạn", due=today + timedelta(days=30))
    late.due_date = today - timedelta(days=1)
    db.session.commit()
    delivery.deliver_once()
    smtp.messages.clear()
    first = reminders.remind(today)
    db.session.commit()
    assert first.reminders == 2
    delivery.deliver_once()
    again = reminders.remind(today)
    db.session.commit()
    assert (again.reminders, again.summaries) == (0, 0)
    delivery.deliver_once()
    subjects = sorted(m["Subject"] for m in smtp.to("canbo.tp@tinh.gov.vn"))
    assert len(subjects) == 3, subjects  # due in 3 days, overdue 1 day, the daily summary
    assert any("Còn 3 ngày đến hạn" in s for s in subjects) and any("Quá hạn 1 ngày" in s for s in subjects)
    assert any("Tóm tắt ngày" in s for s in subjects)
    assert not smtp.to("canbo.vh@tinh.gov.vn")


def test_overdue_is_told_the_first_day_then_weekly(w, smtp):
    today = deadlines.today()
    task = w.assigned(due=today + timedelta(days=30))
    task.due_date = today - timedelta(days=30)
    db.session.commit()
    told = [n for n in range(1, 30) if reminders.remind(task.due_date + timedelta(days=n)).reminders]
    assert told == [1, 8, 15, 22, 29]


def test_a_failing_server_is_retried_then_the_message_is_marked_failed(w, smtp):
    smtp.refuse = True
    w.assigned()
    delivery.deliver_once()
    failed = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)).all()
    assert len(failed) == 2 and all(m.attempts == 3 and "451" in m.last_error for m in failed)
    smtp.refuse = False
    from tracker.services.notifications import outbox

    outbox.resend(failed[0])
    db.session.commit()
    assert delivery.deliver_once().sent == 1


def test_someone_moved_to_another_agency_hears_nothing_more_of_the_old_one(w, smtp):
    task = w.assigned()
    delivery.deliver_once()
    smtp.messages.clear()
    workflow.add_direction(task, w.leader, "Hoàn thành trước ngày 15")
    db.session.commit()
    w.officer.agency = w.other
    db.session.commit()
    delivery.deliver_once()
    assert not smtp.to("canbo.tp@tinh.gov.vn")


def test_a_message_queued_before_a_move_is_not_sent_after_it(w, smtp, make):
    colleague = World._mail(make.officer(w.lead), "canbo2.tp")
    db.session.commit()
    task = w.assigned()
    delivery.deliver_once(limit=1)  # the event is expanded; the readers' messages wait
    colleague.agency = w.other
    db.session.commit()
    delivery.deliver_once()
    assert smtp.to("canbo.tp@tinh.gov.vn") and not smtp.to("canbo2.tp@tinh.gov.vn")
    assert task.id


def test_a_reassignment_tells_the_former_lead_without_a_link(w, smtp):
    task = w.assigned()
    delivery.deliver_once()
    smtp.messages.clear()
    workflow.reassign(task, w.leader, lead_agency=w.other)
    db.session.commit()
    delivery.deliver_once()
    (old,) = smtp.to("canbo.tp@tinh.gov.vn")
    assert "/nhiem-vu/" not in _text(old) and "giao lại cho cơ quan khác" in old["Subject"]
    (new,) = smtp.to("canbo.vh@tinh.gov.vn")
    assert f"/nhiem-vu/{task.id}" in _text(new)


def test_daily_preference_gathers_events_into_the_summary(w, smtp):
    db.session.add(MailPreference(user_id=w.officer.id, kind=K.ASSIGNED, frequency=MailFrequency.DAILY))
    db.session.commit()
    w.assigned(title="Gộp vào tóm tắt")
    delivery.deliver_once()
    assert not smtp.to("canbo.tp@tinh.gov.vn") and smtp.to("canbo.nv@tinh.gov.vn")
    reminders.remind(deadlines.today() + timedelta(days=1))
    db.session.commit()
    delivery.deliver_once()
    (summary,) = smtp.to("canbo.tp@tinh.gov.vn")
    assert "Gộp vào tóm tắt" in _text(summary)


def test_the_monday_digest_gives_the_report_numbers_to_the_assigning_side(w, smtp):
    today = deadlines.today()
    monday = today + timedelta(days=(7 - today.weekday()) % 7)
    task = w.assigned(title="Quá hạn lâu", due=today + timedelta(days=30))
    task.due_date = monday - timedelta(days=20)
    db.session.commit()
    result = reminders.remind(monday)
    db.session.commit()
    assert result.digests == 1
    delivery.deliver_once()
    (digest,) = [m for m in smtp.to("lanhdao@tinh.gov.vn") if "Bản tin tuần" in m["Subject"]]
    body = _text(digest)
    assert "Phòng Tư pháp | 1 | 0 | 0 | 1" in body and "Quá hạn lâu" in body
    assert reminders.remind(monday + timedelta(days=1)).digests == 0


@pytest.mark.skipif(dbs.backend() != "postgresql", reason="row locks: PostgreSQL only (SQLite runs one worker)")
def test_two_workers_at_once_send_each_message_once(w, smtp, make, app):
    import threading

    for n in range(6):
        w.assigned(title=f"Nhiệm vụ {n}")
    barrier = threading.Barrier(2)

    def worker():
        with app.app_context():
            barrier.wait()
            delivery.deliver_once()
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(smtp.messages) == 12
    ids = [m["X-Tracker-Outbox"] for _r, m in smtp.messages]
    assert len(set(ids)) == 12
