"""The data model, one module per entity group; import from here."""

from .activity import Direction, Evidence, Extension, ProgressUpdate
from .agency import Agency
from .appraisal import Appraisal, CriterionScore, FieldScore, Finding, Recommendation, recommendation_finding
from .audit import AuditEvent
from .enums import (
    AgencyKind,
    AppraisalStatus,
    ExtensionStatus,
    FanoutTarget,
    KeywordKind,
    Priority,
    Recurrence,
    Role,
    TaskStatus,
    TimeStatus,
)
from .framework import Criterion, Field, Framework, ReaderKeyword, Setting
from .notification import (
    MailFrequency,
    MailPreference,
    Notification,
    NotificationKind,
    OutboxMessage,
    OutboxStatus,
    TaskSeen,
    Webhook,
)
from .series import TaskSeries, series_supporting_agency
from .task import Task, counted_tasks, task_finding, task_supporting_agency
from .token import ApiToken, TokenKind, TokenScope
from .types import utcnow
from .user import LoginThrottle, User

__all__ = [
    "Agency", "AgencyKind", "Appraisal", "AppraisalStatus", "AuditEvent", "Criterion", "CriterionScore", "Direction",
    "Evidence", "Extension", "ExtensionStatus", "FanoutTarget", "Field", "FieldScore", "Finding", "Framework",
    "KeywordKind", "LoginThrottle", "MailFrequency", "MailPreference", "Notification", "NotificationKind",
    "OutboxMessage", "OutboxStatus", "Priority", "ProgressUpdate", "ReaderKeyword", "Recommendation", "Recurrence",
    "Role", "Setting", "Task", "TaskSeen", "TaskSeries", "TaskStatus", "TimeStatus", "User", "counted_tasks",
    "recommendation_finding", "series_supporting_agency", "task_finding", "task_supporting_agency", "utcnow",
    "ApiToken", "TokenKind", "TokenScope", "Webhook",
]
