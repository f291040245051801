"""Queries behind the task lists: visibility, urgency order, counts by status."""

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Task, TaskStatus, User
from ..permissions import visible_tasks_clause

OPEN = [s.value for s in TaskStatus.open_statuses()]


def urgency_order():
    """Open tasks first, by deadline (none last); then postponed; then finished ones."""
    rank = sa.case(
        (Task.status.in_(TaskStatus.open_statuses()), 0),
        (Task.status == TaskStatus.POSTPONED, 1),
        else_=2,
    )
    return [rank, Task.due_date.is_(None), Task.due_date, Task.id]


def visible_tasks(user: User):
    """A select of the tasks ``user`` may see, with what list pages show preloaded."""
    return (
        sa.select(Task)
        .where(visible_tasks_clause(user))
        .options(selectinload(Task.lead_agency), selectinload(Task.owner), selectinload(Task.supporting_agencies))
    )


def status_counts(user: User) -> dict[TaskStatus, int]:
    stmt = sa.select(Task.status, sa.func.count()).where(visible_tasks_clause(user)).group_by(Task.status)
    counts = {s: 0 for s in TaskStatus}
    for status, n in db.session.execute(stmt):
        counts[status] = n
    return counts


def deadline_counts(user: User, today: date, soon_days: int) -> dict[str, int]:
    """Open tasks overdue and due within ``soon_days``, counted in SQL."""
    open_ = sa.and_(visible_tasks_clause(user), Task.status.in_(TaskStatus.open_statuses()))
    overdue = sa.func.count().filter(Task.due_date < today)
    soon = sa.func.count().filter(Task.due_date.between(today, today + timedelta(days=soon_days)))
    row = db.session.execute(sa.select(overdue, soon).where(open_)).one()
    return {"overdue": row[0], "due_soon": row[1]}
