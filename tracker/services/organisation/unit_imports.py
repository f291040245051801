"""CSV import of appraised units with their agencies: a preview of every row's problems, then one bulk insert.

One row per agency: ``unit, name, short_name, kind``. A row whose name is its unit's name is the unit itself; the
other rows of a unit become its offices and sections (their parent is the unit). A row with an empty ``unit`` is a
province-level agency (UBND tỉnh, the Sở Nội vụ). A unit named by rows may already exist.

A province has 100-170 units and up to 2,000 agencies, so the file is checked against names loaded in one query
and written with two multi-row inserts and one update, never an ORM flush per row.
"""

import csv
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, AgencyKind, User
from ...textutil import fold, has_control_chars, nfc
from .. import audit
from .accounts import MAX_NAME
from .imports import MAX_IMPORT_ROWS, match_enum
from .units import UNIT_KINDS, is_unit_clause

COLUMNS = ("unit", "name", "short_name", "kind")
# Headers a Vietnamese spreadsheet is likely to carry, folded (no accents, lower case).
HEADER_ALIASES = {"don vi": "unit", "don vi duoc danh gia": "unit", "ten co quan": "name", "ten": "name",
                  "agency name": "name", "ten viet tat": "short_name", "viet tat": "short_name",
                  "short name": "short_name", "loai": "kind", "loai co quan": "kind"}


@dataclass
class UnitRow:
    line: int
    unit: str
    name: str
    short_name: str
    kind: AgencyKind | None
    kind_text: str
    is_unit: bool  # this row is the unit itself
    problems: list[str] = field(default_factory=list)


