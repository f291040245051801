"""The lists people work from: "Việc của đơn vị" / the task list, "Chờ duyệt", and bulk actions on them.

The list's GET parameters (``agency``, ``status``, ``time``, ``appraisal``, ``field``, ``owner``,
``priority``, ``due_from``, ``due_to``, ``q``, ``as_of``, ``sort``, ``page``) are documented in
``tracker.services.tasks.search``; the approval queue pages with ``page`` and ``ext_page``.
"""

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..confirm import unconfirmed
from ..extensions import db
from ..permissions import assigner_required, follows_units, is_assigner
from ..services import deadlines
from ..services.errors import ServiceError
from ..services.tasks import bulk as bulk_actions
from ..services.tasks import lists as task_lists
from ..services.tasks import search as task_search
from ..services.tasks import workflow
from . import bp
from .list_forms import BulkForm


def _page_arg(name: str) -> int:
    value = request.args.get(name, 1, type=int)
    return value if 0 < value <= task_search.MAX_PAGE else 1


@bp.get("/")
@login_required
def index():
    """The agency's tasks for officers; every task, with filters, for the assigning side."""
    query = task_search.parse_args(request.args)
    assigner = is_assigner(current_user)
    options = task_lists.filter_options(current_user, query.unit) if follows_units(current_user) else None
    if options is not None:
        task_lists.drop_unknown_choices(query, options)
    today = deadlines.today()
    page, rows = task_lists.task_page(current_user, query, today, deadlines.due_soon_days(),
                                      current_app.config["TASKS_PER_PAGE"])
    form = BulkForm(back=request.full_path) if assigner else None
    html = render_template("tasks/list.html", query=query, page=page, rows=rows, options=options, form=form,
                           lists=task_lists.choice_lists(with_drafts=options is not None),
                           may_move_deadlines=workflow.may_move_deadlines(current_user))
    # A bookmark with a bad value still shows the list, but says so to clients and crawlers alike.
    return html, 400 if query.errors else 200


@bp.get("/cho-duyet")
@assigner_required
def pending():
    """Submissions and extension requests waiting for the assigning side, the oldest first."""
    per_page = current_app.config["TASKS_PER_PAGE"]
    submissions = task_lists.pending_submissions(current_user, _page_arg("page"), per_page)
    extensions = task_lists.pending_extensions(current_user, _page_arg("ext_page"), per_page)
    return render_template("tasks/pending.html", submissions=submissions, extensions=extensions,
                           details=task_lists.submission_details(submissions.items),
                           form=BulkForm(back=request.full_path), local_date=deadlines.local_date)


def _back(target: str | None) -> str:
    """Where to return after a bulk action: a list page of this site, never another host."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith(url_for("tasks.index")):
        return url_for("tasks.index")
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.post("/hang-loat")
@assigner_required
def bulk():
    """Approve, move the deadline of, or reassign the checked tasks: all of them or none."""
    form = BulkForm()
    back = _back(form.back.data)
    if not form.validate_on_submit():
        if form.task_ids.errors and form.task_ids.data is None:
            abort(404)  # tampered ids reveal nothing, like ids of tasks the user may not see
        flash(form.first_error(), "danger")
        return redirect(back, 303)
    action = form.action.data
    tasks = bulk_actions.selected_tasks(current_user, form.ids, action)
    try:
        target = bulk_actions.check(action, current_user, new_date=form.new_date.data,
                                    lead_agency_id=form.lead_agency_id.data)
    except ServiceError as exc:
        flash(str(exc), "danger")
        return redirect(back, 303)
    ask = unconfirmed(bulk_actions.question(action, tasks, form.new_date.data, target),
                      bulk_actions.action_labels()[action], back)
    if ask:
        return ask
    try:
        bulk_actions.apply(action, tasks, current_user, versions=form.versions, new_date=form.new_date.data,
                           reason=form.reason.data or "", lead_agency=target)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back, 303)
    db.session.commit()
    flash(bulk_actions.done_message(action, len(tasks)), "success")
    return redirect(back, 303)
