"""Backup, drop, restore: the same rows and the same evidence bytes; damaged archives and full targets refused."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests import evidence_samples as samples
from tracker.extensions import db
from tracker.models import Evidence, TaskStatus
from tracker.services.operations import database as ops_db
from tracker.services.operations.archive import sha256_of
from tracker.services.tasks import evidence


def _upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.fixture
def installation(app, make):
    """A unit with tasks, progress and three evidence files, committed."""
    agency = make.agency(name="UBND xã Gia Vân", short_name="Xã Gia Vân")
    officer = make.officer(agency)
    make.leader()
    task = make.task(agency, status=TaskStatus.IN_PROGRESS, title="Niêm yết thủ tục hành chính")
    make.task(agency, title="Cập nhật cổng dịch vụ công")
    for name, data in (("Danh sách công chức.pdf", samples.pdf()), ("Kế hoạch.docx", samples.docx()),
                       ("Ảnh chụp.png", samples.png())):
        evidence.store_evidence(task, officer, _upload(data, name))
    db.session.commit()
    return task


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["tracker", *args])


def _stored_checksums(app) -> dict[str, str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {row.stored_name: sha256_of(folder / row.stored_name)
            for row in db.session.execute(sa.select(Evidence)).scalars()}


def _drop_everything(app) -> None:
    """What a lost server leaves: no tables, no evidence folder."""
    db.session.remove()
    db.engine.dispose()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        db.engine.dispose()
    else:
        ops_db.sqlite_path().unlink()
    shutil.rmtree(app.config["UPLOAD_FOLDER"])


def test_backup_drop_restore_gives_the_same_rows_and_files(app, installation, tmp_path):
    before_rows = ops_db.describe_current().tables
    before_files = _stored_checksums(app)
    assert len(before_files) == 3 and before_rows["task"] == 2

    archive_file = tmp_path / "sao-luu.tar.gz"
    result = _run(app, "backup", "-o", str(archive_file))
    assert result.exit_code == 0, result.output
    assert "3 tệp minh chứng" in result.output
    assert archive_file.stat().st_mode & 0o077 == 0  # password hashes inside: not readable by others

    _drop_everything(app)
    assert ops_db.is_empty()

    result = _run(app, "restore", str(archive_file))
    assert result.exit_code == 0, result.output
    assert ops_db.describe_current().tables == before_rows
    assert _stored_checksums(app) == before_files
    # The stored upload checksums agree with the restored bytes.
    check = _run(app, "check-evidence")
    assert check.exit_code == 0 and "3 tệp minh chứng: 0 thiếu, 0 bị thay đổi" in check.output
    # The restored database is a working one: the app reads it.
    assert {row.file_name for row in db.session.execute(sa.select(Evidence)).scalars()} == {
        "Danh sách công chức.pdf", "Kế hoạch.docx", "Ảnh chụp.png"}


def test_restore_refuses_a_database_or_folder_that_is_not_empty(app, installation, tmp_path):
    archive_file = tmp_path / "b.tar.gz"
    assert _run(app, "backup", "-o", str(archive_file)).exit_code == 0
    refused = _run(app, "restore", str(archive_file))
    assert refused.exit_code == 2 and "cơ sở dữ liệu đích đã có bảng" in refused.output
    assert _run(app, "backup", "-o", str(archive_file)).exit_code == 2  # never overwrites a backup


def test_restore_refuses_an_evidence_folder_that_is_not_empty(app, installation, tmp_path):
    archive_file = tmp_path / "b.tar.gz"
    assert _run(app, "backup", "-o", str(archive_file)).exit_code == 0
    _drop_everything(app)
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True)
    (folder / "left-over").write_bytes(b"x")
    refused = _run(app, "restore", str(archive_file))
    assert refused.exit_code == 2 and "không trống" in refused.output
    assert ops_db.is_empty()
    (folder / "left-over").unlink()
    assert _run(app, "restore", str(archive_file)).exit_code == 0


def _rebuild(source: Path, target: Path, change) -> None:
    """Copy an archive member by member, letting ``change(name, data)`` alter or drop (None) each one."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.parametrize("damage, message", [
    ("truncated", "bị cắt cụt"),
    ("altered evidence", "sai mã kiểm tra SHA-256"),
    ("altered database", "sai mã kiểm tra SHA-256"),
    ("missing evidence", "thiếu thành phần"),
    ("no manifest", "thiếu bản kê"),
    ("extra member", "thành phần lạ"),
])
def test_a_damaged_archive_is_refused_before_anything_is_written(app, installation, tmp_path, damage, message):
    good = tmp_path / "good.tar.gz"
    assert _run(app, "backup", "-o", str(good)).exit_code == 0
    bad = tmp_path / "bad.tar.gz"
    first_evidence = sorted(json.loads(_member(good, "manifest.json"))["evidence"])[0]
    if damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "altered evidence":
        _rebuild(good, bad, lambda n, d: _flip_last_byte(d) if n == f"evidence/{first_evidence}" else d)
    elif damage == "altered database":
        _rebuild(good, bad, lambda n, d: _flip_last_byte(d) if n.startswith("database.") else d)
    elif damage == "missing evidence":
        _rebuild(good, bad, lambda n, d: None if n == f"evidence/{first_evidence}" else d)
    elif damage == "no manifest":
        _rebuild(good, bad, lambda n, d: None if n == "manifest.json" else d)
    elif damage == "extra member":
        _rebuild(good, bad, lambda n, d: d)
        with tarfile.open(bad, "r:gz") as tar:
            members = [(m, tar.extractfile(m).read()) for m in tar]
        with tarfile.open(bad, "w:gz") as tar:
            for member, data in members:
                tar.addfile(member, io.BytesIO(data))
            extra = tarfile.TarInfo("../../etc/cron.d/x")
            extra.size = 1
            tar.addfile(extra, io.BytesIO(b"x"))

    _drop_everything(app)
    result = _run(app, "restore", str(bad))
    assert result.exit_code == 2, result.output
    assert "bản sao lưu hỏng hoặc không đầy đủ" in result.output and message in result.output
    assert ops_db.is_empty()  # nothing was loaded
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or not any(folder.iterdir())
    # The good archive still restores, so the test leaves a working schema behind.
    assert _run(app, "restore", str(good)).exit_code == 0


def _member(archive_file: Path, name: str) -> bytes:
    with tarfile.open(archive_file, "r:gz") as tar:
        return tar.extractfile(name).read()


def test_check_evidence_reports_missing_and_altered_files(app, installation):
    folder = Path(app.config["UPLOAD_FOLDER"])
    rows = list(db.session.execute(sa.select(Evidence).order_by(Evidence.id)).scalars())
    (folder / rows[0].stored_name).unlink()
    with (folder / rows[1].stored_name).open("ab") as fh:
        fh.write(b"x")
    result = _run(app, "check-evidence")
    assert result.exit_code == 1
    assert f"THIẾU  minh chứng #{rows[0].id}" in result.output
    assert f"SAI    minh chứng #{rows[1].id}" in result.output
    assert "3 tệp minh chứng: 1 thiếu, 1 bị thay đổi" in result.output
