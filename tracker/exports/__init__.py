"""Report exports: XLSX, CSV, JSON, and the official DOCX documents; each takes data, returns bytes."""

from flask_babel import gettext as _

from ..services.reports import counting as reports
from ..services.reports import document as report_document
from ..services.reports import lines as report_tasks
from ..services.reports.counting import ReportFilter

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",  # Flask adds "; charset=utf-8" to text types
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TITLE = "Báo cáo kết quả khắc phục tồn tại, hạn chế sau thẩm định Chỉ số cải cách hành chính"


def build(fmt: str, f: ReportFilter) -> bytes:
    """The report of ``f`` in ``fmt`` (xlsx, csv, json, docx); the page and the CLI both come here."""
    from . import csv, docx_report, jsonfmt, xlsx

    if fmt == "json":
        return jsonfmt.render(reports.agency_report(f))
    if fmt == "csv":
        return csv.render(report_tasks.lines(f))
    if fmt == "docx":
        return docx_report.render(report_document.official_report(f))
    settings = report_document.settings(report_document.unit_of_filter(f))
    scope = report_document.describe(f)
    header = {"issuing_body": settings["report.issuing_body"], "title": TITLE.upper(),
              "as_of": _("Tính đến hết ngày %(d)s", d=f.as_of.strftime("%d/%m/%Y")),
              "scope": "; ".join(scope) if scope else _("Tất cả nhiệm vụ đã giao")}
    return xlsx.render(reports.agency_report(f), report_tasks.lines(f), header)


def filename(fmt: str, f: ReportFilter) -> str:
    """An ASCII name that sorts by date: bao-cao-khac-phuc_2024-06-30.xlsx."""
    suffix = f"_dot-{f.appraisal_id}" if f.appraisal_id else ""
    suffix += f"_co-quan-{f.agency_id}" if f.agency_id else ""
    return f"bao-cao-khac-phuc_{f.as_of.isoformat()}{suffix}.{fmt}"
