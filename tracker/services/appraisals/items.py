"""Correcting a saved shortcoming or recommendation: its text, framework field and suggested lead agency.

Tasks already made from a recommendation keep their own copy of its text; they are edited on their own page.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, Appraisal, Criterion, FanoutTarget, Field, Finding, Recommendation, User
from ...textutil import has_control_chars, nfc
from .. import audit
from ..conclusions.review import MAX_ITEM_TEXT, RECOMMENDATION, SHORTCOMING
from ..errors import ServiceError, StaleVersion
from ..tasks.search import MAX_ID
from . import repeats

# As long as the importer lets them be: a saved item can always be saved again. A recommendation becomes a
# task title when the plan drafts its task, hence its shorter limit.
MAX_TEXT = MAX_ITEM_TEXT[SHORTCOMING]
MAX_RECOMMENDATION_TEXT = MAX_ITEM_TEXT[RECOMMENDATION]


@dataclass(frozen=True)
class Values:
    """An item's text, field, agency, deadline and fan-out: what its form was loaded with, or what it holds now."""

    text: str
    field_id: int | None
    agency_id: int | None = None
    due_date: date | None = None
    fanout: str | None = None


def _lines(text: str) -> str:
    """Browsers post line breaks as CRLF; stored text has LF."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def values_of(item: Finding | Recommendation) -> Values:
    fanout = getattr(item, "suggested_fanout", None)
    return Values(item.text, item.field_id, getattr(item, "suggested_agency_id", None),
                  getattr(item, "suggested_due_date", None), fanout.value if fanout else None)


def _check_current(item: Finding | Recommendation, expected: Values | None) -> None:
    """Refuse to save over a change someone else saved after this form was loaded."""
    now = values_of(item)
    if expected is None or (_lines(now.text), now.field_id, now.agency_id, now.due_date, now.fanout) == (
            _lines(expected.text), expected.field_id, expected.agency_id, expected.due_date, expected.fanout):
        return
    parts = [f"“{item.text}”"]
    if item.field is not None:
        parts.append(_("Lĩnh vực: %(f)s", f=item.field.name))
    agency = getattr(item, "suggested_agency", None)
    if agency is not None:
        parts.append(f"{_('gợi ý chủ trì')}: {agency.short_name}")
    due = getattr(item, "suggested_due_date", None)
    if due is not None:
        parts.append(_("thời hạn %(d)s", d=due.strftime("%d/%m/%Y")))
    raise StaleVersion(_("Người khác vừa sửa mục này trong lúc bạn đang sửa. Hiện tại: %(now)s. Nội dung bạn "
                         "nhập vẫn được giữ bên dưới; hãy xem lại rồi lưu lại.", now=" · ".join(parts)))


def _clean_text(text: str | None, limit: int) -> str:
    value = nfc(_lines(text or "").strip())
    if not value:
        raise ServiceError(_("Vui lòng nhập nội dung."), field="text")
    if len(value) > limit:
        raise ServiceError(_("Không được dài quá %(max)d ký tự.", max=limit), field="text")
    if has_control_chars(value.replace("\n", " ")):
        raise ServiceError(_("Nội dung chứa ký tự điều khiển không hợp lệ."), field="text")
    return value


def _field(appraisal: Appraisal, field_id: int | None) -> Field | None:
    if not field_id:
        return None
    field = db.session.get(Field, field_id) if 0 < field_id <= MAX_ID else None
    if field is None or field.framework_id != appraisal.framework_id:
        raise ServiceError(_("Lĩnh vực đã chọn không thuộc bộ chỉ số của đợt thẩm định này."), field="field_id")
    return field


KEEP = object()  # a criterion the caller does not touch


def _criterion(appraisal: Appraisal, criterion_id) -> Criterion | None:
    """A criterion of the appraisal's framework (or none)."""
    if not criterion_id:
        return None
    criterion = db.session.get(Criterion, criterion_id) if 0 < criterion_id <= MAX_ID else None
    if criterion is None or criterion.framework_id != appraisal.framework_id:
        raise ServiceError(_("Tiêu chí đã chọn không thuộc bộ chỉ số của đợt thẩm định này."), field="criterion_id")
    return criterion


def _agency(rec: Recommendation, agency_id: int | None) -> Agency | None:
    """An active agency; one deactivated since it was suggested may stay, not be chosen anew."""
    if not agency_id:
        return None
    agency = db.session.get(Agency, agency_id) if 0 < agency_id <= MAX_ID else None
    if agency is None or (not agency.is_active and agency.id != rec.suggested_agency_id):
        raise ServiceError(_("Cơ quan đã chọn không còn hoạt động."), field="agency_id")
    return agency


def _snapshot(item: Finding | Recommendation) -> dict:
    snap = {"text": item.text, "field": item.field.code if item.field else None,
            "criterion": item.criterion.code if item.criterion else None}
    if isinstance(item, Recommendation):
        snap["agency"] = item.suggested_agency.short_name if item.suggested_agency else None
        snap["due_date"] = item.suggested_due_date
        snap["fanout"] = item.suggested_fanout.value if item.suggested_fanout else None
    return snap


def _record(action: str, entity: str, item: Finding | Recommendation, before: dict, actor: User) -> None:
    db.session.flush()
    changes = audit.diff(before, _snapshot(item))
    if changes:
        audit.record(action, entity, item.id, {"appraisal": item.appraisal_id, **changes}, actor=actor)


def update_finding(finding: Finding, actor: User, *, text: str, field_id: int | None,
                   expected: Values | None, criterion_id=KEEP) -> Finding:
    """Correct a shortcoming's text, field and criterion; refused when it changed since ``expected`` was read.

    Whether it repeats last year's is read again (its criterion or its words may have changed)."""
    _check_current(finding, expected)
    value = _clean_text(text, MAX_TEXT)
    field = _field(finding.appraisal, field_id)
    criterion = finding.criterion if criterion_id is KEEP else _criterion(finding.appraisal, criterion_id)
    before = _snapshot(finding)
    finding.text, finding.field, finding.criterion = value, field, criterion
    _record("finding_updated", "finding", finding, before, actor)
    repeats.flag_repeats(finding.appraisal)
    return finding


def update_recommendation(rec: Recommendation, actor: User, *, text: str, field_id: int | None,
                          agency_id: int | None, expected: Values | None, due_date: date | None = None,
                          fanout: str | None = None, criterion_id=KEEP) -> Recommendation:
    """Correct a recommendation's text, field, suggested lead agency, deadline and fan-out; its tasks keep theirs."""
    _check_current(rec, expected)
    value = _clean_text(text, MAX_RECOMMENDATION_TEXT)
    field = _field(rec.appraisal, field_id)
    agency = _agency(rec, agency_id)
    if fanout and fanout not in {m.value for m in FanoutTarget}:
        raise ServiceError(_("Lựa chọn giao cho nhiều đơn vị không hợp lệ."), field="fanout")
    criterion = rec.criterion if criterion_id is KEEP else _criterion(rec.appraisal, criterion_id)
    before = _snapshot(rec)
    rec.text, rec.field, rec.suggested_agency, rec.criterion = value, field, agency, criterion
    rec.suggested_due_date, rec.suggested_fanout = due_date, FanoutTarget(fanout) if fanout else None
    _record("recommendation_updated", "recommendation", rec, before, actor)
    return rec
