"""The remediation plan's table as an Excel workbook, the layout ``services/tasks/plan_import.py`` reads back:
STT, Lĩnh vực, Tồn tại, hạn chế, Nhiệm vụ, giải pháp, Chủ trì, Phối hợp, Thời gian hoàn thành, Sản phẩm."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..models import Appraisal
from ..services.reports.document import PlanRow
from .labels import neutralise

HEADERS = ["STT", "Lĩnh vực", "Tồn tại, hạn chế", "Nhiệm vụ, giải pháp", "Chủ trì", "Phối hợp",
           "Thời gian hoàn thành", "Sản phẩm"]
WIDTHS = [6, 30, 45, 55, 30, 30, 16, 35]


def render(appraisal: Appraisal, rows: list[PlanRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kế hoạch"
    unit = appraisal.unit.name if appraisal.unit else ""
    sheet.append([f"Kế hoạch khắc phục tồn tại, hạn chế sau thẩm định Chỉ số CCHC năm {appraisal.year} — {unit}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for number, r in enumerate(rows, start=1):
        # Text cells are neutralised so a spreadsheet never runs a formula someone typed into a task.
        sheet.append([number, *(neutralise(v) for v in (r.field, r.finding, r.task, r.lead, r.support, r.due,
                                                        r.output))])
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
