"""Evidence files: allow-list checked by content, safe names, SHA-256, and never a file without its row."""

import hashlib
import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests import evidence_samples as samples
from tracker.extensions import db
from tracker.models import Evidence, ProgressUpdate, TaskStatus
from tracker.services.tasks import evidence
from tracker.services.tasks.evidence import EvidenceError, safe_display_name


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.fixture
def setup(make):
    agency = make.agency(name="UBND xã Gia Vân", short_name="Xã Gia Vân")
    officer = make.officer(agency)
    task = make.task(agency, status=TaskStatus.IN_PROGRESS)
    return task, officer


def stored_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("name, make_bytes, content_type", [
    (samples.VIETNAMESE_PDF_NAME, samples.pdf, "application/pdf"),
    ("Kế hoạch đào tạo.docx", samples.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("Danh sách.XLSX", samples.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("Biên bản.odt", samples.odt, "application/vnd.oasis.opendocument.text"),
    ("Ảnh chụp.png", samples.png, "image/png"),
    ("Ảnh hội nghị.jpg", samples.jpeg, "image/jpeg"),
    ("Tờ trình cũ.doc", samples.doc, "application/msword"),
])
def test_allowed_files_are_kept_byte_for_byte_with_their_hash(app, setup, name, make_bytes, content_type):
    task, officer = setup
    data = make_bytes()
    row = evidence.store_evidence(task, officer, upload(data, name))
    db.session.commit()
    assert row.file_name == name and row.content_type == content_type and row.size == len(data)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    path = evidence.file_path(row)
    assert path.read_bytes() == data
    assert path.name == row.stored_name and len(row.stored_name) == 32 and name not in str(path)
    assert "static" not in path.parts, "evidence is never served from static/"
    assert stored_files(app) == [path], "no leftover temporary file"


@pytest.mark.parametrize("name, make_bytes, message", [
    ("Quyết định.pdf", samples.exe, "nội dung không phải tệp PDF thật"),
    ("báo cáo.html", samples.html, "không nhận loại tệp này"),
    ("báo cáo.pdf", samples.html, "nội dung không phải tệp PDF thật"),
    ("../../etc/passwd", lambda: b"root:x:0:0:root:/root:/bin/bash\n", "“passwd”: không nhận loại tệp này"),
    ("trống.pdf", lambda: b"", "rỗng (0 byte)"),
    ("setup.exe", samples.exe, "không nhận loại tệp này"),
    ("hồ sơ.zip", samples.plain_zip, "không nhận loại tệp này"),
    ("hồ sơ.docx", samples.plain_zip, "nội dung không phải tệp DOCX thật"),
    ("ảnh.svg", lambda: b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
     "không nhận loại tệp này"),
    ("", samples.pdf, "không nhận loại tệp này"),
])
def test_refused_files_leave_nothing_behind(app, setup, name, make_bytes, message):
    task, officer = setup
    with pytest.raises(EvidenceError, match=re.escape(message)) as refused:
        evidence.store_evidence(task, officer, upload(make_bytes(), name))
    assert refused.value.field == "files"
    db.session.rollback()
    assert stored_files(app) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0


def test_a_file_over_the_limit_is_refused_by_the_service_too(app, setup):
    task, officer = setup
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    with pytest.raises(EvidenceError, match="vượt quá giới hạn 1 MB"):
        evidence.store_evidence(task, officer, upload(samples.pdf() + b"0" * (1024 * 1024), "lớn.pdf"))
    assert stored_files(app) == []


@pytest.mark.parametrize("raw, safe", [
    ("Danh sách công chức xã Gia Vân.pdf", "Danh sách công chức xã Gia Vân.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\cb\\Desktop\\Báo cáo.docx", "Báo cáo.docx"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("bao\x00cao\x1b.pdf", "baocao.pdf"),
    ("hóa đơn\u202egpj.exe", "hóa đơngpj.exe"),  # the right-to-left override that disguises an .exe
    ('tệp <độc> "hại" | a?.pdf', "tệp độc hại a.pdf"),
    ("  ...ẩn.pdf  ", "ẩn.pdf"),
    ("Dia danh Vie\u0323\u0302t.pdf", "Dia danh Việt.pdf"),  # decomposed input comes back in NFC
])
def test_display_names_keep_vietnamese_and_drop_paths(raw, safe):
    assert safe_display_name(raw) == safe


def test_long_names_keep_their_extension():
    name = safe_display_name("Báo cáo " * 60 + ".xlsx")
    assert len(name) <= 180 and name.endswith(".xlsx")


def test_only_lead_and_supporting_agencies_attach_files(app, make, setup):
    task, _officer = setup
    with pytest.raises(EvidenceError, match="Chỉ cơ quan chủ trì và cơ quan phối hợp"):
        evidence.store_evidence(task, make.officer(), upload(samples.pdf(), "a.pdf"))
    with pytest.raises(EvidenceError):
        evidence.store_evidence(task, make.leader(), upload(samples.pdf(), "a.pdf"))
    assert stored_files(app) == []


# --- the file and its row commit together, or neither stays -----------------------------------------------------

def test_rollback_removes_the_file(app, setup):
    task, officer = setup
    row = evidence.store_evidence(task, officer, upload(samples.pdf(), "a.pdf"))
    path = evidence.file_path(row)
    assert path.exists(), "written before the row is flushed"
    db.session.rollback()
    assert not path.exists() and stored_files(app) == []


def test_a_failed_commit_removes_the_file(app, setup):
    task, officer = setup
    row = evidence.store_evidence(task, officer, upload(samples.pdf(), "a.pdf"))
    path = evidence.file_path(row)
    db.session.add(ProgressUpdate(task_id=task.id + 999, note="points at no task"))  # the foreign key fails
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert not path.exists() and db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0


def test_a_closed_session_without_commit_removes_the_file(app, setup):
    task, officer = setup
    path = evidence.file_path(evidence.store_evidence(task, officer, upload(samples.pdf(), "a.pdf")))
    db.session.close()  # what the request teardown does after an unhandled error
    assert not path.exists()


def test_a_savepoint_does_not_make_the_file_permanent(app, setup):
    task, officer = setup
    with db.session.begin_nested():
        path = evidence.file_path(evidence.store_evidence(task, officer, upload(samples.pdf(), "a.pdf")))
    assert path.exists()
    db.session.rollback()
    assert not path.exists()


def test_commit_keeps_the_file_and_later_rollbacks_do_not_touch_it(app, setup):
    task, officer = setup
    path = evidence.file_path(evidence.store_evidence(task, officer, upload(samples.pdf(), "a.pdf")))
    db.session.commit()
    db.session.rollback()
    db.session.close()
    assert path.exists()
    assert db.session.scalar(sa.select(Evidence.sha256)) == hashlib.sha256(samples.pdf()).hexdigest()
