"""Back up the whole installation into one archive, and restore one into an empty installation.

Evidence files are written before their row commits and never changed afterwards, so every row in the
database snapshot has its file on disk when the files are copied just after it: the archive holds the
files the snapshot's rows name, each checked against the checksum stored at upload.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ...models import utcnow
from . import archive, database
from .archive import ArchiveError
from .evidence_check import upload_folder


class RestoreRefused(Exception):
    """The target is not empty, or the archive is for another kind of database."""


@dataclass
class BackupResult:
    output: Path
    tables: dict[str, int]
    evidence_count: int
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)


def create_backup(output: Path) -> BackupResult:
    """Write the database snapshot, the evidence files and a manifest with checksums to ``output``."""
    with tempfile.TemporaryDirectory(prefix="tracker-backup-") as work:
        work_dir = Path(work)
        kind = database.dialect()
        db_name = archive.DATABASE_MEMBERS.get(kind)
        if db_name is None:
            raise database.DatabaseToolError(f"không hỗ trợ sao lưu cơ sở dữ liệu loại {kind}")
        db_file = work_dir / db_name
        snap = database.snapshot(db_file)
        members = {db_name: db_file}
        evidence, missing, altered = {}, [], []
        folder = upload_folder()
        for stored_name, expected in sorted(snap.evidence.items()):
            path = folder / stored_name
            if not path.is_file():
                missing.append(stored_name)
                continue
            entry = archive.describe(path)
            if entry["sha256"] != expected:
                altered.append(stored_name)  # kept as it is: the operator decides, check-evidence reports it
            evidence[stored_name] = entry
            members[f"evidence/{stored_name}"] = path
        manifest = {
            "format": archive.FORMAT, "version": archive.VERSION, "created_at": utcnow().isoformat(),
            "dialect": kind, "alembic_revision": snap.revision, "tables": snap.tables,
            "database": {"name": db_name, **archive.describe(db_file)},
            "evidence": evidence, "evidence_missing": missing, "evidence_altered": altered,
        }
        archive.write_archive(output, manifest, members)
    return BackupResult(output, snap.tables, len(evidence), missing, altered)


@dataclass
class RestoreResult:
    tables: dict[str, int]
    evidence_count: int
    revision: str | None


def restore_backup(source: Path) -> RestoreResult:
    """Verify ``source`` completely, then load it into the empty database and evidence folder."""
    folder = upload_folder()
    # Checked before unpacking anything, and again after: the operator may have pointed at the live system.
    _refuse_unless_empty(folder)
    unpacked = archive.read_archive(source)
    try:
        if unpacked.dialect != database.dialect():
            raise RestoreRefused(f"bản sao lưu là của {unpacked.dialect}, cơ sở dữ liệu đích là {database.dialect()}")
        _refuse_unless_empty(folder)
        database.load(unpacked.database_file, unpacked.dialect)
        folder.mkdir(parents=True, exist_ok=True)
        for name, path in unpacked.evidence_files().items():
            partial = folder / f"{name}.part"
            shutil.copyfile(path, partial)
            with partial.open("rb") as fh:
                os.fsync(fh.fileno())
            partial.replace(folder / name)
        restored = database.describe_current()
        if restored.tables != unpacked.manifest["tables"]:
            differ = sorted(t for t in set(restored.tables) | set(unpacked.manifest["tables"])
                            if restored.tables.get(t) != unpacked.manifest["tables"].get(t))
            raise ArchiveError(f"số bản ghi sau khi khôi phục khác bản kê ở các bảng: {', '.join(differ)}")
        for name, entry in unpacked.manifest["evidence"].items():
            if archive.sha256_of(folder / name) != entry["sha256"]:
                raise ArchiveError(f"tệp minh chứng {name} khác bản kê sau khi chép")
        return RestoreResult(restored.tables, len(unpacked.manifest["evidence"]), restored.revision)
    finally:
        unpacked.cleanup()


def _refuse_unless_empty(folder: Path) -> None:
    if not database.is_empty():
        raise RestoreRefused("cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào cơ sở dữ liệu trống "
                             "(tạo mới bằng createdb, hoặc một tệp SQLite chưa có)")
    if folder.exists() and any(folder.iterdir()):
        raise RestoreRefused(f"thư mục minh chứng “{folder}” không trống: chỉ khôi phục vào thư mục trống")
