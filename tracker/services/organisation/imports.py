"""CSV import of agencies and users: all rows or none, with a line-by-line report."""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ...extensions import db
from ...models import AgencyKind, User
from ...textutil import fold
from . import accounts, agencies, user_imports

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000

AGENCY_COLUMNS = ("name", "short_name", "kind", "parent")
USER_COLUMNS = ("username", "full_name", "role", "agency", "email")


@dataclass
class ImportReport:
    kind: str
    rows: list[dict] = field(default_factory=list)  # what was (or would be) created
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    # (username, full name, token) of each new account's one-time link, shown once (invitations.py)
    invitations: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_upload(upload) -> str:
    """Text of the CSV file a form sent (a werkzeug FileStorage or None); ``ValueError`` says what is wrong."""
    if not upload or not upload.filename:
        raise ValueError(_("Vui lòng chọn tệp CSV."))
    return decode_upload(upload.read(MAX_IMPORT_BYTES + 1))


def decode_upload(data: bytes) -> str:
    """Text of an uploaded CSV; refuses what is not UTF-8 instead of guessing."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValueError(_("Tệp CSV lớn quá %(n)d MB.", n=MAX_IMPORT_BYTES // (1024 * 1024)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            _("Tệp không phải mã UTF-8 (lỗi ở byte thứ %(pos)d). Hãy lưu lại tệp dạng “CSV UTF-8” rồi thử lại.",
              pos=exc.start + 1)
        ) from exc


# Labels files made before the 2025 reorganisation still say.
KIND_ALIASES = {fold("UBND xã, thị trấn"): AgencyKind.COMMUNE, fold("UBND xã"): AgencyKind.COMMUNE,
                fold("Sở, ban, ngành"): AgencyKind.PROVINCIAL_DEPARTMENT}


def match_enum(enum_cls, raw: str):
    """Accept the code ("commune") or the Vietnamese label ("UBND xã, thị trấn"), with or without accents."""
    wanted = fold(raw.strip())
    for member in enum_cls:
        if wanted in (member.value, fold(member.label)):
            return member
    if enum_cls is AgencyKind:
        return KIND_ALIASES.get(wanted)
    return None


def _reader(text: str, columns: tuple[str, ...], report: ImportReport):
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header and c not in ("parent", "email")]
    if missing:
        report.errors.append((1, _("Thiếu cột: %(cols)s. Dòng đầu phải là: %(all)s",
                                   cols=", ".join(missing), all=",".join(columns))))
        return
    reader.fieldnames = header
    for count, row in enumerate(reader, start=1):
        if count > MAX_IMPORT_ROWS:
            report.errors.append((reader.line_num, _("Tệp có quá %(n)d dòng.", n=MAX_IMPORT_ROWS)))
            return
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _agency_row(values: dict, actor: User | None) -> dict:
    kind = match_enum(AgencyKind, values.get("kind") or "other")
    if kind is None:
        raise accounts.AccountError(_("Loại cơ quan “%(k)s” không hợp lệ.", k=values.get("kind")))
    parent = None
    if values.get("parent"):
        parent = accounts.find_agency(values["parent"])
        if parent is None:
            raise accounts.AccountError(_("Không tìm thấy cơ quan cấp trên “%(p)s”.", p=values["parent"]))
    agency = agencies.create_agency(name=values.get("name", ""), short_name=values.get("short_name", ""),
                                    kind=kind, parent=parent, actor=actor)
    return {"name": agency.name, "short_name": agency.short_name, "kind": kind.label,
            "parent": parent.name if parent else ""}


def import_csv(kind: str, text: str, actor: User | None, dry_run: bool) -> ImportReport:
    """Create every row of ``text`` or none; on a dry run, report what would happen.

    Agencies are created for real inside a savepoint, so the preview runs exactly the checks the import will;
    the savepoint is rolled back unless all rows pass. Users (up to 5,000 a file) are checked against a few
    bulk queries and inserted in bulk (user_imports.py).
    """
    report = ImportReport(kind=kind)
    if kind == "users":
        try:
            user_imports.import_users(list(_reader(text, USER_COLUMNS, report)), report, actor, dry_run)
        except csv.Error as exc:
            report.errors.append((0, _("Tệp CSV không đọc được: %(e)s", e=str(exc))))
        if not report.rows and not report.errors:
            report.errors.append((1, _("Tệp không có dòng dữ liệu nào.")))
        return report
    columns = AGENCY_COLUMNS
    savepoint = db.session.begin_nested()
    try:
        for line, values in _reader(text, columns, report):
            try:
                with db.session.begin_nested():
                    report.rows.append(_agency_row(values, actor))
            except accounts.AccountError as exc:
                report.errors.append((line, str(exc)))
        if not report.rows and not report.errors:
            report.errors.append((1, _("Tệp không có dòng dữ liệu nào.")))
    except csv.Error as exc:
        report.errors.append((0, _("Tệp CSV không đọc được: %(e)s", e=str(exc))))
    if report.errors or dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return report
