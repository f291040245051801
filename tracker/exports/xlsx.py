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
TASK_WIDTHS = [8, 60, 26, 36, 45, 32, 32, 24, 10, 20, 26, 12, 12, 12, 12, 10, 45, 13, 13]


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
    rest = [task_values(line, words) for line in lines[1:]]
    return xlsx_rows.append_rows(out.getvalue(), "xl/worksheets/sheet2.xml", rest, 3, len(TASK_COLUMNS), "L")


def _a4_landscape(ws, title_rows: str) -> None:
    """Print on A4 landscape, one page wide, the header row repeated: Calc and Excel otherwise cut columns."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4


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
    ws.append([_cell(ws, str(label), BOLD, WRAP, GRID, HEAD_FILL) for label in TASK_COLUMNS])
    for line in first:
        values = task_values(line, words)
        for i in (11, 12, 13, 14):  # assigned, original deadline, deadline in force, completed
            values[i] = _cell(ws, values[i], number_format=DATE_FORMAT)
        ws.append(values)
