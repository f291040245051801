"""``/api/v1/tasks/<id>/...``: the task page's actions, through the same workflow verbs and permission checks.

Each action answers the task as it now is, with its new version in ``ETag``. ``If-Match`` (the version the
caller read) makes a stale change fail with 412 instead of overwriting someone else's; a move the workflow
refuses answers 422 with the reason and its field.
"""

from flask import abort, request
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..models import Direction, Extension
from ..permissions import Action
from ..services.errors import ServiceError, StaleVersion, check_version
from ..services.tasks import workflow
from . import schemas, serialize
from .problems import from_service_error, problem
from .tasks import blp, expected_version, find_task

VERSIONED = {"parameters": [{"in": "header", "name": "If-Match", "required": False,
                             "schema": {"type": "string", "pattern": r'^(W/)?"?[0-9]{1,9}"?$'},
                             "description": "The task version (ETag) the change is based on; 412 when stale.",
                             "example": '"3"'}]}
TASK_RESPONSE = {"headers": {"ETag": {"description": "The task's new version.", "schema": {"type": "string"}}}}


def _apply(task, change, versioned: bool = True):
    """Check the version, run the workflow verb, commit once; the answer is the task after it."""
    try:
        if versioned:
            check_version(task, expected_version())
        change()
        db.session.commit()
    except (StaleVersion, StaleDataError) as exc:
        db.session.rollback()
        return problem(412, str(exc) if isinstance(exc, StaleVersion) else None)
    except ServiceError as exc:
        db.session.rollback()
        return from_service_error(exc)
    db.session.refresh(task)
    return serialize.task_detail(task), 200, {"ETag": f'"{task.version}"'}


@blp.post("/tasks/<int:task_id>/progress")
@blp.arguments(schemas.ProgressForm, location="form", content_type="multipart/form-data")
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
@blp.doc(**VERSIONED)
def report_progress(form, task_id: int):
    """Report progress (0–100 %) with a note and evidence files (multipart/form-data)."""
    task = find_task(task_id, Action.REPORT, for_update=True)
    return _apply(task, lambda: workflow.report_progress(task, current_user, progress=form["progress"],
                                                         note=form["note"], files=request.files.getlist("files")))


@blp.post("/tasks/<int:task_id>/submit")
@blp.arguments(schemas.SubmitForm, location="form", content_type="multipart/form-data")
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
@blp.doc(**VERSIONED)
def submit(form, task_id: int):
    """Report completion, with the evidence files, for the assigning side to approve."""
    task = find_task(task_id, Action.SUBMIT, for_update=True)
    return _apply(task, lambda: workflow.submit(task, current_user, note=form["note"],
                                                files=request.files.getlist("files")))


@blp.post("/tasks/<int:task_id>/withdraw")
@blp.arguments(schemas.NoteBody)
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
@blp.doc(**VERSIONED)
def withdraw(body, task_id: int):
    """Take back a completion report not yet decided."""
    task = find_task(task_id, Action.SUBMIT, for_update=True)
    return _apply(task, lambda: workflow.withdraw_submission(task, current_user, note=body["note"]))


@blp.post("/tasks/<int:task_id>/approve")
@blp.arguments(schemas.NoteBody)
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
@blp.doc(**VERSIONED)
def approve(body, task_id: int):
    """Confirm completion (the assigning side)."""
    task = find_task(task_id, Action.DECIDE, for_update=True)
    return _apply(task, lambda: workflow.approve(task, current_user, note=body["note"]))


@blp.post("/tasks/<int:task_id>/return")
@blp.arguments(schemas.ReasonBody)
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
@blp.doc(**VERSIONED)
def return_task(body, task_id: int):
    """Send a completion report back to the lead agency, with the reason."""
    task = find_task(task_id, Action.DECIDE, for_update=True)
    return _apply(task, lambda: workflow.return_task(task, current_user, reason=body["reason"]))


@blp.post("/tasks/<int:task_id>/extensions")
@blp.arguments(schemas.ExtensionRequestBody)
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
def request_extension(body, task_id: int):
    """Ask for a later deadline (the lead agency); at most one request waits at a time."""
    task = find_task(task_id, Action.REQUEST_EXTENSION, for_update=True)
    return _apply(task, lambda: workflow.request_extension(task, current_user, new_date=body["new_date"],
                                                           reason=body["reason"]), versioned=False)


@blp.post("/tasks/<int:task_id>/extensions/<int:extension_id>/decision")
@blp.arguments(schemas.ExtensionDecisionBody)
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
def decide_extension(body, task_id: int, extension_id: int):
    """Approve the asked day, approve another day (`other` with `new_date`), or reject (with a `note`)."""
    task = find_task(task_id, Action.DECIDE_EXTENSION, for_update=True)
    extension = db.session.get(Extension, extension_id) if extension_id <= schemas.MAX_ID else None
    if extension is None or extension.task_id != task.id:
        abort(404)
    decision = body["decision"]
    return _apply(task, lambda: workflow.decide_extension(
        extension, current_user, approve=decision != "reject",
        new_date=body["new_date"] if decision == "other" else None, note=body["note"]), versioned=False)


@blp.post("/tasks/<int:task_id>/directions")
@blp.arguments(schemas.DirectionBody)
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
def add_direction(body, task_id: int):
    """Write a direction on the task (the unit's leader, or the province)."""
    task = find_task(task_id, Action.DIRECT, for_update=True)
    return _apply(task, lambda: workflow.add_direction(task, current_user, body["text"]), versioned=False)


@blp.post("/tasks/<int:task_id>/directions/<int:direction_id>/acknowledge")
@blp.response(200, schemas.TaskDetailSchema, **TASK_RESPONSE)
def acknowledge_direction(task_id: int, direction_id: int):
    """Confirm the lead agency has read a direction."""
    task = find_task(task_id, Action.ACKNOWLEDGE, for_update=True)
    direction = db.session.get(Direction, direction_id) if direction_id <= schemas.MAX_ID else None
    if direction is None or direction.task_id != task.id:
        abort(404)
    return _apply(task, lambda: workflow.acknowledge_direction(direction, current_user), versioned=False)
