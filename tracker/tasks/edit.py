"""Creating and editing one task outside any appraisal (the chairman's own instructions), assigning side only."""

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Framework, Task, TaskStatus
from ..permissions import Action, assigner_required, get_task_or_404, unit_of
from ..services.errors import ServiceError, StaleVersion
from ..services.tasks import planning
from . import bp
from .task_form import TaskForm, load_task, setup_choices, task_fields, version_of

# Moved only through the workflow once assigned (the original deadline stays on record).
LOCKED_WHEN_ASSIGNED = ("lead_agency_id", "start_date", "due_date")


def _framework(task: Task | None) -> Framework | None:
    if task is not None and task.appraisal is not None:
        return task.appraisal.framework
    return db.session.scalars(sa.select(Framework).where(Framework.is_active)
                              .order_by(Framework.year.desc(), Framework.id.desc())).first()


def _task_url(task: Task) -> str:
    if "tasks.detail" in current_app.view_functions:
        return url_for("tasks.detail", task_id=task.id)
    return url_for("tasks.edit", task_id=task.id)


def _form_page(task: Task | None):
    form = TaskForm()
    setup_choices(form, task, _framework(task), task.unit_id if task else unit_of(current_user))
    if task is not None and task.status != TaskStatus.DRAFT:
        for name in LOCKED_WHEN_ASSIGNED:  # a posted value for these is ignored, never applied
            del form[name]
    if request.method == "GET" and task is not None:
        load_task(form, task)
    status = 200
    if form.validate_on_submit():
        assign = request.form.get("op") == "assign"
        try:
            if task is None:
                task = planning.create_task(current_user, **task_fields(form))
            else:
                planning.update_task(task, current_user, expected_version=version_of(form), **task_fields(form))
            if assign and task.status == TaskStatus.DRAFT:
                planning.assign_tasks([task], current_user)
        except StaleVersion as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            status = 409
        except ServiceError as exc:
            db.session.rollback()
            name = {"supporting_agencies": "supporting_ids"}.get(exc.field, exc.field)
            target = form[name] if name and name in form else form.title
            target.errors = [*target.errors, str(exc)]
            status = 422
        else:
            db.session.commit()
            flash(_("Đã giao nhiệm vụ.") if assign else _("Đã lưu nhiệm vụ."), "success")
            return redirect(_task_url(task))
    elif request.method == "POST":
        status = 422
    if status == 409 and task is not None:
        db.session.refresh(task)
        form.version.data = str(task.version)
    return render_template("tasks/form.html", form=form, task=task, locked=LOCKED_WHEN_ASSIGNED), status


@bp.route("/them", methods=["GET", "POST"])
@assigner_required
def new():
    return _form_page(None)


@bp.route("/<int:task_id>/sua", methods=["GET", "POST"])
@login_required
def edit(task_id: int):
    return _form_page(get_task_or_404(task_id, Action.EDIT))
