"""Queries behind the task lists: visibility, urgency order, counts, one page of rows, the approval queue.

Every list is a bounded number of statements whatever the number of tasks: related rows come
through ``selectinload`` or one extra query for the page's ids, and counts through SQL aggregates.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from ...extensions import db
from ...models import (
    Agency,
    Appraisal,
    Direction,
    Evidence,
    Extension,
    ExtensionStatus,
    Field,
    Priority,
    ProgressUpdate,
    Role,
    Task,
    TaskSeen,
    TaskStatus,
    TimeStatus,
    User,
    counted_tasks,
    utcnow,
)
from ...permissions import Relation, appraisals_clause, relation, unit_scope, visible_tasks_clause
from ...textutil import with_agency
from .. import deadlines
from ..notifications.inbox import NEW_FOR_DAYS
from ..organisation import units
from ..paging import Page
from ..reports import as_of
from . import search as task_search

OPEN = [s.value for s in TaskStatus.open_statuses()]
STAND_IN = 2147483647  # a task id no database holds (the largest PostgreSQL integer)


def urgency_order():
    """Open tasks first, by deadline (none last); then postponed; then finished ones."""
    return task_search.urgency_key(Task.status, Task.due_date)


def listed(user: User):
    """The tasks a list of ``user``'s shows and counts: those they may see, groups left out (each part is
    listed and counted on its own, as in the reports)."""
    return sa.and_(visible_tasks_clause(user), counted_tasks())


def visible_tasks(user: User):
    """A select of the tasks ``user``'s lists show, with what list pages show preloaded."""
    return (
        sa.select(Task)
        .where(listed(user))
        .options(selectinload(Task.lead_agency), selectinload(Task.owner), selectinload(Task.supporting_agencies))
    )


def status_counts(user: User) -> dict[TaskStatus, int]:
    stmt = sa.select(Task.status, sa.func.count()).where(listed(user)).group_by(Task.status)
    counts = {s: 0 for s in TaskStatus}
    for status, n in db.session.execute(stmt):
        counts[status] = n
    return counts


def deadline_counts(user: User, today: date, soon_days: int) -> dict[str, int]:
    """Open tasks overdue and due within ``soon_days``, counted in SQL."""
    open_ = sa.and_(listed(user), Task.status.in_(TaskStatus.open_statuses()))
    overdue = sa.func.count().filter(Task.due_date < today)
    soon = sa.func.count().filter(Task.due_date.between(today, today + timedelta(days=soon_days)))
    row = db.session.execute(sa.select(overdue, soon).where(open_)).one()
    return {"overdue": row[0], "due_soon": row[1]}


# The task list ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """A task's status, deadline and completion day as of a past day; badges read these attributes."""

    status: TaskStatus
    due_date: date | None
    completed_on: date | None


@dataclass(frozen=True)
class Row:
    """One line of a list: the task, its state on the list's day, and markers.

    The badge (time status and its words) and the task's URL are worked out here, once per row, rather than
    by template macros: on a page of 50 rows the per-row macro calls cost about as much as the page's SQL.
    """

    task: Task
    state: Task | Snapshot
    new_direction: bool
    supporting: bool
    time_status: TimeStatus | None = None
    badge: str = ""
    url: str | None = None
    status_label: str = ""
    choose_label: str = ""  # the row's checkbox, read out by screen readers
    new: bool = False  # "mới": an officer's task assigned lately that they have not opened


