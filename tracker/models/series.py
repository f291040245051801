"""Recurring tasks (nhiệm vụ định kỳ): a series whose occurrences are ordinary tasks, one per period."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .agency import Agency
from .enums import Priority, Recurrence, enum_column
from .framework import Field
from .types import UTCDateTime, utcnow
from .user import User

series_supporting_agency = sa.Table(
    "series_supporting_agency",
    db.metadata,
    sa.Column("series_id", sa.ForeignKey("task_series.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("agency_id", sa.ForeignKey("agency.id"), primary_key=True),
)


class TaskSeries(db.Model):
    """What each occurrence is given, how often, due on which day of its period, from when until when."""

    __tablename__ = "task_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(1000))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    expected_output: Mapped[str] = mapped_column(sa.String(1000), default="")
    lead_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    priority: Mapped[Priority] = mapped_column(enum_column(Priority), default=Priority.NORMAL)
    field_id: Mapped[int | None] = mapped_column(sa.ForeignKey("field.id"))
    evidence_required: Mapped[bool] = mapped_column(default=True)
    recurrence: Mapped[Recurrence] = mapped_column(enum_column(Recurrence))
    # Each occurrence falls due on this day of its month (monthly), of its quarter's last month (quarterly), or
    # of ``due_month`` (yearly); a day past the month's end is its last day.
    due_day: Mapped[int] = mapped_column(sa.SmallInteger)
    due_month: Mapped[int | None] = mapped_column(sa.SmallInteger)
    starts_on: Mapped[date]
    until: Mapped[date | None]
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stopped_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    unit: Mapped[Agency] = relationship(foreign_keys=[unit_id])
    lead_agency: Mapped[Agency] = relationship(foreign_keys=[lead_agency_id])
    supporting_agencies: Mapped[list[Agency]] = relationship(secondary=series_supporting_agency,
                                                             order_by="Agency.name")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    field: Mapped[Field | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def active(self) -> bool:
        return self.stopped_at is None
