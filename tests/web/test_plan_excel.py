"""The plan from Excel: the exported plan imports back as the same tasks; a preview names each row's problems in
Vietnamese and saves nothing; the confirmation saves every row as a draft."""

import io
import re
from datetime import timedelta

import openpyxl
import sqlalchemy as sa

from tests.appraisal_support import appraisal, district, seed_text
from tracker.extensions import db
from tracker.models import Task, TaskStatus
from tracker.services import deadlines
from tracker.services.conclusions import importing as conclusion_import
from tracker.services.reports import document as report_document
from tracker.services.tasks import planning


def _planned(make):
    """A district's appraisal with its drafted plan: leads, a supporting agency, deadlines, and a group."""
    d = district(make)
    a = appraisal(d)
    conclusion_import.save_conclusion(a, conclusion_import.start_review(a, seed_text()), d.coordinator)
    tasks = db.session.scalars(sa.select(Task).where(Task.appraisal_id == a.id).order_by(Task.id)).all()
    due = deadlines.today() + timedelta(days=40)
    for n, task in enumerate(tasks):
        task.due_date = due + timedelta(days=n)
        task.expected_output = f"Sản phẩm {n}"
        if task.lead_agency is None:
            task.lead_agency = d.home_affairs
    tasks[0].supporting_agencies = [d.justice]
    planning.fan_out(tasks[1], d.communes[:2], d.coordinator)
    db.session.commit()
    return d, a


def _upload(browser, a, data: bytes, name="ke-hoach.xlsx"):
    return browser.post(f"/tham-dinh/{a.id}/ke-hoach/nhap-excel", {"file": (io.BytesIO(data), name)},
                        token_from=f"/tham-dinh/{a.id}/ke-hoach/nhap-excel")


def test_the_exported_plan_imports_back_as_the_same_tasks(app, make, login_as):
    d, a = _planned(make)
    browser = login_as(d.coordinator)
    before = report_document.plan_rows(a)
    exported = browser.get(f"/tham-dinh/{a.id}/ke-hoach.xlsx")
    assert exported.status_code == 200
    for task in db.session.scalars(sa.select(Task).where(Task.appraisal_id == a.id, Task.parent_id.is_(None))):
        planning.discard_draft(task, d.coordinator)
    db.session.commit()
    assert report_document.plan_rows(a) == []
    preview = _upload(browser, a, exported.data)
    assert preview.status_code == 200, re.findall(r"<li>(.*?)</li>", preview.get_data(as_text=True))[:5]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Task)) == 0  # nothing saved yet
    key = re.search(r'name="key" value="([0-9a-f]+)"', preview.get_data(as_text=True)).group(1)
    done = browser.post(f"/tham-dinh/{a.id}/ke-hoach/nhap-excel/xac-nhan", {"key": key},
                        token_from=f"/tham-dinh/{a.id}/ke-hoach/nhap-excel")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/tham-dinh/{a.id}/ke-hoach")
    db.session.expire_all()
    assert report_document.plan_rows(a) == before
    statuses = set(db.session.scalars(sa.select(Task.status)))
    assert statuses == {TaskStatus.DRAFT}
    again = browser.post(f"/tham-dinh/{a.id}/ke-hoach/nhap-excel/xac-nhan", {"key": key},
                         token_from=f"/tham-dinh/{a.id}/ke-hoach/nhap-excel")
    assert again.status_code == 302 and len(report_document.plan_rows(a)) == len(before)  # not twice


def _sheet(rows, header=("STT", "Lĩnh vực", "Tồn tại, hạn chế", "Nhiệm vụ, giải pháp", "Chủ trì", "Phối hợp",
                         "Thời gian hoàn thành", "Sản phẩm")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_preview_names_each_rows_problems_and_saves_nothing(app, make, login_as):
    d, a = _planned(make)
    browser = login_as(d.coordinator)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Task))
    later = (deadlines.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    data = _sheet([
        (1, "", "", "Rà soát quy chế", "Phòng Nộ vụ", "", later, ""),
        (2, "", "", "Cập nhật cổng", "Phòng Tư pháp", "Phòng Không Có", "31/02/2026", ""),
        (3, "", "", "Đúng hết", "Phòng Tư pháp", "Phòng Nội vụ", later, "Báo cáo"),
    ])
    response = _upload(browser, a, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Không tìm thấy cơ quan “Phòng Nộ vụ”; có phải: Phòng Nội vụ" in html
    assert "Không tìm thấy cơ quan “Phòng Không Có”" in html
    assert "“31/02/2026” không phải ngày hợp lệ" in html
    assert 'name="key"' not in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Task)) == before


def test_a_missing_column_or_a_non_excel_file_is_said_plainly(app, make, login_as):
    d, a = _planned(make)
    browser = login_as(d.coordinator)
    missing = _upload(browser, a, _sheet([(1, "Nhiệm vụ", "Phòng Nội vụ")], header=("STT", "Nhiệm vụ, giải pháp",
                                                                                      "Chủ trì", "Sản phẩm")))
    assert missing.status_code == 422 and "Thiếu cột bắt buộc: Thời gian hoàn thành" in missing.get_data(as_text=True)
    garbage = _upload(browser, a, b"not a workbook", "ke-hoach.xlsx")
    assert garbage.status_code == 422 and "Không đọc được tệp" in garbage.get_data(as_text=True)


def test_a_plan_cannot_ask_another_communes_office_to_support(app, make, login_as):
    """An office of another unit would see the task it supports: the preview refuses it, as the form does."""
    d, a = _planned(make)
    other = make.unit("UBND xã Khác Xa", "Xã Khác Xa")
    make.agency("Văn phòng HĐND và UBND xã Khác Xa", "VP Khác Xa", unit=other)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Task))
    later = (deadlines.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = _upload(login_as(d.coordinator), a, _sheet([
        (1, "", "", "Số hóa hồ sơ", "Phòng Tư pháp", "Văn phòng HĐND và UBND xã Khác Xa", later, "Báo cáo")]))
    assert response.status_code == 422
    assert "“Văn phòng HĐND và UBND xã Khác Xa” thuộc một đơn vị khác" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Task)) == before
