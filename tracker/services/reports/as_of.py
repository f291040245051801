"""A task's state at the end of a day, in SQL: what the reports count and the "as of" task list shows.

The rules (docs/development.md, "History and 'as of' semantics"), at the end of day D in the configured
zone (the first instant of D+1, exclusive):

- a task exists on D when it was assigned before the end of D (assignment writes ``assigned_at`` and the
  ``draft → not_started`` move at the same instant, and nothing moves a task back to draft);
- its status then is its last status move before the end of D;
- its deadline then is the latest approved extension decided before the end of D, else the original
  deadline (``original_due_date``, written at assignment; none for a task given its first deadline
  later). Extensions are decided only on live tasks (the transition table), so a finished task's
  deadline never moves after its approval: the deadline in force at the end of D is the one in force
  when a task done by D was approved, and a finished task's stored ``due_date`` is that deadline.

A task whose ``updated_at`` is before the end of D has not changed since (every status move and every
deadline change writes the task), so its stored columns are its state then and no history is read. Only
tasks changed since are rebuilt, each with one probe of its status moves and one of its extensions. Until
the day is over no task can have changed after it: a report as of today reads the stored columns only.
"""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ...extensions import db
from ...models import Extension, ExtensionStatus, ProgressUpdate, Task, counted_tasks
from ...models.types import UTCDateTime, utcnow
from .. import deadlines


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the configured zone, in UTC (history is stored in UTC)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=deadlines.local_zone()).astimezone(UTC)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=deadlines.local_zone()).astimezone(UTC)


def task_state(day: date, conditions=(), correlate=()) -> sa.Subquery:
    """One row per task counted at the end of ``day`` and meeting ``conditions`` (on ``task``).

    Groups are never counted (``counted_tasks``): a fanned-out task counts through its parts. A task
    becomes a group only while a draft (``planning.fan_out``), so no task was counted on one day and
    became a group later: the rule holds as of any day.

    Columns: ``task_id``, ``agency_id`` (lead), ``unit_id``, ``assigned_at``, ``completed_on``, ``fresh`` (unchanged
    since), ``status`` and ``deadline`` as they stood then. ``status`` can still be ``draft`` or NULL only
    in data the workflow would not write; callers keep ``status != 'draft'``.

    ``correlate``: tables of an enclosing statement that ``conditions`` name (one task per outer row, found
    by its primary key: the province's remedies).
    """
    if end_of_day(day) > utcnow():
        # The day has not ended: nothing can have changed after it, every task stands as stored.
        return _stored(day, conditions, correlate)
    end = sa.literal(end_of_day(day), UTCDateTime())
    pu, ext = ProgressUpdate.__table__, Extension.__table__
    fresh = Task.updated_at < end
    # The partial index ix_progress_update_status_moves answers this from the index alone.
    moved = (sa.select(pu.c.status_to)
             .where(pu.c.task_id == Task.id, pu.c.status_to.is_not(None), pu.c.created_at < end)
             .order_by(pu.c.created_at.desc(), pu.c.id.desc()).limit(1).correlate(Task).scalar_subquery())
    extended = (sa.select(ext.c.decided_due_date)
                .where(ext.c.task_id == Task.id, ext.c.status == ExtensionStatus.APPROVED.value,
                       ext.c.decided_at < end, ext.c.decided_due_date.is_not(None))
                .order_by(ext.c.decided_at.desc(), ext.c.id.desc()).limit(1).correlate(Task).scalar_subquery())
    return (
        sa.select(
            Task.id.label("task_id"), Task.lead_agency_id.label("agency_id"), Task.unit_id, Task.assigned_at,
            Task.completed_on, fresh.label("fresh"),
            # A CASE runs its branch's subquery only for the rows that take it: untouched tasks read nothing.
            sa.case((fresh, Task.status), else_=moved).label("status"),
            sa.case((fresh, Task.due_date),
                    else_=sa.func.coalesce(extended, Task.original_due_date)).label("deadline"),
        )
        .where(Task.assigned_at < end, counted_tasks(), *conditions)
        .correlate(*correlate)
        # An optimisation fence: without it PostgreSQL copies the CASE (and its subquery) into every use.
        .offset(0)
        .subquery("task_state")
    )


def _stored(day: date, conditions, correlate=()) -> sa.Subquery:
    """``task_state`` for a day not yet over: the stored columns, no history (a report as of today)."""
    return (
        sa.select(Task.id.label("task_id"), Task.lead_agency_id.label("agency_id"), Task.unit_id, Task.assigned_at,
                  Task.completed_on, sa.true().label("fresh"), Task.status.label("status"),
                  Task.due_date.label("deadline"))
        .where(Task.assigned_at < end_of_day(day), counted_tasks(), *conditions)
        .correlate(*correlate)
        .offset(0)
        .subquery("task_state")
    )


def prepare() -> None:
    """Per-transaction tuning before reading ``task_state``: PostgreSQL's JIT would spend longer compiling
    these plans than running them (its estimate counts every history probe, most of which never run), and
    sorting 100,000 task rows (the task sheet, the agency page) should not spill to disk."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Both in one round trip (``set_config(..., true)`` is ``SET LOCAL``): a page pays for each statement.
        db.session.execute(sa.text("SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)"))
