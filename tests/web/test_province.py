"""The province pages: every unit ranked, drill-down to a unit's dashboard, the report as of a day and its exports;
province roles only, and nothing of it in a one-unit installation."""

import io
import json

import pytest
from openpyxl import load_workbook

from tests import province_world
from tests.province_world import EXPECTED_D, D
from tracker.services.reports import counting
from tracker.services.reports.counting import ReportFilter

PAGES = ["/toan-tinh/", "/toan-tinh/bao-cao", f"/toan-tinh/bao-cao?as_of={D.isoformat()}",
         "/toan-tinh/bao-cao/xuat?format=xlsx", "/toan-tinh/bao-cao/xuat?format=csv",
         "/toan-tinh/bao-cao/xuat?format=json", "/toan-tinh/bao-cao.docx"]


@pytest.fixture
def world(app, make):
    return province_world.build(make)


@pytest.mark.parametrize("who", ["province_leader", "province_coordinator"])
def test_province_roles_open_every_province_page(world, login_as, who):
    web = login_as(world.users[who])
    for path in PAGES:
        assert web.get(path).status_code == 200, path


@pytest.mark.parametrize("who", ["leader_a", "coordinator_a", "officer_a", "admin"])
def test_a_unit_and_the_admin_cannot_reach_the_province_pages(world, login_as, who):
    web = login_as(world.users[who])
    for path in PAGES:
        assert web.get(path).status_code == 403, path
    home = web.get("/tong-quan" if who != "admin" else "/quan-tri/").get_data(as_text=True)
    assert "/toan-tinh/" not in home and "Toàn tỉnh" not in home


def test_the_province_page_ranks_units_by_overdue_and_links_each_to_its_dashboard(world, login_as):
    web = login_as(world.users["province_leader"])
    html = web.get("/toan-tinh/").get_data(as_text=True)
    assert html.index("UBND xã Gia Hưng") < html.index("UBND phường Hoa Lư")
    assert f'/tong-quan?unit={world.a.id}"' in html
    assert 'href="/toan-tinh/"' in html  # the menu entry
    by_name = web.get("/toan-tinh/?sort=name").get_data(as_text=True)
    assert by_name.index("Sở Khoa học và Công nghệ") < by_name.index("UBND phường Hoa Lư")
    assert 'aria-sort="ascending"' in by_name
    board = web.get(f"/tong-quan?unit={world.a.id}").get_data(as_text=True)
    assert "Tổng quan — UBND xã Gia Hưng" in board and 'href="/toan-tinh/"' in board
    assert f"/bao-cao/?unit={world.a.id}" in board


def test_the_province_lands_on_the_province_page(world, login_as):
    web = login_as(world.users["province_coordinator"])
    assert web.get("/").headers["Location"].endswith("/toan-tinh/")


def test_the_report_as_of_a_day_and_its_exports_agree_with_each_units_own_report(world, login_as):
    web = login_as(world.users["province_coordinator"])
    q = f"as_of={D.isoformat()}"
    data = json.loads(web.get(f"/toan-tinh/bao-cao/xuat?format=json&{q}").get_data())
    assert data["as_of"] == D.isoformat()
    rows = {r["unit_id"]: r for r in data["rows"]}
    for key, unit in (("a", world.a), ("b", world.b), ("c", world.c)):
        row = {k: v for k, v in rows[unit.id].items() if k not in ("unit_id", "unit")}
        assert row == EXPECTED_D[key]
        own = json.loads(web.get(f"/bao-cao/xuat?format=json&unit={unit.id}&{q}").get_data())["totals"]
        assert row == {k: own[k] for k in row}
    assert data["totals"]["total"] == sum(r["total"] for r in data["rows"]) == 9
    csv_text = web.get(f"/toan-tinh/bao-cao/xuat?format=csv&{q}").get_data().decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 1 + 3
    assert f"{world.a.id},UBND xã Gia Hưng,6,1,1,0,2,1,0,1" in csv_text
    book = load_workbook(io.BytesIO(web.get(f"/toan-tinh/bao-cao/xuat?format=xlsx&{q}").get_data()))
    sheet = book.worksheets[0]
    total_row = [c.value for c in list(sheet.iter_rows(min_row=sheet.max_row, max_row=sheet.max_row))[0]]
    assert total_row[1] == "Tổng cộng" and total_row[2] == 9
    page = web.get(f"/toan-tinh/bao-cao?{q}").get_data(as_text=True)
    assert "30/06/2024" in page and f"/bao-cao/?unit={world.a.id}&amp;as_of=2024-06-30" in page
    own = counting.agency_report(ReportFilter(as_of=D, unit_id=world.a.id)).totals
    assert own.total == 6


