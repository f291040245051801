"""Shared set-up for the appraisal tests: a small district built with the factories, the seed text."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tests.factories import Factory
from tracker.extensions import db
from tracker.models import Agency, AgencyKind, Appraisal, Framework, User
from tracker.services import reference
from tracker.services.appraisals import records as appraisals

ROOT = Path(__file__).resolve().parents[1]
SEED_NAME = "gia-vien-2021-par-appraisal.txt"


def seed_path() -> Path:
    """The seed article: ../shared/seed beside the repository (as in CI), else the reader tests' copy."""
    shared = ROOT.parent / "shared" / "seed" / SEED_NAME
    return shared if shared.exists() else ROOT / "tests" / "unit" / "conclusion_texts" / SEED_NAME


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


@dataclass
class District:
    unit: Agency
    office: Agency  # VP HĐND-UBND
    home_affairs: Agency  # Phòng NV
    justice: Agency
    communes: list[Agency]
    coordinator: User
    leader: User
    officers: dict[str, User]  # by agency short name
    framework: Framework
    framework_2020: Framework


def district(make: Factory) -> District:
    """Agencies named as in the demo (so the default reader keywords apply), one officer each."""
    unit = make.agency("UBND huyện Gia Viễn", "UBND huyện", AgencyKind.COMMITTEE)
    office = make.agency("Văn phòng HĐND và UBND huyện", "VP HĐND-UBND", AgencyKind.OFFICE)
    home = make.agency("Phòng Nội vụ", "Phòng NV", AgencyKind.DEPARTMENT)
    justice = make.agency("Phòng Tư pháp", "Phòng TP", AgencyKind.DEPARTMENT)
    communes = [make.agency(f"UBND xã {n}", f"Xã {n}", AgencyKind.COMMUNE) for n in ("Gia Hòa", "Gia Hưng", "Gia Vân")]
    communes.append(make.agency("UBND thị trấn Me", "TT Me", AgencyKind.COMMUNE))
    officers = {a.short_name: make.officer(a) for a in [office, home, justice, *communes]}
    reference.seed_reference_data()  # the framework, and reader keywords for the agencies just made
    framework_2020 = reference.seed_framework(2020)
    db.session.commit()
    return District(unit, office, home, justice, communes, make.coordinator(agency=home), make.leader(agency=unit),
                    officers, reference.seed_framework(2021), framework_2020)


SCORES_2021 = ["12,50", "5,50", "12,25", "7,75", "11,38", "7,00", "14,50", "17,00"]
SCORES_2020 = ["12.00", "5.25", "12.00", "7.50", "11.00", "7.00", "13.75", "17.00"]


def appraisal(d: District, year: int = 2021, scores: list[str] | None = None) -> Appraisal:
    """An appraisal of the district through the service (87,88 points for 2021, 85,50 for 2020)."""
    framework = d.framework if year != 2020 else d.framework_2020
    scores = scores or (SCORES_2021 if year != 2020 else SCORES_2020)
    raw = {f.id: ("", s) for f, s in zip(framework.fields, scores, strict=True)}
    data = appraisals.AppraisalInput(unit=d.unit, year=year, framework=framework, team="Tổ thẩm định tỉnh",
                                     scores=raw)
    result = appraisals.save_appraisal(d.coordinator, data)
    db.session.commit()
    return result


def total(values: list[str]) -> Decimal:
    return sum((Decimal(v.replace(",", ".")) for v in values), Decimal(0))
