"""The task lists in a real browser, on a laptop and on a phone, with screenshots to look at."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.browser.conftest import SCREENSHOTS, screenshot, sideways_scroll
from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Extension, ProgressUpdate, Task, TaskStatus, User
from tracker.services import deadlines, demo

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _login(page, base, username):
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap" not in url)


def _viewport(page, name):
    """What the person sees without scrolling, at full resolution (full-page shots of a phone shrink too much)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _user(username):
    return db.session.execute(sa.select(User).filter_by(username=username)).scalar_one()


def _task(fragment):
    return db.session.execute(sa.select(Task).where(Task.title.contains(fragment))).scalars().first()


@pytest.fixture
def demo_with_queue(app):
    """The demo, plus a submission and an extension request waiting, as the chairman finds them on a Friday."""
    demo.load_demo(password=PASSWORD)
    db.session.flush()
    now = datetime.now(UTC)
    hung = _task("UBND xã Gia Hưng")
    hung.status, hung.progress, hung.submitted_at = TaskStatus.SUBMITTED, 100, now - timedelta(days=2)
    db.session.add(ProgressUpdate(task=hung, author=_user("cb.xagiahung"), agency=hung.lead_agency,
                                  created_at=hung.submitted_at, status_from=TaskStatus.IN_PROGRESS,
                                  status_to=TaskStatus.SUBMITTED, progress=100,
                                  note="Đã rà soát xong 15/15 công chức; gửi danh sách và cam kết học tập."))
    van = _task("UBND xã Gia Vân")
    db.session.add(Extension(task=van, requested_by=_user("cb.xagiavan"), requested_at=now - timedelta(days=1),
                             previous_due_date=van.due_date, requested_due_date=deadlines.today() + timedelta(days=14),
                             reason="Xã đang kiện toàn cán bộ văn phòng, xin thêm thời gian tổng hợp hồ sơ."))
    db.session.commit()


