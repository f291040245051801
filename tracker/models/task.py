"""Remediation tasks (nhiệm vụ): who leads, who supports, by when, and what comes out."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..textutil import fold
from .agency import Agency
from .appraisal import Appraisal, Finding, Recommendation
from .enums import Priority, TaskStatus, enum_column
from .framework import Criterion, Field
from .types import UTCDateTime, utcnow
from .user import User

task_supporting_agency = sa.Table(
    "task_supporting_agency",
    db.metadata,
    sa.Column("task_id", sa.ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("agency_id", sa.ForeignKey("agency.id"), primary_key=True, index=True),
)

task_finding = sa.Table(
    "task_finding",
    db.metadata,
    sa.Column("task_id", sa.ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("finding_id", sa.ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True),
)


class Task(db.Model):
    __tablename__ = "task"
    __table_args__ = (
        sa.Index("ix_task_lead_status", "lead_agency_id", "status"),
        sa.Index("ix_task_unit_status", "unit_id", "status"),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        sa.UniqueConstraint("series_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(1000))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    expected_output: Mapped[str] = mapped_column(sa.String(1000), default="")
    # Whether submitting for completion needs at least one evidence file.
    evidence_required: Mapped[bool] = mapped_column(default=True)
    # The unit the task belongs to: its appraisal's, else its creator's. Scopes every list, count and report.
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    appraisal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appraisal.id"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("recommendation.id"), index=True)
    field_id: Mapped[int | None] = mapped_column(sa.ForeignKey("field.id"), index=True)
    # The criterion (or sub-criterion) whose lost points the task aims to win back (services/appraisals/points.py).
    criterion_id: Mapped[int | None] = mapped_column(sa.ForeignKey("criterion.id"), index=True)
    # None only on a draft whose lead is not chosen yet, and on a group (its parts have the leads).
    lead_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    # The lead agency's name when the task was assigned: agencies merge and rename later.
    lead_agency_name: Mapped[str] = mapped_column(sa.String(255), default="")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    priority: Mapped[Priority] = mapped_column(enum_column(Priority), default=Priority.NORMAL)
    start_date: Mapped[date | None]
    due_date: Mapped[date | None] = mapped_column(index=True)
    original_due_date: Mapped[date | None]
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), default=TaskStatus.DRAFT, index=True)
    progress: Mapped[int] = mapped_column(default=0)
    completed_on: Mapped[date | None]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("task.id"), index=True)
    # How many times the deadline moved: a calendar feed's SEQUENCE, so calendars replace the event.
    deadline_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # An occurrence of a recurring task: its series and the first day of its period (one task per period).
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("task_series.id"), index=True)
    period_start: Mapped[date | None]
    # A task fanned out to several agencies only groups its parts (its children): each part is one task, led
    # and counted by its agency; the group is counted nowhere, and its status and progress are its parts'.
    is_group: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    version: Mapped[int] = mapped_column(default=1)
    search_text: Mapped[str] = mapped_column(sa.String(2000), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    appraisal: Mapped[Appraisal | None] = relationship()
    recommendation: Mapped[Recommendation | None] = relationship()
    field: Mapped[Field | None] = relationship()
    criterion: Mapped[Criterion | None] = relationship()
    lead_agency: Mapped[Agency | None] = relationship(foreign_keys=[lead_agency_id])
    unit: Mapped[Agency] = relationship(foreign_keys=[unit_id])
    supporting_agencies: Mapped[list[Agency]] = relationship(
        secondary=task_supporting_agency, order_by="Agency.name"
    )
    findings: Mapped[list[Finding]] = relationship(secondary=task_finding)
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    parent: Mapped["Task | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Task"]] = relationship(back_populates="parent", order_by="Task.id")

    @property
    def parts(self) -> list["Task"]:
        """A group's parts that still count (drafts and cancelled ones left out)."""
        return [c for c in self.children if c.status not in (TaskStatus.DRAFT, TaskStatus.CANCELLED)]

    @property
    def deadline_moved(self) -> bool:
        return self.original_due_date is not None and self.due_date != self.original_due_date

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.status.value}>"


def counted_tasks() -> sa.ColumnElement[bool]:
    """The counting rule, as SQL: every count of tasks (reports, dashboard, lists, appraisal pages) counts
    tasks that are not groups; a fanned-out task is counted through its parts (docs/reports.md)."""
    return Task.is_group.is_(False)


@sa.event.listens_for(Task, "before_update")
def _count_deadline_moves(mapper, connection, target: Task) -> None:
    """Every change of an assigned task's deadline, by whatever path (extension, bulk move, edit), counts once."""
    history = sa.inspect(target).attrs.due_date.history
    if history.has_changes() and history.deleted and history.deleted[0] != target.due_date:
        target.deadline_revision = (target.deadline_revision or 0) + 1


@sa.event.listens_for(Task, "before_insert")
def _default_unit(mapper, connection, target: Task) -> None:
    """A task made without a unit (imported or built by hand) takes its group's, appraisal's or lead's unit.

    The planning service sets it (the appraisal's, else the creator's); this only keeps the column whole."""
    if target.unit_id is not None or target.unit is not None:
        return
    for source in (target.parent, target.appraisal.unit if target.appraisal else None, target.lead_agency):
        unit_id = getattr(source, "unit_id", None)
        if unit_id is not None:
            target.unit_id = unit_id
            return


@sa.event.listens_for(Task, "before_insert")
@sa.event.listens_for(Task, "before_update")
def _fold_task_text(mapper, connection, target: Task) -> None:
    target.search_text = fold(f"{target.title} {target.expected_output}")[:2000]
