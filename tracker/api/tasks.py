"""``/api/v1/tasks``: the task list (the web list's filters, search, sorting and paging) and one task."""

from urllib.parse import urlencode

from flask import request, url_for
from flask_login import current_user
from flask_smorest import Blueprint
from werkzeug.datastructures import MultiDict

from ..permissions import Action, get_task_or_404
from ..services import deadlines
from ..services.tasks import lists as task_lists
from ..services.tasks import search as task_search
from . import schemas, serialize
from .problems import api_abort

blp = Blueprint("api_tasks", __name__, description="Nhiệm vụ — tasks: list, detail, history, actions.")


def _link_header(args: dict, page: int, pages: int) -> str:
    """RFC 8288 links to the first, previous, next and last pages, with the same filters."""
    def link(number: int, rel: str) -> str:
        query = urlencode({**{k: v for k, v in args.items() if k != "page"}, "page": number})
        return f'<{url_for("api_tasks.task_list", _external=True)}?{query}>; rel="{rel}"'

    links = [link(1, "first")]
    if page > 1:
        links.append(link(min(page - 1, max(pages, 1)), "prev"))
    if page < pages:
        links.append(link(page + 1, "next"))
    links.append(link(max(pages, 1), "last"))
    return ", ".join(links)


def _as_text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(getattr(value, "value", value))


@blp.get("/tasks")
@blp.arguments(schemas.TaskListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.TaskPageSchema, headers={
    "X-Total-Count": {"description": "How many tasks match.", "schema": {"type": "integer"}},
    "Link": {"description": "first, prev, next and last pages (RFC 8288).", "schema": {"type": "string"}}})
def task_list(per_page: int, **args):
    """The tasks the caller may see — exactly the web list's, with its filters.

    Drafts are left out unless `status=draft`; `q` ignores case and Vietnamese diacritics; `as_of` reads
    the state at the end of a past day, as the reports count it.
    """
    given = {k: _as_text(v) for k, v in args.items() if v is not None and v != ""}
    if args.get("due_from") and args.get("due_to") and args["due_from"] > args["due_to"]:
        # The web list drops such a range with a message; here it is simply a range no deadline falls in.
        return {"total": 0, "page": args["page"], "per_page": per_page, "pages": 0, "items": []}, 200, {
            "X-Total-Count": "0", "Link": _link_header({**given, "per_page": per_page}, 1, 0)}
    query = task_search.parse_args(MultiDict(given))
    if query.errors:
        api_abort(422, query.errors[0])
    page, rows = task_lists.task_page(current_user, query, deadlines.today(), deadlines.due_soon_days(), per_page)
    pages = page.pages or 0
    headers = {"X-Total-Count": str(page.total), "Link": _link_header({**given, "per_page": per_page},
                                                                        query.page, pages)}
    body = {"total": page.total, "page": query.page, "per_page": per_page, "pages": pages,
            "items": [serialize.row(r) for r in rows]}
    return body, 200, headers


@blp.get("/tasks/<int:task_id>")
@blp.response(200, schemas.TaskDetailSchema, headers={
    "ETag": {"description": "The task's version: send it in If-Match when writing.", "schema": {"type": "string"}}})
def task_detail(task_id: int):
    """One task with its directions, extension requests, evidence files and full history."""
    task = find_task(task_id)
    return serialize.task_detail(task), 200, {"ETag": f'"{task.version}"'}


@blp.get("/tasks/<int:task_id>/history")
@blp.response(200, schemas.HistoryLineSchema(many=True))
def task_history(task_id: int):
    """The task's audit history in words, newest first."""
    return serialize.history(find_task(task_id))


def find_task(task_id: int, action: Action = Action.VIEW, for_update: bool = False):
    """``permissions.get_task_or_404``; an id no database column holds is simply not found."""
    if not 0 < task_id <= schemas.MAX_ID:
        api_abort(404)
    return get_task_or_404(task_id, action, for_update=for_update)


def expected_version() -> int | None:
    """The version ``If-Match`` names (``"3"``, ``W/"3"`` or ``3``), or None without the header."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    text = raw.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 9:
        api_abort(412, None)
    return int(text)
