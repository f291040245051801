"""Check every evidence file on disk against the SHA-256 stored when it was uploaded."""

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from ...extensions import db
from ...models import Evidence
from .archive import sha256_of


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


@dataclass
class EvidenceReport:
    checked: int = 0
    missing: list[Evidence] = field(default_factory=list)
    altered: list[Evidence] = field(default_factory=list)
    # Files on disk that no row names (a crash between writing a file and its rollback cleanup).
    unknown: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


def check_evidence() -> EvidenceReport:
    folder = upload_folder()
    report = EvidenceReport()
    known: set[str] = set()
    rows = db.session.execute(sa.select(Evidence).order_by(Evidence.id)).scalars()
    for row in rows:
        report.checked += 1
        known.add(row.stored_name)
        path = folder / row.stored_name
        if not path.is_file():
            report.missing.append(row)
        elif sha256_of(path) != row.sha256:
            report.altered.append(row)
    if folder.is_dir():
        report.unknown = sorted(p.name for p in folder.iterdir() if p.name not in known)
    return report
