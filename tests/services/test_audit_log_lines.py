"""The operators' log names an audited change only once it is committed (issue 9: previews wrote "user_created")."""

import logging

import pytest

from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.services.organisation import imports

CSV = ("username,full_name,role,agency,email\n"
       "cb.mot,Nguyễn Văn Một,officer,Phòng TP,\ncb.hai,Trần Thị Hai,officer,Phòng TP,\n")



@pytest.fixture(autouse=True)
def audit_logger(monkeypatch):
    # Alembic's logging set-up (the run's migrations) disables loggers that existed before it.
    monkeypatch.setattr(logging.getLogger("tracker.audit"), "disabled", False)


def _audit_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "tracker.audit"]


def test_an_import_preview_writes_no_log_line_and_the_import_does(make, caplog):
    caplog.set_level(logging.INFO, logger="tracker.audit")
    make.agency("Phòng Tư pháp", "Phòng TP")
    report = imports.import_csv("users", CSV, None, dry_run=True)
    db.session.rollback()
    assert report.ok and len(report.rows) == 2
    assert _audit_lines(caplog) == []
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0


def test_an_agency_preview_writes_no_log_line_and_the_import_does(make, caplog):
    caplog.set_level(logging.INFO, logger="tracker.audit")
    content = "name,short_name,kind\nPhòng Văn hóa,Phòng VH,department\n"
    imports.import_csv("agencies", content, None, dry_run=True)
    db.session.commit()  # even a later commit of the same session: the preview's savepoint was rolled back
    assert _audit_lines(caplog) == []
    imports.import_csv("agencies", content, None, dry_run=False)
    assert _audit_lines(caplog) == []  # not committed yet
    db.session.commit()
    assert [line.split()[0] for line in _audit_lines(caplog)] == ["agency_created"]
