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
    # Its criteria (not their sub-criteria), for reading; the tree is edited through services/appraisals/criteria.
    criteria: Mapped[list["Criterion"]] = relationship(
        order_by="Criterion.position", primaryjoin="and_(Field.id == Criterion.field_id, "
        "Criterion.parent_id.is_(None))", viewonly=True)

    def __str__(self) -> str:
        return self.name


class Criterion(db.Model):
    """A criterion (tiêu chí) of a field, or a sub-criterion (tiêu chí thành phần) of a criterion, with its
    maximum points; where points are lost, and what remediation aims at."""

    __tablename__ = "criterion"
    __table_args__ = (sa.UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(sa.ForeignKey("framework.id"), index=True)
    field_id: Mapped[int] = mapped_column(sa.ForeignKey("field.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("criterion.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(1000))
    max_points: Mapped[Decimal] = mapped_column(sa.Numeric(7, 2))
    # How it is scored ("0,5 điểm nếu ban hành đúng hạn; 0 nếu chậm"), as the province's guide says.
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    position: Mapped[int] = mapped_column(default=0)

    field: Mapped[Field] = relationship()
    parent: Mapped["Criterion | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Criterion"]] = relationship(back_populates="parent", order_by="Criterion.position")

    @property
    def is_leaf(self) -> bool:
        """Scored directly: a sub-criterion, or a criterion without sub-criteria."""
        return not self.children

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


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
