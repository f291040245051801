"""A task's whole life in a real browser, with the Gia Viễn demo: report, submit, return, resubmit, approve."""

import hashlib

import pytest
import sqlalchemy as sa

from tests import evidence_samples as samples
from tests.browser.conftest import SCREENSHOTS, screenshot, sideways_scroll
from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Task
from tracker.services import demo

pytestmark = pytest.mark.browser

OFFICER = demo.officer_username("TT Me")  # "cb.ttme": its one task is due in two days


def _login(page, base, username):
    page.set_default_timeout(45_000)  # the machine is shared; a slow moment is not a failure
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", level=1).first.wait_for()


def _open(page, key: str):
    panel = page.locator(f"#form-{key}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    return panel


def _first_screen(page, name: str) -> None:
    """What a reader sees before scrolling, besides the full-page screenshot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _pdf_file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": samples.pdf(text)}


def test_report_submit_return_resubmit_approve(live_server, new_page, app, check_a11y):
    demo.load_demo(password=PASSWORD)
    db.session.commit()

    officer = new_page()
    _login(officer, live_server, OFFICER)
    officer.get_by_role("heading", name="Việc của đơn vị — UBND thị trấn Me").wait_for()
    officer.locator("table a.task-title").first.click()  # most urgent first
    officer.get_by_role("heading", level=1, name="Rà soát công chức chưa đạt chuẩn trình độ chuyên môn — "
                                                  "UBND thị trấn Me").wait_for()
    task_url = officer.url
    assert officer.locator(".time-badge").first.inner_text() == "Còn 2 ngày"

    panel = _open(officer, "progress")
    too_big = {"name": "Ảnh quét 21MB.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"0" * (21 * 2**20)}
    panel.get_by_label("Tệp minh chứng").set_input_files(too_big)
    assert "vượt quá giới hạn 20 MB" in panel.locator(".invalid-feedback").first.inner_text(), "warned before upload"
    panel.get_by_label("Tiến độ (%)").fill("50")
    panel.get_by_label("Nội dung cập nhật").fill("Đã rà soát 12/20 công chức, gửi kèm danh sách")
    first_pdf = _pdf_file(samples.VIETNAMESE_PDF_NAME, "Danh sach 12/20")
    panel.get_by_label("Tệp minh chứng").set_input_files(first_pdf)
    panel.get_by_role("button", name="Gửi cập nhật").click()
    officer.get_by_text("Đã ghi cập nhật tiến độ.").wait_for()
    assert officer.locator(".progress-block strong").inner_text() == "50%"
    link = officer.locator(".timeline a.evidence-name", has_text=samples.VIETNAMESE_PDF_NAME)
    assert officer.locator("[data-sha256]").first.inner_text() == hashlib.sha256(first_pdf["buffer"]).hexdigest()
    with officer.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == samples.VIETNAMESE_PDF_NAME
    with open(download.value.path(), "rb") as fh:
        assert fh.read() == first_pdf["buffer"], "the file comes back byte for byte"

    panel = _open(officer, "submit")
    panel.get_by_label("Kết quả thực hiện").fill("Đã rà soát xong, có 3 công chức chưa đạt chuẩn")
    # The 50% file does not count as the final evidence: the submission brings its own.
    panel.get_by_role("button", name="Gửi báo cáo hoàn thành").click()
    officer.get_by_text("tệp đã gửi ở các lần cập nhật trước không tính").first.wait_for()
    panel = _open(officer, "submit")
    panel.get_by_label("Tệp minh chứng, sản phẩm").set_input_files(_pdf_file("Danh sách rà soát cuối cùng.pdf", "Xong"))
    panel.get_by_role("button", name="Gửi báo cáo hoàn thành").click()
    officer.get_by_text("Đã báo cáo hoàn thành.").wait_for()
    assert officer.locator(".progress-block strong").inner_text() == "100%", "a submission shows 100%"
    assert officer.locator("#form-withdraw summary").is_visible() and officer.locator("#form-add_evidence").is_visible()
    screenshot(officer, "task-officer-submitted")
    check_a11y(officer)

    chairman = new_page()
    _login(chairman, live_server, "chutich")
    chairman.goto(task_url)
    chairman.get_by_role("heading", name="Báo cáo hoàn thành, chờ duyệt").wait_for()
    screenshot(chairman, "task-chairman-to-decide")
    _first_screen(chairman, "task-chairman-to-decide-first-screen")
    check_a11y(chairman)
    chairman.goto(f"{live_server}/nhiem-vu/cho-duyet")  # the approval queue with a report waiting
    check_a11y(chairman)
    chairman.goto(task_url)
    panel = _open(chairman, "return")
    panel.get_by_label("Lý do").fill("Danh sách chưa ghi rõ trình độ hiện tại của từng người")
    panel.get_by_role("button", name="Trả lại").click()
    chairman.get_by_text("Đã trả lại nhiệm vụ cho cơ quan chủ trì.").wait_for()

    officer.goto(task_url)
    notice = officer.locator(".notice-returned")
    assert "Danh sách chưa ghi rõ trình độ hiện tại của từng người" in notice.inner_text()
    panel = _open(officer, "progress")
    panel.get_by_label("Tiến độ (%)").fill("100")
    panel.get_by_label("Nội dung cập nhật").fill("Đã bổ sung trình độ hiện tại của từng công chức")
    panel.get_by_label("Tệp minh chứng").set_input_files(_pdf_file("Danh sách bổ sung trình độ.pdf", "Bo sung"))
    panel.get_by_role("button", name="Gửi cập nhật").click()
    officer.get_by_text("Đã ghi cập nhật tiến độ.").wait_for()
    panel = _open(officer, "submit")
    panel.get_by_label("Kết quả thực hiện").fill("Đã hoàn thiện theo ý kiến của Chủ tịch")
    panel.get_by_label("Tệp minh chứng, sản phẩm").set_input_files(_pdf_file("Danh sách hoàn thiện.pdf", "Hoan thien"))
    panel.get_by_role("button", name="Gửi báo cáo hoàn thành").click()
    officer.get_by_text("Đã báo cáo hoàn thành.").wait_for()

    chairman.goto(task_url)
    chairman.get_by_label("Ý kiến (không bắt buộc)").fill("Đồng ý kết quả")
    chairman.get_by_role("button", name="Duyệt hoàn thành").click()
    chairman.get_by_text("Đã duyệt hoàn thành nhiệm vụ.").wait_for()
    assert chairman.locator(".time-badge").first.inner_text() == "Hoàn thành đúng hạn"
    assert chairman.locator(".status-badge").first.inner_text() == "Đã hoàn thành"
    timeline = chairman.locator("#dien-bien").inner_text()
    for text in ("Đồng ý kết quả", "Đã hoàn thiện theo ý kiến của Chủ tịch", "Danh sách bổ sung trình độ.pdf",
                 "Danh sách chưa ghi rõ trình độ hiện tại của từng người", samples.VIETNAMESE_PDF_NAME,
                 "Đã rà soát 12/20 công chức, gửi kèm danh sách", "Giao nhiệm vụ"):
        assert text in timeline, text
    history = chairman.locator("#lich-su").inner_text()
    assert "UBND thị trấn Me: Đang thực hiện → Chờ duyệt hoàn thành" in history
    assert "Chờ duyệt hoàn thành → Trả lại" in history
    screenshot(chairman, "task-chairman-done")

    phone = new_page(width=390, height=844)
    _login(phone, live_server, OFFICER)
    phone.goto(task_url)
    phone.get_by_role("heading", level=1).wait_for()
    assert phone.locator(".time-badge").first.inner_text() == "Hoàn thành đúng hạn"
    overflow = sideways_scroll(phone)
    assert overflow <= 1, f"the page scrolls sideways on a phone ({overflow}px)"
    screenshot(phone, "task-officer-phone")
    check_a11y(phone)
    _first_screen(phone, "task-officer-phone-first-screen")


def test_chairman_reads_a_direction_task_and_the_officer_acknowledges(live_server, new_page, app):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    training = db.session.execute(
        sa.select(Task).where(Task.title.startswith("Xây dựng kế hoạch đào tạo"))).scalar_one()
    officer = new_page()
    _login(officer, live_server, demo.officer_username("Phòng NV"))
    officer.goto(f"{live_server}/nhiem-vu/{training.id}")
    direction = officer.locator(".direction-new")
    assert "phối hợp Phòng Tài chính - Kế hoạch bố trí kinh phí" in direction.inner_text()
    screenshot(officer, "task-officer-direction")
    direction.get_by_role("button", name="Đã đọc, sẽ thực hiện").click()
    officer.get_by_text("Đã xác nhận đọc ý kiến chỉ đạo.").wait_for()
    assert officer.locator(".direction-new").count() == 0
    assert "Cơ quan chủ trì đã đọc lúc" in officer.locator("#dien-bien").inner_text()
