"""Appraisal records: field scores within each field's maximum, totals, the change against last time."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _

from ...extensions import db
from ...models import (
    Agency,
    Appraisal,
    AppraisalStatus,
    Criterion,
    FieldScore,
    Finding,
    Framework,
    Task,
    TaskStatus,
    User,
    counted_tasks,
    utcnow,
)
from ...textutil import fold, has_control_chars, nfc
from .. import audit, deadlines
from ..errors import ServiceError

# "12,50" as Vietnamese users type it, "12.50" as a spreadsheet pastes it; two decimals at most.
_NUMBER = re.compile(r"^(?P<sign>[-−])?\s*(?P<int>\d{1,5})(?:[.,](?P<frac>\d+))?$")
MIN_YEAR = 2000


def points(value: Decimal | None) -> str:
    """A score for a message: "12,50"."""
    return "" if value is None else format_decimal(value, format="#,##0.00")


def parse_points(raw: str | None, label: str, field_name: str) -> Decimal | None:
    """A number of points typed by a person; None when left empty; refuses negatives and junk."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        return None
    match = _NUMBER.match(text)
    if not match:
        raise ServiceError(_("%(label)s: “%(v)s” không phải là số điểm (ví dụ 12,50).", label=label, v=text[:20]),
                           field=field_name)
    if match["frac"] and len(match["frac"]) > 2:
        raise ServiceError(_("%(label)s: chỉ ghi tối đa 2 chữ số thập phân.", label=label), field=field_name)
    value = Decimal(f"{match['int']}.{match['frac'] or '0'}")
    if match["sign"] and value != 0:
        raise ServiceError(_("%(label)s: điểm không được âm.", label=label), field=field_name)
    return value


@dataclass
class AppraisalInput:
    """What the appraisal form carries; scores are raw text per field id: {id: (self, appraised)}."""

    unit: Agency | None
    year: int | None
    framework: Framework | None
    team: str = ""
    team_head: str = ""
    appraised_on: date | None = None
    conclusion_number: str = ""
    conclusion_date: date | None = None
    status: AppraisalStatus = AppraisalStatus.DRAFT
    scores: dict[int, tuple[str, str]] | None = None


def _check_header(data: AppraisalInput, appraisal: Appraisal | None) -> None:
    if data.unit is None:
        raise ServiceError(_("Vui lòng chọn đơn vị được thẩm định."), field="unit_id")
    if not data.unit.is_active and (appraisal is None or appraisal.unit_id != data.unit.id):
        raise ServiceError(_("Đơn vị “%(a)s” đã ngừng hoạt động.", a=data.unit.name), field="unit_id")
    this_year = deadlines.today().year
    if data.year is None or not MIN_YEAR <= data.year <= this_year + 1:
        raise ServiceError(_("Năm đánh giá phải từ %(a)d đến %(b)d.", a=MIN_YEAR, b=this_year + 1), field="year")
    if data.framework is None:
        raise ServiceError(_("Vui lòng chọn bộ chỉ số."), field="framework_id")
    if appraisal is not None and appraisal.framework_id != data.framework.id and (
            appraisal.findings or appraisal.recommendations):
        raise ServiceError(_("Đợt thẩm định đã có tồn tại, đề nghị gắn với lĩnh vực của bộ chỉ số hiện tại; "
                             "không đổi được bộ chỉ số."), field="framework_id")
    for value, label, name in ((data.team, _("Tổ thẩm định"), "team"), (data.team_head, _("Tổ trưởng"), "team_head"),
                               (data.conclusion_number, _("Số văn bản kết luận"), "conclusion_number")):
        if has_control_chars(value or ""):
            raise ServiceError(_("%(l)s chứa ký tự điều khiển không hợp lệ.", l=label), field=name)
    if data.appraised_on and data.conclusion_date and data.conclusion_date < data.appraised_on:
        raise ServiceError(_("Ngày kết luận không được trước ngày thẩm định."), field="conclusion_date")


def fields_with_criteria(framework: Framework) -> set[int]:
    """Fields whose points are the sum of their criteria's (typed on the criterion page, not here)."""
    return set(db.session.scalars(sa.select(Criterion.field_id).where(Criterion.framework_id == framework.id)))


def parse_scores(framework: Framework, raw: dict[int, tuple[str, str]]) -> dict[int, tuple]:
    """Each field's (self, appraised) points, refused with the field named when out of 0..max; fields with
    criteria are left out (their points are their criteria's)."""
    parsed = {}
    derived = fields_with_criteria(framework)
    for f in framework.fields:
        if f.id in derived:
            continue
        parsed[f.id] = parse_pair(raw.get(f.id, ("", "")), (f"self-{f.id}", f"score-{f.id}"), f.max_points,
                                  lambda kind, f=f: _("%(kind)s lĩnh vực “%(field)s”", kind=kind, field=f.name))
    return parsed


