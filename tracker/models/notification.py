"""Notifications: the outbox of messages to deliver, the in-app bell, e-mail preferences, "seen" marks."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .agency import Agency
from .enums import LabelledEnum, enum_column
from .task import Task
from .types import UTCDateTime, utcnow
from .user import User


class NotificationKind(LabelledEnum):
    """What happened, or what is due: one kind per event that asks someone to act (docs/notifications.md)."""

    ASSIGNED = "assigned"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    EXTENSION_REQUESTED = "ext_requested"
    EXTENSION_DECIDED = "ext_decided"
    DEADLINE_CHANGED = "deadline_moved"  # the assigning side moved the deadline itself, no request asked for
    DIRECTION = "direction"
    REASSIGNED = "reassigned"
    DAILY_SUMMARY = "daily_summary"
    WEEKLY_DIGEST = "weekly_digest"

    @classmethod
    def _labels(cls):
        return {
            cls.ASSIGNED: _l("Được giao nhiệm vụ"),
            cls.DUE_SOON: _l("Sắp đến hạn"),
            cls.DUE_TODAY: _l("Đến hạn hôm nay"),
            cls.OVERDUE: _l("Quá hạn"),
            cls.SUBMITTED: _l("Báo cáo hoàn thành chờ duyệt"),
            cls.APPROVED: _l("Được duyệt hoàn thành"),
            cls.RETURNED: _l("Bị trả lại"),
            cls.EXTENSION_REQUESTED: _l("Đề nghị gia hạn"),
            cls.EXTENSION_DECIDED: _l("Quyết định gia hạn"),
            # The same words name the task page's action ("Change deadline"); as a kind they name what happened.
            cls.DEADLINE_CHANGED: lazy_pgettext("notification kind", "Điều chỉnh thời hạn"),
            cls.DIRECTION: _l("Ý kiến chỉ đạo"),
            cls.REASSIGNED: _l("Giao lại nhiệm vụ"),
            cls.DAILY_SUMMARY: _l("Tóm tắt hằng ngày"),
            cls.WEEKLY_DIGEST: _l("Bản tin hằng tuần"),
        }

    @classmethod
    def task_kinds(cls) -> tuple["NotificationKind", ...]:
        """Kinds about one task: each may come at once or in the daily summary."""
        return tuple(k for k in cls if k not in (cls.DAILY_SUMMARY, cls.WEEKLY_DIGEST))


class OutboxStatus(LabelledEnum):
    QUEUED = "queued"
    SENT = "sent"
    SKIPPED = "skipped"  # nobody to send to (no address, e-mail turned off, the task no longer theirs)
    FAILED = "failed"  # gave up after the last retry; the admin may resend

    @classmethod
    def _labels(cls):
        return {cls.QUEUED: _l("Đang chờ gửi"), cls.SENT: _l("Đã gửi"), cls.SKIPPED: _l("Không cần gửi"),
                cls.FAILED: _l("Gửi không được")}


class MailFrequency(LabelledEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    NONE = "none"

    @classmethod
    def _labels(cls):
        return {cls.IMMEDIATELY: _l("Gửi ngay"), cls.DAILY: _l("Gộp vào thư tóm tắt hằng ngày"),
                cls.NONE: _l("Không gửi thư")}


class OutboxMessage(db.Model):
    """A message to deliver, written in the same transaction as the change it tells of.

    An event row (``recipient_id`` None) names no reader: ``deliver`` asks the permissions module who may hear
    of it then, and queues one row per reader. A reader's row is rendered and sent when delivered, so it says
    what its reader may see at that moment. ``dedup_key`` is unique: the same reminder queued twice is one row.
    """

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # A webhook's delivery: sent to ``webhook`` (not a reader); ``response_code`` is its last HTTP answer.
    webhook_id: Mapped[int | None] = mapped_column(sa.ForeignKey("webhook.id", ondelete="CASCADE"), index=True)
    response_code: Mapped[int | None] = mapped_column()
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    dedup_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    task: Mapped[Task | None] = relationship()
    recipient: Mapped[User | None] = relationship(foreign_keys=[recipient_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    webhook: Mapped["Webhook | None"] = relationship(back_populates="deliveries")


class Webhook(db.Model):
    """An address the admin registered to be told of events of some kinds (docs/api.md, "Webhooks").

    ``secret`` signs each delivery, so it is kept as is (a hash could not sign); it is shown once, at creation.
    With ``unit_id`` set, only events of that unit's tasks are sent.
    """

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(500))
    kinds: Mapped[list] = mapped_column(sa.JSON, default=list)  # NotificationKind values
    secret: Mapped[str] = mapped_column(sa.String(100))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    unit: Mapped[Agency | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    deliveries: Mapped[list[OutboxMessage]] = relationship(back_populates="webhook", passive_deletes=True)


class Notification(db.Model):
    """One line under a user's bell."""

    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    task: Mapped[Task | None] = relationship()


class MailPreference(db.Model):
    """How a user wants e-mail of one kind; no row means at once."""

    __tablename__ = "mail_preference"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind), primary_key=True)
    frequency: Mapped[MailFrequency] = mapped_column(enum_column(MailFrequency))


class TaskSeen(db.Model):
    """A user opened a task: its "mới" mark is gone for them."""

    __tablename__ = "task_seen"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
