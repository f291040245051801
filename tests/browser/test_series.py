"""A recurring task in a real browser: from the task list to a monthly series, its first period, and stopping it
after the page asks (screenshots to look at)."""

import pytest

from tests.appraisal_support import district
from tests.browser.conftest import confirmed, login, screenshot
from tracker.services import deadlines

pytestmark = pytest.mark.browser


def test_the_coordinator_sets_up_and_stops_a_monthly_report(live_server, new_page, app, make, check_a11y):
    d = district(make)
    page = new_page()
    login(page, live_server, d.coordinator.username)
    page.goto(f"{live_server}/nhiem-vu/")
    page.get_by_role("link", name="Nhiệm vụ định kỳ").click()
    page.get_by_role("link", name="Thêm nhiệm vụ định kỳ").first.click()
    page.get_by_label("Tên nhiệm vụ").fill("Báo cáo tình hình văn bản đi đúng luồng")
    page.get_by_label("Cơ quan chủ trì").select_option(label=d.office.name)
    page.get_by_label("Chu kỳ").select_option(label="Hằng tháng")
    page.get_by_label("Đến hạn vào ngày").fill("25")
    page.get_by_label("Bắt đầu từ ngày").fill(deadlines.today().replace(day=1).strftime("%d/%m/%Y"))
    screenshot(page, "series-form")
    check_a11y(page)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    today = deadlines.today()
    assert page.get_by_role("link", name=f"Báo cáo tình hình văn bản đi đúng luồng — tháng {today.month}/{today.year}")\
        .is_visible()
    assert page.get_by_role("cell", name=f"Tháng {today.month}/{today.year}", exact=True).is_visible()
    screenshot(page, "series-detail")
    check_a11y(page)

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Dừng lặp lại").click()
    confirmed(page, page.get_by_text("Đã dừng nhiệm vụ định kỳ."))
    page.goto(f"{live_server}/nhiem-vu/dinh-ky")
    assert page.get_by_text("Đã dừng", exact=True).is_visible()
    screenshot(page, "series-list")
    check_a11y(page)
