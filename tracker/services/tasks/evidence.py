"""Evidence files (minh chứng): checked by content as well as name, stored under generated names.

A file is never lost and never orphaned: it is written before its row is flushed, and removed
again if the transaction does not commit (see ``_forget_or_remove``), so the upload and the row
commit together or neither stays.
"""

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ...extensions import db
from ...models import Evidence, ProgressUpdate, Task, User, utcnow
from ...permissions import Action, can
from ...textutil import nfc
from .. import audit
from ..errors import ServiceError

CHUNK = 64 * 1024
MAX_NAME = 180
_PENDING = "evidence_files_pending"
_STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
# Characters Windows and shells treat specially; Vietnamese letters are kept.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word and Excel


class EvidenceError(ServiceError):
    """A refused file, with a message naming it."""


@dataclass(frozen=True)
class FileType:
    content_type: str
    signature: bytes
    # For ZIP-based office formats: a member that only that format has.
    zip_marker: str | None = None


# The allow-list. Archives (zip, rar) are refused on purpose: they can carry anything, unseen.
ALLOWED: dict[str, FileType] = {
    "pdf": FileType("application/pdf", b"%PDF-"),
    "doc": FileType("application/msword", OLE2),
    "xls": FileType("application/vnd.ms-excel", OLE2),
    "docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04",
                     "word/document.xml"),
    "xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04",
                     "xl/workbook.xml"),
    "odt": FileType("application/vnd.oasis.opendocument.text", b"PK\x03\x04", "mimetype"),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04", "mimetype"),
    "jpg": FileType("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": FileType("image/jpeg", b"\xff\xd8\xff"),
    "png": FileType("image/png", b"\x89PNG\r\n\x1a\n"),
}


def allowed_list() -> str:
    """"PDF, DOC, ..." for messages and the upload hint."""
    return ", ".join(ext.upper() for ext in ALLOWED if ext != "jpeg")


def upload_folder() -> Path:
    """Where evidence files live: configured, outside the app's static folder."""
    return Path(current_app.config["UPLOAD_FOLDER"])


def max_bytes() -> int:
    """The largest file accepted: the request limit Flask enforces anyway (HTTP 413)."""
    return current_app.config.get("MAX_CONTENT_LENGTH") or 20 * 1024 * 1024


def safe_display_name(raw: str | None) -> str:
    """A name safe to show and to offer on download: no path, no control or shell characters.

    "../../etc/passwd" becomes "passwd"; "Danh sách công chức xã Gia Vân.pdf" stays as it is.
    """
    name = nfc(raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name)
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else name[:MAX_NAME]
    return name


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _content_matches(path: Path, kind: FileType) -> bool:
    with path.open("rb") as fh:
        head = fh.read(16)
    if not head.startswith(kind.signature):
        return False
    if kind.zip_marker is None:
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if kind.zip_marker == "mimetype":
                return "mimetype" in names and archive.read("mimetype").decode("ascii", "replace") == kind.content_type
            return kind.zip_marker in names
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _write_part(file_storage, part: Path) -> tuple[int, str]:
    """Stream the upload to ``part``, returning its size and SHA-256; stops past the size limit."""
    digest, size, limit = hashlib.sha256(), 0, max_bytes()
    stream = getattr(file_storage, "stream", file_storage)
    with part.open("xb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                break
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return size, digest.hexdigest()


def store_evidence(task: Task, actor: User, file_storage, progress_update: ProgressUpdate | None = None) -> Evidence:
    """Check an uploaded file and keep it as evidence of ``task``; refused files raise EvidenceError."""
    if not can(actor, Action.REPORT, task):
        raise EvidenceError(_("Chỉ cơ quan chủ trì và cơ quan phối hợp được đính kèm minh chứng."), field="files")
    name = safe_display_name(getattr(file_storage, "filename", ""))
    shown = name or _("(không tên)")
    ext = _extension(name)
    kind = ALLOWED.get(ext)
    if kind is None:
        raise EvidenceError(_("Tệp “%(f)s”: không nhận loại tệp này. Chỉ nhận %(types)s.", f=shown,
                              types=allowed_list()), field="files")
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16)
    part, final = folder / f"{stored}.part", folder / stored
    try:
        size, sha256 = _write_part(file_storage, part)
        if size == 0:
            raise EvidenceError(_("Tệp “%(f)s” rỗng (0 byte). Vui lòng chọn lại tệp.", f=shown), field="files")
        if size > max_bytes():
            raise EvidenceError(_("Tệp “%(f)s” vượt quá giới hạn %(mb)d MB.", f=shown, mb=max_bytes() // 2**20),
                                field="files")
        if not _content_matches(part, kind):
            raise EvidenceError(_("Tệp “%(f)s”: nội dung không phải tệp %(ext)s thật (có thể là tệp khác bị đổi "
                                  "tên). Vui lòng kiểm tra lại tệp.", f=shown, ext=ext.upper()), field="files")
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    _remember(final)
    row = Evidence(task=task, progress_update=progress_update, file_name=name, stored_name=stored, size=size,
                   content_type=kind.content_type, sha256=sha256, uploaded_by=actor, uploaded_at=utcnow())
    db.session.add(row)
    db.session.flush()
    audit.record("evidence_added", "task", task.id,
                 {"evidence_id": row.id, "file_name": name, "size": size, "sha256": sha256}, actor=actor)
    return row


def file_path(evidence: Evidence) -> Path:
    """Where the file of ``evidence`` lives; the stored name is ours, never the uploader's."""
    if not _STORED_NAME.match(evidence.stored_name):
        raise ValueError("unexpected stored name")
    return upload_folder() / evidence.stored_name


def task_evidence(task: Task) -> list[Evidence]:
    """Every file of ``task``, newest first."""
    stmt = sa.select(Evidence).where(Evidence.task_id == task.id).order_by(Evidence.uploaded_at.desc(),
                                                                          Evidence.id.desc())
    return list(db.session.execute(stmt).scalars())


# Files written in the current transaction: kept on commit, removed if it ends any other way.


def _remember(path: Path) -> None:
    db.session.info.setdefault(_PENDING, []).append(str(path))


@sa.event.listens_for(Session, "after_commit")
def _keep_committed(session: Session) -> None:
    # A savepoint's commit also fires this event; only the outer transaction makes files permanent.
    if session.get_nested_transaction() is None:
        session.info.pop(_PENDING, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_or_remove(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    for path in session.info.pop(_PENDING, []):
        Path(path).unlink(missing_ok=True)
