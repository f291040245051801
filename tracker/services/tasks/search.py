"""Filters, search and sorting of the task list, in SQL that reads the same on SQLite and PostgreSQL.

GET parameters of ``tasks.index`` (bookmarkable; the reports link here with them):

- ``agency=<id>``: lead agency.
- ``status=<value>``: a ``TaskStatus`` value (``not_started``, ``in_progress``, ``submitted``, ``returned``,
  ``done``, ``postponed``, ``cancelled``, ``draft``) or ``open`` for every unfinished status.
  Drafts are left out unless ``status=draft`` asks for them.
- ``time=<value>``: ``overdue``, ``due_soon``, ``on_track``, ``no_deadline``, ``done_on_time``, ``done_late``
  (also ``postponed``, ``cancelled``); "due soon" is ``DUE_SOON_DAYS`` days or fewer.
- ``appraisal=<id>``, ``field=<id>`` (framework field), ``owner=<user id>``, ``priority=<value>``
  (``normal``, ``urgent``, ``flash``).
- ``due_from``, ``due_to``: deadline between, both days included; ``dd/mm/yyyy`` or ``yyyy-mm-dd``.
- ``q=<words>``: every word must appear in the title, the expected output or the lead agency's name;
  case and Vietnamese diacritics are ignored ("gia vien" finds "Gia Viễn").
- ``as_of=<date>``: the state at the end of that day (status then, deadline in force then, tasks assigned
  by then), as reports count it; default today.
- ``sort=<key>``: ``urgency`` (default), ``deadline``, ``title``, ``agency``, ``status``, ``progress``,
  ``updated``; a leading ``-`` reverses the order.
- ``page=<n>``: page number, ``TASKS_PER_PAGE`` tasks a page.

A value that cannot be used is dropped with a message naming it; the rest of the filters still apply.
"""

from dataclasses import dataclass
from dataclasses import field as dc_field  # the list has a filter named "field"
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ...models import Agency, Priority, Task, TaskStatus, TimeStatus
from ...textutil import fold
from ..reports import as_of

SORT_KEYS = ("urgency", "deadline", "title", "agency", "status", "progress", "updated")
TIME_FILTERS = (TimeStatus.OVERDUE, TimeStatus.DUE_SOON, TimeStatus.ON_TRACK, TimeStatus.NO_DEADLINE,
                TimeStatus.DONE_ON_TIME, TimeStatus.DONE_LATE)
OPEN = "open"
MAX_ID = 2**31 - 1  # PostgreSQL integer columns: a larger id would be a database error, not "not found"
MAX_PAGE = 100_000
MAX_QUERY = 200
MAX_TERMS = 8
# Workflow order, for sorting by status (the stored codes sort meaninglessly).
STATUS_ORDER = [TaskStatus.DRAFT, TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED,
                TaskStatus.SUBMITTED, TaskStatus.DONE, TaskStatus.POSTPONED, TaskStatus.CANCELLED]


@dataclass
class ListQuery:
    """What the user asked the task list for, already checked."""

    agency: int | None = None
    unit: int | None = None  # the province's drill-down into one unit
    status: str | None = None
    time: TimeStatus | None = None
    appraisal: int | None = None
    field: int | None = None
    owner: int | None = None
    priority: Priority | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""
    as_of: date | None = None
    sort: str = "urgency"
    descending: bool = False
    page: int = 1
    errors: list[str] = dc_field(default_factory=list)

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (the empty state then suggests clearing filters)."""
        return any(v not in (None, "") for v in (self.agency, self.unit, self.status, self.time, self.appraisal,
                                                 self.field, self.owner, self.priority, self.due_from, self.due_to,
                                                 self.q))


def parse_date(text: str) -> date | None:
    """A day typed as dd/mm/yyyy (the Vietnamese way) or sent as yyyy-mm-dd by a date input."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
        return day if 1900 <= day.year <= 2200 else None
    return None


