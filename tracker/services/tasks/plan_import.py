"""The remediation plan from Excel: read a workbook in the layout the app exports (``exports/xlsx_plan.py``),
check every row in words a coordinator reads, and, once they confirm, make each row a draft task of the plan.

Nothing is saved by ``preview``: the confirmation checks the same rows again and saves all of them or none.
A row whose lead reads "UBND các xã, phường, thị trấn (3): A; B; C" (a group, as the export writes it) becomes a
task fanned out to those agencies.
"""

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from openpyxl import load_workbook

from ...extensions import db
from ...models import Agency, Appraisal, Finding, Task, User
from ...permissions import may_support
from ...textutil import fold, nfc
from .. import deadlines
from ..errors import ServiceError
from . import planning
from .search import parse_date

KEYS = ("no", "field", "finding", "task", "lead", "support", "due", "output")
# Header words (folded) that name each column, the export's own first.
ALIASES = {
    "no": ("stt", "so thu tu", "tt"),
    "field": ("linh vuc",),
    "finding": ("ton tai, han che", "ton tai", "ton tai han che"),
    "task": ("nhiem vu, giai phap", "nhiem vu", "nhiem vu giai phap"),
    "lead": ("chu tri", "co quan chu tri", "don vi chu tri"),
    "support": ("phoi hop", "co quan phoi hop", "don vi phoi hop"),
    "due": ("thoi gian hoan thanh", "thoi han", "han hoan thanh"),
    "output": ("san pham", "san pham dau ra"),
}
REQUIRED = ("task", "lead", "due")
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
GROUP = re.compile(r"^\s*(?P<label>[^():]+)\((?P<n>\d+)\)\s*:\s*(?P<names>.+)$", re.S)
FORMULA_STARTS = ("=", "+", "-", "@")


class PlanImportError(ServiceError):
    """The workbook cannot be read at all (not XLSX, no header row, a required column missing)."""


@dataclass
class Line:
    """One row of the sheet, read and checked."""

    number: int  # the row's number in the sheet, as Excel shows it
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lead: Agency | None = None
    parts: list[Agency] = field(default_factory=list)  # a group's agencies
    support: list[Agency] = field(default_factory=list)
    field_obj: object = None
    findings: list[Finding] = field(default_factory=list)
    due: date | None = None


