"""Tasks and their parts as the plain dicts the API schemas describe."""

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user

from ..extensions import db
from ..models import Direction, Extension, Task
from ..services import deadlines
from ..services.tasks import evidence as evidence_files
from ..services.tasks import history as task_history
from ..services.tasks import workflow
from ..services.tasks.lists import Row


def _named(obj, name: str | None = None) -> dict | None:
    return None if obj is None else {"id": obj.id, "name": name or getattr(obj, "name", None) or obj.display_name}


def task_summary(task: Task, state=None, time_status=None, badge: str = "", new_direction: bool = False,
                 url: str | None = None) -> dict:
    state = state or task
    return {
        "id": task.id, "title": task.title, "status": state.status, "time_status": time_status, "badge": badge,
        "progress": task.progress, "priority": task.priority, "due_date": state.due_date,
        "original_due_date": task.original_due_date, "completed_on": state.completed_on, "unit_id": task.unit_id,
        "appraisal_id": task.appraisal_id, "field_id": task.field_id,
        "lead_agency": _named(task.lead_agency),
        "supporting_agencies": [_named(a) for a in task.supporting_agencies],
        "owner": _named(task.owner), "new_direction": new_direction, "version": task.version,
        "updated_at": task.updated_at, "web_url": url,
    }


def row(item: Row) -> dict:
    return task_summary(item.task, item.state, item.time_status, item.badge, item.new_direction, item.url)


def task_detail(task: Task) -> dict:
    ts = deadlines.task_time_status(task)
    directions = db.session.scalars(sa.select(Direction).where(Direction.task_id == task.id)
                                    .order_by(Direction.id)).all()
    extensions = db.session.scalars(sa.select(Extension).where(Extension.task_id == task.id)
                                    .order_by(Extension.id)).all()
    unread = any(d.acknowledged_at is None for d in directions)
    data = task_summary(task, None, ts, deadlines.badge_words(ts, task.due_date, deadlines.today()), unread,
                        url_for("tasks.detail", task_id=task.id, _external=True))
    data.update({
        "description": task.description, "expected_output": task.expected_output,
        "evidence_required": task.evidence_required, "start_date": task.start_date, "is_group": task.is_group,
        "actions": sorted(m.value for m in workflow.available_moves(current_user, task)),
        "directions": [{"id": d.id, "text": d.text, "author": d.author.display_name if d.author else "",
                        "created_at": d.created_at, "acknowledged_at": d.acknowledged_at} for d in directions],
        "extensions": [extension(e) for e in extensions],
        "evidence": [evidence(e) for e in evidence_files.task_evidence(task)],
        "history": history(task),
    })
    return data


def extension(e: Extension) -> dict:
    return {"id": e.id, "status": e.status.value, "requested_due_date": e.requested_due_date,
            "previous_due_date": e.previous_due_date, "decided_due_date": e.decided_due_date, "reason": e.reason,
            "decision_note": e.decision_note or "", "requested_at": e.requested_at}


def evidence(e) -> dict:
    return {"id": e.id, "file_name": e.file_name, "size": e.size, "content_type": e.content_type,
            "sha256": e.sha256, "uploaded_at": e.uploaded_at}


def history(task: Task) -> list[dict]:
    return [{"at": line.at, "who": line.who, "person": line.person, "summary": line.summary,
             "details": [list(pair) for pair in line.details]} for line in task_history.history(task)]
