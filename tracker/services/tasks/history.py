"""What happened on a task, for people to read: the timeline and the audit history in words."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Agency, AuditEvent, Direction, Extension, Priority, ProgressUpdate, Role, Task, TaskStatus, User

ACTION_LABELS = {
    "task_created": _l("Tạo nhiệm vụ"),
    "task_updated": _l("Sửa thông tin nhiệm vụ"),
    "task_assigned": _l("Giao nhiệm vụ"),
    "task_fanned_out": _l("Chia cho các đơn vị"),
    "task_progress": _l("Cập nhật tiến độ"),
    "task_progress_share": _l("Cập nhật phần việc phối hợp"),
    "task_submitted": _l("Báo cáo hoàn thành"),
    "task_evidence_added": _l("Bổ sung minh chứng cho báo cáo hoàn thành"),
    "task_submission_withdrawn": _l("Rút báo cáo hoàn thành"),
    "task_approved": _l("Duyệt hoàn thành"),
    "task_returned": _l("Trả lại"),
    "task_postponed": _l("Tạm hoãn"),
    "task_resumed": _l("Cho tiếp tục thực hiện"),
    "task_cancelled": _l("Hủy nhiệm vụ"),
    "task_rolled_up": _l("Tự động cập nhật theo phần việc của các đơn vị"),
    "task_reassigned": _l("Giao lại"),
    "extension_requested": _l("Đề nghị gia hạn"),
    "extension_approved": _l("Đồng ý gia hạn"),
    "extension_rejected": _l("Không đồng ý gia hạn"),
    "extension_withdrawn": _l("Đóng đề nghị gia hạn"),
    "deadline_changed": _l("Điều chỉnh thời hạn"),
    "direction_added": _l("Cho ý kiến chỉ đạo"),
    "direction_acknowledged": _l("Xác nhận đã đọc ý kiến chỉ đạo"),
    "evidence_added": _l("Đính kèm minh chứng"),
}

FIELD_LABELS = {
    "title": _l("Tên nhiệm vụ"), "description": _l("Nội dung, yêu cầu"), "status": _l("Trạng thái"),
    "progress": _l("Tiến độ"), "due_date": _l("Thời hạn"), "start_date": _l("Ngày bắt đầu"),
    "original_due_date": _l("Thời hạn ban đầu"), "completed_on": _l("Ngày hoàn thành"),
    "lead_agency": _l("Cơ quan chủ trì"), "owner": _l("Người phụ trách"), "reason": _l("Lý do"),
    "note": _l("Ghi chú"), "text": _l("Nội dung"), "file_name": _l("Tệp"), "files": _l("Tệp"),
    "sha256": _l("SHA-256"), "requested_due_date": _l("Ngày đề nghị"), "expected_output": _l("Sản phẩm"),
    "priority": _l("Độ khẩn"), "supporting_agencies": _l("Cơ quan phối hợp"), "size": _l("Dung lượng"),
    "field": _l("Lĩnh vực"), "criterion": _l("Tiêu chí"),
    "evidence_required": _l("Phải có minh chứng khi báo hoàn thành"),
    "group": _l("Thuộc nhiệm vụ chung"), "agencies": _l("Đơn vị"), "decided_due_date": _l("Gia hạn đến"),
}
# Internal references kept in older records; the page shows what they point at through other lines.
HIDDEN_KEYS = frozenset({"share", "appraisal", "recommendation", "parent", "children", "extension_id"})
# Keys whose values name people or agencies: older records kept usernames and short names.
PEOPLE, AGENCIES = frozenset({"owner"}), frozenset({"lead_agency", "supporting_agencies", "agencies"})


@dataclass
class Entry:
    """One item of the timeline: a progress update, a direction, an extension request or decision."""

    at: datetime
    kind: str  # "update", "direction", "extension", "decision", "deadline"
    item: Any
    evidence: list = field(default_factory=list)


def timeline(task: Task) -> list[Entry]:
    """Everything that happened on ``task``, newest first."""
    updates = db.session.execute(
        sa.select(ProgressUpdate).where(ProgressUpdate.task_id == task.id)
        .options(selectinload(ProgressUpdate.evidence), selectinload(ProgressUpdate.author),
                 selectinload(ProgressUpdate.agency))
    ).scalars()
    entries = [Entry(u.created_at, "update", u, sorted(u.evidence, key=lambda e: e.id)) for u in updates]
    for direction in db.session.scalars(sa.select(Direction).where(Direction.task_id == task.id)):
        entries.append(Entry(direction.created_at, "direction", direction))
    for ext in db.session.scalars(sa.select(Extension).where(Extension.task_id == task.id)):
        if ext.requested_by_id == ext.decided_by_id and ext.requested_at == ext.decided_at:
            entries.append(Entry(ext.requested_at, "deadline", ext))  # changed directly by the assigning side
            continue
        entries.append(Entry(ext.requested_at, "extension", ext))
        if ext.decided_at is not None:
            entries.append(Entry(ext.decided_at, "decision", ext))
    order = {"decision": 0, "deadline": 1, "extension": 2, "direction": 3, "update": 4}
    entries.sort(key=lambda e: (e.at, -order[e.kind], e.item.id), reverse=True)
    return entries


@dataclass
class HistoryLine:
    """An audit event in words: "Phòng Nội vụ: Đang thực hiện → Chờ duyệt hoàn thành"."""

    at: datetime
    who: str
    person: str
    summary: str
    details: list[tuple[str, str]]
    address: str


class Names:
    """Full names for the usernames and short agency names older records kept, looked up once per page."""

    def __init__(self, events: list[AuditEvent]):
        people, agencies = set(), set()
        for event in events:
            for key, value in (event.changes or {}).items():
                target = people if key in PEOPLE else agencies if key in AGENCIES else None
                if target is not None:
                    target.update(v for v in _flat(value) if isinstance(v, str))
        self.people = dict(db.session.execute(
            sa.select(User.username, User.full_name).where(User.username.in_(people))).all()) if people else {}
        self.agencies = dict(db.session.execute(
            sa.select(Agency.short_name, Agency.name).where(Agency.short_name.in_(agencies))).all()) if agencies else {}

    def of(self, key: str, value: str) -> str:
        if key in PEOPLE:
            return self.people.get(value) or value
        if key in AGENCIES:
            return self.agencies.get(value) or value
        return value


def _flat(value) -> list:
    return [v for item in value for v in _flat(item)] if isinstance(value, list) else [value]


def _value(key: str, value, names: Names | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key == "status":
        try:
            return TaskStatus(value).label
        except ValueError:
            return str(value)
    if key == "priority":
        try:
            return Priority(value).label
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return str(_l("Có")) if value else str(_l("Không"))
    if key == "progress" and isinstance(value, int):
        return f"{value}%"
    if key == "size" and isinstance(value, int):
        return f"{value / 2**20:.1f} MB".replace(".", ",") if value >= 2**20 else f"{max(1, round(value / 1024))} KB"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, dict):
        return ", ".join(f"{_value(k, v, names)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_value(key, v, names) for v in value)
    if isinstance(value, str) and names is not None:
        return names.of(key, value)
    return str(value)


def describe(event: AuditEvent, names: Names | None = None) -> HistoryLine:
    """Turn one audit event into words a clerk would write: labels, names of people and agencies, dates."""
    actor = event.actor
    person = event.actor_name or _("Hệ thống")
    who = actor.agency.name if actor is not None and actor.role == Role.OFFICER and actor.agency else person
    changes = event.changes or {}
    label = str(ACTION_LABELS.get(event.action, _("Thay đổi khác")))
    status = changes.get("status")
    if isinstance(status, list) and len(status) == 2:
        summary = f"{_value('status', status[0])} → {_value('status', status[1])} ({label.lower()})"
    else:
        summary = label
    created = event.action == "task_created"
    details = []
    for key, value in changes.items():
        if key == "status" or key.endswith("_id") or key in HIDDEN_KEYS or key not in FIELD_LABELS:
            continue
        if created and value in (None, "", [], False):
            continue  # a new task's empty fields say nothing
        name = str(FIELD_LABELS[key])
        if isinstance(value, list) and len(value) == 2 and key not in ("supporting_agencies", "agencies", "files"):
            details.append((name, f"{_value(key, value[0], names)} → {_value(key, value[1], names)}"))
        else:
            details.append((name, _value(key, value, names)))
    if isinstance(changes.get("share"), dict):
        details.insert(0, (str(_l("Phần việc phối hợp")), _value("progress", changes["share"].get("progress"))))
    return HistoryLine(event.at, who, person, summary, details, event.remote_addr)


def history(task: Task, limit: int | None = None) -> list[HistoryLine]:
    """The audit history of ``task`` in words, newest first."""
    stmt = (sa.select(AuditEvent).where(AuditEvent.entity == "task", AuditEvent.entity_id == task.id)
            .options(selectinload(AuditEvent.actor)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    if limit:
        stmt = stmt.limit(limit)
    events = list(db.session.execute(stmt).scalars())
    names = Names(events)
    return [describe(event, names) for event in events]


def history_count(task: Task) -> int:
    """How many audit events ``task`` has (the page shows the latest few)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.entity == "task", AuditEvent.entity_id == task.id))


def last_move_to(task: Task, status: TaskStatus) -> ProgressUpdate | None:
    """The latest update that moved ``task`` into ``status`` (the return reason, the submission...)."""
    stmt = (sa.select(ProgressUpdate).where(ProgressUpdate.task_id == task.id, ProgressUpdate.status_to == status)
            .options(selectinload(ProgressUpdate.evidence))
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()))
    return db.session.execute(stmt).scalars().first()
