"""Who hears of each kind of event, decided when it is delivered (by the permissions module), and the fan-out.

An event row is expanded once: an in-app notification for each reader, and for those who want it by e-mail at
once, one outbox row each (rendered and sent later, with its own retries, so one failing address never makes
another reader receive a message twice).
"""

from ...extensions import db
from ...models import MailFrequency, MailPreference, Notification, NotificationKind, OutboxMessage, User
from ...permissions import Relation, agency_officers, task_audience
from . import outbox

K = NotificationKind
LEAD = frozenset({Relation.LEAD})
ASSIGNING = frozenset({Relation.ASSIGNER})

# The relation to the task, at delivery, of those who hear of each kind.
HEARD_BY: dict[NotificationKind, frozenset[Relation]] = {
    K.ASSIGNED: frozenset({Relation.LEAD, Relation.SUPPORT}),
    K.DUE_SOON: LEAD, K.DUE_TODAY: LEAD, K.OVERDUE: LEAD,
    K.SUBMITTED: ASSIGNING, K.EXTENSION_REQUESTED: ASSIGNING,
    K.APPROVED: LEAD, K.RETURNED: LEAD, K.EXTENSION_DECIDED: LEAD, K.DIRECTION: LEAD, K.REASSIGNED: LEAD,
    # Lead only, by the rule of the other kinds about the task's dates: a granted extension and the due-date
    # reminders reach the lead agency alone, since the deadline is its to meet; supporting agencies hear of a
    # task once, when it is assigned, and read its current deadline on the task page.
    K.DEADLINE_CHANGED: LEAD,
}


def preference(user: User, kind: NotificationKind) -> MailFrequency:
    """How ``user`` wants e-mail of ``kind``: at once unless they chose otherwise."""
    chosen = db.session.get(MailPreference, (user.id, kind))
    return chosen.frequency if chosen is not None else MailFrequency.IMMEDIATELY


def readers(event: OutboxMessage) -> list[tuple[User, bool]]:
    """(user, sees the task) for everyone who hears of ``event`` now, its author left out.

    A reassignment is also told to the former lead agency's officers, who may no longer see the task: their
    message carries only the title they were given, and no link.
    """
    task = event.task
    if task is None:
        return []
    found = {u.id: (u, True) for u in task_audience(task, HEARD_BY[event.kind])}
    if event.kind == K.REASSIGNED:
        for user in agency_officers(event.data.get("old_lead_agency_id")):
            found.setdefault(user.id, (user, False))
    return [pair for uid, pair in found.items() if uid != event.actor_id]


def expand(event: OutboxMessage) -> int:
    """Turn an event into notifications and per-reader e-mail rows; returns the number of readers."""
    found = readers(event)
    for user, sees in found:
        data = {**event.data, "sees_task": sees}
        db.session.add(Notification(user_id=user.id, kind=event.kind, task_id=event.task_id if sees else None,
                                    data=data))
        if user.email and preference(user, event.kind) == MailFrequency.IMMEDIATELY:
            db.session.add(OutboxMessage(
                kind=event.kind, task_id=event.task_id, recipient_id=user.id, actor_id=event.actor_id, data=data,
                dedup_key=f"{event.dedup_key}>{user.id}"[:200], attempts=0, next_attempt_at=event.next_attempt_at))
    if found:
        outbox.mark_sent(event)
    else:
        outbox.mark_skipped(event, "no reader")
    return len(found)