def test_chairman_filters_and_reads_the_queue(live_server, new_page, demo_with_queue, check_a11y):
    page = new_page()
    _login(page, live_server, "chutich")
    page.goto(f"{live_server}/nhiem-vu/")
    page.get_by_role("heading", name="Danh sách nhiệm vụ").wait_for()
    first = page.locator("tbody tr").first
    assert "Chấn chỉnh việc gửi báo cáo" in first.inner_text()  # six days late: the most urgent
    assert page.locator("td.col-due").first.evaluate("e => getComputedStyle(e).textAlign") == "right"
    screenshot(page, "tasks-list-chairman")
    check_a11y(page)

    page.get_by_label("Tình trạng thời hạn").select_option("overdue")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**time=overdue**")
    badges = page.locator("td.col-time .badge").all_inner_texts()
    assert badges and all(b.startswith("Quá hạn") for b in badges)
    screenshot(page, "tasks-list-chairman-overdue")
    check_a11y(page)

    page.get_by_label("Tìm theo tên nhiệm vụ, sản phẩm, cơ quan chủ trì").fill("dao tao")
    page.get_by_label("Tình trạng thời hạn").select_option("")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**q=dao+tao**")
    assert page.locator("tbody tr").count() == 1
    assert "đào tạo" in page.locator("tbody tr").first.inner_text()

    page.goto(f"{live_server}/nhiem-vu/?agency=abc&due_from=31/02/2022")
    assert "không phải một ngày hợp lệ" in page.get_by_role("alert").inner_text()
    screenshot(page, "tasks-list-bad-filter")
    check_a11y(page)

    page.get_by_role("link", name="Chờ duyệt").click()
    page.get_by_role("heading", name="Báo cáo hoàn thành chờ duyệt").wait_for()
    assert "Đã rà soát xong 15/15 công chức" in page.locator("main").inner_text()
    assert "Xã đang kiện toàn cán bộ văn phòng" in page.locator("main").inner_text()
    screenshot(page, "tasks-pending-chairman")
    check_a11y(page)

    # Approve the waiting submission from the queue: tick it, press the button, answer the one question.
    page.get_by_role("checkbox", name="Chọn nhiệm vụ: Rà soát công chức chưa đạt chuẩn trình độ chuyên môn — "
                                       "UBND xã Gia Hưng").check()
    page.get_by_label("Ý kiến khi duyệt (không bắt buộc)").fill("Đồng ý kết quả rà soát")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Duyệt hoàn thành").click()
    page.get_by_text("Đã duyệt hoàn thành 1 nhiệm vụ.").wait_for()
    assert "Không có báo cáo hoàn thành nào chờ duyệt" in page.locator("main").inner_text()
    screenshot(page, "tasks-pending-after-bulk-approve")
    check_a11y(page)

    # On the full list, ticking a row opens the bulk bar.
    page.goto(f"{live_server}/nhiem-vu/?time=overdue")
    page.locator("tbody input[name=task_ids]").first.check()
    assert page.locator("details.bulk-bar").get_attribute("open") is not None
    _viewport(page, "tasks-list-chairman-bulk-open")
    # The coordinator's bar has no deadline change unless the admin lets them decide extensions.
    coordinator = new_page()
    _login(coordinator, live_server, "noivu.cchc")
    coordinator.goto(f"{live_server}/nhiem-vu/?time=overdue")
    coordinator.locator("tbody input[name=task_ids]").first.check()
    bar = coordinator.locator("details.bulk-bar").inner_text()
    assert "Giao lại" in bar and "Đổi thời hạn" not in bar and "đổi thời hạn" not in bar
    _viewport(coordinator, "tasks-list-coordinator-bulk-open")

    phone = new_page(**PHONE)
    _login(phone, live_server, "chutich")
    phone.goto(f"{live_server}/nhiem-vu/")
    phone.locator("tbody tr").first.wait_for()
    assert sideways_scroll(phone) <= 1
    screenshot(phone, "tasks-list-chairman-phone")
    check_a11y(phone)
    phone.locator("tbody tr").nth(1).scroll_into_view_if_needed()
    _viewport(phone, "tasks-list-chairman-phone-cards")
    phone.goto(f"{live_server}/nhiem-vu/cho-duyet")
    assert sideways_scroll(phone) <= 1
    screenshot(phone, "tasks-pending-chairman-phone")
    check_a11y(phone)
    phone.locator("tbody tr").first.scroll_into_view_if_needed()
    _viewport(phone, "tasks-pending-chairman-phone-cards")


def test_officer_sees_the_agency_work_most_urgent_first(live_server, new_page, demo_with_queue, check_a11y):
    page = new_page()
    _login(page, live_server, "cb.phongnv")
    page.goto(f"{live_server}/nhiem-vu/")
    page.get_by_role("heading", name="Việc của đơn vị — Phòng Nội vụ").wait_for()
    assert page.get_by_text("Có ý kiến chỉ đạo mới").is_visible()
    assert page.locator("input[name=task_ids]").count() == 0  # no bulk actions for officers
    screenshot(page, "tasks-list-officer-phongnv")
    check_a11y(page)

    phone = new_page(**PHONE)
    _login(phone, live_server, "cb.xagiavan")
    phone.goto(f"{live_server}/nhiem-vu/")
    phone.get_by_role("heading", name="Việc của đơn vị — UBND xã Gia Vân").wait_for()
    assert phone.get_by_text("Quá hạn 3 ngày").first.is_visible()
    assert sideways_scroll(phone) <= 1
    screenshot(phone, "tasks-list-officer-phone")
    check_a11y(phone)
    _viewport(phone, "tasks-list-officer-phone-top")
    phone.goto(f"{live_server}/nhiem-vu/?q=khong+co+gi+nhu+the")
    assert phone.get_by_text("Không có nhiệm vụ nào khớp bộ lọc").is_visible()
    screenshot(phone, "tasks-list-officer-empty-phone")
    check_a11y(phone)