def task_page(user: User, query: task_search.ListQuery, today: date, soon_days: int, per_page: int):
    """One page of the tasks ``user`` may see, filtered and sorted; returns (pagination, rows).

    One statement brings the page's tasks with their lead agency and owner, whether each has a direction not
    yet acknowledged, and how many tasks match (a window count, taken before LIMIT): the list's every extra
    round trip to the database (a COUNT, the markers, the related rows) cost more than its SQL.
    """
    # The user object itself, not the request's proxy: each row asks the permissions module about it.
    user = getattr(user, "_get_current_object", lambda: user)()
    # Until a day is over its state is the stored one: only a past day is read from the history.
    past = query.as_of is not None and query.as_of < today
    # The history is rebuilt only for the tasks the user may see (and the unit asked for): unscoped, a unit's
    # list as of a past day rebuilt the whole province's 100,000 tasks (docs/performance.md).
    scope = [listed(user), *([Task.unit_id == query.unit] if query.unit is not None else [])]
    state = task_search.state_as_of(query.as_of, scope) if past else task_search.current_state(query.as_of or today)
    if past:
        as_of.prepare()
    unread = sa.exists().where(Direction.task_id == Task.id, Direction.acknowledged_at.is_(None))
    stmt = task_search.apply_filters(state.join(_list_select(user)), query, state, soon_days)
    number = max(1, query.page)
    found = db.session.execute(
        stmt.add_columns(unread, sa.func.count().over()).order_by(*task_search.order_by(query, state))
        .limit(per_page).offset((number - 1) * per_page)).all()
    if found:
        total = found[0][2]
    elif number == 1:
        total = 0
    else:  # past the last page: the count comes on its own
        total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
    page = Page([r[0] for r in found], number, per_page, total)
    return page, _rows(page.items, user, state, query.as_of or today, soon_days, {r[0].id: r[1] for r in found})


def _list_select(user: User):
    """The tasks the list shows with what its rows print, joined in (each is one row per task)."""
    # Only the columns a row prints: PostgreSQL hashes the joined tables whole before the page is cut, and a
    # province has thousands of accounts (a password hash and tokens each).
    options = [joinedload(Task.lead_agency).load_only(Agency.name, Agency.short_name),
               joinedload(Task.owner).load_only(User.full_name, User.username)]
    if user.role == Role.OFFICER:
        # Only an officer's relation to a task reads its supporting agencies (permissions.relation).
        options.append(selectinload(Task.supporting_agencies))
    return sa.select(Task).where(listed(user)).options(*options)


def _detail_urls() -> str | None:
    """The task page's URL with a stand-in id (one ``url_for`` per page, not per row), or None without it."""
    if "tasks.detail" not in current_app.view_functions:
        return None
    return url_for("tasks.detail", task_id=STAND_IN)


def _new_to(user: User, tasks: list[Task]) -> set[int]:
    """The page's tasks new to an officer (assigned lately, never opened): one query, officers only."""
    if user.role != Role.OFFICER:
        return set()
    since = utcnow() - timedelta(days=NEW_FOR_DAYS)
    recent = [t.id for t in tasks if t.assigned_at is not None and t.assigned_at >= since]
    if not recent:
        return set()
    seen = set(db.session.scalars(sa.select(TaskSeen.task_id).where(TaskSeen.user_id == user.id,
                                                                    TaskSeen.task_id.in_(recent))))
    return set(recent) - seen


