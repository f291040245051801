"""In a real browser: a conclusion naming deadlines and "UBND các xã, thị trấn" → review → plan with fan-out ticked."""

import pytest

from tests.appraisal_support import appraisal, district
from tests.browser.test_appraisal_flow import _login, _shot
from tracker.extensions import db
from tracker.models import Task

pytestmark = pytest.mark.browser

TEXT = ("Tổ thẩm định chỉ ra một số hạn chế như: thủ tục hành chính chưa được rà soát, đánh giá; chưa công khai số "
        "điện thoại đường dây nóng tại Bộ phận một cửa các xã. Tổ thẩm định đề nghị UBND huyện giao Phòng Tư pháp "
        "chủ trì rà soát, đánh giá thủ tục hành chính, hoàn thành trước ngày 30/6/2027 và yêu cầu UBND các xã, "
        "thị trấn công khai số điện thoại đường dây nóng tại Bộ phận một cửa trong quý III/2027./.")


def test_review_shows_deadlines_and_fan_out_and_the_plan_ticks_the_communes(live_server, new_page, app, make,
                                                                            check_a11y):
    d = district(make)
    a = appraisal(d)
    page = new_page()
    _login(page, live_server, d.coordinator.username)
    page.goto(f"{live_server}/tham-dinh/{a.id}/ket-luan")
    page.get_by_label("Dán văn bản kết luận").fill(TEXT)
    page.get_by_role("button", name="Đọc kết luận").click()
    page.wait_for_load_state()

    assert page.locator("#item-2-due").input_value() == "30/06/2027"
    assert page.locator("#item-3-due").input_value() == "30/09/2027"
    assert page.locator("#item-3-fanout").input_value() == "communes"
    assert page.locator("#item-2-agency option:checked").inner_text() == d.justice.name
    _shot(page, "review-deadline-fanout")
    check_a11y(page)
    page.get_by_role("button", name="Xác nhận và lập kế hoạch").click()
    page.wait_for_url(f"**/tham-dinh/{a.id}/ke-hoach")
    db.session.commit()  # end the test's snapshot: the server wrote in its own transactions

    first, second = db.session.scalars(db.select(Task).order_by(Task.id)).all()
    assert first.title == "Chủ trì rà soát, đánh giá thủ tục hành chính"
    assert second.title == "Công khai số điện thoại đường dây nóng tại Bộ phận một cửa"
    fanout = page.locator(f"#task-{second.id} details.fanout")
    assert fanout.get_attribute("open") is not None
    checked = page.locator(f"#task-{second.id} input[name='fanout-{second.id}']:checked")
    assert checked.count() == len(d.communes)
    _shot(page, "plan-fanout-ticked")
    check_a11y(page)
    page.locator(f"#task-{second.id}").get_by_role("button", name="Chia cho các đơn vị đã chọn").click()
    page.get_by_text("Đã chia cho 4 đơn vị").wait_for()
    db.session.commit()
    assert sorted(c.lead_agency.short_name for c in db.session.get(Task, second.id).children) == sorted(
        c.short_name for c in d.communes)

    # The recommendation's own page shows both suggestions, editable.
    page.goto(f"{live_server}/tham-dinh/{a.id}/de-nghi/{second.recommendation_id}/sua")
    assert page.get_by_label("Thời hạn (gợi ý)").input_value() == "30/09/2027"
    assert page.get_by_label("Giao cho nhiều đơn vị cùng lúc (gợi ý)").input_value() == "communes"
    _shot(page, "recommendation-edit-deadline-fanout")
    check_a11y(page)
