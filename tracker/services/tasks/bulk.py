"""Acting on several checked tasks at once: every task changes, or none does.

Each task goes through the same workflow function as on its own page (which checks the move and
writes the audit event); the first refusal stops the batch, the view rolls the session back, and the
message names the task that refused.
"""

from datetime import date

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from flask_babel import ngettext

from ...extensions import db
from ...models import Agency, Task, User
from ...permissions import Action, can, visible_tasks_clause
from .. import deadlines
from ..errors import ServiceError
from . import workflow

APPROVE, DEADLINE, REASSIGN = "approve", "deadline", "reassign"
# The same permissions the workflow table asks for (workflow.MOVE_ACTION), checked up front for the 403.
PERMISSION = {APPROVE: Action.DECIDE, DEADLINE: Action.EDIT, REASSIGN: Action.ASSIGN}
MAX_SELECTED = 200
NAMED_IN_QUESTION = 5


def action_labels() -> dict[str, str]:
    return {APPROVE: _("Duyệt hoàn thành"), DEADLINE: _("Đổi thời hạn"), REASSIGN: _("Giao lại cơ quan chủ trì")}


def selected_tasks(user: User, ids: list[int], action: str) -> list[Task]:
    """The checked tasks, locked for the change; one the user may not see makes the whole request a 404.

    As with ``permissions.get_task_or_404``: unseen ids reveal nothing (404), seen ones the user may
    not act on are refused (403).
    """
    stmt = (sa.select(Task).where(Task.id.in_(ids), visible_tasks_clause(user)).order_by(Task.id)
            .with_for_update())
    tasks = list(db.session.scalars(stmt))
    if len(tasks) != len(set(ids)):
        abort(404)
    if not all(can(user, PERMISSION[action], task) for task in tasks):
        abort(403)
    return tasks


def check(action: str, actor: User, *, new_date: date | None, lead_agency_id: int | None) -> Agency | None:
    """Refuse what no task could accept before asking for confirmation; returns the new lead agency."""
    if action == DEADLINE and not workflow.may_move_deadlines(actor):
        raise ServiceError(workflow.deadline_refusal(), field="new_date")
    if action == DEADLINE and new_date is not None and new_date < deadlines.today():
        raise ServiceError(_("Thời hạn mới %(d)s đã qua. Vui lòng chọn một ngày từ hôm nay trở đi.",
                             d=new_date.strftime("%d/%m/%Y")), field="new_date")
    if action != REASSIGN:
        return None
    agency = db.session.get(Agency, lead_agency_id) if lead_agency_id else None
    if agency is None or not agency.is_active:
        raise ServiceError(_("Không tìm thấy cơ quan chủ trì đã chọn, hoặc cơ quan đã ngừng hoạt động."),
                           field="lead_agency_id")
    return agency


def question(action: str, tasks: list[Task], new_date: date | None, agency: Agency | None) -> str:
    """The one question asked before the change, naming the first few tasks."""
    names = "; ".join(f"“{t.title}”" for t in tasks[:NAMED_IN_QUESTION])
    if len(tasks) > NAMED_IN_QUESTION:
        names += " " + _("và %(n)d nhiệm vụ khác", n=len(tasks) - NAMED_IN_QUESTION)
    if action == APPROVE:
        return ngettext("Duyệt hoàn thành %(num)d nhiệm vụ: %(names)s? Nhiệm vụ sẽ được ghi nhận đã hoàn thành.",
                        "Duyệt hoàn thành %(num)d nhiệm vụ: %(names)s? Nhiệm vụ sẽ được ghi nhận đã hoàn thành.",
                        len(tasks), names=names)
    if action == DEADLINE:
        return ngettext("Đổi thời hạn của %(num)d nhiệm vụ thành %(d)s: %(names)s? Việc đổi được ghi nhận là "
                        "gia hạn; thời hạn ban đầu vẫn được lưu.",
                        "Đổi thời hạn của %(num)d nhiệm vụ thành %(d)s: %(names)s? Việc đổi được ghi nhận là "
                        "gia hạn; thời hạn ban đầu vẫn được lưu.",
                        len(tasks), d=new_date.strftime("%d/%m/%Y"), names=names)
    return ngettext("Giao %(num)d nhiệm vụ cho %(a)s chủ trì: %(names)s?",
                    "Giao %(num)d nhiệm vụ cho %(a)s chủ trì: %(names)s?", len(tasks), a=agency.name, names=names)


def apply(action: str, tasks: list[Task], actor: User, *, versions: dict[int, int], new_date: date | None = None,
          reason: str = "", lead_agency: Agency | None = None) -> None:
    """Run the workflow move on every task; a refusal names the task and the caller rolls back."""
    for task in tasks:
        try:
            if action == APPROVE:
                workflow.approve(task, actor, note=reason, expected_version=versions.get(task.id))
            elif action == DEADLINE:
                workflow.change_deadline(task, actor, new_date=new_date, reason=reason)
            else:
                workflow.reassign(task, actor, lead_agency=lead_agency, reason=reason)
        except ServiceError as exc:
            raise ServiceError(_("Chưa thay đổi nhiệm vụ nào. Nhiệm vụ “%(t)s” không thực hiện được: %(why)s",
                                 t=task.title, why=str(exc)), field=exc.field) from exc


def done_message(action: str, count: int) -> str:
    if action == APPROVE:
        return ngettext("Đã duyệt hoàn thành %(num)d nhiệm vụ.", "Đã duyệt hoàn thành %(num)d nhiệm vụ.", count)
    if action == DEADLINE:
        return ngettext("Đã đổi thời hạn của %(num)d nhiệm vụ.", "Đã đổi thời hạn của %(num)d nhiệm vụ.", count)
    return ngettext("Đã giao lại %(num)d nhiệm vụ.", "Đã giao lại %(num)d nhiệm vụ.", count)
