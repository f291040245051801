"""The chairman's Friday afternoon in a real browser: dashboard, one agency's overdue tasks, the report."""

import re

import pytest

from tests.browser.conftest import screenshot, sideways_scroll
from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Agency
from tracker.services import deadlines, demo
from tracker.services.reports import lines as report_tasks
from tracker.services.reports.counting import ReportFilter

pytestmark = pytest.mark.browser


def _login(page, base, username):
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _agency(short_name: str) -> Agency:
    return db.session.execute(db.select(Agency).filter_by(short_name=short_name)).scalar_one()


def test_chairman_clicks_an_agencys_overdue_count_and_sees_exactly_those_tasks(live_server, new_page, app):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    office = _agency("VP HĐND-UBND")
    expected = sorted(line.title for line in report_tasks.lines(
        ReportFilter(as_of=deadlines.today(), agency_id=office.id), "open_overdue"))
    assert expected == ["Chấn chỉnh việc gửi báo cáo định kỳ đúng thời hạn quy định"]

    page = new_page()
    _login(page, live_server, "chutich")
    page.get_by_role("heading", name="Tổng quan").wait_for()
    assert page.locator('[data-stat="open_overdue"] .stat-value').inner_text() == "3"
    assert page.locator('[data-stat="total"] .stat-value').inner_text() == "7"
    assert page.locator('[data-stat="due_soon"] .stat-value').inner_text() == "1"
    screenshot(page, "dashboard-chairman")

    row = page.locator(f'.ranked-table tr[data-agency-id="{office.id}"]')
    row.get_by_role("link", name=re.compile("quá hạn")).click()
    page.wait_for_url(re.compile(r"/nhiem-vu/\?"))
    assert f"agency={office.id}" in page.url and "time=overdue" in page.url
    titles = sorted(t.strip() for t in page.locator("table.task-table tbody .task-title").all_inner_texts())
    assert titles == expected
    screenshot(page, "dashboard-click-overdue-list")

    page.goto(f"{live_server}/bao-cao/")
    page.get_by_role("heading", name="Báo cáo kết quả khắc phục tồn tại, hạn chế").wait_for()
    total_row = page.locator("#report-table tfoot tr")
    assert total_row.locator("td.num").nth(0).inner_text().strip() == "7"
    assert page.get_by_label("Tính đến hết ngày").input_value() == deadlines.today().strftime("%d/%m/%Y")
    screenshot(page, "report-page")
    page.get_by_role("link", name="UBND xã Gia Hòa", exact=True).click()
    page.get_by_role("heading", name="UBND xã Gia Hòa").wait_for()
    assert page.locator('[data-category="done_late"]').count() == 1
    screenshot(page, "report-agency-page")


def test_dashboard_on_a_phone(live_server, new_page, app):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    phone = new_page(width=390, height=844)
    _login(phone, live_server, "chutich")
    phone.get_by_role("heading", name="Tổng quan").wait_for()
    overflow = sideways_scroll(phone)
    assert overflow <= 1, f"the dashboard scrolls sideways by {overflow}px on a phone"
    screenshot(phone, "dashboard-phone")


def test_officer_sees_own_dashboard_and_cannot_open_another_agencys_report(live_server, new_page, app):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    own, other = _agency("Xã Gia Vân"), _agency("Xã Gia Hưng")
    page = new_page()
    _login(page, live_server, "cb.xagiavan")
    page.wait_for_url(re.compile(r"/nhiem-vu/"))
    page.goto(f"{live_server}/tong-quan")
    page.get_by_role("heading", name="Tổng quan — UBND xã Gia Vân").wait_for()
    assert page.locator('[data-stat="total"] .stat-value').inner_text() == "1"
    screenshot(page, "dashboard-officer")
    assert page.goto(f"{live_server}/bao-cao/co-quan/{own.id}").status == 200
    assert page.goto(f"{live_server}/bao-cao/co-quan/{other.id}").status == 404
    assert page.goto(f"{live_server}/bao-cao/xuat?format=json&agency={other.id}").status == 404


def _visible_headers(page, selector: str) -> list[str]:
    """The column headings a person sees in one screen width (not hidden, not scrolled off to the right)."""
    return page.evaluate("""sel => [...document.querySelectorAll(sel)]
        .filter(th => th.offsetParent !== null && th.getBoundingClientRect().right <= window.innerWidth)
        .map(th => th.innerText.trim())""", selector)


def test_phone_shows_the_key_columns_first_and_folds_the_report_filters(live_server, new_page, app):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    phone = new_page(width=390, height=844)
    _login(phone, live_server, "chutich")
    phone.get_by_role("heading", name="Tổng quan").wait_for()
    phone.wait_for_load_state("load")
    assert _visible_headers(phone, ".ranked-table thead th") == ["Cơ quan, đơn vị", "Quá hạn", "Trong hạn",
                                                                 "Tỷ lệ hoàn thành (%)"]
    assert "Tiến độ" in _visible_headers(phone, ".appraisal-progress thead th")
    screenshot(phone, "phone-dashboard")

    phone.goto(f"{live_server}/bao-cao/")
    phone.wait_for_load_state("load")
    assert sideways_scroll(phone) <= 1
    assert _visible_headers(phone, "#report-table thead th") == ["Cơ quan, đơn vị", "Tổng số", "Trong hạn", "Quá hạn",
                                                                 "Hoàn thành (%)"]
    total = phone.locator("#report-table tfoot tr")
    assert [c.strip() for c in total.locator("td.num:visible").all_inner_texts()] == ["7", "2", "3", "28,57"]
    assert not phone.get_by_label("Tính đến hết ngày").is_visible(), "the filters fold away on a phone"
    screenshot(phone, "phone-report")
    phone.get_by_role("button", name="Chọn ngày, đợt, lĩnh vực…").click()
    phone.locator("#report-filter.show:not(.collapsing)").wait_for()
    phone.get_by_label("Hiện đủ các cột (vuốt ngang để xem)").check()
    assert "Tỷ lệ đúng hạn (%)" in phone.locator("#report-table thead").inner_text()
    screenshot(phone, "phone-report-filters-and-all-columns")

    phone.goto(f"{live_server}/nhiem-vu/")
    phone.locator("table.task-table tbody .task-title a, table.task-table tbody a.task-title").first.click()
    phone.wait_for_load_state("load")
    assert sideways_scroll(phone) <= 1
    screenshot(phone, "phone-task")
