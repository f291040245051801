"""The bell and the notifications page, e-mail preferences, and the "mới" mark on tasks not yet opened."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...models import (
    MailFrequency,
    MailPreference,
    Notification,
    NotificationKind,
    Role,
    Task,
    TaskSeen,
    User,
    utcnow,
)
from ...permissions import visible_tasks_clause

# Tasks assigned longer ago than this are not "new", opened or not (the mark is for what just arrived).
NEW_FOR_DAYS = 30


def _still_visible(user: User):
    """A notification about a task ``user`` may no longer see (moved to another agency) is no longer shown;
    one without a task (a former lead told of a reassignment) is. Correlated, so it reads the task by its key."""
    return sa.or_(Notification.task_id.is_(None),
                  sa.exists().where(Task.id == Notification.task_id, visible_tasks_clause(user)))


def unread_count(user: User) -> int:
    """The bell's number: one indexed count."""
    return db.session.scalar(sa.select(sa.func.count(Notification.id))
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None),
                                    _still_visible(user))) or 0


def notifications(user: User):
    """A statement for ``user``'s notifications still theirs to read, newest first (the page paginates it)."""
    return (sa.select(Notification).where(Notification.user_id == user.id, _still_visible(user))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def visible_among(user: User, task_ids) -> set[int]:
    """Which of ``task_ids`` ``user`` may open now (one query): a link is shown only to those."""
    ids = {i for i in task_ids if i is not None}
    if not ids:
        return set()
    return set(db.session.scalars(sa.select(Task.id).where(Task.id.in_(ids), visible_tasks_clause(user))))


def mark_read(user: User, notification_id: int) -> Notification | None:
    """Mark one of ``user``'s notifications read; another's is not found (None)."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user.id:
        return None
    if note.read_at is None:
        note.read_at = utcnow()
    return note


def mark_all_read(user: User) -> int:
    result = db.session.execute(sa.update(Notification)
                                .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                                .values(read_at=utcnow()))
    return result.rowcount or 0


def mark_task_read(user: User, task_id: int) -> None:
    """Opening a task reads its notifications and takes its "mới" mark away."""
    db.session.execute(sa.update(Notification).where(Notification.user_id == user.id, Notification.task_id == task_id,
                                                     Notification.read_at.is_(None)).values(read_at=utcnow()))
    if user.role == Role.OFFICER:
        # Two tabs opening the task at once must not fail on the key: the second insert does nothing.
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        db.session.execute(insert(TaskSeen).values(user_id=user.id, task_id=task_id, seen_at=utcnow())
                           .on_conflict_do_nothing())


def new_for(user: User, task_ids) -> set[int]:
    """Which of ``task_ids`` are new to an officer: assigned lately and never opened by them (one query)."""
    ids = {i for i in task_ids if i is not None}
    if not ids or not user.is_authenticated or user.role != Role.OFFICER:
        return set()
    seen = sa.select(TaskSeen.task_id).where(TaskSeen.user_id == user.id, TaskSeen.task_id.in_(ids))
    stmt = sa.select(Task.id).where(Task.id.in_(ids), Task.assigned_at >= utcnow() - timedelta(days=NEW_FOR_DAYS),
                                    Task.id.not_in(seen))
    return set(db.session.scalars(stmt))


def kinds_for(user: User) -> list[NotificationKind]:
    """The kinds ``user`` may receive, in the order the preferences page lists them."""
    if user.role == Role.OFFICER:
        skip = {NotificationKind.SUBMITTED, NotificationKind.EXTENSION_REQUESTED, NotificationKind.WEEKLY_DIGEST}
    elif user.role in Role.unit_roles():
        skip = {NotificationKind.DUE_SOON, NotificationKind.DUE_TODAY, NotificationKind.OVERDUE}
    else:
        skip = set(NotificationKind.task_kinds())
    return [k for k in NotificationKind if k not in skip]


def preferences(user: User) -> dict[NotificationKind, MailFrequency]:
    rows = db.session.execute(sa.select(MailPreference.kind, MailPreference.frequency)
                              .where(MailPreference.user_id == user.id)).all()
    chosen = {kind: frequency for kind, frequency in rows}
    return {k: chosen.get(k, MailFrequency.IMMEDIATELY) for k in NotificationKind}


def save_preferences(user: User, wanted: dict[NotificationKind, MailFrequency]) -> dict:
    """Store ``user``'s choices (summaries and digests are sent or not: "daily" means sent); returns changes."""
    current, changes = preferences(user), {}
    for kind, frequency in wanted.items():
        if kind not in NotificationKind.task_kinds() and frequency == MailFrequency.DAILY:
            frequency = MailFrequency.IMMEDIATELY
        if current[kind] == frequency:
            continue
        changes[kind.value] = [current[kind].value, frequency.value]
        row = db.session.get(MailPreference, (user.id, kind))
        if row is None:
            db.session.add(MailPreference(user_id=user.id, kind=kind, frequency=frequency))
        else:
            row.frequency = frequency
    return changes
