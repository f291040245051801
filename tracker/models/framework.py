"""PAR index frameworks and their fields: data per province and year, never constants."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .enums import KeywordKind, enum_column
from .types import UTCDateTime, utcnow


class Framework(db.Model):
    __tablename__ = "framework"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    year: Mapped[int]
    issuing_body: Mapped[str] = mapped_column(sa.String(255), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    fields: Mapped[list["Field"]] = relationship(
        back_populates="framework", order_by="Field.position", cascade="all, delete-orphan"
    )

    @property
    def max_total(self) -> Decimal:
        return sum((f.max_points for f in self.fields), Decimal(0))

    def __str__(self) -> str:
        return self.name


class Field(db.Model):
    """A field (lĩnh vực) of a framework, with its maximum points."""

    __tablename__ = "field"
    __table_args__ = (sa.UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(sa.ForeignKey("framework.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(500))
    max_points: Mapped[Decimal] = mapped_column(sa.Numeric(7, 2))
    position: Mapped[int] = mapped_column(default=0)

    framework: Mapped[Framework] = relationship(back_populates="fields")

    def __str__(self) -> str:
        return self.name


class ReaderKeyword(db.Model):
    """One phrase the conclusion reader looks for; the admin edits these lists."""

    __tablename__ = "reader_keyword"
    __table_args__ = (sa.UniqueConstraint("kind", "phrase", "field_code", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[KeywordKind] = mapped_column(enum_column(KeywordKind), index=True)
    phrase: Mapped[str] = mapped_column(sa.String(255))
    # Field keywords point at a field code (shared by every framework that uses it).
    field_code: Mapped[str | None] = mapped_column(sa.String(20))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))

    agency = relationship("Agency")


class Setting(db.Model):
    """Settings the admin changes without a deployment (report header, signer, policies)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text, default="")