def parse_args(args) -> ListQuery:
    """Read the list's GET parameters; bad values are dropped with a message saying which."""
    query = ListQuery()
    errors = query.errors

    def ident(name: str, label: str) -> int | None:
        raw = args.get(name, "").strip()
        if not raw:
            return None
        if raw.isdigit() and 0 < int(raw) <= MAX_ID:
            return int(raw)
        errors.append(_("Mã %(what)s “%(v)s” không hợp lệ; bộ lọc này đã được bỏ qua.", what=label, v=raw[:40]))
        return None

    def choice(name: str, allowed: dict, label: str):
        raw = args.get(name, "").strip()
        if not raw:
            return None
        if raw in allowed:
            return allowed[raw]
        errors.append(_("%(what)s “%(v)s” không có trong danh sách; bộ lọc này đã được bỏ qua.",
                        what=label, v=raw[:40]))
        return None

    def day(name: str, label: str) -> date | None:
        raw = args.get(name, "").strip()
        if not raw:
            return None
        value = parse_date(raw)
        if value is None:
            errors.append(_("%(what)s “%(v)s” không phải một ngày hợp lệ (nhập theo dạng ngày/tháng/năm, "
                            "ví dụ 30/06/2022); bộ lọc này đã được bỏ qua.", what=label, v=raw[:40]))
        return value

    query.agency = ident("agency", _("cơ quan"))
    query.unit = ident("unit", _("đơn vị"))
    query.appraisal = ident("appraisal", _("đợt thẩm định"))
    query.field = ident("field", _("lĩnh vực"))
    query.owner = ident("owner", _("người phụ trách"))
    statuses = {s.value: s.value for s in TaskStatus} | {OPEN: OPEN}
    query.status = choice("status", statuses, _("Trạng thái"))
    query.time = choice("time", {t.value: t for t in TimeStatus if t != TimeStatus.DRAFT}, _("Tình trạng thời hạn"))
    query.priority = choice("priority", {p.value: p for p in Priority}, _("Độ khẩn"))
    query.due_from = day("due_from", _("Hạn từ ngày"))
    query.due_to = day("due_to", _("Hạn đến ngày"))
    if query.due_from and query.due_to and query.due_from > query.due_to:
        errors.append(_("Khoảng thời hạn không hợp lệ: “từ ngày” %(a)s sau “đến ngày” %(b)s; bộ lọc thời hạn đã "
                        "được bỏ qua.", a=query.due_from.strftime("%d/%m/%Y"), b=query.due_to.strftime("%d/%m/%Y")))
        query.due_from = query.due_to = None
    query.as_of = day("as_of", _("Ngày tính tình trạng"))
    query.q = " ".join(args.get("q", "").split())[:MAX_QUERY]
    sort = args.get("sort", "").strip()
    if sort:
        key = sort.removeprefix("-")
        if key in SORT_KEYS:
            query.sort, query.descending = key, sort.startswith("-")
        else:
            errors.append(_("Không sắp xếp được theo “%(v)s”; danh sách được xếp theo mức độ khẩn.", v=sort[:40]))
    raw_page = args.get("page", "").strip()
    if raw_page:
        if raw_page.isdigit() and 0 < int(raw_page) <= MAX_PAGE:
            query.page = int(raw_page)
        else:
            errors.append(_("Số trang “%(v)s” không hợp lệ; đang hiện trang đầu.", v=raw_page[:40]))
    return query


# State of a task on a day -------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """SQL expressions for a task's status, deadline and completion day as of a day.

    ``source`` is the subquery the expressions come from when the day is in the past (the list joins it);
    None when they are the stored columns.
    """

    status: sa.ColumnElement
    due: sa.ColumnElement
    completed_on: sa.ColumnElement
    day: date
    historical: bool
    source: sa.Subquery | None = None

    def join(self, stmt: sa.Select) -> sa.Select:
        """``stmt`` (a select from ``task``) with this state's columns available."""
        if self.source is None:
            return stmt
        return stmt.join(self.source, self.source.c.task_id == Task.id)


def current_state(day: date) -> State:
    """The stored columns: right for today, where nothing has happened after ``day`` yet."""
    return State(Task.status, Task.due_date, Task.completed_on, day, historical=False)


def state_as_of(day: date, conditions=()) -> State:
    """Status, deadline and completion as they stood at the end of ``day`` (``as_of.task_state``, the
    reports' reading of the history, so a report's number equals the list it links to)."""
    source = as_of.task_state(day, conditions)
    completed = sa.case((source.c.status == TaskStatus.DONE.value, source.c.completed_on), else_=sa.null())
    return State(source.c.status, source.c.deadline, completed, day, historical=True, source=source)


def time_status_expr(state: State, soon_days: int) -> sa.ColumnElement:
    """``deadlines.time_status`` as a SQL CASE, so filters and counts never loop over tasks in Python."""
    s, due, done_on = state.status, state.due, state.completed_on
    return sa.case(
        (s == TaskStatus.DRAFT, TimeStatus.DRAFT.value),
        (s == TaskStatus.CANCELLED, TimeStatus.CANCELLED.value),
        (s == TaskStatus.POSTPONED, TimeStatus.POSTPONED.value),
        (s == TaskStatus.DONE, sa.case((sa.or_(due.is_(None), done_on.is_(None), done_on <= due),
                                        TimeStatus.DONE_ON_TIME.value), else_=TimeStatus.DONE_LATE.value)),
        (due.is_(None), TimeStatus.NO_DEADLINE.value),
        (due < state.day, TimeStatus.OVERDUE.value),
        (due <= state.day + timedelta(days=soon_days), TimeStatus.DUE_SOON.value),
        else_=TimeStatus.ON_TRACK.value,
    )