def parse_pair(texts: tuple[str, str], names: tuple[str, str], maximum: Decimal, label) -> tuple:
    """A (self-assessed, appraised) pair of typed points, each refused when out of 0..``maximum``, naming the
    input (``names``) and what it scores (``label(kind)``)."""
    values = []
    for text, kind, name in zip(texts, (_("Điểm tự đánh giá"), _("Điểm thẩm định")), names, strict=True):
        what = label(kind)
        value = parse_points(text, what, name)
        if value is not None and value > maximum:
            raise ServiceError(_("%(label)s là %(v)s, vượt quá điểm tối đa %(max)s.", label=what, v=points(value),
                                 max=points(maximum)), field=name)
        values.append(value)
    return tuple(values)


def _total(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def save_appraisal(actor: User, data: AppraisalInput, appraisal: Appraisal | None = None) -> Appraisal:
    """Create or update an appraisal and its field scores; totals are always computed, never typed."""
    _check_header(data, appraisal)
    scores = parse_scores(data.framework, data.scores or {})
    created = appraisal is None
    if created:
        appraisal = Appraisal(created_by_id=actor.id)
        db.session.add(appraisal)
    before = _snapshot(appraisal) if not created else {}
    appraisal.unit, appraisal.year, appraisal.framework = data.unit, data.year, data.framework
    appraisal.team, appraisal.team_head = nfc(data.team or ""), nfc(data.team_head or "")
    appraisal.appraised_on, appraisal.conclusion_date = data.appraised_on, data.conclusion_date
    appraisal.conclusion_number, appraisal.status = nfc(data.conclusion_number or ""), data.status
    by_field = {s.field_id: s for s in appraisal.scores}
    framework_fields = {f.id for f in data.framework.fields}
    for stale in [s for s in appraisal.scores if s.field_id not in framework_fields]:
        appraisal.scores.remove(stale)  # fields of a framework no longer used
    for f in data.framework.fields:
        if f.id not in scores:
            continue  # summed from its criteria (services/appraisals/scoring.py)
        self_score, score = scores[f.id]
        row = by_field.get(f.id)
        if row is None:
            row = FieldScore(field=f)
            appraisal.scores.append(row)
        row.self_score, row.score = self_score, score
    appraisal.self_total = _total(s.self_score for s in appraisal.scores)
    appraisal.total_score = _total(s.score for s in appraisal.scores)
    db.session.flush()
    after = _snapshot(appraisal)
    if created:
        audit.record("appraisal_created", "appraisal", appraisal.id, after, actor=actor)
    elif changes := audit.diff(before, after):
        audit.record("appraisal_updated", "appraisal", appraisal.id, changes, actor=actor)
    return appraisal


def _snapshot(appraisal: Appraisal) -> dict:
    snap = {"unit": appraisal.unit.short_name if appraisal.unit else None, "year": appraisal.year,
            "framework": appraisal.framework_id, "team": appraisal.team, "team_head": appraisal.team_head,
            "appraised_on": appraisal.appraised_on, "conclusion_number": appraisal.conclusion_number,
            "conclusion_date": appraisal.conclusion_date, "status": appraisal.status,
            "total": str(appraisal.total_score) if appraisal.total_score is not None else None}
    for s in appraisal.scores:
        snap[f"score:{s.field.code}"] = [str(s.self_score) if s.self_score is not None else None,
                                         str(s.score) if s.score is not None else None]
    return snap


def default_framework(year: int | None) -> Framework | None:
    """The active framework of that year, else the newest active one."""
    stmt = sa.select(Framework).where(Framework.is_active).order_by(
        (Framework.year == (year or 0)).desc(), Framework.year.desc(), Framework.id.desc())
    return db.session.scalars(stmt).first()


def previous_appraisal(unit_id: int, year: int, exclude_id: int | None = None) -> Appraisal | None:
    """The same unit's latest earlier appraisal that has a total."""
    stmt = (sa.select(Appraisal).where(Appraisal.unit_id == unit_id, Appraisal.year < year,
                                       Appraisal.total_score.is_not(None))
            .order_by(Appraisal.year.desc(), Appraisal.id.desc()).limit(1))
    if exclude_id:
        stmt = stmt.where(Appraisal.id != exclude_id)
    return db.session.scalars(stmt).first()


@dataclass
class Change:
    delta: Decimal
    year: int


def change_against_previous(appraisal: Appraisal) -> Change | None:
    """"+2,38 điểm so với năm 2020": the total against the unit's previous appraisal."""
    if appraisal.total_score is None or appraisal.id is None:
        return None
    previous = previous_appraisal(appraisal.unit_id, appraisal.year, appraisal.id)
    if previous is None:
        return None
    return Change(appraisal.total_score - previous.total_score, previous.year)


def score_history() -> dict[int, list[tuple[int, str, int]]]:
    """Each unit's appraisal totals by year, for the form's live "so với năm trước" as she types."""
    history: dict[int, list[tuple[int, str, int]]] = {}
    rows = db.session.execute(sa.select(Appraisal.unit_id, Appraisal.year, Appraisal.total_score, Appraisal.id)
                              .where(Appraisal.total_score.is_not(None)).order_by(Appraisal.year))
    for unit_id, year, total, appraisal_id in rows:
        history.setdefault(unit_id, []).append((year, str(total), appraisal_id))
    return history


@dataclass
class ScoreRow:
    """One field's line of the score table and its bar."""

    field: object
    self_score: Decimal | None
    score: Decimal | None

    @property
    def percent(self) -> int:
        if self.score is None or not self.field.max_points:
            return 0
        return int((self.score / self.field.max_points * 100).to_integral_value())

    @property
    def lost(self) -> Decimal | None:
        return None if self.score is None else self.field.max_points - self.score


def score_rows(appraisal: Appraisal) -> list[ScoreRow]:
    by_field = {s.field_id: s for s in appraisal.scores}
    rows = []
    for f in appraisal.framework.fields:
        s = by_field.get(f.id)
        rows.append(ScoreRow(f, s.self_score if s else None, s.score if s else None))
    return rows


def index_value(appraisal: Appraisal) -> Decimal | None:
    """The PAR index: points achieved ÷ maximum × 100."""
    maximum = appraisal.framework.max_total
    if appraisal.total_score is None or not maximum:
        return None
    return (appraisal.total_score / maximum * 100).quantize(Decimal("0.01"))


def list_stmt(q: str = ""):
    """Appraisals for the list page, newest first; ``q`` matches the unit with or without diacritics."""
    stmt = (sa.select(Appraisal).join(Appraisal.unit)
            .order_by(Appraisal.year.desc(), Appraisal.appraised_on.desc().nulls_last(), Appraisal.id.desc()))
    if q:
        stmt = stmt.where(Agency.search_name.contains(fold(q), autoescape=True))
    return stmt


def list_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    """Per appraisal: shortcomings, and assigned tasks done out of total (groups and cancelled left out)."""
    result = {i: {"findings": 0, "tasks": 0, "done": 0} for i in ids}
    if not ids:
        return result
    stmt = sa.select(Finding.appraisal_id, sa.func.count()).where(Finding.appraisal_id.in_(ids))
    for appraisal_id, n in db.session.execute(stmt.group_by(Finding.appraisal_id)):
        result[appraisal_id]["findings"] = n
    # A group is counted through its parts, as everywhere (counted_tasks).
    stmt = (sa.select(Task.appraisal_id, sa.func.count(), sa.func.count().filter(Task.status == TaskStatus.DONE))
            .where(Task.appraisal_id.in_(ids), Task.status.not_in([TaskStatus.DRAFT, TaskStatus.CANCELLED]),
                   counted_tasks())
            .group_by(Task.appraisal_id))
    for appraisal_id, total, done in db.session.execute(stmt):
        result[appraisal_id].update(tasks=total, done=done)
    return result


@dataclass
class Preview:
    self_total: Decimal | None
    total: Decimal | None
    change: Change | None


def preview(framework: Framework, raw: dict[int, tuple[str, str]], unit_id: int | None, year: int | None,
            exclude_id: int | None = None) -> Preview:
    """Totals of what the form holds now (unreadable entries left out), for the page before it is saved."""
    def value(text, f):
        try:
            v = parse_points(text, "", "")
        except ServiceError:
            return None
        return v if v is not None and v <= f.max_points else None

    selfs = [value(raw.get(f.id, ("", ""))[0], f) for f in framework.fields]
    scores = [value(raw.get(f.id, ("", ""))[1], f) for f in framework.fields]
    total = _total(scores)
    change = None
    if total is not None and unit_id and year:
        previous = previous_appraisal(unit_id, year, exclude_id)
        if previous is not None:
            change = Change(total - previous.total_score, previous.year)
    return Preview(_total(selfs), total, change)


def hand_over(appraisal: Appraisal, actor: User) -> None:
    """The province coordinator hands the reviewed conclusion to the unit (once); the unit then plans."""
    if appraisal.handed_over_at is not None:
        raise ServiceError(_("Kết luận này đã được chuyển cho đơn vị."))
    if not appraisal.findings and not appraisal.recommendations:
        raise ServiceError(_("Chưa có tồn tại, đề nghị nào để chuyển: hãy nhập và rà soát kết luận trước."))
    appraisal.handed_over_at, appraisal.handed_over_by_id = utcnow(), actor.id
    audit.record("appraisal_handed_over", "appraisal", appraisal.id, {"unit": appraisal.unit.name}, actor=actor)