def _rows(tasks: list[Task], user: User, state: task_search.State, day: date | None = None,
          soon_days: int | None = None, unread: dict[int, bool] | None = None) -> list[Row]:
    """Badges, markers and, as of a past day, the page's past state (one query for the page, not per task)."""
    if not tasks:
        return []
    day = day or deadlines.today()
    soon = deadlines.due_soon_days() if soon_days is None else soon_days
    base = _detail_urls()
    stand_in = f"/{STAND_IN}"
    past: dict[int, tuple] = {}
    new_ids = _new_to(user, tasks)
    if state.historical:
        # The state of this page's tasks only, not of every task the list counted.
        ids = [t.id for t in tasks]
        state = task_search.state_as_of(state.day, [Task.id.in_(ids)])
        past = {row[0]: row[1:] for row in db.session.execute(state.join(
            sa.select(Task.id, state.status, state.due, state.completed_on).select_from(Task))
            .where(Task.id.in_(ids)))}
    unread = unread or {}
    # Words are looked up once per page and per distinct value, not once per row: fifty rows asked gettext
    # about 150 times for a handful of different answers.
    labels = {s: s.label for s in TaskStatus}
    badges: dict[tuple, str] = {}
    choose = _("Chọn nhiệm vụ: %(t)s")
    rows = []
    for task in tasks:
        snapshot = Snapshot(*past[task.id]) if state.historical else task
        ts = deadlines.time_status(snapshot.status, snapshot.due_date, snapshot.completed_on, day, soon)
        key = (ts, snapshot.due_date)
        if key not in badges:
            badges[key] = deadlines.badge_words(ts, snapshot.due_date, day)
        url = base.replace(stand_in, f"/{task.id}", 1) if base else None
        rows.append(Row(task, snapshot, bool(unread.get(task.id)), relation(user, task) == Relation.SUPPORT,
                        ts, badges[key], url, labels[snapshot.status], choose % {"t": task.title},
                        task.id in new_ids))
    return rows


def filter_options(user: User, unit_id: int | None = None) -> dict[str, list]:
    """Choices of the filters of those who follow whole units, within what ``user`` may see; a few small queries
    whatever the number of tasks. The province picks a unit first: its agencies and owners follow."""
    scope = unit_scope(user)
    unit = scope if scope is not None else unit_id
    in_scope = Agency.unit_id == unit if unit is not None else sa.false()
    agencies = db.session.execute(
        sa.select(Agency.id, Agency.name, Agency.is_active).where(in_scope)
        .order_by(Agency.is_active.desc(), Agency.search_name)
    ).all()
    appraisals = db.session.execute(
        sa.select(Appraisal.id, Agency.name, Appraisal.year).join(Agency, Agency.id == Appraisal.unit_id)
        .where(appraisals_clause(user), *([Agency.unit_id == unit] if unit is not None else []))
        .order_by(Appraisal.year.desc(), Agency.search_name)
    ).all()
    fields = db.session.scalars(
        sa.select(Field).options(joinedload(Field.framework))
        .where(sa.exists().where(Task.field_id == Field.id))
        .order_by(Field.framework_id.desc(), Field.position)
    ).all()
    owners = db.session.execute(
        sa.select(User.id, User.full_name, User.username, Agency.short_name)
        .join(Agency, Agency.id == User.agency_id)
        .where(sa.exists().where(Task.owner_id == User.id), in_scope)
        .order_by(Agency.short_name, User.full_name)
    ).all()
    return {
        "agencies": [(i, name if active else _("%(name)s (ngừng hoạt động)", name=name))
                     for i, name, active in agencies],
        "lead_choices": [(i, name) for i, name, active in agencies if active],
        "appraisals": [(i, f"{unit_name} — {year}") for i, unit_name, year in appraisals],
        "fields": [(f.id, f"{f.code}. {f.name} ({f.framework.year})") for f in fields],
        "owners": [(i, with_agency(name or username, short)) for i, name, username, short in owners],
        "units": [(u.id, u.name) for u in units.units()] if scope is None else [(scope, "")],
        "pick_unit": scope is None,
    }


