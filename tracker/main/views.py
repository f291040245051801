from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Role, TaskStatus
from ..services import deadlines, task_lists
from . import bp


@bp.get("/")
@login_required
def home():
    if current_user.role == Role.ADMIN:
        return redirect(url_for("admin.index"))
    page = request.args.get("page", 1, type=int)
    stmt = task_lists.visible_tasks(current_user).order_by(*task_lists.urgency_order())
    tasks = db.paginate(stmt, page=page, per_page=current_app.config["TASKS_PER_PAGE"], error_out=False)
    today = deadlines.today()
    counts = task_lists.status_counts(current_user)
    timing = task_lists.deadline_counts(current_user, today, deadlines.due_soon_days())
    return render_template(
        "main/home.html",
        tasks=tasks,
        counts=counts,
        timing=timing,
        shown_statuses=[s for s in TaskStatus if s != TaskStatus.DRAFT or current_user.role != Role.OFFICER],
    )


@bp.get("/healthz")
def healthz():
    """For the load balancer: answers 200 only when the database answers."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
