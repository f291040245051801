"""The report as an Excel workbook: the per-agency table, then every task in scope on a second sheet.

Written in openpyxl's write-only mode, which streams rows instead of keeping every cell object: the
10,000-task sheet stays within a few seconds and a small, flat amount of memory.
"""

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..services.reports.counting import Report
from . import xlsx_rows
from .labels import (
    COLUMN_LABELS,
    COMPLETION_LABEL,
    ON_TIME_LABEL,
    POINTS_LABELS,
    RATES_NOTE,
    TASK_COLUMNS,
    label_words,
    neutralise,
    task_values,
)

THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E7ECF1")
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
LEFT = Alignment(wrap_text=True, vertical="center")
DATE_FORMAT = "dd/mm/yyyy"
# The task sheet's columns (positions in TASK_COLUMNS): first the ten a printed list needs — what, who, by when,
# where it stands — which the print area covers, one A4 landscape page wide at a readable size; then the details
# (appraisal, field, shortcoming, owner, priority, dates assigned and first set, points) for the screen and filters.
SHEET_ORDER = [0, 1, 5, 6, 13, 14, 10, 9, 15, 16, 2, 3, 4, 7, 8, 11, 12, 17, 18]
PRINTED = 10
DATES = {11, 12, 13, 14}  # assigned, original deadline, deadline in force, completed
# Wide enough for a word, narrow enough for the printed part to fit the page; long texts wrap.
TASK_WIDTHS = [6, 50, 18, 18, 11, 11, 13, 12, 7, 24, 16, 16, 30, 14, 8, 11, 11, 9, 9]
BODY = Font(name="Times New Roman", size=11)
TOP_LEFT = Alignment(wrap_text=True, vertical="top")


def _cell(ws, value, font=PLAIN, align=None, border=None, fill=None, number_format=None):
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    if align is not None:
        cell.alignment = align
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _rate(ws, value, font):
    """A percentage stored as a number (0.4545) shown as a percent, so Excel can sum and sort it."""
    shown = None if value is None else float(value) / 100
    return _cell(ws, shown, font, border=GRID, number_format="0.00%")


def render(report: Report, lines: list, header: dict) -> bytes:
    """``header``: issuing body, title, as-of words and filter words for the sheet's top block."""
    wb = Workbook(write_only=True)
    _report_sheet(wb, report, header)
    words = label_words()
    _task_sheet(wb, lines[:1], len(lines), words)
    out = io.BytesIO()
    wb.save(out)
    # openpyxl wrote the task sheet's header and first row; the rest go in as XML (see xlsx_rows).
    rest = [_in_sheet_order(task_values(line, words)) for line in lines[1:]]
    return xlsx_rows.append_rows(out.getvalue(), "xl/worksheets/sheet2.xml", rest, 3, len(TASK_COLUMNS), "E",
                                 heights=[row_height(values) for values in rest])


def _in_sheet_order(values: list) -> list:
    return [values[i] for i in SHEET_ORDER]


def row_height(values: list, chars_per_unit: float = 1.35) -> float:
    """Points tall enough for the row's longest wrapped cell.

    Neither Excel nor LibreOffice grows a written row to fit wrapped text when it opens the file (wrapped lines
    print on top of the next row), so the height is estimated here: 11 pt Times New Roman sets about 1.4
    characters per unit of column width, 15 pt a line.
    """
    lines = 1
    for value, width in zip(values, TASK_WIDTHS, strict=True):
        if isinstance(value, str) and value:
            per_line = max(1, int(width * chars_per_unit) - 1)
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
    return 15.0 * lines + 2


def _a4_landscape(ws, title_rows: str) -> None:
    """Print on A4 landscape, one page wide, the header row repeated: Calc and Excel otherwise cut columns."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&P/&N"  # "2/5": a dropped page is missed


def _report_sheet(wb, report: Report, header: dict) -> None:
    ws = wb.create_sheet(_("Báo cáo"))
    _a4_landscape(ws, "7:7")
    widths = [6, 46] + [13] * len(COLUMN_LABELS) + [14, 14] + [14] * len(POINTS_LABELS)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    top = 7  # the header row; the rows above are the document's heading
    ws.freeze_panes = f"C{top + 1}"
    ws.append([_cell(ws, neutralise(header["issuing_body"]), BOLD)])
    ws.append([_cell(ws, neutralise(header["title"]), Font(name="Times New Roman", bold=True, size=14))])
    ws.append([_cell(ws, header["as_of"], Font(name="Times New Roman", italic=True, size=12))])
    ws.append([_cell(ws, neutralise(header["scope"]))])
    ws.append([_cell(ws, str(RATES_NOTE), Font(name="Times New Roman", italic=True, size=11))])
    ws.append([])
    labels = [_("STT"), _("Cơ quan, đơn vị")] + [str(label) for _k, label in COLUMN_LABELS]
    labels += [str(COMPLETION_LABEL), str(ON_TIME_LABEL)] + [str(label) for _k, label in POINTS_LABELS]
    ws.row_dimensions[top].height = 48
    ws.append([_cell(ws, label, BOLD, WRAP, GRID, HEAD_FILL) for label in labels])
    for number, row in enumerate(report.rows, start=1):
        ws.append(_counts_row(ws, number, row.agency_name, row.counts, PLAIN, row))
    ws.append(_counts_row(ws, "", _("Tổng cộng"), report.totals, BOLD, report))


def _counts_row(ws, number, name, counts, font, points) -> list:
    values = counts.as_dict()
    cells = [_cell(ws, number, font, border=GRID), _cell(ws, neutralise(name), font, LEFT, GRID)]
    cells += [_cell(ws, values[key], font, border=GRID) for key, _label in COLUMN_LABELS]
    cells += [_rate(ws, counts.completion_rate, font), _rate(ws, counts.on_time_rate, font)]
    return cells + [_cell(ws, float(getattr(points, key)), font, border=GRID, number_format="0.00")
                    for key, _label in POINTS_LABELS]


def _task_sheet(wb, first: list, count: int, words: dict) -> None:
    ws = wb.create_sheet(_("Nhiệm vụ"))
    _a4_landscape(ws, "1:1")
    for i, width in enumerate(TASK_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(TASK_COLUMNS))}{count + 1}"
    ws.print_area = f"A1:{get_column_letter(PRINTED)}{count + 1}"
    labels = [str(TASK_COLUMNS[i]) for i in SHEET_ORDER]
    ws.row_dimensions[1].height = row_height(labels, chars_per_unit=1.1)  # 12 pt bold
    ws.append([_cell(ws, label, BOLD, WRAP, GRID, HEAD_FILL) for label in labels])
    # The first task's cells set each column's style (wrapped, bordered, dates as dd/mm/yyyy); the other rows,
    # written as XML by xlsx_rows, take the style of the cell above them.
    for line in first:
        values = task_values(line, words)
        ws.row_dimensions[2].height = row_height(_in_sheet_order(values))
        ws.append([_cell(ws, values[i], BODY, TOP_LEFT, GRID, number_format=DATE_FORMAT if i in DATES else None)
                   for i in SHEET_ORDER])
