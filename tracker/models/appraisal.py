"""Appraisals, their field scores, and the shortcomings and recommendations they conclude with."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .agency import Agency
from .enums import AppraisalStatus, FanoutTarget, enum_column
from .framework import Criterion, Field, Framework
from .types import UTCDateTime, utcnow

recommendation_finding = sa.Table(
    "recommendation_finding",
    db.metadata,
    sa.Column("recommendation_id", sa.ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("finding_id", sa.ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True),
)


class Appraisal(db.Model):
    """One appraisal (thẩm định) or inspection of a unit, for a year, under a framework."""

    __tablename__ = "appraisal"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    year: Mapped[int]
    framework_id: Mapped[int] = mapped_column(sa.ForeignKey("framework.id"))
    team: Mapped[str] = mapped_column(sa.String(255), default="")
    team_head: Mapped[str] = mapped_column(sa.String(255), default="")
    appraised_on: Mapped[date | None]
    conclusion_number: Mapped[str] = mapped_column(sa.String(64), default="")
    conclusion_date: Mapped[date | None]
    conclusion_text: Mapped[str] = mapped_column(sa.Text, default="")
    self_total: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    total_score: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    status: Mapped[AppraisalStatus] = mapped_column(enum_column(AppraisalStatus), default=AppraisalStatus.DRAFT)
    # When the province's coordinator handed the reviewed conclusion to the unit, whose coordinator plans.
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handed_over_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    unit: Mapped[Agency] = relationship()
    framework: Mapped[Framework] = relationship()
    scores: Mapped[list["FieldScore"]] = relationship(back_populates="appraisal", cascade="all, delete-orphan")
    criterion_scores: Mapped[list["CriterionScore"]] = relationship(back_populates="appraisal",
                                                                    cascade="all, delete-orphan")
    findings: Mapped[list["Finding"]] = relationship(
        back_populates="appraisal", order_by="Finding.position", cascade="all, delete-orphan"
    )
    recommendations: Mapped[list["Recommendation"]] = relationship(
        back_populates="appraisal", order_by="Recommendation.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}" if self.unit else str(self.year)


class FieldScore(db.Model):
    """Self-assessed and appraised points of one field in one appraisal."""

    __tablename__ = "field_score"
    __table_args__ = (sa.UniqueConstraint("appraisal_id", "field_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(sa.ForeignKey("appraisal.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[int] = mapped_column(sa.ForeignKey("field.id"))
    self_score: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))

    appraisal: Mapped[Appraisal] = relationship(back_populates="scores")
    field: Mapped[Field] = relationship()


class CriterionScore(db.Model):
    """Self-assessed and appraised points of one scored criterion (a leaf of the tree) in one appraisal."""

    __tablename__ = "criterion_score"
    __table_args__ = (sa.UniqueConstraint("appraisal_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(sa.ForeignKey("appraisal.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criterion.id"), index=True)
    self_score: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))

    appraisal: Mapped[Appraisal] = relationship(back_populates="criterion_scores")
    criterion: Mapped[Criterion] = relationship()


class Finding(db.Model):
    """A shortcoming (tồn tại, hạn chế) named by the appraisal."""

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(sa.ForeignKey("appraisal.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[int | None] = mapped_column(sa.ForeignKey("field.id"))
    # The criterion (or sub-criterion) it lost points on, when known.
    criterion_id: Mapped[int | None] = mapped_column(sa.ForeignKey("criterion.id"))
    text: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # Last year's finding this one repeats ("tồn tại lặp lại"), and why: "criterion", "text" or "both".
    repeat_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("finding.id", ondelete="SET NULL"))
    repeat_reason: Mapped[str] = mapped_column(sa.String(16), default="", server_default="")

    appraisal: Mapped[Appraisal] = relationship(back_populates="findings")
    field: Mapped[Field | None] = relationship()
    criterion: Mapped[Criterion | None] = relationship()
    repeat_of: Mapped["Finding | None"] = relationship(remote_side=[id])
    recommendations: Mapped[list["Recommendation"]] = relationship(
        secondary=recommendation_finding, back_populates="findings"
    )


class Recommendation(db.Model):
    """A recommendation (đề nghị, kiến nghị) the unit must act on."""

    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(sa.ForeignKey("appraisal.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[int | None] = mapped_column(sa.ForeignKey("field.id"))
    criterion_id: Mapped[int | None] = mapped_column(sa.ForeignKey("criterion.id"))
    suggested_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    # What the conclusion itself says: the deadline it names and whether it addresses many bodies at once.
    suggested_due_date: Mapped[date | None] = mapped_column(sa.Date)
    suggested_fanout: Mapped[FanoutTarget | None] = mapped_column(enum_column(FanoutTarget))
    text: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    appraisal: Mapped[Appraisal] = relationship(back_populates="recommendations")
    field: Mapped[Field | None] = relationship()
    criterion: Mapped[Criterion | None] = relationship()
    suggested_agency: Mapped[Agency | None] = relationship()
    findings: Mapped[list[Finding]] = relationship(
        secondary=recommendation_finding, back_populates="recommendations"
    )
