"""The plan from Excel in a real browser: a file with a typo shows the row's problem and the closest agency; the
corrected file is added to the plan as drafts (screenshots to look at)."""

from datetime import timedelta

import pytest

from tests.browser.conftest import login, screenshot
from tests.web.test_plan_excel import _planned, _sheet
from tracker.services import deadlines

pytestmark = pytest.mark.browser


def test_a_coordinator_previews_then_imports_a_plan(live_server, new_page, app, make, tmp_path, check_a11y):
    d, a = _planned(make)
    later = (deadlines.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    bad, good = tmp_path / "sai.xlsx", tmp_path / "dung.xlsx"
    bad.write_bytes(_sheet([(1, "", "", "Rà soát quy chế làm việc", "Phòng Tư phap huyen", "", later, "Quy chế"),
                            (2, "", "", "Cập nhật cổng thông tin", "Phòng Nội vụ", "", "30/13/2026", "")]))
    good.write_bytes(_sheet([(1, "", "", "Rà soát quy chế làm việc", "Phòng Tư pháp", "Phòng Nội vụ", later,
                              "Quy chế")]))
    page = new_page()
    login(page, live_server, d.coordinator.username)
    page.goto(f"{live_server}/tham-dinh/{a.id}/ke-hoach")
    page.get_by_role("link", name="Nhập kế hoạch từ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()
    assert page.get_by_text("có phải: Phòng Tư pháp").is_visible()
    screenshot(page, "plan-excel-problems")
    check_a11y(page)
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()
    screenshot(page, "plan-excel-preview")
    check_a11y(page)
    page.get_by_role("button", name="Thêm 1 nhiệm vụ vào kế hoạch").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã thêm 1 nhiệm vụ dự thảo từ tệp Excel vào kế hoạch.").is_visible()