def _time_bounds(state: State, time: TimeStatus) -> list[sa.ColumnElement]:
    """What the CASE above implies for ``time``, as plain conditions on the stored columns: the CASE is opaque
    to the planner, these let it read only the open (or done) tasks through the status indexes."""
    if state.historical:
        return []
    s, due = state.status, state.due
    open_ = s.in_(TaskStatus.open_statuses())
    return {
        TimeStatus.OVERDUE: [open_, due < state.day],
        TimeStatus.DUE_SOON: [open_, due >= state.day],
        TimeStatus.ON_TRACK: [open_, due >= state.day],
        TimeStatus.NO_DEADLINE: [open_, due.is_(None)],
        TimeStatus.DONE_ON_TIME: [s == TaskStatus.DONE],
        TimeStatus.DONE_LATE: [s == TaskStatus.DONE],
        TimeStatus.POSTPONED: [s == TaskStatus.POSTPONED],
        TimeStatus.CANCELLED: [s == TaskStatus.CANCELLED],
    }.get(time, [])


# Filtering, searching, sorting --------------------------------------------------------------------


def search_clause(text: str) -> sa.ColumnElement | None:
    """Every word in the folded title/output or the lead agency's folded name; LIKE wildcards escaped."""
    terms = fold(text).split()[:MAX_TERMS]
    if not terms:
        return None
    clauses = []
    for term in terms:
        agencies = sa.select(Agency.id).where(Agency.search_name.contains(term, autoescape=True))
        clauses.append(sa.or_(Task.search_text.contains(term, autoescape=True), Task.lead_agency_id.in_(agencies)))
    return sa.and_(*clauses)


def apply_filters(stmt: sa.Select, query: ListQuery, state: State, soon_days: int) -> sa.Select:
    """Narrow ``stmt`` (a select of tasks) by the checked query."""
    if state.historical:
        # Tasks not yet assigned on that day did not exist for the reports either.
        stmt = stmt.where(state.status.is_not(None), state.status != TaskStatus.DRAFT)
    if query.status == OPEN:
        stmt = stmt.where(state.status.in_(TaskStatus.open_statuses()))
    elif query.status:
        stmt = stmt.where(state.status == TaskStatus(query.status))
    elif not state.historical:
        stmt = stmt.where(Task.status != TaskStatus.DRAFT)
    if query.time:
        stmt = stmt.where(time_status_expr(state, soon_days) == query.time.value, *_time_bounds(state, query.time))
    for column, value in ((Task.lead_agency_id, query.agency), (Task.unit_id, query.unit),
                          (Task.appraisal_id, query.appraisal),
                          (Task.field_id, query.field), (Task.owner_id, query.owner)):
        if value is not None:
            stmt = stmt.where(column == value)
    if query.priority:
        stmt = stmt.where(Task.priority == query.priority)
    if query.due_from:
        stmt = stmt.where(state.due >= query.due_from)
    if query.due_to:
        stmt = stmt.where(state.due <= query.due_to)
    found = search_clause(query.q)
    if found is not None:
        stmt = stmt.where(found)
    return stmt


def urgency_key(status: sa.ColumnElement, due: sa.ColumnElement) -> list:
    """Open tasks by deadline (the most days late first, none last); then postponed; finished last."""
    rank = sa.case((status.in_(TaskStatus.open_statuses()), 0), (status == TaskStatus.POSTPONED, 1), else_=2)
    return [rank, due.is_(None), due, Task.id]


def order_by(query: ListQuery, state: State) -> list:
    """ORDER BY terms for the query's sort key; ties broken by id so pages never overlap."""
    if query.sort == "urgency":
        return urgency_key(state.status, state.due)
    if query.sort == "deadline":
        # Tasks without a deadline stay last in both directions.
        return [state.due.is_(None), state.due.desc() if query.descending else state.due, Task.id]
    keys = {
        # Folded text sorts "Đ" with "D" on every backend, whatever the database collation.
        "title": Task.search_text,
        "agency": sa.select(Agency.search_name).where(Agency.id == Task.lead_agency_id).scalar_subquery(),
        "status": sa.case({s: i for i, s in enumerate(STATUS_ORDER)}, value=state.status, else_=len(STATUS_ORDER)),
        "progress": Task.progress,
        "updated": Task.updated_at,
    }
    key = keys[query.sort]
    return [key.desc() if query.descending else key, Task.id]

