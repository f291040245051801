"""Importing a conclusion: paste or upload, review with nothing saved, edits by re-posting, confirm."""

import io
import re
from html import unescape

import docx
import pytest

from tests.appraisal_support import appraisal, district, seed_text
from tracker.extensions import db
from tracker.models import Finding, Recommendation, Task, TaskStatus

NO_CUE = "Chiều ngày 06/5, đoàn công tác của tỉnh đến thăm và làm việc tại huyện Gia Viễn. Buổi làm việc diễn ra " \
         "trong không khí cởi mở; hai bên trao đổi về kế hoạch năm 2022."


@pytest.fixture
def d(make):
    return district(make)


@pytest.fixture
def a(d):
    return appraisal(d)


def _counts():
    return [db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (Finding, Recommendation, Task)]


def _paste(web, a, text, **extra):
    url = f"/tham-dinh/{a.id}/ket-luan"
    return web.post(url, {"text": text, **extra}, token_from=url, content_type="multipart/form-data")


def _review_form(html: str) -> dict:
    """Every field of the review form as the browser would post it (checked boxes, selected options)."""
    form = re.search(r'<form[^>]*id="review-form".*?</form>', html, re.S).group(0)
    data: dict[str, list[str]] = {}
    for tag in re.finditer(r"<input[^>]*>", form):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(0)))
        if "name" not in attrs or attrs.get("type") == "checkbox" and " checked" not in tag.group(0):
            continue
        data.setdefault(attrs["name"], []).append(unescape(attrs.get("value", "")))
    for area in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', form, re.S):
        data[area.group(1)] = [unescape(area.group(2))]
    for select in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', select.group(2))
        data[select.group(1)] = [chosen.group(1) if chosen else "0"]
    return data


def _post_review(web, a, data, op):
    url = f"/tham-dinh/{a.id}/ket-luan/xem-lai"
    fields = [(k, v) for k, values in data.items() if k != "op" for v in values] + [("op", op)]
    body = {}
    for key, value in fields:
        body.setdefault(key, []).append(value)
    return web.client.post(url, data=body, content_type="multipart/form-data")


def test_pasting_the_seed_shows_three_and_three_with_nothing_saved(d, a, login_as):
    web = login_as(d.coordinator)
    response = _paste(web, a, seed_text())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('class="card review-item kind-shortcoming') == 3
    assert page.count('class="card review-item kind-recommendation') == 3
    assert re.search(r'<mark class="hl-shortcoming" id="src-i1" title="TT1"><span class="hl-label">TT1</span>'
                     r"Còn một số văn bản đi chưa đúng luồng</mark>", page)
    assert page.count('<mark class="hl-recommendation" id="src-') == 3
    data = _review_form(page)
    assert data["item-3-agency"] == [str(d.office.id)] and data["item-4-agency"] == [str(d.home_affairs.id)]
    assert data["item-3-answers"] == ["i1"] and data["item-5-answers"] == ["i3"]
    assert "đánh giá cao" not in " ".join(v[0] for k, v in data.items() if k.endswith("-text"))
    assert _counts() == [0, 0, 0], "nothing is saved before confirming"


def test_review_edits_round_trip_through_the_form_then_confirm_saves_and_opens_the_plan(d, a, login_as):
    web = login_as(d.coordinator)
    data = _review_form(_paste(web, a, seed_text()).get_data(as_text=True))
    # Fix a word, then split the third shortcoming where she pressed Enter.
    data["item-0-text"] = ["Còn một số văn bản đi chưa đúng luồng quy định"]
    data["item-2-text"] = ["Đội ngũ cán bộ, công chức xã còn một số chưa đạt chuẩn\r\n"
                           "trình độ chuyên môn theo quy định"]
    page = _post_review(web, a, data, "split:i3").get_data(as_text=True)
    assert page.count('kind-shortcoming') >= 4 and "Còn một số văn bản đi chưa đúng luồng quy định" in page
    data = _review_form(page)
    assert data["item-3-text"] == ["Trình độ chuyên môn theo quy định"]
    # Merge them back, remove the second recommendation, add a manual one.
    data = _review_form(_post_review(web, a, data, "merge:i3").get_data(as_text=True))
    data = _review_form(_post_review(web, a, data, "remove:i5").get_data(as_text=True))
    data = _review_form(_post_review(web, a, data, "add:recommendation").get_data(as_text=True))
    index = int(data["count"][0]) - 1
    empty = _post_review(web, a, data, "confirm")
    assert empty.status_code == 422 and "Nội dung không được để trống" in empty.get_data(as_text=True)
    assert _counts() == [0, 0, 0]
    data[f"item-{index}-text"] = ["Chấn chỉnh việc gửi báo cáo định kỳ đúng hạn"]
    data[f"item-{index}-agency"] = [str(d.office.id)]
    data[f"item-{index}-answers"] = ["i2"]
    response = _post_review(web, a, data, "confirm")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/tham-dinh/{a.id}/ke-hoach")
    findings = db.session.scalars(db.select(Finding).order_by(Finding.position)).all()
    assert [f.text for f in findings] == [
        "Còn một số văn bản đi chưa đúng luồng quy định", "Một số báo cáo còn gửi chậm so với quy định",
        "Đội ngũ cán bộ, công chức xã còn một số chưa đạt chuẩn; trình độ chuyên môn theo quy định"]
    recs = db.session.scalars(db.select(Recommendation).order_by(Recommendation.position)).all()
    assert [r.suggested_agency.short_name for r in recs] == ["VP HĐND-UBND", "Phòng NV", "VP HĐND-UBND"]
    assert [[f.position for f in r.findings] for r in recs] == [[1], [3], [2]]
    assert recs[0].source.startswith("Đồng thời đề nghị UBND huyện")
    tasks = db.session.scalars(db.select(Task).order_by(Task.id)).all()
    assert [t.recommendation for t in tasks] == recs and all(t.status == TaskStatus.DRAFT for t in tasks)
    plan = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu 3 tồn tại, 3 đề nghị và lập 3 nhiệm vụ dự thảo" in plan
    twice = _post_review(web, a, data, "confirm")
    assert "đã được lưu trước đó" in web.get(twice.headers["Location"]).get_data(as_text=True)
    assert _counts() == [3, 3, 3], "a second click saves nothing twice"


