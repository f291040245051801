"""Task actions that do not move its status: extensions, deadline changes, reassignment, directions.

They obey the same workflow table as the status moves (``transitions.check``); import them
from ``tracker.services.tasks.workflow``.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import (
    Agency,
    Direction,
    Extension,
    ExtensionStatus,
    NotificationKind,
    ProgressUpdate,
    Role,
    Task,
    User,
    utcnow,
)
from .. import audit, deadlines
from ..notifications import outbox
from .transitions import Move, WorkflowError, check, clean_text, pending_extension, withdraw_pending


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _new_deadline(task: Task, new_date: date | None, *, must_extend: bool) -> date:
    """A deadline that can be set now: a real date, not in the past, different from the current one."""
    if not isinstance(new_date, date):
        raise WorkflowError(_("Vui lòng chọn ngày."), field="new_date")
    if new_date < deadlines.today():
        raise WorkflowError(_("Thời hạn mới không được là ngày đã qua."), field="new_date")
    if must_extend and task.due_date is not None and new_date <= task.due_date:
        raise WorkflowError(_("Ngày đề nghị phải sau thời hạn hiện tại (%(d)s).", d=_day(task.due_date)),
                            field="new_date")
    if new_date == task.due_date:
        raise WorkflowError(_("Thời hạn mới trùng với thời hạn hiện tại."), field="new_date")
    return new_date


def request_extension(task: Task, actor: User, *, new_date: date, reason: str) -> Extension:
    """The lead agency asks for a later deadline, with a reason; at most one request waits at a time."""
    check(task, actor, Move.REQUEST_EXTENSION)
    if task.due_date is None:
        raise WorkflowError(_("Nhiệm vụ không có thời hạn nên không cần gia hạn."), field="new_date")
    if pending_extension(task) is not None:
        raise WorkflowError(_("Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định."), field="new_date")
    new_date = _new_deadline(task, new_date, must_extend=True)
    reason = clean_text(reason, _("lý do đề nghị gia hạn"), required=True, field="reason")
    extension = Extension(task=task, requested_by=actor, requested_at=utcnow(), previous_due_date=task.due_date,
                          requested_due_date=new_date, reason=reason, status=ExtensionStatus.PENDING)
    db.session.add(extension)
    db.session.flush()
    audit.record("extension_requested", "task", task.id,
                 {"extension_id": extension.id, "requested_due_date": new_date, "reason": reason}, actor=actor)
    outbox.emit(NotificationKind.EXTENSION_REQUESTED, task, actor=actor,
                data={"requested_due_date": new_date, "reason": reason})
    return extension


def decide_extension(extension: Extension, actor: User, *, approve: bool, new_date: date | None = None,
                     note: str = "") -> Extension:
    """Approve the requested date (or another one), or reject with a reason; the original deadline stays."""
    task = extension.task
    check(task, actor, Move.DECIDE_EXTENSION)
    if extension.status != ExtensionStatus.PENDING:
        raise WorkflowError(_("Đề nghị gia hạn này đã được quyết định (%(s)s).", s=extension.status.label))
    note = clean_text(note, _("lý do không đồng ý"), required=not approve, field="note")
    decided = _new_deadline(task, new_date or extension.requested_due_date, must_extend=False) if approve else None
    extension.decided_by, extension.decided_at, extension.decision_note = actor, utcnow(), note
    if not approve:
        extension.status = ExtensionStatus.REJECTED
        audit.record("extension_rejected", "task", task.id, {"extension_id": extension.id, "reason": note},
                     actor=actor)
        outbox.emit(NotificationKind.EXTENSION_DECIDED, task, actor=actor, data={"approved": False, "note": note})
        return extension
    before = task.due_date
    extension.status, extension.decided_due_date = ExtensionStatus.APPROVED, decided
    task.due_date = decided
    audit.record("extension_approved", "task", task.id,
                 {"extension_id": extension.id, "due_date": [before, decided], "note": note}, actor=actor)
    outbox.emit(NotificationKind.EXTENSION_DECIDED, task, actor=actor,
                data={"approved": True, "due_date": decided, "note": note})
    return extension


def change_deadline(task: Task, actor: User, *, new_date: date, reason: str) -> Extension:
    """The assigning side moves the deadline directly; recorded as an approved extension, so reports
    read every deadline change the same way, and told to the lead agency with the new date and the reason."""
    check(task, actor, Move.CHANGE_DEADLINE)
    new_date = _new_deadline(task, new_date, must_extend=False)
    reason = clean_text(reason, _("lý do điều chỉnh thời hạn"), required=True, field="reason")
    now = utcnow()
    withdraw_pending(task, actor, now, _("Bên giao nhiệm vụ đã điều chỉnh thời hạn trực tiếp."))
    extension = Extension(task=task, requested_by=actor, requested_at=now, previous_due_date=task.due_date,
                          requested_due_date=new_date, reason=reason, status=ExtensionStatus.APPROVED,
                          decided_by=actor, decided_at=now, decided_due_date=new_date)
    db.session.add(extension)
    before = task.due_date
    task.due_date = new_date
    db.session.flush()
    audit.record("deadline_changed", "task", task.id,
                 {"extension_id": extension.id, "due_date": [before, new_date], "reason": reason}, actor=actor)
    outbox.emit(NotificationKind.DEADLINE_CHANGED, task, actor=actor,
                data={"due_date": new_date, "previous": before, "reason": reason})
    return extension


def reassign(task: Task, actor: User, *, lead_agency: Agency, owner: User | None = None, reason: str = "") -> None:
    """Give the task to another lead agency and/or owner; the new lead's name is kept as assigned now."""
    check(task, actor, Move.REASSIGN)
    if lead_agency is None or not lead_agency.is_active:
        raise WorkflowError(_("Vui lòng chọn một cơ quan chủ trì đang hoạt động."), field="lead_agency_id")
    if lead_agency.unit_id != task.unit_id:
        raise WorkflowError(_("“%(a)s” không thuộc đơn vị của nhiệm vụ: chỉ giao lại cho cơ quan của đơn vị.",
                              a=lead_agency.name), field="lead_agency_id")
    if owner is not None and (owner.role != Role.OFFICER or owner.agency_id != lead_agency.id or not owner.active):
        raise WorkflowError(_("Người phụ trách phải là cán bộ đang làm việc của cơ quan chủ trì."), field="owner_id")
    reason = clean_text(reason, _("lý do"), required=False, field="reason")
    if lead_agency.id == task.lead_agency_id and owner == task.owner:
        raise WorkflowError(_("Cơ quan chủ trì và người phụ trách không thay đổi."), field="lead_agency_id")
    changes = {
        "lead_agency": [task.lead_agency_name, lead_agency.name],
        "owner": [task.owner.display_name if task.owner else None, owner.display_name if owner else None],
    }
    changes = {k: v for k, v in changes.items() if v[0] != v[1]}
    told = {"old_lead_agency_id": task.lead_agency_id, "old_lead": task.lead_agency_name, "new_lead": lead_agency.name,
            "reason": reason}
    task.lead_agency, task.lead_agency_name, task.owner = lead_agency, lead_agency.name, owner
    # An agency cannot support the task it now leads.
    task.supporting_agencies = [a for a in task.supporting_agencies if a.id != lead_agency.id]
    note = _("Giao lại cho %(a)s.", a=lead_agency.name) + (f" {reason}" if reason else "")
    db.session.add(ProgressUpdate(task=task, author=actor, agency=actor.agency, created_at=utcnow(), note=note))
    audit.record("task_reassigned", "task", task.id, {**changes, **({"reason": reason} if reason else {})},
                 actor=actor)
    outbox.emit(NotificationKind.REASSIGNED, task, actor=actor, data=told)


