"""Documents that print well: DOCX table rows never break across pages and their header repeats; an agency is
not named twice in one line; the XLSX task sheet prints landscape, one page wide, header repeated, text wrapped.

The LibreOffice renders (every page to PNG under test-artifacts/print/) are for a person to look at.
"""

import io
import re
import subprocess

import openpyxl
from docx import Document
from docx.oxml.ns import qn

from tests.exports.test_libreoffice import ARTIFACTS, _demo_report, _to_pdf, tools  # noqa: F401 (fixture)
from tracker import exports
from tracker.exports import docx_plan
from tracker.extensions import db
from tracker.models import Appraisal
from tracker.services import deadlines
from tracker.services.reports import document


def _plan_docx() -> bytes:
    appraisal = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    return docx_plan.render(appraisal, document.plan_rows(appraisal), document.settings(), deadlines.today())


def _grid_tables(doc):
    return [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]


def _flag(row, tag: str) -> bool:
    props = row._tr.trPr
    return props is not None and props.find(qn(tag)) is not None


def test_docx_rows_never_break_across_pages_and_headers_repeat(app):
    f = _demo_report()
    for name, data in (("report", exports.build("docx", f)), ("plan", _plan_docx())):
        tables = _grid_tables(Document(io.BytesIO(data)))
        assert tables, name
        for t in tables:
            assert all(_flag(row, "w:cantSplit") for row in t.rows), f"{name}: a row may break across pages"
            assert _flag(t.rows[0], "w:tblHeader"), f"{name}: the header row does not repeat"


def test_docx_report_names_a_communes_part_once(app):
    f = _demo_report()
    doc = Document(io.BytesIO(exports.build("docx", f)))
    text = "\n".join(p.text for p in doc.paragraphs)
    # Section III lists the longest overdue tasks: two are communes' parts of the fanned-out recommendation.
    assert "(UBND xã Gia Hưng; thời hạn" in text
    assert not re.search(r"— (UBND [^()\n]+?) \(\1;", text), text
    appendix = _grid_tables(doc)[-1]
    for row in appendix.rows[1:]:
        task, lead = row.cells[1].text, row.cells[3].text
        assert not task.endswith(f" — {lead}"), task


def test_xlsx_task_sheet_prints_one_page_wide_with_wrapped_text(app):
    f = _demo_report()
    book = openpyxl.load_workbook(io.BytesIO(exports.build("xlsx", f)))
    tasks = book["Nhiệm vụ"]
    last = tasks.max_row
    assert tasks.print_area in ([f"'Nhiệm vụ'!$A$1:$J${last}"], f"'Nhiệm vụ'!$A$1:$J${last}")
    setup = tasks.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == int(tasks.PAPERSIZE_A4)
    assert tasks.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert tasks.print_title_rows == "$1:$1"
    for row in (2, 3, last):  # the first task from openpyxl, the others written as XML (xlsx_rows)
        for cell in tasks[row]:
            assert cell.alignment.wrap_text and cell.border.left.style == "thin", (row, cell.coordinate)
        assert tasks.cell(row, 5).number_format == "dd/mm/yyyy"
    assert [c.value for c in tasks[1]][:3] == ["Mã", "Nhiệm vụ", "Cơ quan chủ trì"]
    printed = [tasks.column_dimensions[c].width for c in "ABCDEFGHIJ"]
    # Excel's width unit is about 1.9 mm of 11 pt text; 277 mm of A4 landscape at 80% or more keeps 9 pt.
    assert sum(printed) <= 180, "the printed columns would shrink the text below 9 pt"


def test_libreoffice_prints_the_fan_out_plan_report_and_task_sheet(app, tools, tmp_path):  # noqa: F811
    f = _demo_report()
    out = ARTIFACTS / "print"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in (("plan.docx", _plan_docx()), ("report.docx", exports.build("docx", f)),
                       ("report.xlsx", exports.build("xlsx", f))):
        source = tmp_path / name
        source.write_bytes(data)
        pdf, text = _to_pdf(source, tmp_path)
        flat = " ".join(text.split())
        if name == "report.docx":
            assert "UBND xã Gia Hưng (UBND xã Gia Hưng" not in flat
        stem = name.replace(".", "-")
        for old in out.glob(f"{stem}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(out / stem)], check=True, timeout=120)
        assert list(out.glob(f"{stem}-*.png"))
