"""Reference data every installation starts with: the 2021 PAR framework and default settings.

Idempotent: running it again adds only what is missing and never overwrites the
admin's edits.
"""

from decimal import Decimal

import sqlalchemy as sa

from ..extensions import db
from ..models import Field, Framework, Setting

SEED_FRAMEWORK = "Bộ chỉ số CCHC cấp huyện (tỉnh Ninh Bình)"
SEED_FIELDS = [
    ("LV1", "Công tác chỉ đạo, điều hành cải cách hành chính", "14.50"),
    ("LV2", "Xây dựng, tổ chức thực hiện văn bản quy phạm pháp luật", "6.00"),
    ("LV3", "Cải cách thủ tục hành chính", "14.00"),
    ("LV4", "Cải cách tổ chức bộ máy hành chính nhà nước", "8.50"),
    ("LV5", "Xây dựng, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "14.00"),
    ("LV6", "Đổi mới cơ chế tài chính đối với cơ quan hành chính và đơn vị sự nghiệp công lập", "8.00"),
    ("LV7", "Hiện đại hóa hành chính", "17.00"),
    ("LV8", "Thực hiện cơ chế một cửa, một cửa liên thông", "18.00"),
]

# Report header and policies; the admin edits them (issuing body, signer...). Keys are stable.
DEFAULT_SETTINGS = {
    "report.parent_body": "UBND TỈNH NINH BÌNH",
    "report.issuing_body": "UBND HUYỆN GIA VIỄN",
    "report.place": "Gia Viễn",
    "report.number_suffix": "BC-UBND",
    "report.plan_suffix": "KH-UBND",
    "report.signer_mandate": "TM. ỦY BAN NHÂN DÂN",
    "report.signer_title": "CHỦ TỊCH",
    "report.signer_name": "",
    "report.recipients": "Sở Nội vụ tỉnh Ninh Bình;\nThường trực Huyện ủy;\nThường trực HĐND huyện;\n"
    "Chủ tịch, các Phó Chủ tịch UBND huyện;\nCác cơ quan, đơn vị thuộc UBND huyện",
    "workflow.coordinator_decides_extensions": "0",
}


def seed_framework(year: int = 2021) -> Framework:
    """The eight-field framework of the seed appraisal, created once."""
    framework = db.session.execute(
        sa.select(Framework).filter_by(name=SEED_FRAMEWORK, year=year)
    ).scalar_one_or_none()
    if framework is None:
        framework = Framework(name=SEED_FRAMEWORK, year=year, issuing_body="UBND tỉnh Ninh Bình")
        for position, (code, name, points) in enumerate(SEED_FIELDS, start=1):
            framework.fields.append(Field(code=code, name=name, max_points=Decimal(points), position=position))
        db.session.add(framework)
        db.session.flush()
    return framework


def seed_settings() -> None:
    existing = set(db.session.scalars(sa.select(Setting.key)))
    for key, value in DEFAULT_SETTINGS.items():
        if key not in existing:
            db.session.add(Setting(key=key, value=value))


def get_setting(key: str) -> str:
    row = db.session.get(Setting, key)
    return row.value if row is not None else DEFAULT_SETTINGS.get(key, "")


def seed_reference_data() -> None:
    """Everything a new installation needs before its first appraisal."""
    seed_framework(2021)
    seed_settings()
    from .conclusions.keywords import seed_reader_keywords  # the conclusion reader's word lists, editable by the admin

    seed_reader_keywords()
    db.session.flush()