@dataclass
class UnitImport:
    rows: list[UnitRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # file-level: (line, message)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(r.problems for r in self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(len(r.problems) for r in self.rows)

    @property
    def new_units(self) -> int:
        return sum(1 for r in self.rows if r.is_unit)

    @property
    def new_agencies(self) -> int:
        return sum(1 for r in self.rows if not r.is_unit)


def _header(raw: list[str] | None) -> list[str]:
    names = []
    for h in raw or []:
        key = fold((h or "").strip()).replace("_", " ")
        names.append(HEADER_ALIASES.get(key, key.replace(" ", "_")))
    return names


def _name_problem(value: str, label: str, limit: int) -> str | None:
    if not value:
        return _("Thiếu %(label)s.", label=label)
    if len(value) > limit:
        return _("%(label)s dài quá %(n)d ký tự.", label=label.capitalize(), n=limit)
    if has_control_chars(value):
        return _("%(label)s chứa ký tự điều khiển không hợp lệ.", label=label.capitalize())
    return None


def _read(text: str, result: UnitImport) -> None:
    reader = csv.reader(io.StringIO(text))
    header = _header(next(reader, None))
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        result.problems.append((1, _("Thiếu cột: %(cols)s. Dòng đầu phải là: %(all)s",
                                     cols=", ".join(missing), all=",".join(COLUMNS))))
        return
    where = {c: header.index(c) for c in COLUMNS}
    for count, cells in enumerate(reader, start=1):
        if count > MAX_IMPORT_ROWS:
            result.problems.append((reader.line_num, _("Tệp có quá %(n)d dòng.", n=MAX_IMPORT_ROWS)))
            return
        if not any(c.strip() for c in cells):
            continue
        value = {c: nfc(cells[i].strip()) if i < len(cells) else "" for c, i in where.items()}
        kind = match_enum(AgencyKind, value["kind"]) if value["kind"] else AgencyKind.DEPARTMENT
        result.rows.append(UnitRow(line=reader.line_num, unit=value["unit"], name=value["name"],
                                   short_name=value["short_name"], kind=kind, kind_text=value["kind"],
                                   is_unit=bool(value["unit"]) and value["unit"] == value["name"]))


def _check(result: UnitImport) -> None:
    """Every row's problems, against the file itself and the agencies already recorded."""
    existing = db.session.execute(sa.select(Agency.name, Agency.short_name, Agency.unit_id == Agency.id)).all()
    # Names are unique across the installation exactly as the database's constraints compare them.
    taken_names = {n for n, _s, _u in existing}
    taken_shorts = {s for _n, s, _u in existing}
    known_units = {n for n, _s, is_unit in existing if is_unit} | {s for _n, s, is_unit in existing if is_unit}
    file_units = {r.name for r in result.rows if r.is_unit}
    seen_names: dict[str, int] = {}
    seen_shorts: dict[str, int] = {}
    for row in result.rows:
        for problem in (_name_problem(row.name, _("tên cơ quan"), MAX_NAME),
                        _name_problem(row.short_name, _("tên viết tắt"), 64)):
            if problem:
                row.problems.append(problem)
        if row.kind is None:
            row.problems.append(_("Loại cơ quan “%(k)s” không hợp lệ.", k=row.kind_text))
        elif row.is_unit and row.kind not in UNIT_KINDS:
            row.problems.append(_("Đơn vị được đánh giá phải là UBND xã, phường, đặc khu hoặc sở, ban, ngành; "
                                  "“%(k)s” không phải.", k=row.kind.label))
        if row.unit and not row.is_unit and row.unit not in file_units | known_units:
            row.problems.append(_("Chưa có đơn vị “%(u)s”: thêm một dòng có tên cơ quan trùng tên đơn vị để tạo "
                                  "đơn vị, hoặc sửa tên đơn vị cho đúng.", u=row.unit))
        name, short = row.name, row.short_name
        if name and name in taken_names:
            row.problems.append(_("Đã có cơ quan tên “%(a)s”.", a=name))
        elif name and name in seen_names:
            row.problems.append(_("Tên “%(a)s” trùng dòng %(line)d; tên cơ quan phải khác nhau giữa các đơn vị "
                                  "(ví dụ thêm tên xã).", a=name, line=seen_names[name]))
        if short and short in taken_shorts:
            row.problems.append(_("Đã có cơ quan viết tắt “%(a)s”.", a=short))
        elif short and short in seen_shorts:
            row.problems.append(_("Tên viết tắt “%(a)s” trùng dòng %(line)d.", a=short, line=seen_shorts[short]))
        seen_names.setdefault(name, row.line)
        seen_shorts.setdefault(short, row.line)
    if not result.rows and not result.problems:
        result.problems.append((1, _("Tệp không có dòng dữ liệu nào.")))


def preview(text: str) -> UnitImport:
    """What importing ``text`` would do, with each row's problems; nothing is written."""
    result = UnitImport()
    try:
        _read(text, result)
    except csv.Error as exc:
        result.problems.append((0, _("Tệp CSV không đọc được: %(e)s", e=str(exc))))
        return result
    _check(result)
    return result


def import_units(text: str, actor: User | None) -> UnitImport:
    """Check ``text`` again and, when every row passes, add its units and agencies; the caller commits."""
    result = preview(text)
    if not result.ok:
        return result
    unit_rows = [r for r in result.rows if r.is_unit]
    if unit_rows:
        db.session.execute(sa.insert(Agency), [_values(r, None) for r in unit_rows])
        db.session.execute(sa.update(Agency).where(Agency.name.in_([r.name for r in unit_rows]))
                           .values(unit_id=Agency.id).execution_options(synchronize_session=False))
    units = {}
    for unit_id, name, short in db.session.execute(sa.select(Agency.id, Agency.name, Agency.short_name)
                                                   .where(is_unit_clause())):
        units[short] = units[name] = unit_id
    agency_rows = [r for r in result.rows if not r.is_unit]
    if agency_rows:
        db.session.execute(sa.insert(Agency), [_values(r, units.get(r.unit)) for r in agency_rows])
    audit.record("units_imported", "agency", None,
                 {"units": [r.name for r in unit_rows], "agencies": len(agency_rows)}, actor=actor)
    return result


def _values(row: UnitRow, unit_id: int | None) -> dict:
    """Column values of one new agency; ``search_name`` by hand, as a bulk insert skips the ORM's events."""
    return {"name": row.name, "short_name": row.short_name, "kind": row.kind, "unit_id": unit_id,
            "parent_id": unit_id, "is_active": True, "search_name": fold(f"{row.name} {row.short_name}")}
