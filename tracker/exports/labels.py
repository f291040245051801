"""Words shared by the report page and every export, so they read the same everywhere."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

CATEGORY_LABELS = {
    "done_on_time": _l("Hoàn thành đúng hạn"),
    "done_late": _l("Hoàn thành quá hạn"),
    "open_in_time": _l("Chưa hoàn thành, trong hạn"),
    "open_overdue": _l("Chưa hoàn thành, quá hạn"),
    "postponed": lazy_pgettext("status", "Tạm hoãn"),
    "cancelled": lazy_pgettext("status", "Hủy"),
    "no_deadline": _l("Không thời hạn"),
}
# The report table's columns after "STT" and "Cơ quan, đơn vị", as one header line each.
COLUMN_LABELS = [
    ("total", _l("Tổng số nhiệm vụ")),
    ("done_on_time", _l("Đã hoàn thành: đúng hạn")),
    ("done_late", _l("Đã hoàn thành: quá hạn")),
    ("open_in_time", _l("Chưa hoàn thành: trong hạn")),
    ("open_overdue", _l("Chưa hoàn thành: quá hạn")),
    ("no_deadline", _l("Chưa hoàn thành: không thời hạn")),
    ("postponed", lazy_pgettext("status", "Tạm hoãn")),
    ("cancelled", lazy_pgettext("status", "Hủy")),
]
COMPLETION_LABEL = _l("Tỷ lệ hoàn thành (%)")
ON_TIME_LABEL = _l("Tỷ lệ đúng hạn (%)")
RATES_NOTE = _l("Tỷ lệ hoàn thành = số đã hoàn thành ÷ (tổng số − số hủy) × 100; "
                "tỷ lệ đúng hạn = số hoàn thành đúng hạn ÷ số đã hoàn thành × 100.")
# The task sheet and the CSV: every column a user would filter on.
TASK_COLUMNS = [
    _l("Mã"), _l("Nhiệm vụ"), _l("Đợt thẩm định"), _l("Lĩnh vực"), _l("Tồn tại, hạn chế"), _l("Cơ quan chủ trì"),
    _l("Cơ quan phối hợp"), _l("Người phụ trách"), _l("Độ khẩn"), _l("Trạng thái"), _l("Tình trạng thời hạn"),
    _l("Ngày giao"), _l("Thời hạn ban đầu"), _l("Thời hạn áp dụng"), _l("Ngày hoàn thành"), _l("Tiến độ (%)"),
    _l("Sản phẩm"), _l("Điểm còn phải khắc phục"), _l("Điểm đã khắc phục"),
]
# Points of the criteria tasks aim at (services/reports/points.py), per agency and in total.
POINTS_LABELS = [("points_at_stake", _l("Điểm còn phải khắc phục")), ("points_covered", _l("Điểm đã khắc phục"))]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def label_words() -> dict:
    """Every label a task line shows, as plain text in the current language, resolved once per export.

    Resolving a lazy label costs a gettext lookup; ten thousand lines would pay it fifty thousand times.
    """
    from ..models import Priority, TaskStatus

    return {"priority": {p: str(p.label) for p in Priority}, "status": {s: str(s.label) for s in TaskStatus},
            "category": {k: str(v) for k, v in CATEGORY_LABELS.items()}}


def task_values(line, words: dict) -> list:
    """One task line as the sheet and the CSV show it: text neutralised, dates as dates."""
    return [
        line.id, neutralise(line.title), neutralise(line.appraisal), neutralise(line.field),
        neutralise(line.finding), neutralise(line.lead_agency), neutralise(line.supporting), neutralise(line.owner),
        words["priority"][line.priority], words["status"][line.status], words["category"][line.category],
        line.assigned_on, line.original_due, line.deadline, line.completed_on, line.progress,
        neutralise(line.expected_output), _points(line.points_at_stake), _points(line.points_covered),
    ]


def _points(value):
    """Points as a number a spreadsheet sums (a task aiming at no criterion leaves the cell empty)."""
    return None if value is None else float(value)
