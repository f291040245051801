"""The report pages: the numbers, the links behind them, filters, officers' scope, the settings page."""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.services.report_cases import EXPECTED_NOI_VU, D, quarter
from tracker.extensions import db
from tracker.models import Appraisal, AuditEvent, Setting
from tracker.services import deadlines

ROW = re.compile(r'<tr data-agency-id="(\d+)">(.*?)</tr>', re.S)
TOTAL = re.compile(r'<tr class="total-row">(.*?)</tr>', re.S)
CELL = re.compile(r'<td class="num">(.*?)</td>', re.S)
HREF = re.compile(r'href="([^"]+)"')
COLUMNS = ["total", "done_on_time", "done_late", "open_in_time", "open_overdue", "no_deadline", "postponed",
           "cancelled"]


def _number(cell: str) -> int:
    text = re.sub(r"<[^>]+>", "", cell).strip()
    return 0 if text in ("", "—") else int(text.replace(".", ""))


def _cells(row_html: str) -> list[tuple[int, str | None]]:
    """(value, link) of the eight count cells of a report row (STT and the rates left out)."""
    found = CELL.findall(row_html)
    cells = found[1:9] if row_html.lstrip().startswith('<td class="num">') else found[:8]
    out = []
    for cell in cells:
        link = HREF.search(cell)
        out.append((_number(cell), html.unescape(link.group(1)) if link else None))
    return out


def _rows(page: str) -> dict[str, list[tuple[int, str | None]]]:
    rows = {agency_id: _cells(body) for agency_id, body in ROW.findall(page)}
    rows["total"] = _cells(TOTAL.search(page).group(1))
    return rows


def test_report_as_of_a_past_day_shows_the_state_then(make, login_as):
    q = quarter(make)
    web = login_as(make.leader())
    page = web.get(f"/bao-cao/?as_of={D.isoformat()}").get_data(as_text=True)
    assert "Tính đến hết ngày <strong>30/06/2024</strong>" in page
    rows = _rows(page)
    noi_vu = dict(zip(COLUMNS, [v for v, _link in rows[str(q.noi_vu.id)]], strict=True))
    assert noi_vu == {"total": 12, **EXPECTED_NOI_VU}
    assert [v for v, _l in rows["total"]] == [14, 4, 2, 3, 2, 1, 1, 1]
    assert "45,45" in page and "46,15" in page  # completion rates, Vietnamese decimals
    assert "Tỷ lệ hoàn thành = số đã hoàn thành ÷ (tổng số − số hủy)" in page
    overdue_link = rows[str(q.noi_vu.id)][4][1]
    assert parse_qs(urlsplit(overdue_link).query) == {"agency": [str(q.noi_vu.id)], "as_of": ["2024-06-30"],
                                                      "time": ["overdue"]}


@pytest.mark.parametrize("as_of", [D, D + timedelta(days=1), None], ids=["30-06", "01-07", "today"])
def test_every_number_opens_a_task_list_of_exactly_that_many_tasks(make, login_as, as_of):
    quarter(make)
    web = login_as(make.leader())
    page = web.get("/bao-cao/" + (f"?as_of={as_of.isoformat()}" if as_of else "")).get_data(as_text=True)
    checked = 0
    for name, cells in _rows(page).items():
        for column, (value, link) in zip(COLUMNS, cells, strict=True):
            if not value:
                continue
            assert link and link.startswith("/nhiem-vu/"), (name, column)
            listed = web.get(link).get_data(as_text=True)
            summary = re.search(r'class="list-summary[^"]*"[^>]*>\s*(\d+) nhiệm vụ', listed)
            assert summary and int(summary.group(1)) == value, (name, column, link)
            checked += 1
    assert checked >= 10


def test_supporting_view_links_to_the_agency_page_with_the_same_tasks(make, login_as):
    q = quarter(make)
    web = login_as(make.coordinator())
    page = web.get(f"/bao-cao/?as_of={D.isoformat()}&view=support").get_data(as_text=True)
    rows = _rows(page)
    value, link = rows[str(q.tu_phap.id)][4]  # overdue, as a supporting agency
    assert value == 1 and link.startswith(f"/bao-cao/co-quan/{q.tu_phap.id}?")
    agency_page = web.get(link).get_data(as_text=True)
    assert "Nhiệm vụ t15: theo dõi khắc phục" in agency_page and "Nhiệm vụ t16" not in agency_page
    assert "Quá hạn 10 ngày" in agency_page  # due 20/6, counted on 30/6
    assert rows["total"][0][1] is None  # participations of several agencies have no single list


def test_agency_page_lists_the_tasks_of_a_category(make, login_as):
    q = quarter(make)
    web = login_as(make.leader())
    page = web.get(f"/bao-cao/co-quan/{q.noi_vu.id}?as_of=2024-06-30&loai=done_late").get_data(as_text=True)
    assert "Nhiệm vụ t2: theo dõi khắc phục" in page and "Nhiệm vụ t4: theo dõi khắc phục" in page
    assert "Nhiệm vụ t3:" not in page and "Nhiệm vụ t1:" not in page
    everything = web.get(f"/bao-cao/co-quan/{q.noi_vu.id}?as_of=2024-06-30").get_data(as_text=True)
    assert everything.count('data-category="') == 12
    assert "Hạn đúng ngày báo cáo" in everything  # t1 and t14, due on 30/6 itself


