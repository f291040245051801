"""Jinja filters and globals: Vietnamese dates and numbers, badges, permissions."""

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, current_app, g, request, url_for
from flask_babel import format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from . import permissions
from .models import Priority, Role, TaskStatus, TimeStatus
from .services import deadlines
from .services.organisation import units

STATUS_COLOURS = {
    TaskStatus.DRAFT: "secondary",
    TaskStatus.NOT_STARTED: "secondary",
    TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.SUBMITTED: "info",
    TaskStatus.RETURNED: "warning",
    TaskStatus.DONE: "success",
    TaskStatus.POSTPONED: "dark",
    TaskStatus.CANCELLED: "light",
}
TIME_COLOURS = {
    TimeStatus.ON_TRACK: "success",
    TimeStatus.DUE_SOON: "warning",
    TimeStatus.OVERDUE: "danger",
    TimeStatus.NO_DEADLINE: "secondary",
    TimeStatus.DONE_ON_TIME: "success",
    TimeStatus.DONE_LATE: "danger",
    TimeStatus.POSTPONED: "dark",
    TimeStatus.CANCELLED: "light",
    TimeStatus.DRAFT: "secondary",
}
PRIORITY_COLOURS = {Priority.NORMAL: "light", Priority.URGENT: "warning", Priority.FLASH: "danger"}


def format_day(value: date | datetime | None) -> str:
    """dd/mm/yyyy in both languages: the date boxes take dd/mm/yyyy and the messages write it, so an English
    page showing "Dec 5, 2026" beside "05/12/2026" would mix two forms of the same day."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = deadlines.local_date(value)
    return value.strftime("%d/%m/%Y")


def format_instant(value: datetime | None) -> str:
    """A UTC instant shown in local time, in both languages: "14:05 06/05/2022"."""
    if value is None:
        return ""
    return format_datetime(value, "HH:mm dd/MM/yyyy")


def format_number(value: Decimal | float | int | None, digits: int = 2) -> str:
    """87,88 in Vietnamese, 87.88 in English."""
    if value is None:
        return ""
    if not digits and type(value) is int and -1000 < value < 1000:
        return str(value)  # the same in every language, without Babel's locale lookups (tables of counts)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        # Python's own grouping, with the locale's two symbols: the same text as Babel's pattern (both round
        # half to even), at a tenth of the cost. A dashboard prints some 230 numbers (docs/performance.md).
        group, point = _number_symbols()
        text = f"{value:,.{digits}f}"
        return text.translate({ord(","): group, ord("."): point})
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern)


def _number_symbols() -> tuple[str, str]:
    """The request's locale's group and decimal separators (Latin digits)."""
    symbols = get_locale().number_symbols
    latin = symbols["latn"] if "latn" in symbols else symbols
    return latin["group"], latin["decimal"]


def format_signed(value: Decimal | float | None, digits: int = 2) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + format_number(abs(value), digits)


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (for pagination and sorting)."""
    args = request.args.to_dict()
    args.update({k: v for k, v in changes.items() if v is not None})
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def option_tags(choices, current=None) -> Markup:
    """``<option>`` elements for (value, text) pairs, ``current`` selected, in one call: a list's select boxes
    hold every agency and person of a unit (600 options on a district of 200 agencies), and a Jinja loop costs
    several times more per option than this."""
    chosen = "" if current is None else str(current)
    return Markup("".join(
        f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(text)}</option>'
        for value, text in choices))


# The main menu: (endpoint, label, roles). An entry shows once its blueprint is registered.
PROVINCE = {Role.PROVINCE_LEADER, Role.PROVINCE_COORDINATOR}
NAV = [
    ("province.index", _l("Toàn tỉnh"), PROVINCE),
    ("main.dashboard", _l("Tổng quan"), {Role.LEADER, Role.COORDINATOR, Role.OFFICER}),
    ("tasks.index", _l("Nhiệm vụ"), {Role.LEADER, Role.COORDINATOR, Role.OFFICER} | PROVINCE),
    ("tasks.pending", _l("Chờ duyệt"), {Role.LEADER, Role.COORDINATOR}),
    ("appraisals.index", _l("Đợt thẩm định"), {Role.LEADER, Role.COORDINATOR} | PROVINCE),
    ("reports.index", _l("Báo cáo"), {Role.LEADER, Role.COORDINATOR, Role.OFFICER}),
    ("unit_accounts.index", _l("Tài khoản"), {Role.COORDINATOR}),
    ("admin.index", _l("Quản trị"), {Role.ADMIN}),
]
# Entries that need more than a role: the unit's accounts only when the admin let its coordinator manage them.
NAV_CONDITIONS = {"unit_accounts.index": lambda user: permissions.managed_unit(user) is not None}


def unread_count() -> int:
    """The bell's number, counted once per request (one indexed query)."""
    if not current_user.is_authenticated:
        return 0
    if "unread_count" not in g:
        from .services.notifications import inbox

        g.unread_count = inbox.unread_count(current_user)
    return g.unread_count


def nav_items() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    functions = current_app.view_functions
    return [(ep, label) for ep, label, roles in NAV if current_user.role in roles and ep in functions
            and NAV_CONDITIONS.get(ep, bool)(current_user)]


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        day=format_day,
        instant=format_instant,
        number=format_number,
        signed=format_signed,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    # Globals rather than a context processor: imported macros see globals, not the context.
    app.jinja_env.globals.update(
        perm=permissions,
        option_tags=option_tags,
        Role=Role,
        TaskStatus=TaskStatus,
        TimeStatus=TimeStatus,
        status_colour=STATUS_COLOURS,
        time_colour=TIME_COLOURS,
        priority_colour=PRIORITY_COLOURS,
        time_status=deadlines.task_time_status,
        badge_text=deadlines.badge_text,
        today=deadlines.today,
        current_locale=lambda: str(get_locale()),
        url_with=url_with,
        nav_items=nav_items,
        unread_count=unread_count,
        has_endpoint=lambda name: name in current_app.view_functions,
        # Several units or a province role: unit columns and pickers show; a one-unit installation sees none.
        province_install=units.is_province_install,
        current_user=current_user,
    )
