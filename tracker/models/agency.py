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
    # The appraised unit (đơn vị được đánh giá) this agency works in: a unit is its own unit; NULL is the
    # province level (UBND tỉnh, the Sở Nội vụ as appraising body). Every scope question starts here.
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    # For a unit: the place its documents are dated from ("Gia Viễn, ngày …") and who signs them.
    place: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    signer_name: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    # For a unit: whether its coordinator may manage the accounts of the unit (the admin decides).
    coordinator_manages_accounts: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_active: Mapped[bool] = mapped_column(default=True)
    # Diacritic-free copy of the name, so "gia vien" finds "Gia Viễn" on every backend.
    search_name: Mapped[str] = mapped_column(sa.String(255), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    parent: Mapped["Agency | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])
    unit: Mapped["Agency | None"] = relationship(remote_side=[id], foreign_keys=[unit_id])

    @property
    def is_unit(self) -> bool:
        return self.id is not None and self.unit_id == self.id

    def __repr__(self) -> str:
        return f"<Agency {self.short_name}>"

    def __str__(self) -> str:
        return self.name


@sa.event.listens_for(Agency, "before_insert")
@sa.event.listens_for(Agency, "before_update")
def _fold_agency_name(mapper, connection, target: Agency) -> None:
    target.search_name = fold(f"{target.name} {target.short_name}")