def test_filters_and_their_mistakes(make, login_as):
    quarter(make)
    web = login_as(make.leader())
    future = (deadlines.today() + timedelta(days=3)).strftime("%d/%m/%Y")
    page = web.get(f"/bao-cao/?as_of={future}").get_data(as_text=True)
    assert "Ngày báo cáo không được sau hôm nay" in page
    assert f"Tính đến hết ngày <strong>{deadlines.today().strftime('%d/%m/%Y')}</strong>" in page
    page = web.get("/bao-cao/?as_of=30/06/2024&assigned_from=2024-07-02&assigned_to=2024-07-01").get_data(as_text=True)
    assert "“Giao đến ngày” phải từ “Giao từ ngày” trở đi" in page and "<strong>30/06/2024</strong>" in page
    page = web.get("/bao-cao/?as_of=30/06/2024&assigned_from=01/07/2024").get_data(as_text=True)
    assert "Không có nhiệm vụ nào đã giao khớp điều kiện" in page


def test_officer_reports_on_own_agency_only(make, login_as):
    q = quarter(make)
    officer = make.officer(q.gia_van)
    web = login_as(officer)
    page = web.get(f"/bao-cao/?as_of={D.isoformat()}").get_data(as_text=True)
    assert list(_rows(page)) == [str(q.gia_van.id), "total"]
    assert web.get(f"/bao-cao/co-quan/{q.gia_van.id}").status_code == 200
    assert web.get(f"/bao-cao/co-quan/{q.noi_vu.id}").status_code == 404
    assert web.get(f"/bao-cao/xuat?format=json&agency={q.noi_vu.id}").status_code == 404
    data = web.get(f"/bao-cao/xuat?format=json&as_of={D.isoformat()}").get_json(force=True)
    assert [r["agency"] for r in data["rows"]] == ["UBND xã Gia Vân"] and data["totals"]["total"] == 2
    sheet = web.get(f"/bao-cao/xuat?format=csv&as_of={D.isoformat()}").get_data(as_text=True)
    assert "Nhiệm vụ t15" in sheet and "Nhiệm vụ t1:" not in sheet
    assert web.get("/bao-cao/bao-cao.docx").status_code == 403
    framework = make.framework()
    appraisal = Appraisal(unit=q.gia_van, year=2023, framework=framework)
    db.session.add(appraisal)
    db.session.commit()
    assert web.get(f"/bao-cao/ke-hoach/{appraisal.id}").status_code == 403


def test_admin_edits_the_report_settings_and_the_document_uses_them(make, login_as):
    from io import BytesIO

    from docx import Document

    quarter(make)
    admin = login_as(make.admin())
    form = admin.get("/quan-tri/thiet-lap-bao-cao").get_data(as_text=True)
    assert "UBND HUYỆN GIA VIỄN" not in form or "report__issuing_body" in form
    emptied = admin.post("/quan-tri/thiet-lap-bao-cao", {}, token_from="/quan-tri/thiet-lap-bao-cao")
    assert emptied.status_code == 200 and "Vui lòng nhập trường này." in emptied.get_data(as_text=True)
    assert db.session.get(Setting, "report.issuing_body") is None
    values = {"report__parent_body": "UBND TỈNH NINH BÌNH", "report__issuing_body": "UBND HUYỆN NHO QUAN",
              "report__place": "Nho Quan", "report__number": "17", "report__number_suffix": "BC-UBND",
              "report__plan_suffix": "KH-UBND", "report__signer_mandate": "KT. CHỦ TỊCH",
              "report__signer_title": "PHÓ CHỦ TỊCH", "report__signer_name": "Nguyễn Văn An",
              "report__recipients": "Sở Nội vụ;\nLãnh đạo UBND huyện", "report__archive": "VT, NV"}
    saved = admin.post("/quan-tri/thiet-lap-bao-cao", values, token_from="/quan-tri/thiet-lap-bao-cao")
    assert saved.status_code == 302
    assert db.session.get(Setting, "report.issuing_body").value == "UBND HUYỆN NHO QUAN"
    assert db.session.execute(db.select(AuditEvent).filter_by(action="settings.update")).scalar_one()
    leader = login_as(make.leader())
    assert leader.get("/quan-tri/thiet-lap-bao-cao").status_code == 403
    doc = Document(BytesIO(leader.get(f"/bao-cao/bao-cao.docx?as_of={D.isoformat()}").data))
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for expected in ("UBND HUYỆN NHO QUAN", "Số: 17/BC-UBND", "Nho Quan, ngày", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                     "Nguyễn Văn An", "- Sở Nội vụ;", "- Lãnh đạo UBND huyện;", "- Lưu: VT, NV."):
        assert expected in text, expected
