"""Frameworks (bộ chỉ số) and their fields as data the admin manages: a new province's index needs no code."""

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import Field, FieldScore, Finding, Framework, Recommendation, Task, User
from ...textutil import nfc
from .. import audit
from ..errors import ServiceError
from ..organisation.accounts import name_problem
from . import criteria
from .records import parse_points, points

MAX_FIELD_POINTS = Decimal("1000")


def _check_framework(name: str, year: int | None, current: Framework | None) -> None:
    problem = name_problem(name, _("tên bộ chỉ số"))
    if problem:
        raise ServiceError(problem, field="name")
    if year is None or not 2000 <= year <= 2100:
        raise ServiceError(_("Năm áp dụng phải từ 2000 đến 2100."), field="year")
    clash = db.session.scalars(sa.select(Framework).where(Framework.name == name, Framework.year == year,
                                                          Framework.id != (current.id if current else -1))).first()
    if clash is not None:
        raise ServiceError(_("Đã có bộ chỉ số “%(n)s” năm %(y)d.", n=name, y=year), field="name")


def save_framework(actor: User, framework: Framework | None, *, name: str, year: int | None, issuing_body: str,
                   is_active: bool = True) -> Framework:
    """Create or rename a framework; its fields are edited one by one."""
    name, issuing_body = nfc((name or "").strip()), nfc((issuing_body or "").strip())
    _check_framework(name, year, framework)
    if issuing_body and (problem := name_problem(issuing_body, _("cơ quan ban hành"))):
        raise ServiceError(problem, field="issuing_body")
    created = framework is None
    if created:
        framework = Framework(name=name, year=year)
        db.session.add(framework)
    before = {} if created else {"name": framework.name, "year": framework.year,
                                 "issuing_body": framework.issuing_body, "is_active": framework.is_active}
    framework.name, framework.year, framework.issuing_body, framework.is_active = name, year, issuing_body, is_active
    db.session.flush()
    after = {"name": name, "year": year, "issuing_body": issuing_body, "is_active": is_active}
    if created or (changes := audit.diff(before, after)):
        audit.record("framework_created" if created else "framework_updated", "framework", framework.id,
                     after if created else changes, actor=actor)
    return framework


def copy_framework(actor: User, source: Framework, year: int) -> Framework:
    """A new year's framework starting from last year's fields, for the admin to adjust."""
    copy = save_framework(actor, None, name=source.name, year=year, issuing_body=source.issuing_body)
    for f in source.fields:
        copy.fields.append(Field(code=f.code, name=f.name, max_points=f.max_points, position=f.position))
    db.session.flush()
    copied = criteria.copy_criteria(source, copy)
    audit.record("framework_copied", "framework", copy.id, {"from": source.id, "fields": len(source.fields),
                                                             "criteria": copied}, actor=actor)
    return copy


def highest_score(field: Field) -> Decimal | None:
    """The highest self-assessed or appraised score recorded against ``field``."""
    row = db.session.execute(sa.select(sa.func.max(FieldScore.score), sa.func.max(FieldScore.self_score))
                             .where(FieldScore.field_id == field.id)).one()
    present = [v for v in row if v is not None]
    return max(present) if present else None


def save_field(actor: User, framework: Framework, field: Field | None, *, code: str, name: str, max_points: str,
               position: int | None) -> Field:
    """Add or change a field; its maximum never drops below a score already recorded."""
    code, name = nfc((code or "").strip()).upper(), nfc((name or "").strip())
    if problem := name_problem(code, _("mã lĩnh vực"), 20):
        raise ServiceError(problem, field="code")
    if problem := name_problem(name, _("tên lĩnh vực"), 500):
        raise ServiceError(problem, field="name")
    maximum = parse_points(max_points, _("Điểm tối đa"), "max_points")
    if maximum is None or maximum <= 0 or maximum > MAX_FIELD_POINTS:
        raise ServiceError(_("Điểm tối đa phải lớn hơn 0 và không quá %(m)s.", m=points(MAX_FIELD_POINTS)),
                           field="max_points")
    if any(f.code == code and f is not field for f in framework.fields):
        raise ServiceError(_("Bộ chỉ số đã có lĩnh vực mã “%(c)s”.", c=code), field="code")
    if field is not None and (top := highest_score(field)) is not None and top > maximum:
        raise ServiceError(_("Đã có điểm %(s)s được ghi cho lĩnh vực này; điểm tối đa không thể thấp hơn.",
                             s=points(top)), field="max_points")
    created = field is None
    if created:
        last = max((f.position or 0 for f in framework.fields), default=0)
        field = Field(code=code, name=name, max_points=maximum, position=last + 1)
        framework.fields.append(field)
    before = {} if created else {"code": field.code, "name": field.name, "max_points": str(field.max_points),
                                 "position": field.position}
    field.code, field.name, field.max_points = code, name, maximum
    if position is not None:
        field.position = position
    db.session.flush()
    after = {"code": code, "name": name, "max_points": str(maximum), "position": field.position}
    if created or (changes := audit.diff(before, after)):
        audit.record("field_created" if created else "field_updated", "field", field.id,
                     after if created else changes, actor=actor)
    return field


def field_in_use(field: Field) -> bool:
    """Whether anything recorded points at ``field`` (then it is kept, so history reads the same)."""
    for model in (FieldScore, Finding, Recommendation, Task):
        if db.session.scalar(sa.select(sa.func.count()).select_from(model).where(model.field_id == field.id)):
            return True
    return False


def delete_field(actor: User, field: Field) -> None:
    """Remove a field nothing refers to yet (a typo, a field added by mistake)."""
    if field_in_use(field):
        raise ServiceError(_("Lĩnh vực “%(n)s” đã có điểm, tồn tại hoặc nhiệm vụ gắn với nó nên không xóa được. "
                             "Hãy tạo bộ chỉ số mới nếu khung thay đổi.", n=field.name))
    audit.record("field_deleted", "field", field.id, {"code": field.code, "name": field.name,
                                                       "framework": field.framework_id}, actor=actor)
    field.framework.fields.remove(field)
    db.session.flush()
