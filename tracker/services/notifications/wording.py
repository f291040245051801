"""What a notification says, in the reader's language: one headline and its details, for the bell and e-mail."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from ...models import NotificationKind

K = NotificationKind


@dataclass
class Wording:
    headline: str
    details: list[str] = field(default_factory=list)


def day(value) -> str:
    """dd/mm/yyyy from a date or its ISO text (as kept in an outbox row's JSON)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def describe(kind: NotificationKind, data: dict) -> Wording:
    """The headline and details of a notification of ``kind`` whose event carried ``data``."""
    t = data.get("title", "")
    if kind == K.ASSIGNED:
        due = data.get("due_date")
        return Wording(_("Nhiệm vụ mới được giao: “%(t)s”", t=t),
                       [_("Thời hạn: %(d)s", d=day(due))] if due else [])
    if kind == K.DUE_SOON:
        return Wording(_("Còn %(n)d ngày đến hạn: “%(t)s”", n=data.get("days", 0), t=t),
                       [_("Thời hạn: %(d)s", d=day(data.get("due_date")))])
    if kind == K.DUE_TODAY:
        return Wording(_("Đến hạn hôm nay: “%(t)s”", t=t))
    if kind == K.OVERDUE:
        return Wording(_("Quá hạn %(n)d ngày: “%(t)s”", n=data.get("days", 0), t=t),
                       [_("Thời hạn: %(d)s", d=day(data.get("due_date")))])
    if kind == K.SUBMITTED:
        return Wording(_("Báo cáo hoàn thành chờ duyệt: “%(t)s”", t=t), _note(data.get("note")))
    if kind == K.APPROVED:
        return Wording(_("Đã được duyệt hoàn thành: “%(t)s”", t=t), _note(data.get("note")))
    if kind == K.RETURNED:
        return Wording(_("Bị trả lại: “%(t)s”", t=t), [_("Lý do: %(r)s", r=data.get("reason", ""))])
    if kind == K.EXTENSION_REQUESTED:
        return Wording(_("Đề nghị gia hạn đến %(d)s: “%(t)s”", d=day(data.get("requested_due_date")), t=t),
                       [_("Lý do: %(r)s", r=data.get("reason", ""))])
    if kind == K.EXTENSION_DECIDED:
        if data.get("approved"):
            return Wording(_("Đồng ý gia hạn đến %(d)s: “%(t)s”", d=day(data.get("due_date")), t=t),
                           _note(data.get("note")))
        return Wording(_("Không đồng ý gia hạn: “%(t)s”", t=t), [_("Lý do: %(r)s", r=data.get("note", ""))])
    if kind == K.DEADLINE_CHANGED:
        previous = data.get("previous")
        return Wording(_("Thời hạn được điều chỉnh đến %(d)s: “%(t)s”", d=day(data.get("due_date")), t=t),
                       ([_("Thời hạn trước đây: %(d)s", d=day(previous))] if previous else [])
                       + [_("Lý do: %(r)s", r=data.get("reason", ""))])
    if kind == K.DIRECTION:
        return Wording(_("Ý kiến chỉ đạo mới: “%(t)s”", t=t), [data.get("text", "")])
    if kind == K.REASSIGNED:
        if data.get("sees_task", True):
            return Wording(_("Nhiệm vụ được giao lại cho %(a)s: “%(t)s”", a=data.get("new_lead", ""), t=t),
                           _note(data.get("reason")))
        return Wording(_("Nhiệm vụ “%(t)s” đã được giao lại cho cơ quan khác; cơ quan của bạn không còn chủ trì "
                         "nhiệm vụ này.", t=t))
    return Wording(kind.label)


def _note(text: str | None) -> list[str]:
    return [_("Ghi chú: %(n)s", n=text)] if text else []
