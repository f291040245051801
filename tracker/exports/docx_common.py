"""Building blocks of an administrative document in the Nghị định 30/2020/NĐ-CP layout (Phụ lục I).

A4, margins 20/20/30/15 mm, Times New Roman 14 pt; the two header blocks side by side in a borderless
table; the type and subject centred in bold; "Nơi nhận" and the signature block side by side at the end;
page numbers centred at the top from page 2; wide tables in a landscape section.
"""

import copy
import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
TEXT_WIDTH = Mm(165)  # 210 mm less the 30 and 15 mm margins
WIDE_TEXT_WIDTH = Mm(257)  # landscape: 297 mm less 20 and 20 mm
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def issue_date_words(place: str, day: date) -> str:
    """"Gia Viễn, ngày 06 tháng 5 năm 2022": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    # Word picks the font per script: name it for all of them, or Vietnamese letters fall back to another font.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    _page_numbers(section)
    return doc


def _page_numbers(section) -> None:
    """The page number centred in the header, from page 2 (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text is not None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = "2"
        run._r.append(element)
    run.font.size = Pt(13)


def para(container, text: str = "", *, size: float = 14, bold=False, italic=False, align=JUSTIFY,
         indent: bool = False, before: float = 0, after: float = 6, caps: bool = False):
    """A paragraph of one run; ``indent`` gives the body's 1.27 cm first-line indent."""
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = p.add_run(text.upper() if caps else text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return p


def rule(container, indent_cm: float) -> None:
    """A short horizontal line under a heading: an empty 1-pt paragraph with a bottom border."""
    p = para(container, align=CENTER, after=0)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(indent_cm)
    p.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # OOXML fixes the order of a paragraph's properties; Word refuses a pBdr placed after them.
    p._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDER)


def side_by_side(doc, widths: tuple[int, int]):
    """A borderless one-row, two-cell table (header blocks, signature): returns the two cells."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return left, right


def header_blocks(doc, settings: dict, suffix: str, issued_on: date) -> None:
    """Issuing body and number on the left; the national motto and the place and date on the right."""
    left, right = side_by_side(doc, (Mm(62), Mm(103)))
    if settings["report.parent_body"]:  # a provincial People's Committee has no parent body line
        para(left, settings["report.parent_body"], size=13, align=CENTER, after=0, caps=True)
    para(left, settings["report.issuing_body"], size=13, bold=True, align=CENTER, after=0, caps=True)
    rule(left, 2.0)
    number = settings["report.number"] or "\u00a0" * 6
    para(left, f"Số: {number}/{suffix}", size=13, align=CENTER, before=6, after=0)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=0)
    rule(right, 2.6)
    para(right, issue_date_words(settings["report.place"], issued_on), size=14, italic=True, align=CENTER,
         before=6, after=0)


def title(doc, kind: str, subject: str) -> None:
    para(doc, kind, size=14, bold=True, align=CENTER, before=18, after=0, caps=True)
    para(doc, subject, size=14, bold=True, align=CENTER, after=0)
    rule(doc, 6.5)
    para(doc, after=6)


def heading(doc, text: str) -> None:
    para(doc, text, size=14, bold=True, indent=True, before=6, caps=True)


def closing(doc, settings: dict) -> None:
    """"Nơi nhận" on the left (12 pt title, 11 pt lines, ending "- Lưu: …"); the signer on the right."""
    left, right = side_by_side(doc, (Mm(80), Mm(85)))
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, before=6, after=0)
    recipients = [r.strip().rstrip(";").strip() for r in settings["report.recipients"].splitlines() if r.strip()]
    for r in recipients:
        para(left, f"- {r};", size=11, align=LEFT, after=0)
    para(left, f"- Lưu: {settings['report.archive']}.", size=11, align=LEFT, after=0)
    if settings["report.signer_mandate"]:  # a director signs in their own name: no "TM." line
        para(right, settings["report.signer_mandate"], size=14, bold=True, align=CENTER, before=6, after=0, caps=True)
    para(right, settings["report.signer_title"], size=14, bold=True, align=CENTER, after=0, caps=True,
         before=0 if settings["report.signer_mandate"] else 6)
    for _ in range(4):
        para(right, align=CENTER, after=0)
    para(right, settings["report.signer_name"], size=14, bold=True, align=CENTER, after=0)


def landscape_section(doc):
    """A new page turned sideways for a wide table; its header keeps the page number."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.different_first_page_header_footer = False
    return section


def table(doc, headers: list[str], rows, widths: list, *, size: float = 12, numeric: set[int] = frozenset(),
          bold_last: bool = False, groups: tuple[tuple[str, int, int], ...] = ()):
    """A bordered table whose header repeats on every page and whose rows never break across pages (a row
    split over a page break leaves a fragment nobody reads as one line); ``groups`` (label, first column, span)
    adds a header row above the columns it groups ("Đã hoàn thành" over "Đúng hạn" and "Quá hạn").

    Rows are cloned from one formatted template row at the XML level: building cells through
    python-docx objects takes seconds per thousand rows, cloning takes milliseconds.
    """
    heads = 2 if groups else 1
    t = doc.add_table(rows=heads + 1, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _narrow_margins(t)
    for i, width in enumerate(widths):
        t.columns[i].width = width
        for cell in t.columns[i].cells:
            cell.width = width
    for row in t.rows:  # the header rows and the template every body row is cloned from
        _set_row_flag(row, "w:cantSplit")
    for row in t.rows[:heads]:
        _set_row_flag(row, "w:tblHeader")
    grouped = {c for _label, first, span in groups for c in range(first, first + span)}
    for i, text in enumerate(headers):
        if i in grouped:
            _fill(t.rows[1].cells[i], text, size, bold=True, align=CENTER)
        else:
            cell = t.rows[0].cells[i].merge(t.rows[heads - 1].cells[i]) if heads == 2 else t.rows[0].cells[i]
            _fill(cell, text, size, bold=True, align=CENTER)
    for label, first, span in groups:
        _fill(t.rows[0].cells[first].merge(t.rows[0].cells[first + span - 1]), label, size, bold=True, align=CENTER)
    template = t.rows[heads]
    for i in range(len(headers)):
        _fill(template.cells[i], "\u200b", size, align=CENTER if i in numeric else LEFT)
    tr = template._tr
    body = tr.getparent()
    body.remove(tr)
    rows = list(rows)
    for n, values in enumerate(rows):
        clone = copy.deepcopy(tr)
        for cell_t, value in zip(clone.iter(qn("w:t")), values, strict=True):
            cell_t.text = "" if value is None else str(value)
        if bold_last and n == len(rows) - 1:
            for rpr in clone.iter(qn("w:rPr")):
                rpr.insert(0, OxmlElement("w:b"))  # w:b precedes w:sz in a run's properties
        body.append(clone)
    return t


def _set_row_flag(row, tag: str) -> None:
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _narrow_margins(t) -> None:
    """1 mm cell padding instead of 1.9 mm: narrow number columns keep "Tổng số" on whole words."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), "57")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    t._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _fill(cell, text: str, size: float, bold: bool = False, align=LEFT) -> None:
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = Cm(0)
    run = p.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