def choice_lists(with_drafts: bool) -> dict[str, list[tuple[str, str]]]:
    """Labelled values of the list's select boxes (the same values ``parse_args`` accepts)."""
    statuses = [(task_search.OPEN, _("Chưa hoàn thành (mọi trạng thái)"))]
    statuses += [(s.value, s.label) for s in task_search.STATUS_ORDER if with_drafts or s != TaskStatus.DRAFT]
    sorts = [("urgency", _("Khẩn nhất trước")), ("deadline", _("Thời hạn: sớm nhất trước")),
             ("-deadline", _("Thời hạn: muộn nhất trước")), ("title", _("Tên nhiệm vụ: A → Z")),
             ("-title", _("Tên nhiệm vụ: Z → A")), ("agency", _("Cơ quan chủ trì: A → Z")),
             ("-agency", _("Cơ quan chủ trì: Z → A")), ("status", _("Trạng thái: theo quy trình")),
             ("-status", _("Trạng thái: ngược quy trình")), ("progress", _("Tiến độ: thấp nhất trước")),
             ("-progress", _("Tiến độ: cao nhất trước")), ("-updated", _("Mới cập nhật trước")),
             ("updated", _("Lâu chưa cập nhật trước"))]
    return {
        "statuses": statuses,
        "times": [(t.value, t.label) for t in task_search.TIME_FILTERS],
        "priorities": [(p.value, p.label) for p in Priority],
        "sorts": sorts,
    }


def drop_unknown_choices(query: task_search.ListQuery, options: dict[str, list]) -> None:
    """An id that is in no list (a stale bookmark) is dropped with a message, not silently matched to nothing."""
    checks = [("unit", "units", _("Không tìm thấy đơn vị đã chọn")),
              ("agency", "agencies", _("Không tìm thấy cơ quan đã chọn")),
              ("appraisal", "appraisals", _("Không tìm thấy đợt thẩm định đã chọn")),
              ("field", "fields", _("Không tìm thấy lĩnh vực đã chọn")),
              ("owner", "owners", _("Không tìm thấy người phụ trách đã chọn"))]
    for attr, key, message in checks:
        value = getattr(query, attr)
        if value is not None and value not in {i for i, _label in options[key]}:
            query.errors.append(_("%(what)s (mã %(id)d); bộ lọc này đã được bỏ qua.", what=message, id=value))
            setattr(query, attr, None)


# The approval queue -------------------------------------------------------------------------------


def pending_submissions(user: User, page: int, per_page: int):
    """Tasks waiting for completion to be confirmed, the longest waiting first."""
    stmt = (visible_tasks(user).where(Task.status == TaskStatus.SUBMITTED)
            .order_by(Task.submitted_at.is_(None), Task.submitted_at, Task.id))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def submission_details(tasks: list[Task]) -> dict[int, tuple[ProgressUpdate | None, list[Evidence]]]:
    """For each task, the update that submitted it (with its author) and the files handed in with it: those of
    the submission and those added while it waits (files of earlier progress reports are not its evidence)."""
    if not tasks:
        return {}
    ids = [t.id for t in tasks]
    latest = (sa.select(sa.func.max(ProgressUpdate.id))
              .where(ProgressUpdate.task_id.in_(ids), ProgressUpdate.status_to == TaskStatus.SUBMITTED)
              .group_by(ProgressUpdate.task_id))
    updates = db.session.scalars(
        sa.select(ProgressUpdate).where(ProgressUpdate.id.in_(latest))
        .options(selectinload(ProgressUpdate.author), selectinload(ProgressUpdate.agency))
    ).all()
    by_task = {u.task_id: u for u in updates}
    files: dict[int, list[Evidence]] = {i: [] for i in ids}
    for evidence in db.session.scalars(sa.select(Evidence).where(Evidence.task_id.in_(ids))
                                       .order_by(Evidence.id)):
        submitted = by_task.get(evidence.task_id)
        if submitted is not None and (evidence.progress_update_id or 0) >= submitted.id:
            files[evidence.task_id].append(evidence)
    return {i: (by_task.get(i), files[i]) for i in ids}


def pending_extensions(user: User, page: int, per_page: int):
    """Extension requests waiting for a decision, the oldest first."""
    stmt = (sa.select(Extension)
            .join(Task, Task.id == Extension.task_id)
            .where(Extension.status == ExtensionStatus.PENDING, visible_tasks_clause(user))
            .options(selectinload(Extension.task).selectinload(Task.lead_agency),
                     selectinload(Extension.requested_by))
            .order_by(Extension.requested_at, Extension.id))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
