"""The export files themselves: layout, formats, formula neutralising, and the command line."""

import csv
import io
import json
from datetime import date

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tests.services.report_cases import D, history_task, quarter
from tracker import exports
from tracker.exports import docx_common
from tracker.models import Appraisal
from tracker.services.reports import document as report_document
from tracker.services.reports.counting import ReportFilter

HOSTILE = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+2", "-3+4", "@SUM(A1)", "\tTab", "\rCR"]


def test_issue_date_words_take_leading_zeros():
    words = docx_common.issue_date_words
    assert words("Gia Viễn", date(2022, 5, 6)) == "Gia Viễn, ngày 06 tháng 5 năm 2022"
    assert words("Gia Viễn", date(2024, 1, 9)) == "Gia Viễn, ngày 09 tháng 01 năm 2024"
    assert words("Gia Viễn", date(2024, 2, 15)) == "Gia Viễn, ngày 15 tháng 02 năm 2024"
    assert words("Gia Viễn", date(2024, 12, 31)) == "Gia Viễn, ngày 31 tháng 12 năm 2024"


def test_json_has_exactly_the_agreed_shape(make):
    quarter(make)
    data = json.loads(exports.build("json", ReportFilter(as_of=D)))
    assert list(data) == ["as_of", "rows", "totals"] and data["as_of"] == "2024-06-30"
    keys = ["agency", "total", "done_on_time", "done_late", "open_in_time", "open_overdue", "postponed", "cancelled",
            "no_deadline"]
    points = ["points_at_stake", "points_covered"]  # issue 14: the points of the criteria tasks aim at
    assert all(list(row) == keys + points for row in data["rows"])
    assert list(data["totals"]) == keys[1:] + points
    for row in data["rows"] + [data["totals"]]:
        assert row["total"] == sum(row[k] for k in keys[2:])
    for k in keys[1:]:
        assert data["totals"][k] == sum(row[k] for row in data["rows"])


def test_xlsx_layout_numbers_and_task_sheet(make):
    q = quarter(make)
    book = openpyxl.load_workbook(io.BytesIO(exports.build("xlsx", ReportFilter(as_of=D))))
    report, tasks = book.worksheets
    assert report.title == "Báo cáo" and tasks.title == "Nhiệm vụ"
    assert report["A1"].value == "UBND HUYỆN GIA VIỄN" and "BÁO CÁO KẾT QUẢ KHẮC PHỤC" in report["A2"].value
    assert report["A3"].value == "Tính đến hết ngày 30/06/2024"
    assert report.freeze_panes == "C8" and tasks.freeze_panes == "C2"
    assert report.column_dimensions["B"].width >= 40 and tasks.column_dimensions["B"].width >= 50
    header = [c.value for c in report[7]]
    assert header[:3] == ["STT", "Cơ quan, đơn vị", "Tổng số nhiệm vụ"] and header[-4] == "Tỷ lệ hoàn thành (%)"
    assert header[-2:] == ["Điểm còn phải khắc phục", "Điểm đã khắc phục"]
    noi_vu = [c for c in report[8]]
    assert noi_vu[1].value == q.noi_vu.name and [c.value for c in noi_vu[2:10]] == [12, 3, 2, 3, 1, 1, 1, 1]
    rate = noi_vu[10]
    assert rate.number_format == "0.00%" and rate.value == pytest.approx(0.4545)
    total = [c.value for c in report[10]]
    assert total[1] == "Tổng cộng" and total[2] == 14
    assert tasks.max_row == 1 + 14 and tasks.auto_filter.ref == "A1:S15"
    # Row 2 comes from openpyxl, the rest are written as XML (exports/xlsx_rows.py): both read the same.
    for row in (2, 3, 15):
        cells = [c for c in tasks[row]]
        assert isinstance(cells[0].value, int) and cells[1].value.startswith("Nhiệm vụ t")
        assert cells[15].number_format == "dd/mm/yyyy" and cells[15].value.date() == date(2024, 3, 1)  # assigned
    # The sheet puts what a printed list needs first (exports/xlsx.py SHEET_ORDER): lead, support, deadline,
    # completed, timeliness, status, progress, output; then the details.
    assert [c.value for c in tasks[1]][:10] == ["Mã", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                                "Thời hạn áp dụng", "Ngày hoàn thành", "Tình trạng thời hạn",
                                                "Trạng thái", "Tiến độ (%)", "Sản phẩm"]
    t7 = next(r for r in tasks.iter_rows(min_row=2) if r[1].value.startswith("Nhiệm vụ t7:"))
    assert t7[16].value.date() == date(2024, 6, 10) and t7[7].value == "Tạm hoãn"  # its status on 30/6
    assert t7[6].value == "Tạm hoãn" and t7[8].value == 0 and t7[5].value is None


def test_spreadsheets_neutralise_formulas(make):
    agency = make.agency(name="=cmd|' /C calc'!A0", short_name="Độc hại")
    for title in HOSTILE:
        history_task(agency, assigned=date(2024, 3, 1), due=date(2024, 12, 1), title=title)
    f = ReportFilter(as_of=D)
    book = openpyxl.load_workbook(io.BytesIO(exports.build("xlsx", f)))
    titles = {c.value for c in book["Nhiệm vụ"]["B"][1:]}
    assert titles == {"'" + t for t in HOSTILE}
    assert book["Báo cáo"]["B8"].value == "'=cmd|' /C calc'!A0" and book["Báo cáo"]["B8"].data_type == "s"
    assert all(c.data_type != "f" for row in book["Nhiệm vụ"].iter_rows() for c in row)
    rows = list(csv.reader(io.StringIO(exports.build("csv", f).decode("utf-8-sig"))))
    assert {r[1] for r in rows[1:]} == {"'" + t for t in HOSTILE}
    assert {r[5] for r in rows[1:]} == {"'=cmd|' /C calc'!A0"}


