"""A framework imported from the XLSX a province publishes: code (mã / STT), name, maximum points, how scored.

Two numberings are read, as provinces publish both: dotted codes ("1" a field, "1.2" a criterion, "1.2.3" a
sub-criterion), or Roman numerals for fields with criteria numbered under each ("I", then "1", "1.1"). A preview
lists every row with its level and its problems; nothing is saved until the admin confirms, and then all rows or
none (the same checks as editing the tree by hand).
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import load_workbook

from ...extensions import db
from ...models import Criterion, Field, Framework, User
from ...textutil import fold, nfc
from .. import audit
from ..errors import ServiceError
from . import frameworks
from .criteria import save_criterion
from .records import parse_points, points

MAX_ROWS = 2000
ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
DOTTED = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}\.?$")
HEADERS = {"code": ("ma", "stt", "ma so", "ma tieu chi"), "name": ("linh vuc", "tieu chi", "noi dung", "ten"),
           "max": ("diem toi da", "diem chuan", "toi da"), "note": ("cach cham", "ghi chu", "huong dan")}
LEVELS = {0: "field", 1: "criterion", 2: "sub"}


@dataclass
class Row:
    line: int
    level: str  # "field", "criterion", "sub"
    code: str
    name: str
    max_points: Decimal | None
    note: str = ""
    parent_code: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row]
    problems: list[str]  # about the file as a whole

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.problems for r in self.rows) and bool(self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {level: sum(1 for r in self.rows if r.level == level) for level in ("field", "criterion", "sub")}


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _columns(header: list) -> dict[str, int]:
    found = {}
    for i, cell in enumerate(header):
        text = fold(str(cell or "")).strip()
        for key, words in HEADERS.items():
            if key not in found and any(text == w or text.startswith(w) for w in words):
                found[key] = i
    return found


def read_rows(data: bytes) -> Preview:
    """Parse the workbook's first sheet into rows with their levels and problems (no database writes)."""
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return Preview([], [_("Tệp không đọc được: hãy tải lên tệp Excel (.xlsx).")])
    rows = list(sheet.iter_rows(values_only=True))
    start = next((i for i, r in enumerate(rows[:20]) if {"code", "name", "max"} <= set(_columns(list(r)))), None)
    if start is None:
        return Preview([], [_("Không thấy dòng tiêu đề có các cột “Mã” (hoặc “STT”), “Lĩnh vực, tiêu chí”, "
                              "“Điểm tối đa” trong 20 dòng đầu.")])
    cols = _columns(list(rows[start]))
    parsed: list[Row] = []
    roman_field: int | None = None
    for offset, values in enumerate(rows[start + 1:], start=start + 2):
        if len(parsed) >= MAX_ROWS:
            return Preview(parsed, [_("Tệp có quá %(n)d dòng.", n=MAX_ROWS)])

        def cell(key, _values=values):
            i = cols.get(key)
            return "" if i is None or i >= len(_values) or _values[i] is None else nfc(str(_values[i]).strip())

        code_raw, name = cell("code"), cell("name")
        if not code_raw and not name:
            continue
        row = Row(line=offset, level="criterion", code="", name=name, max_points=None, note=cell("note"))
        code = code_raw.upper().rstrip(".")
        if ROMAN.match(code):
            roman_field = _roman_value(code)
            row.level, row.code = "field", f"LV{roman_field}"
        elif DOTTED.match(code_raw):
            parts = code_raw.rstrip(".").split(".")
            if roman_field is not None:
                parts = [str(roman_field), *parts]
            row.level = LEVELS.get(len(parts) - 1, "sub")
            row.code = f"LV{parts[0]}" if row.level == "field" else ".".join(parts)
            if len(parts) > 3:
                row.problems.append(_("Mã “%(c)s” có quá ba cấp (lĩnh vực, tiêu chí, tiêu chí thành phần).",
                                      c=code_raw))
            row.parent_code = (f"LV{parts[0]}" if row.level == "criterion" else ".".join(parts[:2])
                               if row.level == "sub" else None)
        else:
            row.problems.append(_("Mã “%(c)s” không đọc được (ví dụ: I, 1, 1.2, 1.2.3).", c=code_raw or "—"))
        if not name:
            row.problems.append(_("Thiếu tên."))
        raw_max = values[cols["max"]] if cols["max"] < len(values) else None
        try:
            # A spreadsheet number (0.5, 14.499999999) is read to the hundredth, as it was typed.
            text = (f"{round(raw_max, 2):.2f}" if isinstance(raw_max, int | float)
                    else str(raw_max).strip() if raw_max is not None else "")
            row.max_points = parse_points(text, _("Điểm tối đa"), "max")
        except ServiceError as exc:
            row.problems.append(str(exc))
        if row.max_points is None and not row.problems:
            row.problems.append(_("Thiếu điểm tối đa."))
        elif row.max_points is not None and row.max_points <= 0:
            row.problems.append(_("Điểm tối đa phải lớn hơn 0."))
        parsed.append(row)
    _check_tree(parsed)
    return Preview(parsed, [] if parsed else [_("Tệp không có dòng dữ liệu nào.")])


def _check_tree(rows: list[Row]) -> None:
    """Each row's parent exists above it; codes are unique; children fit within their parent's maximum."""
    seen: dict[str, Row] = {}
    children: dict[str, list[Row]] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in seen:
            row.problems.append(_("Mã “%(c)s” đã có ở dòng %(l)d.", c=row.code, l=seen[row.code].line))
            continue
        seen[row.code] = row
        if row.parent_code is not None:
            if row.parent_code not in seen:
                row.problems.append(_("Chưa có dòng cấp trên “%(p)s” ở phía trên.", p=row.parent_code))
            else:
                children.setdefault(row.parent_code, []).append(row)
    for code, kids in children.items():
        parent = seen[code]
        total = sum((k.max_points or Decimal(0) for k in kids), Decimal(0))
        if parent.max_points is not None and total > parent.max_points:
            parent.problems.append(_("Tổng điểm tối đa của các dòng cấp dưới là %(t)s, vượt quá %(m)s.",
                                     t=points(total), m=points(parent.max_points)))


def import_framework(actor: User, data: bytes, *, name: str, year: int | None, issuing_body: str) -> Framework:
    """Create the framework of the file, all rows or none (refused with the first problem)."""
    preview = read_rows(data)
    if not preview.ok:
        first = next((f"{_('Dòng')} {r.line}: {r.problems[0]}" for r in preview.rows if r.problems),
                     preview.problems[0] if preview.problems else _("Tệp không có dòng dữ liệu nào."))
        raise ServiceError(first, field="file")
    framework = frameworks.save_framework(actor, None, name=name, year=year, issuing_body=issuing_body)
    fields: dict[str, Field] = {}
    made: dict[str, Criterion] = {}
    position = 0
    for row in preview.rows:
        position += 1
        if row.level == "field":
            fields[row.code] = frameworks.save_field(actor, framework, None, code=row.code, name=row.name,
                                                     max_points=points(row.max_points), position=position)
            continue
        field_code = row.code.split(".")[0]
        field_obj = fields[f"LV{field_code}"]
        parent = made.get(row.parent_code) if row.level == "sub" else None
        # The tree's own checks, as when editing by hand.
        made[row.code] = save_criterion(actor, field_obj, None, parent=parent, code=row.code, name=row.name,
                                        max_points=points(row.max_points), note=row.note, position=position)
    db.session.flush()
    audit.record("framework_imported", "framework", framework.id, {"rows": len(preview.rows), **preview.counts},
                 actor=actor)
    return framework
