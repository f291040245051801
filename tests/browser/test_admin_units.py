"""The admin's units in a real browser: the demo province's units, a CSV whose problems show row by row, then a
clean file imported after the preview."""

import pytest

from tests.browser.conftest import login, screenshot, sideways_scroll
from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Agency
from tracker.services import demo

pytestmark = pytest.mark.browser

BAD = ("Đơn vị,Tên cơ quan,Tên viết tắt,Loại\n"
       "UBND xã Gia Phong,UBND xã Gia Phong,Xã Gia Phong,commune\n"
       "UBND xã Gia Phong,Văn phòng HĐND và UBND xã Gia Phong,VP Gia Phong,office\n"
       "UBND xã Gia Phong,Phòng Kinh tế xã Gia Phong,VP Đại Hoàng,department\n"
       "UBND xã Gia Trấn,Phòng Văn hóa - Xã hội xã Gia Trấn,VHXH Gia Trấn,department\n"
       "UBND xã Gia Phong,Trung tâm Phục vụ hành chính công xã Gia Phong,TTHCC Gia Phong,trung tâm\n")
GOOD = ("Đơn vị,Tên cơ quan,Tên viết tắt,Loại\n"
        "UBND xã Gia Phong,UBND xã Gia Phong,Xã Gia Phong,commune\n"
        "UBND xã Gia Phong,Văn phòng HĐND và UBND xã Gia Phong,VP Gia Phong,office\n"
        "UBND xã Gia Phong,Phòng Kinh tế xã Gia Phong,KT Gia Phong,department\n"
        "UBND xã Gia Trấn,UBND xã Gia Trấn,Xã Gia Trấn,commune\n"
        "UBND xã Gia Trấn,Phòng Văn hóa - Xã hội xã Gia Trấn,VHXH Gia Trấn,department\n")


def test_the_admin_sees_the_units_and_imports_more_after_a_preview(live_server, new_page, app, tmp_path, check_a11y):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    page = new_page()
    login(page, live_server, "admin")
    page.goto(f"{live_server}/quan-tri/don-vi")
    page.get_by_role("heading", name="Đơn vị được đánh giá").wait_for()
    for name in ("UBND huyện Gia Viễn", "UBND xã Đại Hoàng", "UBND phường Tây Hoa Lư"):
        assert page.get_by_role("rowheader", name=name).is_visible()
    assert sideways_scroll(page) == 0
    screenshot(page, "admin-units")
    check_a11y(page)

    bad, good = tmp_path / "don-vi-loi.csv", tmp_path / "don-vi.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    page.get_by_role("link", name="Nhập đơn vị từ CSV").first.click()
    page.get_by_label("Tệp CSV (UTF-8)").set_input_files(str(bad))
    page.get_by_role("button", name="Xem trước").click()
    alert = page.locator("#import-errors")
    alert.wait_for()
    assert "tệp có 3 lỗi" in alert.inner_text()
    rows = page.locator("#import-preview tbody tr.table-danger")
    assert rows.count() == 3 and "Đã có cơ quan viết tắt “VP Đại Hoàng”." in rows.first.inner_text()
    assert page.get_by_role("button", name="Nhập").count() == 0, "nothing to confirm while a row has a problem"
    screenshot(page, "admin-units-csv-problems")
    check_a11y(page)

    page.get_by_label("Tệp CSV (UTF-8)").set_input_files(str(good))
    page.get_by_role("button", name="Xem trước").click()
    confirm = page.get_by_role("button", name="Nhập 2 đơn vị và 3 cơ quan")
    confirm.wait_for()
    screenshot(page, "admin-units-csv-preview")
    check_a11y(page)
    assert db.session.execute(db.select(Agency).filter_by(short_name="Xã Gia Phong")).first() is None
    confirm.click()
    page.get_by_text("Đã nhập 2 đơn vị và 3 cơ quan.").wait_for()
    assert page.get_by_role("rowheader", name="UBND xã Gia Trấn").is_visible()
    db.session.rollback()  # end the test's own read, begun before the server's import
    office = db.session.execute(db.select(Agency).filter_by(short_name="KT Gia Phong")).scalar_one()
    assert office.unit.name == "UBND xã Gia Phong"


def test_a_2025_communes_chairman_sees_only_the_commune(live_server, new_page, app, check_a11y):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    page = new_page()
    login(page, live_server, "chutich.daihoang")
    page.goto(f"{live_server}/tong-quan")
    page.get_by_role("heading", name="Tổng quan").first.wait_for()
    text = page.locator("main").inner_text()
    assert "Đại Hoàng" in text and "Gia Viễn" not in text and "Tây Hoa Lư" not in text
    assert sideways_scroll(page) == 0
    screenshot(page, "demo-dai-hoang-dashboard")
    check_a11y(page)
