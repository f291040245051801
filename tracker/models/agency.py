"""Agencies (cơ quan, đơn vị): never deleted, only deactivated."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..textutil import fold
from .enums import AgencyKind, enum_column
from .types import UTCDateTime, utcnow


class Agency(db.Model):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[AgencyKind] = mapped_column(enum_column(AgencyKind), default=AgencyKind.DEPARTMENT)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Diacritic-free copy of the name, so "gia vien" finds "Gia Viễn" on every backend.
    search_name: Mapped[str] = mapped_column(sa.String(255), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    parent: Mapped["Agency | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Agency {self.short_name}>"

    def __str__(self) -> str:
        return self.name


@sa.event.listens_for(Agency, "before_insert")
@sa.event.listens_for(Agency, "before_update")
def _fold_agency_name(mapper, connection, target: Agency) -> None:
    target.search_name = fold(f"{target.name} {target.short_name}")
