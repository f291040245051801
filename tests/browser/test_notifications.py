"""Notifications in a real browser: the bell's count, the notifications page, the "mới" mark, the e-mail
preferences (screenshots to look at)."""

import pytest

from tests.browser.conftest import login, screenshot
from tracker.extensions import db
from tracker.models import TaskStatus
from tracker.services.notifications import delivery
from tracker.services.tasks import planning, workflow

pytestmark = pytest.mark.browser


def test_an_officer_follows_the_bell_to_a_new_task_and_chooses_a_daily_summary(live_server, new_page, make, check_a11y):
    leader = make.leader()
    lead = make.agency("Phòng Tư pháp", "PTP")
    officer = make.officer(lead, username="canbo.tuphap")
    officer.full_name, officer.email = "Nguyễn Thị Lan", "lan.tp@tinh.gov.vn"
    titles = ["Niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
              "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực hộ tịch",
              "Báo cáo kết quả khắc phục tồn tại về tiếp nhận hồ sơ trực tuyến"]
    tasks = [make.task(lead, title=t, status=TaskStatus.DRAFT) for t in titles]
    planning.assign_tasks(tasks, leader)
    workflow.add_direction(tasks[0], leader, "Đề nghị hoàn thành trước ngày 15 và báo cáo kết quả bằng văn bản.")
    db.session.commit()
    delivery.deliver_once()

    page = new_page()
    login(page, live_server, officer.username)
    page.goto(f"{live_server}/nhiem-vu/")
    bell = page.get_by_role("link", name="Thông báo 4 chưa đọc")
    assert bell.is_visible()
    assert page.locator(".mark-new").count() == 3
    screenshot(page, "notifications-bell-and-new-marks")
    check_a11y(page)

    bell.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Thông báo").is_visible()
    screenshot(page, "notifications-page")
    check_a11y(page)
    page.get_by_role("link", name=f"Ý kiến chỉ đạo mới: “{titles[0]}”").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=titles[0]).is_visible()
    page.goto(f"{live_server}/nhiem-vu/")
    assert page.locator(".mark-new").count() == 2
    assert page.get_by_role("link", name="Thông báo 2 chưa đọc").is_visible()

    page.goto(f"{live_server}/ho-so")
    page.get_by_role("link", name="Chọn loại thư muốn nhận").click()
    page.wait_for_load_state()
    page.get_by_label("Được giao nhiệm vụ").select_option(label="Gộp vào thư tóm tắt hằng ngày")
    screenshot(page, "notifications-preferences")
    check_a11y(page)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã lưu lựa chọn nhận thư.").is_visible()
    assert page.get_by_label("Được giao nhiệm vụ").input_value() == "daily"


def test_the_admin_reads_what_would_be_sent_and_resends_a_failed_message(live_server, new_page, make, check_a11y):
    from tracker.models import NotificationKind, OutboxMessage, OutboxStatus

    leader = make.leader()
    lead = make.agency("Phòng Tư pháp", "PTP")
    officer = make.officer(lead)
    officer.full_name, officer.email = "Nguyễn Thị Lan", "lan.tp@tinh.gov.vn"
    task = make.task(lead, title="Niêm yết công khai thủ tục hành chính", status=TaskStatus.DRAFT)
    planning.assign_tasks([task], leader)
    db.session.add(OutboxMessage(kind=NotificationKind.RETURNED, task_id=task.id, recipient_id=officer.id,
                                 data={"title": task.title}, dedup_key="failed-browser", status=OutboxStatus.FAILED,
                                 attempts=5, last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable"))
    db.session.commit()
    delivery.deliver_once()  # no MAIL_SERVER: the assignment is written as an .eml file
    admin = make.admin(username="quantri")
    page = new_page()
    login(page, live_server, admin.username)
    page.goto(f"{live_server}/quan-tri/")
    page.get_by_role("link", name="Thư thông báo").click()
    page.wait_for_load_state()
    assert page.get_by_text("SMTPRecipientsRefused").is_visible()
    assert page.locator("a[href*='/quan-tri/thu-gui/tep/']").count() == 1
    assert page.get_by_text("được tự động xoá sau 90 ngày").is_visible()
    screenshot(page, "notifications-admin-outbox")
    check_a11y(page)
    page.get_by_role("button", name="Gửi lại").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã đưa thư trở lại hàng chờ gửi.").is_visible()
