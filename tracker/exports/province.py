"""The province report as XLSX, CSV and JSON: one row per unit in the standard columns (and the DOCX's dispatch).

Rows and totals come from ``services.reports.province`` (the report's own SQL grouped by unit), so a unit's
numbers here are its own per-agency report's totals.
"""

import csv
import io
import json

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..services.reports.province import ProvinceReport, UnitRow
from .labels import COLUMN_LABELS, COMPLETION_LABEL, ON_TIME_LABEL, RATES_NOTE, neutralise
from .xlsx import BOLD, GRID, HEAD_FILL, LEFT, PLAIN, WRAP, _a4_landscape, _cell, _rate

TITLE = "Báo cáo tổng hợp kết quả khắc phục tồn tại, hạn chế sau thẩm định Chỉ số CCHC của các cơ quan, đơn vị"
UNIT_LABEL = _l("Đơn vị được đánh giá")
EXTRA_LABELS = [("year", _l("Năm thẩm định gần nhất")), ("score", _l("Điểm Chỉ số CCHC")),
                ("change", _l("Tăng (+), giảm (−) so với lần trước")), ("remedied", _l("Tồn tại đã khắc phục")),
                ("findings", _l("Tổng số tồn tại"))]
FIELD_LABELS = [_l("Lĩnh vực"), _l("Tồn tại chưa khắc phục"), _l("Tổng số tồn tại"),
                _l("Số đơn vị còn tồn tại chưa khắc phục")]


def build(fmt: str, report: ProvinceReport, settings: dict | None = None) -> bytes:
    if fmt == "json":
        return json.dumps(report_json(report), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "csv":
        return _csv(report)
    if fmt == "docx":
        from ..services.reports import province_document
        from . import docx_province

        return docx_province.render(report, settings or province_document.settings())
    return _xlsx(report)


def report_json(report: ProvinceReport) -> dict:
    """``{"as_of", "rows": [{"unit_id", "unit", "total", seven categories}], "totals": {...}}``: the rows add up."""
    return {
        "as_of": report.as_of.isoformat(),
        "rows": [{"unit_id": row.unit_id, "unit": row.name, **row.counts.as_dict()} for row in report.rows],
        "totals": report.totals.as_dict(),
    }


def _extras(row: UnitRow) -> list:
    return [row.year, None if row.score is None else float(row.score),
            None if row.change is None else float(row.change), row.remedied, row.findings]


def _csv(report: ProvinceReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Mã đơn vị"), str(UNIT_LABEL)] + [str(label) for _k, label in COLUMN_LABELS]
                    + [str(COMPLETION_LABEL), str(ON_TIME_LABEL)] + [str(label) for _k, label in EXTRA_LABELS])
    for row in report.rows:
        values = row.counts.as_dict()
        cells = [row.unit_id, neutralise(row.name)] + [values[key] for key, _label in COLUMN_LABELS]
        cells += [row.completion_rate, row.on_time_rate] + _extras(row)
        writer.writerow(["" if v is None else str(v) for v in cells])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _xlsx(report: ProvinceReport) -> bytes:
    wb = Workbook(write_only=True)
    _units_sheet(wb, report)
    _fields_sheet(wb, report)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _units_sheet(wb, report: ProvinceReport) -> None:
    ws = wb.create_sheet(_("Các đơn vị"))
    _a4_landscape(ws, "5:5")
    widths = [6, 46] + [12] * len(COLUMN_LABELS) + [13, 13] + [12] * len(EXTRA_LABELS)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C6"
    ws.append([_cell(ws, TITLE.upper(), Font(name="Times New Roman", bold=True, size=14))])
    ws.append([_cell(ws, _("Tính đến hết ngày %(d)s", d=report.as_of.strftime("%d/%m/%Y")),
                     Font(name="Times New Roman", italic=True, size=12))])
    ws.append([_cell(ws, str(RATES_NOTE), Font(name="Times New Roman", italic=True, size=11))])
    ws.append([])
    labels = [_("STT"), str(UNIT_LABEL)] + [str(label) for _k, label in COLUMN_LABELS]
    labels += [str(COMPLETION_LABEL), str(ON_TIME_LABEL)] + [str(label) for _k, label in EXTRA_LABELS]
    ws.row_dimensions[5].height = 62
    ws.append([_cell(ws, label, BOLD, WRAP, GRID, HEAD_FILL) for label in labels])
    for number, row in enumerate(report.rows, start=1):
        ws.append(_row(ws, number, row.name, row.counts, PLAIN, _extras(row)))
    ws.append(_row(ws, "", _("Tổng cộng"), report.totals, BOLD,
                   [None, None, None, report.remedied, report.findings]))


def _row(ws, number, name, counts, font, extras) -> list:
    values = counts.as_dict()
    cells = [_cell(ws, number, font, border=GRID), _cell(ws, neutralise(name), font, LEFT, GRID)]
    cells += [_cell(ws, values[key], font, border=GRID) for key, _label in COLUMN_LABELS]
    cells += [_rate(ws, counts.completion_rate, font), _rate(ws, counts.on_time_rate, font)]
    formats = [None, "0.00", "+0.00;-0.00;0.00", None, None]
    return cells + [_cell(ws, v, font, border=GRID, number_format=fmt) for v, fmt in zip(extras, formats, strict=True)]


def _fields_sheet(wb, report: ProvinceReport) -> None:
    ws = wb.create_sheet(_("Theo lĩnh vực"))
    _a4_landscape(ws, "1:1")
    for i, width in enumerate([60, 16, 16, 20], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([_cell(ws, str(label), BOLD, WRAP, GRID, HEAD_FILL) for label in FIELD_LABELS])
    for f in report.fields:
        name = f.name or _("Chưa gắn lĩnh vực")
        ws.append([_cell(ws, neutralise(name), PLAIN, LEFT, GRID), _cell(ws, f.open, PLAIN, border=GRID),
                   _cell(ws, f.findings, PLAIN, border=GRID), _cell(ws, f.units_open, PLAIN, border=GRID)])