def test_csv_is_utf8_with_bom_one_row_per_task(make):
    quarter(make)
    data = exports.build("csv", ReportFilter(as_of=D))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã", "Nhiệm vụ", "Đợt thẩm định"] and len(rows) == 1 + 14
    t2 = next(r for r in rows if r[1].startswith("Nhiệm vụ t2:"))
    assert t2[5] == "Phòng Nội vụ" and t2[10] == "Hoàn thành quá hạn" and t2[13] == "31/05/2024"
    assert t2[14] == "10/06/2024"


def test_docx_report_in_the_official_layout(make):
    quarter(make)
    doc = Document(io.BytesIO(exports.build("docx", ReportFilter(as_of=D))))
    first, appendix = doc.sections
    # Word stores twips: compare in whole millimetres.
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (first.top_margin, first.bottom_margin, first.left_margin,
                                  first.right_margin)] == [20, 20, 30, 15]
    assert first.different_first_page_header_footer and not first.first_page_header.paragraphs[0].text
    assert "PAGE" in first.header._element.xml
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and appendix.header.is_linked_to_previous
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 14
    header = doc.tables[0]
    assert header._tbl.tblPr.find(qn("w:tblBorders")) is None  # the header blocks carry no borders
    left, right = (c.text for c in header.rows[0].cells)
    assert "UBND TỈNH NINH BÌNH" in left and "UBND HUYỆN GIA VIỄN" in left and "/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    place = [p for p in header.rows[0].cells[1].paragraphs if "ngày" in p.text][0]
    assert place.runs[0].italic and place.text.startswith("Gia Viễn, ngày ")
    body = "\n".join(p.text for p in doc.paragraphs)
    for heading in ("BÁO CÁO", "I. KẾT QUẢ THẨM ĐỊNH", "II. KẾT QUẢ KHẮC PHỤC", "III. NHỮNG TỒN TẠI",
                    "IV. ĐỀ XUẤT, KIẾN NGHỊ", "PHỤ LỤC"):
        assert heading in body, heading
    assert "Tính đến ngày 30/06/2024" in body
    closing = doc.tables[-2]
    assert "Nơi nhận:" in closing.rows[0].cells[0].text and "TM. ỦY BAN NHÂN DÂN" in closing.rows[0].cells[1].text
    appendix_table = doc.tables[-1]
    assert len(appendix_table.rows) == 1 + 14


def test_plan_docx_has_the_plan_table(make):
    from tracker.exports import docx_plan

    framework = make.framework()
    agency = make.agency("Phòng Nội vụ", "Phòng NV")
    appraisal = Appraisal(unit=agency, year=2021, framework=framework)
    from tracker.extensions import db

    db.session.add(appraisal)
    db.session.commit()
    history_task(agency, assigned=date(2024, 3, 1), due=date(2024, 9, 30), title="Xây dựng kế hoạch đào tạo",
                 appraisal_id=appraisal.id, field_id=framework.fields[4].id, expected_output="Kế hoạch năm 2024")
    data = docx_plan.render(appraisal, report_document.plan_rows(appraisal), report_document.settings(), D)
    doc = Document(io.BytesIO(data))
    assert "KẾ HOẠCH" in "\n".join(p.text for p in doc.paragraphs)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Lĩnh vực", "Tồn tại, hạn chế", "Nhiệm vụ, giải pháp",
                                                     "Chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
    row = [c.text for c in table.rows[1].cells]
    assert row[3] == "Xây dựng kế hoạch đào tạo" and row[4] == "Phòng Nội vụ" and row[6] == "30/09/2024"
    assert row[7] == "Kế hoạch năm 2024" and "KH-UBND" in doc.tables[0].rows[0].cells[0].text


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx", "json"])
def test_export_report_command(app, make, tmp_path, fmt):
    quarter(make)
    out = tmp_path / f"bao-cao.{fmt}"
    result = app.test_cli_runner().invoke(args=["tracker", "export-report", "--as-of", "2024-06-30", "--format", fmt,
                                                "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "30/06/2024" in result.output and out.stat().st_size > 0
    if fmt == "json":
        assert json.loads(out.read_text("utf-8"))["totals"]["total"] == 14


def test_export_report_command_refuses_bad_input(app, make, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "x.json"
    unknown = runner.invoke(args=["tracker", "export-report", "--as-of", "2024-06-30", "--format", "json", "-o",
                                  str(out), "--appraisal", "999"])
    assert unknown.exit_code == 2 and "Không có đợt thẩm định" in unknown.output and not out.exists()
    future = runner.invoke(args=["tracker", "export-report", "--as-of", "2999-01-01", "--format", "json", "-o",
                                 str(out)])
    assert future.exit_code == 2 and not out.exists()
    bad = runner.invoke(args=["tracker", "export-report", "--as-of", "30/06/2024", "--format", "json", "-o", str(out)])
    assert bad.exit_code == 2
