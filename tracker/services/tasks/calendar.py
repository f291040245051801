"""Calendar feeds: the deadlines a person may see, as an iCalendar file their calendar program subscribes to.

A calendar program cannot log in, so the feed's address carries a key: a random selector stored with the user, and
an HMAC of it under the application's secret key. The database alone (a backup, a leaked dump) does not give the
addresses; making a new key revokes the old address at once. Each task is one all-day event with a stable UID;
its SEQUENCE is the number of times its deadline moved, so programs replace the event rather than add another.
Finished and cancelled tasks, drafts and groups (counted through their parts) are left out.
"""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

import icalendar
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, Task, TaskStatus, User, counted_tasks, task_supporting_agency
from ...permissions import can_see_agency, follows_units, visible_tasks_clause
from .. import audit

FINISHED = (TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.DRAFT)
# A calendar program downloads the whole feed each time; past this many deadlines (the nearest first) the rest is
# left out. A unit has a few hundred open tasks; only a province-wide follower could reach it.
MAX_EVENTS = 3000


def _signature(selector: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"calendar:" + selector.encode(), hashlib.sha256).hexdigest()[:32]


def feed_key(user: User) -> str | None:
    """The secret part of ``user``'s feed addresses, or None when they have none."""
    if not user.calendar_selector:
        return None
    return f"{user.calendar_selector}.{_signature(user.calendar_selector)}"


def renew_key(user: User) -> str:
    """A new feed key for ``user``; the old addresses stop working at once."""
    had = user.calendar_selector is not None
    user.calendar_selector = secrets.token_urlsafe(12)
    audit.record("calendar_key_renewed" if had else "calendar_key_created", "user", user.id, {}, actor=user)
    return feed_key(user)


def revoke_key(user: User) -> None:
    user.calendar_selector = None
    audit.record("calendar_key_revoked", "user", user.id, {}, actor=user)


def user_for_key(key: str) -> User | None:
    """The active user whose feed key this is, or None (a wrong, old or forged key)."""
    selector, _dot, signature = (key or "").partition(".")
    if not selector or len(selector) > 32 or not signature:
        return None
    if not hmac.compare_digest(signature, _signature(selector)):
        return None
    user = db.session.scalar(sa.select(User).where(User.calendar_selector == selector))
    return user if user is not None and user.active else None


def may_follow_agency(user: User, agency: Agency) -> bool:
    """An agency's own feed is for those who follow whole units (the coordinator, the chairman, the province)."""
    return follows_units(user) and can_see_agency(user, agency)


def feed_tasks(user: User, agency: Agency | None = None) -> list[Task]:
    """The open tasks with a deadline ``user`` may see (of ``agency`` only, when given), nearest deadline first."""
    stmt = (sa.select(Task).where(visible_tasks_clause(user), counted_tasks(), Task.due_date.is_not(None),
                                  Task.status.not_in(FINISHED))
            .options(sa.orm.joinedload(Task.lead_agency))
            .order_by(Task.due_date, Task.id).limit(MAX_EVENTS))
    if agency is not None:
        supporting = sa.select(task_supporting_agency.c.task_id).where(task_supporting_agency.c.agency_id == agency.id)
        stmt = stmt.where(sa.or_(Task.lead_agency_id == agency.id, Task.id.in_(supporting)))
    return list(db.session.scalars(stmt))


def build_feed(tasks: list[Task], *, name: str, host: str, task_url) -> bytes:
    """The iCalendar file: one all-day event per task on its deadline."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Theo doi khac phuc sau tham dinh//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Ho_Chi_Minh"))
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    now = datetime.now(UTC)
    for task in tasks:
        event = icalendar.Event()
        event.add("uid", f"task-{task.id}@{host}")
        event.add("sequence", task.deadline_revision)
        event.add("dtstamp", now)
        event.add("dtstart", task.due_date)
        event.add("dtend", task.due_date + timedelta(days=1))
        event.add("summary", _("Hạn: %(title)s", title=task.title))
        lead = task.lead_agency.name if task.lead_agency else ""
        event.add("description", "\n".join(filter(None, [
            _("Chủ trì: %(agency)s", agency=lead) if lead else "",
            _("Tình trạng: %(status)s", status=task.status.label),
            task.expected_output and _("Sản phẩm: %(output)s", output=task.expected_output),
            task_url(task)])))
        event.add("url", task_url(task))
        event.add("transp", "TRANSPARENT")  # a deadline is not a meeting: it does not make the person busy
        cal.add_component(event)
    return cal.to_ical()
