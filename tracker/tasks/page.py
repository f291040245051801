"""The task page: what it shows, its action forms, and how an action's outcome is answered."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..forms import attach_error, options
from ..models import Agency, Direction, Role, Task, TaskStatus, User
from ..permissions import Relation, relation
from ..services import deadlines
from ..services.errors import ServiceError, StaleVersion, check_version
from ..services.tasks import evidence, workflow
from ..services.tasks import history as task_history
from ..services.tasks.actions import unacknowledged_directions
from ..services.tasks.workflow import Move
from ..textutil import with_agency
from . import action_forms as forms

# Form classes by prefix: each form's field names on the page start with "<prefix>-".
FORMS = {
    "progress": forms.ProgressForm, "submit": forms.SubmitForm, "add_evidence": forms.AddEvidenceForm,
    "withdraw": forms.WithdrawForm, "approve": forms.ApproveForm,
    "return": forms.ReasonForm, "postpone": forms.ReasonForm, "resume": forms.ResumeForm,
    "cancel": forms.ReasonForm, "extension": forms.ExtensionRequestForm, "decision": forms.ExtensionDecisionForm,
    "deadline": forms.DeadlineForm, "reassign": forms.ReassignForm, "direction": forms.DirectionForm,
    "ack": forms.AcknowledgeForm,
}
# The moves whose panel shows each form: a refused form whose panel is gone shows its errors at the top.
FORM_MOVES = {
    "progress": {Move.REPORT, Move.REPORT_SHARE}, "submit": {Move.SUBMIT}, "add_evidence": {Move.ADD_EVIDENCE},
    "withdraw": {Move.WITHDRAW}, "approve": {Move.APPROVE},
    "return": {Move.RETURN}, "postpone": {Move.POSTPONE}, "resume": {Move.RESUME}, "cancel": {Move.CANCEL},
    "extension": {Move.REQUEST_EXTENSION}, "decision": {Move.DECIDE_EXTENSION},
    "deadline": {Move.CHANGE_DEADLINE}, "reassign": {Move.REASSIGN}, "direction": {Move.DIRECT},
    "ack": {Move.ACKNOWLEDGE},
}
HISTORY_ON_PAGE = 15


def bound_form(key: str, task: Task):
    """The form ``key`` filled from the request being handled."""
    form = FORMS[key](prefix=key)
    if key == "reassign":
        fill_reassign_choices(form, task)
    return form


def _fresh_form(key: str, task: Task):
    data = {"version": str(task.version)}
    if key == "progress":
        data["progress"] = task.progress
    form = FORMS[key](prefix=key, formdata=None, data=data)
    if key == "reassign":
        fill_reassign_choices(form, task)
        form.lead_agency_id.data, form.owner_id.data = task.lead_agency_id, task.owner_id or 0
    return form


def fill_reassign_choices(form, task: Task) -> None:
    """The task's unit's active agencies, and their active officers, for the reassignment form."""
    agencies = db.session.execute(sa.select(Agency.id, Agency.name).where(Agency.is_active,
                                                                          Agency.unit_id == task.unit_id)
                                  .order_by(Agency.name)).all()
    officers = db.session.execute(
        sa.select(User.id, User.full_name, Agency.short_name).join(Agency, User.agency_id == Agency.id)
        .where(User.active, User.role == Role.OFFICER, Agency.unit_id == task.unit_id)
        .order_by(Agency.name, User.full_name)).all()
    form.lead_agency_id.choices = options([(i, n) for i, n in agencies])
    form.owner_id.choices = options([(0, _("— Chưa chọn —"))]
                                    + [(i, with_agency(n, a, sep=" — ")) for i, n, a in officers])


def render_task_page(task: Task, *, bound: dict | None = None, status: int = 200, conflict: str | None = None):
    """The task page for the current user; ``bound`` replaces fresh forms with ones the user filled."""
    moves = workflow.available_moves(current_user, task)
    # Only the forms the user may use are built (the reassignment form alone lists every officer).
    page_forms = {key: _fresh_form(key, task) for key, shown_for in FORM_MOVES.items() if shown_for & moves}
    page_forms.update(bound or {})
    rel = relation(current_user, task)
    children = list(task.children)
    files = evidence.task_evidence(task)
    unshown = [message for key, form in (bound or {}).items() if not FORM_MOVES[key] & moves
               for message in _all_errors(form)]
    context = dict(
        task=task, moves=moves, Move=Move, forms=page_forms, conflict=conflict, rel=rel, Relation=Relation,
        refused=status == 422, unshown_errors=unshown,
        is_lead=rel == Relation.LEAD,
        time_status=deadlines.task_time_status(task),
        pending=workflow.pending_extension(task),
        open_directions=unacknowledged_directions(task),
        timeline=task_history.timeline(task),
        history=task_history.history(task, limit=HISTORY_ON_PAGE),
        history_total=task_history.history_count(task),
        submission=task_history.last_move_to(task, TaskStatus.SUBMITTED) if task.status == TaskStatus.SUBMITTED
        else None,
        returned=task_history.last_move_to(task, TaskStatus.RETURNED) if task.status == TaskStatus.RETURNED
        else None,
        task_evidence=files,
        evidence_count=len(files),
        children=children,
        allowed_types=evidence.allowed_list(),
        max_bytes=evidence.max_bytes(),
        open_form=next(iter(bound), None) if bound else request.args.get("mo"),
    )
    return render_template("tasks/detail.html", **context), status


def _all_errors(form) -> list[str]:
    messages = list(form.form_errors)
    for field in form:
        messages.extend(str(e) for e in field.errors)
    return messages


def act(task: Task, key: str, form, action, done_message: str, anchor: str = "dien-bien"):
    """Run one action from the task page: validate, check the version, call the service, commit once.

    Success redirects (post/redirect/get). A stale form answers 409 with the current state and the
    user's text kept; a refused move answers 422 with the reason next to the field.
    """
    if not form.validate():
        return render_task_page(task, bound={key: form}, status=422)
    try:
        check_version(task, form.expected_version)
        action()
        db.session.commit()
    except (StaleVersion, StaleDataError) as exc:
        db.session.rollback()
        message = str(exc) if isinstance(exc, StaleVersion) else _(
            "Người khác vừa cập nhật nhiệm vụ này cùng lúc với bạn. Nội dung bạn nhập vẫn được giữ bên dưới; "
            "hãy xem lại tình trạng hiện tại rồi lưu lại.")
        # The kept form now carries the current version: saving again, after reading, goes through.
        form.version.data = str(task.version)
        return render_task_page(task, bound={key: form}, status=409, conflict=message)
    except ServiceError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return render_task_page(task, bound={key: form}, status=422)
    flash(done_message, "success")
    return redirect(url_for("tasks.detail", task_id=task.id, _anchor=anchor))


def direction_of(task: Task, direction_id: int) -> Direction:
    """A direction of this very task; another task's id answers 404."""
    direction = db.session.get(Direction, direction_id)
    if direction is None or direction.task_id != task.id:
        abort(404)
    return direction