def add_direction(task: Task, actor: User, text: str) -> Direction:
    """The leader's direction on a task, highlighted for the lead agency until acknowledged."""
    check(task, actor, Move.DIRECT)
    text = clean_text(text, _("ý kiến chỉ đạo"), required=True, field="text")
    direction = Direction(task=task, author=actor, created_at=utcnow(), text=text)
    db.session.add(direction)
    db.session.flush()
    audit.record("direction_added", "task", task.id, {"direction_id": direction.id, "text": text}, actor=actor)
    outbox.emit(NotificationKind.DIRECTION, task, actor=actor, data={"text": text})
    return direction


def acknowledge_direction(direction: Direction, actor: User) -> None:
    """The lead agency confirms it has read a direction; acknowledging twice changes nothing."""
    check(direction.task, actor, Move.ACKNOWLEDGE)
    if direction.acknowledged_at is not None:
        return
    direction.acknowledged_by, direction.acknowledged_at = actor, utcnow()
    audit.record("direction_acknowledged", "task", direction.task_id, {"direction_id": direction.id}, actor=actor)


def unacknowledged_directions(task: Task) -> list[Direction]:
    """Directions the lead agency has not yet confirmed reading, oldest first."""
    stmt = (sa.select(Direction).where(Direction.task_id == task.id, Direction.acknowledged_at.is_(None))
            .order_by(Direction.created_at))
    return list(db.session.execute(stmt).scalars())