@dataclass
class Preview:
    lines: list[Line]
    missing: list[str] = field(default_factory=list)  # optional columns the sheet lacks

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not any(line.problems for line in self.lines)

    @property
    def problem_count(self) -> int:
        return sum(1 for line in self.lines if line.problems)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value)).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]  # the export's guard against formulas, taken off again
    return text


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The sheet's rows under its header, as (row number, {column key: text}); raises on an unreadable sheet."""
    if len(data) > MAX_BYTES:
        raise PlanImportError(_("Tệp lớn quá %(n)d MB.", n=MAX_BYTES // (1024 * 1024)))
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
        raise PlanImportError(_("Không đọc được tệp: hãy chọn tệp Excel (.xlsx) theo mẫu kế hoạch xuất từ hệ thống."))\
            from None
    wanted = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
    header, columns = None, {}
    for index, row in enumerate(rows[:20]):
        columns = {}
        for position, cell in enumerate(row):
            key = wanted.get(fold(_text(cell)).strip(" .:"))
            if key and key not in columns:
                columns[key] = position
        if len(columns) >= 3:
            header = index
            break
    if header is None:
        raise PlanImportError(_("Không tìm thấy dòng tiêu đề (STT, Lĩnh vực, Tồn tại, hạn chế, Nhiệm vụ, giải pháp, "
                                "Chủ trì, Phối hợp, Thời gian hoàn thành, Sản phẩm) trong 20 dòng đầu."))
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise PlanImportError(_("Thiếu cột bắt buộc: %(c)s.", c=", ".join(column_label(k) for k in missing)))
    out = []
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        values = {key: _text(row[pos]) if pos < len(row) else "" for key, pos in columns.items()}
        if not any(v for k, v in values.items() if k != "no"):
            continue
        out.append((number, values))
        if len(out) > MAX_ROWS:
            raise PlanImportError(_("Tệp có quá %(n)d dòng nhiệm vụ.", n=MAX_ROWS))
    return out


def column_label(key: str) -> str:
    return {"no": _("STT"), "field": _("Lĩnh vực"), "finding": _("Tồn tại, hạn chế"),
            "task": _("Nhiệm vụ, giải pháp"), "lead": _("Chủ trì"), "support": _("Phối hợp"),
            "due": _("Thời gian hoàn thành"), "output": _("Sản phẩm")}[key]


class _Names:
    """Agencies found by name or short name, case and diacritics ignored; the closest names for a typo."""

    def __init__(self, agencies: list[Agency]):
        self.by_key: dict[str, Agency] = {}
        for agency in agencies:
            self.by_key.setdefault(fold(agency.name).strip(), agency)
            self.by_key.setdefault(fold(agency.short_name).strip(), agency)
        self.names = {fold(a.name).strip(): a.name for a in agencies}

    def find(self, text: str) -> Agency | None:
        return self.by_key.get(fold(text).strip())

    def closest(self, text: str) -> list[str]:
        keys = difflib.get_close_matches(fold(text).strip(), list(self.names), n=3, cutoff=0.5)
        return [self.names[k] for k in keys]


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]


def preview(appraisal: Appraisal, rows: list[tuple[int, dict[str, str]]]) -> Preview:
    """Check every row against the appraisal's unit, framework and findings; saves nothing."""
    unit_id = appraisal.unit.unit_id if appraisal.unit else None
    active = list(db.session.scalars(sa.select(Agency).where(Agency.is_active)))
    leads = _Names([a for a in active if a.unit_id == unit_id])
    anyone = _Names(active)
    fields = {fold(f.name).strip(): f for f in appraisal.framework.fields}
    fields.update({fold(f"{f.code}. {f.name}").strip(): f for f in appraisal.framework.fields})
    findings = {fold(f.text).strip(): f for f in appraisal.findings}
    today = deadlines.today()
    lines = []
    for number, values in rows:
        line = Line(number, values)
        if not values.get("task"):
            line.problems.append(_("Thiếu tên nhiệm vụ, giải pháp."))
        _read_lead(line, values.get("lead", ""), leads)
        for name in _split(values.get("support", "")):
            agency = anyone.find(name)
            if agency is None:
                line.problems.append(_unknown(name, anyone.closest(name)))
            elif not may_support(agency, unit_id):
                line.problems.append(_("“%(a)s” thuộc một đơn vị khác, không phối hợp được: chỉ cơ quan của đơn vị, "
                                       "cơ quan cấp tỉnh và các sở, ban, ngành phối hợp được.", a=agency.name))
            elif agency not in line.support:
                line.support.append(agency)
        due = values.get("due", "").removeprefix("đến").strip()
        if due:
            line.due = parse_date(due)
            if line.due is None:
                line.problems.append(_("Thời gian hoàn thành “%(v)s” không phải ngày hợp lệ (ngày/tháng/năm, ví dụ "
                                       "30/06/2026).", v=due[:40]))
            elif line.due < today:
                line.problems.append(_("Thời gian hoàn thành %(d)s đã qua.", d=line.due.strftime("%d/%m/%Y")))
        if values.get("field"):
            line.field_obj = fields.get(fold(values["field"]).strip())
            if line.field_obj is None:
                close = difflib.get_close_matches(fold(values["field"]), list(fields), n=1, cutoff=0.5)
                line.problems.append(_("Không có lĩnh vực “%(v)s” trong bộ chỉ số %(y)s%(hint)s.",
                                       v=values["field"][:80], y=appraisal.framework.year,
                                       hint=_("; gần nhất: %(n)s", n=fields[close[0]].name) if close else ""))
        _read_findings(line, values.get("finding", ""), findings)
        lines.append(line)
    return Preview(lines, [column_label(k) for k in KEYS if rows and k not in rows[0][1]])


def _unknown(name: str, closest: list[str]) -> str:
    if closest:
        return _("Không tìm thấy cơ quan “%(v)s”; có phải: %(c)s?", v=name[:80], c="; ".join(closest))
    return _("Không tìm thấy cơ quan “%(v)s”.", v=name[:80])


def _read_lead(line: Line, text: str, leads: _Names) -> None:
    if not text:
        line.notes.append(_("Chưa có cơ quan chủ trì: nhiệm vụ dự thảo chờ chọn."))
        return
    group = GROUP.match(text)
    if group and leads.find(text) is None:
        for name in _split(group.group("names")):
            agency = leads.find(name)
            if agency is None:
                line.problems.append(_unknown(name, leads.closest(name)))
            elif agency not in line.parts:
                line.parts.append(agency)
        return
    line.lead = leads.find(text)
    if line.lead is None:
        line.problems.append(_unknown(text, leads.closest(text)))


def _read_findings(line: Line, text: str, findings: dict[str, Finding]) -> None:
    if not text:
        return
    whole = findings.get(fold(text).strip())
    if whole is not None:
        line.findings = [whole]
        return
    unmatched = []
    for piece in [p.strip() for p in text.split("; ") if p.strip()]:
        found = findings.get(fold(piece).strip())
        if found is not None and found not in line.findings:
            line.findings.append(found)
        elif found is None:
            unmatched.append(piece)
    if unmatched:
        # Kept with the task in the plan's own language (data, not a label of the screen).
        line.notes.append(_("Tồn tại không có trong kết luận thẩm định; được ghi vào nội dung nhiệm vụ."))
        line.values["unmatched_finding"] = "; ".join(unmatched)


def save(appraisal: Appraisal, checked: Preview, actor: User) -> list[Task]:
    """Every row as a draft task of the plan (a group row fanned out); all of them or none."""
    if not checked.ok:
        raise PlanImportError(_("Còn dòng có lỗi; chưa lưu nhiệm vụ nào."))
    made = []
    for line in checked.lines:
        v = line.values
        extra = v.get("unmatched_finding")
        made.append(planning.build_task(
            actor, title=v["task"], expected_output=v.get("output", ""), appraisal=appraisal,
            lead_agency=line.lead, supporting_agencies=line.support, due_date=line.due, field=line.field_obj,
            findings=line.findings, description=f"Tồn tại, hạn chế: {extra}" if extra else ""))
    # One flush for every row (the database takes them in a few batched statements), then their audit events.
    db.session.add_all(made)
    db.session.flush()
    for task, line in zip(made, checked.lines, strict=True):
        planning.record_created(task, actor)
        if line.parts:
            planning.fan_out(task, line.parts, actor)
    return made
