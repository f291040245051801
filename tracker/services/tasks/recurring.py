"""Recurring tasks: a series, and one ordinary task per period, created when the period starts.

"Báo cáo tình hình văn bản đi đúng luồng hằng tháng": monthly, due on the 25th, until the end of the year.
``create_due(today)`` (run daily by ``flask tracker remind``) makes the occurrence of every period that has
started and has none yet; a unique (series, period) pair makes a second run, or two at once, create nothing
more. Each occurrence is assigned at once, to the series' lead agency, and is counted like any task. A series is
stopped, never deleted: its occurrences stay, and no new one comes.
"""

import calendar
import logging
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Agency, Field, Priority, Recurrence, Task, TaskSeries, User, utcnow
from ...permissions import may_support
from ...textutil import nfc
from .. import audit, deadlines
from ..errors import ServiceError
from . import planning

log = logging.getLogger("tracker.recurring")
MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}


def period_start(recurrence: Recurrence, day: date) -> date:
    """The first day of the period ``day`` is in."""
    if recurrence == Recurrence.MONTHLY:
        return day.replace(day=1)
    if recurrence == Recurrence.QUARTERLY:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def period_label(recurrence: Recurrence, start: date) -> str:
    """"tháng 3/2026", "quý 2/2026", "năm 2026"."""
    if recurrence == Recurrence.MONTHLY:
        return _("tháng %(m)d/%(y)d", m=start.month, y=start.year)
    if recurrence == Recurrence.QUARTERLY:
        return _("quý %(q)d/%(y)d", q=(start.month - 1) // 3 + 1, y=start.year)
    return _("năm %(y)d", y=start.year)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def due_date(series: TaskSeries, start: date) -> date:
    """The deadline of the occurrence whose period starts on ``start``."""
    if series.recurrence == Recurrence.MONTHLY:
        year, month = start.year, start.month
    elif series.recurrence == Recurrence.QUARTERLY:
        year, month = start.year, start.month + 2  # the quarter's last month
    else:
        year, month = start.year, series.due_month or 12
    return date(year, month, min(series.due_day, _last_day(year, month)))


@dataclass
class SeriesInput:
    title: str
    lead_agency: Agency | None
    recurrence: Recurrence | None
    due_day: int | None
    starts_on: date | None
    until: date | None = None
    due_month: int | None = None
    expected_output: str = ""
    description: str = ""
    supporting_agencies: tuple = ()
    owner: User | None = None
    priority: Priority = Priority.NORMAL
    field: Field | None = None
    evidence_required: bool = True


def _check(actor: User, data: SeriesInput) -> Agency:
    """The unit the series belongs to, after checking what it would give each occurrence."""
    title = nfc((data.title or "").strip())
    if not title:
        raise ServiceError(_("Vui lòng nhập tên nhiệm vụ."), field="title")
    if data.recurrence is None:
        raise ServiceError(_("Vui lòng chọn chu kỳ lặp lại."), field="recurrence")
    if data.due_day is None or not 1 <= data.due_day <= 31:
        raise ServiceError(_("Ngày đến hạn trong kỳ phải từ 1 đến 31."), field="due_day")
    if data.recurrence == Recurrence.YEARLY and (data.due_month is None or not 1 <= data.due_month <= 12):
        raise ServiceError(_("Nhiệm vụ hằng năm cần tháng đến hạn (1 đến 12)."), field="due_month")
    if data.starts_on is None:
        raise ServiceError(_("Vui lòng nhập ngày bắt đầu lặp lại."), field="starts_on")
    if data.until is not None and data.until < data.starts_on:
        raise ServiceError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="until")
    unit = actor.agency.unit if actor.agency is not None else None
    if unit is None:
        raise ServiceError(_("Tài khoản của bạn chưa thuộc đơn vị nào."))
    lead = data.lead_agency
    if lead is None or not lead.is_active or lead.unit_id != unit.id:
        raise ServiceError(_("Vui lòng chọn cơ quan chủ trì đang hoạt động của đơn vị."), field="lead_agency_id")
    # Each occurrence is checked as any task is (planning); a series that could never make one is refused now.
    for agency in data.supporting_agencies:
        if not may_support(agency, unit.id):
            raise ServiceError(_("“%(a)s” thuộc một đơn vị khác, không phối hợp được: chỉ cơ quan của đơn vị, cơ "
                                 "quan cấp tỉnh và các sở, ban, ngành phối hợp được.", a=agency.name),
                               field="supporting_ids")
    return unit