def test_a_future_day_falls_back_to_today(world, login_as):
    web = login_as(world.users["province_leader"])
    html = web.get("/toan-tinh/bao-cao?as_of=2999-01-01").get_data(as_text=True)
    assert "không được sau hôm nay" in html


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_admin_chooses_who_issues_the_province_docx(world, login_as):
    province = login_as(world.users["province_leader"])
    text = _docx_text(province.get(f"/toan-tinh/bao-cao.docx?as_of={D.isoformat()}").get_data())
    assert "SỞ NỘI VỤ" in text and "UBND TỈNH NINH BÌNH" in text and "BC-SNV" in text and "GIÁM ĐỐC" in text
    assert "UBND xã Gia Hưng" in text and "Tính đến ngày 30/06/2024" in text
    admin = login_as(world.users["admin"])
    form = admin.get("/quan-tri/thiet-lap-bao-cao").get_data(as_text=True)
    assert "Báo cáo tổng hợp toàn tỉnh" in form
    values = {"report__issuing_body": "UBND HUYỆN GIA VIỄN", "report__place": "Gia Viễn",
              "report__number_suffix": "BC-UBND", "report__plan_suffix": "KH-UBND", "report__signer_title": "CHỦ TỊCH",
              "province__issuer": "committee", "province__name": "Hà Nam", "province__signer_name": "Nguyễn Văn A"}
    saved = admin.post("/quan-tri/thiet-lap-bao-cao", values, token_from="/quan-tri/thiet-lap-bao-cao")
    assert saved.status_code == 302
    text = _docx_text(province.get("/toan-tinh/bao-cao.docx").get_data())
    assert "ỦY BAN NHÂN DÂN TỈNH HÀ NAM" in text and "TM. ỦY BAN NHÂN DÂN" in text and "BC-UBND" in text
    assert "Nguyễn Văn A" in text and "Kính gửi: Bộ Nội vụ." in text and "SỞ NỘI VỤ" not in text


def test_a_one_unit_installation_shows_no_province_settings(app, make, login_as):
    make.agency("UBND xã Gia Hòa", "Xã Gia Hòa")
    form = login_as(make.admin()).get("/quan-tri/thiet-lap-bao-cao").get_data(as_text=True)
    assert "Báo cáo tổng hợp toàn tỉnh" not in form and "province__issuer" not in form


PROVINCE_PAGES = ["/toan-tinh/", "/toan-tinh/?sort=completion", f"/toan-tinh/bao-cao?as_of={D.isoformat()}",
                  "/toan-tinh/bao-cao/xuat?format=json", "/toan-tinh/bao-cao/xuat?format=xlsx",
                  "/toan-tinh/bao-cao.docx"]


def _statements(web) -> dict[str, int]:
    import sqlalchemy as sa

    from tracker.extensions import db

    counts = {}
    for path in PROVINCE_PAGES:
        seen = []

        def count(*args, seen=seen):
            seen.append(1)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert web.get(path).status_code == 200, path
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        counts[path] = len(seen)
    return counts


def test_province_pages_issue_as_many_statements_for_three_units_as_for_thirteen(world, make, login_as):
    from tracker.models import Appraisal, Finding, TaskStatus

    web = login_as(world.users["province_leader"])
    web.get("/toan-tinh/")  # the session's first request loads the user; count from the second on
    small = _statements(web)
    framework = make.framework()
    for n in range(10):
        unit = make.unit()
        office = make.agency(unit=unit)
        appraisal = Appraisal(unit=unit, year=2023, framework=framework, total_score=70 + n)
        finding = Finding(appraisal=appraisal, field=framework.fields[n % 3], text=f"Tồn tại {n}")
        make.task(office, status=TaskStatus.DONE, findings=[finding], commit=False)
        make.task(office, status=TaskStatus.IN_PROGRESS)
    assert _statements(web) == small


def test_a_province_without_units_says_so(app, make, login_as):
    html = login_as(make.province_coordinator()).get("/toan-tinh/").get_data(as_text=True)
    assert "Chưa có đơn vị được đánh giá nào" in html