def test_original_text_is_escaped_in_the_highlighted_view(d, a, login_as):
    web = login_as(d.coordinator)
    text = "Tồn tại, hạn chế:\n- Trang thông tin <script>alert(1)</script> chưa cập nhật văn bản;\n" \
           "- Báo cáo còn gửi chậm <b>đậm</b>."
    page = _paste(web, a, text).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>đậm</b>" not in page


def test_a_text_with_no_cue_says_so_and_offers_manual_entry(d, a, login_as):
    web = login_as(d.coordinator)
    page = _paste(web, a, NO_CUE).get_data(as_text=True)
    assert "Không thấy từ báo hiệu nào" in page and "+ Thêm tồn tại" in page and "+ Thêm đề nghị" in page
    manual = _paste(web, a, "", manual="1").get_data(as_text=True)
    assert "Nhập thủ công" in manual and 'name="count" value="0"' in manual


@pytest.mark.parametrize("text, status, words", [
    ("", 422, "Văn bản kết luận đang trống"),
    ("   \n\t ", 422, "Văn bản kết luận đang trống"),
    ("Tồn tại: chậm báo cáo. " * 5000, 422, "vượt giới hạn 100.000 ký tự"),
    ("x" * (5 * 1024 * 1024), 413, "giới hạn 100.000 ký tự"),
])
def test_empty_and_oversized_pastes_are_refused_cleanly(d, a, login_as, text, status, words):
    web = login_as(d.coordinator)
    response = _paste(web, a, text)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert words in page and "Nhập văn bản kết luận" in page, "she stays on the import page"
    assert _counts() == [0, 0, 0]


def _upload(web, a, name, data):
    url = f"/tham-dinh/{a.id}/ket-luan"
    return web.post(url, {"text": "", "file": (io.BytesIO(data), name)}, token_from=url,
                    content_type="multipart/form-data")


def _docx(paragraphs) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_uploaded_txt_and_docx_are_read(d, a, login_as):
    web = login_as(d.coordinator)
    page = _upload(web, a, "ket-luan.txt", seed_text().encode("utf-8-sig")).get_data(as_text=True)
    assert page.count("review-item kind-recommendation") == 3
    paragraphs = ["Đoàn kiểm tra yêu cầu UBND xã:",
                  "- Niêm yết công khai đầy đủ thủ tục hành chính tại bộ phận một cửa;",
                  "- Cập nhật hồ sơ trên phần mềm một cửa điện tử đúng thời gian quy định./."]
    page = _upload(web, a, "Kết luận kiểm tra.DOCX", _docx(paragraphs)).get_data(as_text=True)
    data = _review_form(page)
    assert data["item-0-text"] == ["Niêm yết công khai đầy đủ thủ tục hành chính tại bộ phận một cửa"]
    assert data["item-1-text"] == ["Cập nhật hồ sơ trên phần mềm một cửa điện tử đúng thời gian quy định"]


@pytest.mark.parametrize("name, data, words", [
    ("ket-luan.pdf", b"%PDF-1.4 ...", "Chỉ nhận tệp .txt hoặc .docx"),
    ("ket-luan.doc", b"\xd0\xcf\x11\xe0", "lưu lại dạng .docx"),
    ("ket-luan.docx", b"PK\x03\x04 not really a zip", "Không đọc được tệp .docx"),
    ("ket-luan.txt", "Tồn tại: báo cáo chậm".encode("utf-16-le"), "không phải mã UTF-8"),
    ("ket-luan.txt", b"", "không có nội dung"),
])
def test_other_files_are_refused_with_a_reason(d, a, login_as, name, data, words):
    web = login_as(d.coordinator)
    response = _upload(web, a, name, data)
    assert response.status_code == 422 and words in response.get_data(as_text=True)
    assert _counts() == [0, 0, 0]


def test_a_tampered_review_cannot_point_at_another_frameworks_field_or_an_inactive_agency(d, a, login_as):
    web = login_as(d.coordinator)
    data = _review_form(_paste(web, a, seed_text()).get_data(as_text=True))
    d.office.is_active = False
    db.session.commit()
    response = _post_review(web, a, data, "confirm")
    assert response.status_code == 422 and "Cơ quan đã chọn không còn hoạt động" in response.get_data(as_text=True)
    data["item-3-agency"] = ["0"]
    data["item-0-field"] = [str(d.framework_2020.fields[0].id)]
    response = _post_review(web, a, data, "confirm")
    assert "không thuộc bộ chỉ số" in response.get_data(as_text=True)
    assert _counts() == [0, 0, 0]


def test_a_very_long_list_is_cut_to_what_the_page_can_post_back(d, a, login_as):
    web = login_as(d.coordinator)
    text = "Tồn tại, hạn chế:\n" + "\n".join(f"- Hồ sơ thủ tục số {i} còn chậm xử lý so với quy định;"
                                             for i in range(90))
    page = _paste(web, a, text).get_data(as_text=True)
    assert page.count("review-item kind-shortcoming") == 80
    assert "chỉ hiện 80 mục đầu, 10 mục sau bị bỏ qua" in page
    again = _post_review(web, a, _review_form(page), "refresh")
    assert again.status_code == 200 and again.get_data(as_text=True).count("review-item kind-shortcoming") == 80