def create_series(actor: User, data: SeriesInput) -> TaskSeries:
    """A new series, and the occurrence of the current period if it has started."""
    unit = _check(actor, data)
    series = TaskSeries(unit=unit, title=nfc(data.title.strip()), description=nfc(data.description or ""),
                        expected_output=nfc(data.expected_output or ""), lead_agency=data.lead_agency,
                        supporting_agencies=[a for a in data.supporting_agencies if a.id != data.lead_agency.id],
                        owner=data.owner, priority=data.priority, field=data.field,
                        evidence_required=data.evidence_required, recurrence=data.recurrence, due_day=data.due_day,
                        due_month=data.due_month if data.recurrence == Recurrence.YEARLY else None,
                        starts_on=data.starts_on, until=data.until, created_by=actor)
    db.session.add(series)
    db.session.flush()
    audit.record("series_created", "task_series", series.id, {
        "title": series.title, "recurrence": series.recurrence.value, "due_day": series.due_day,
        "lead_agency": series.lead_agency.name, "starts_on": series.starts_on, "until": series.until}, actor=actor)
    _occurrence(series, deadlines.today())
    return series


def stop_series(actor: User, series: TaskSeries) -> None:
    """No occurrence after this one; those made stay, as ordinary tasks."""
    if not series.active:
        raise ServiceError(_("Nhiệm vụ định kỳ này đã dừng."))
    series.stopped_at, series.stopped_by_id = utcnow(), actor.id
    audit.record("series_stopped", "task_series", series.id, {"title": series.title}, actor=actor)


def _occurrence(series: TaskSeries, today: date) -> Task | None:
    """The occurrence of the period ``today`` is in, made if it is due and not there yet."""
    start = period_start(series.recurrence, today)
    if not series.active or today < series.starts_on or (series.until is not None and start > series.until):
        return None
    exists = db.session.scalar(sa.select(Task.id).where(Task.series_id == series.id, Task.period_start == start))
    if exists is not None:
        return None
    actor = series.created_by
    label = period_label(series.recurrence, start)
    savepoint = db.session.begin_nested()
    try:
        task = planning.create_task(
            actor, title=f"{series.title} — {label}"[:planning.MAX_TITLE], description=series.description,
            expected_output=series.expected_output, priority=series.priority, lead_agency=series.lead_agency,
            supporting_agencies=list(series.supporting_agencies), owner=series.owner, field=series.field,
            evidence_required=series.evidence_required, start_date=max(start, series.starts_on), unit=series.unit)
        task.series_id, task.period_start = series.id, start
        task.due_date = due_date(series, start)
        planning.assign_tasks([task], actor, deadline_may_have_passed=True)
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()  # another run made it a moment ago
        return None
    except ServiceError as exc:
        # An owner who left, an agency closed since: say so, and let the other series go on.
        savepoint.rollback()
        log.warning("series %s: no occurrence for %s: %s", series.id, start, exc)
        audit.record("series_occurrence_refused", "task_series", series.id, {"period": start, "reason": str(exc)},
                     automatic=True)
        return None
    return task


def create_due(today: date | None = None) -> list[Task]:
    """Every active series' occurrence of the current period, where it is missing (idempotent)."""
    today = today or deadlines.today()
    # A series past its end is skipped by ``_occurrence`` (its last period may have started before ``until``).
    series = db.session.scalars(sa.select(TaskSeries).where(TaskSeries.stopped_at.is_(None),
                                                            TaskSeries.starts_on <= today)
                                .order_by(TaskSeries.id)).all()
    return [task for s in series if (task := _occurrence(s, today)) is not None]


def occurrences(series: TaskSeries) -> list[Task]:
    return list(db.session.scalars(sa.select(Task).where(Task.series_id == series.id)
                                   .order_by(Task.period_start.desc(), Task.id.desc())))
