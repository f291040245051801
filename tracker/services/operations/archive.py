"""The backup archive: one tar.gz holding the database snapshot, the evidence files and a manifest.

Layout::

    database.pgdump | database.sqlite3   the snapshot (pg_dump custom format, or an SQLite file)
    evidence/<stored name>               every evidence file the snapshot's rows name
    manifest.json                        what the archive must hold, with a SHA-256 and size per member

``read_archive`` trusts nothing: it unpacks member by member into a private folder, refusing links,
absolute or ``..`` names, members the manifest does not list, members it lists that are missing, and any
checksum or size that differs. Only then does a restore touch the target.
"""

import hashlib
import json
import re
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

FORMAT = "tracker-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
_EVIDENCE_MEMBER = re.compile(r"^evidence/[0-9a-f]{32}$")
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is damaged, incomplete or not a backup of this application."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe(path: Path) -> dict:
    """The manifest entry of one file: its checksum and size."""
    return {"sha256": sha256_of(path), "size": path.stat().st_size}


def write_archive(output: Path, manifest: dict, members: dict[str, Path]) -> None:
    """Write ``members`` (archive name -> file) and ``manifest`` to ``output``, atomically.

    The archive is written beside ``output`` under a temporary name and renamed at the end, so an
    interrupted backup never leaves a file that looks complete.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    try:
        with tarfile.open(partial, "w:gz", format=tarfile.PAX_FORMAT) as tar:
            for name, path in members.items():
                tar.add(str(path), arcname=name, recursive=False, filter=_plain)
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
            with tempfile.NamedTemporaryFile() as fh:
                fh.write(data)
                fh.flush()
                tar.add(fh.name, arcname=MANIFEST, filter=_plain)
        partial.chmod(0o600)  # the archive holds every account's password hash
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # Owner names and ids of the backup host mean nothing where the archive is restored.
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


@dataclass
class Unpacked:
    """A verified archive, unpacked into ``folder`` (removed by ``cleanup``)."""

    folder: Path
    manifest: dict

    @property
    def dialect(self) -> str:
        return self.manifest["dialect"]

    @property
    def database_file(self) -> Path:
        return self.folder / self.manifest["database"]["name"]

    def evidence_files(self) -> dict[str, Path]:
        return {name: self.folder / "evidence" / name for name in self.manifest["evidence"]}

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def read_archive(path: Path, work_dir: Path | None = None) -> Unpacked:
    """Unpack and verify ``path``; raises ArchiveError naming the first problem found."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-restore-", dir=work_dir))
    try:
        found = _unpack(path, folder)
        manifest = _load_manifest(folder, found)
        _verify(manifest, found)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Unpacked(folder, manifest)


def _unpack(path: Path, folder: Path) -> dict[str, dict]:
    """Unpack regular files with safe names; returns what was found (name -> checksum and size)."""
    found: dict[str, dict] = {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = member.name
                if not member.isfile():
                    raise ArchiveError(f"thành phần “{name}” không phải tệp thường (liên kết hoặc thư mục)")
                if name != MANIFEST and name not in DATABASE_MEMBERS.values() and not _EVIDENCE_MEMBER.match(name):
                    raise ArchiveError(f"thành phần lạ “{name}”")
                if name in found:
                    raise ArchiveError(f"thành phần “{name}” xuất hiện hai lần")
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                with target.open("xb") as out:
                    shutil.copyfileobj(source, out, CHUNK)
                found[name] = describe(target)
    except FileNotFoundError as exc:
        raise ArchiveError(f"không có tệp “{path}”") from exc
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ArchiveError(f"tệp nén bị hỏng hoặc bị cắt cụt ({exc.__class__.__name__}: {exc})") from exc
    return found


def _load_manifest(folder: Path, found: dict[str, dict]) -> dict:
    if MANIFEST not in found:
        raise ArchiveError("thiếu bản kê (manifest.json)")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArchiveError("bản kê (manifest.json) không đọc được") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("không phải bản sao lưu của ứng dụng này")
    if manifest.get("version") != VERSION:
        raise ArchiveError(f"phiên bản bản sao lưu {manifest.get('version')!r} không được hỗ trợ")
    dialect = manifest.get("dialect")
    if dialect not in DATABASE_MEMBERS or manifest.get("database", {}).get("name") != DATABASE_MEMBERS[dialect]:
        raise ArchiveError("bản kê không nêu đúng tệp cơ sở dữ liệu")
    if not isinstance(manifest.get("evidence"), dict) or not isinstance(manifest.get("tables"), dict):
        raise ArchiveError("bản kê thiếu danh sách tệp minh chứng hoặc số bản ghi")
    return manifest


def _verify(manifest: dict, found: dict[str, dict]) -> None:
    expected = {manifest["database"]["name"]: manifest["database"]}
    expected.update({f"evidence/{name}": entry for name, entry in manifest["evidence"].items()})
    for name, entry in expected.items():
        if name not in found:
            raise ArchiveError(f"thiếu thành phần “{name}”")
        if found[name]["sha256"] != entry.get("sha256") or found[name]["size"] != entry.get("size"):
            raise ArchiveError(f"thành phần “{name}” sai mã kiểm tra SHA-256 (đã bị sửa hoặc hỏng)")
    extra = set(found) - set(expected) - {MANIFEST}
    if extra:
        raise ArchiveError(f"thành phần không có trong bản kê: {', '.join(sorted(extra))}")
