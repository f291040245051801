"""What happens on a task: progress reports, evidence, extensions and directions."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .agency import Agency
from .enums import ExtensionStatus, TaskStatus, enum_column
from .task import Task
from .types import UTCDateTime, utcnow
from .user import User


class ProgressUpdate(db.Model):
    """One entry of a task's timeline: a progress report or a status move.

    Status moves are kept here with their time, so a report as of a past date can
    tell the state each task had then.
    """

    __tablename__ = "progress_update"
    __table_args__ = (
        sa.Index("ix_progress_update_task_created", "task_id", "created_at"),
        # A task's last status move before an instant, read from the index alone ("as of" reports).
        sa.Index("ix_progress_update_status_moves", "task_id", "created_at", "id",
                 postgresql_include=["status_to"], postgresql_where=sa.text("status_to IS NOT NULL"),
                 sqlite_where=sa.text("status_to IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_from: Mapped[TaskStatus | None] = mapped_column(enum_column(TaskStatus))
    status_to: Mapped[TaskStatus | None] = mapped_column(enum_column(TaskStatus))
    progress: Mapped[int | None]
    note: Mapped[str] = mapped_column(sa.Text, default="")

    task: Mapped[Task] = relationship()
    author: Mapped[User | None] = relationship()
    agency: Mapped[Agency | None] = relationship()
    evidence: Mapped[list["Evidence"]] = relationship(back_populates="progress_update")


class Evidence(db.Model):
    """A file attached as proof (minh chứng); stored under a generated name."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    progress_update_id: Mapped[int | None] = mapped_column(sa.ForeignKey("progress_update.id"))
    file_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(128))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    task: Mapped[Task] = relationship()
    progress_update: Mapped[ProgressUpdate | None] = relationship(back_populates="evidence")
    uploaded_by: Mapped[User | None] = relationship()


class Extension(db.Model):
    """A request to move a deadline (gia hạn), and the leader's decision on it."""

    __tablename__ = "extension"
    __table_args__ = (
        # A task's deadline in force at an instant: its latest approved extension decided before it.
        sa.Index("ix_extension_approved", "task_id", "decided_at", "id", postgresql_include=["decided_due_date"],
                 postgresql_where=sa.text("status = 'approved'"), sqlite_where=sa.text("status = 'approved'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    previous_due_date: Mapped[date | None]
    requested_due_date: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ExtensionStatus] = mapped_column(
        enum_column(ExtensionStatus), default=ExtensionStatus.PENDING, index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_due_date: Mapped[date | None]
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")

    task: Mapped[Task] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class Direction(db.Model):
    """A leader's direction (ý kiến chỉ đạo) on a task, highlighted until acknowledged."""

    __tablename__ = "direction"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    text: Mapped[str] = mapped_column(sa.Text)
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    task: Mapped[Task] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
