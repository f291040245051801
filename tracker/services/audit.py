"""Writing the append-only audit trail."""

import logging
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import AuditEvent, User

log = logging.getLogger("tracker.audit")


def _jsonable(value: Any) -> Any:
    if hasattr(value, "value") and hasattr(value, "name"):  # enums
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def record(
    action: str,
    entity: str,
    entity_id: int | None,
    changes: dict | None = None,
    actor: User | None = None,
    automatic: bool = False,
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes).

    Without an ``actor`` the event is the signed-in user's, unless it is ``automatic`` (the system's own).
    """
    if actor is None and not automatic and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    address = (request.remote_addr or "") if has_request_context() else "cli"
    event = AuditEvent(
        action=action,
        entity=entity,
        entity_id=entity_id,
        changes=_jsonable(changes or {}),
        actor=actor,
        actor_name=actor.display_name if actor else "",
        remote_addr=address[:64],
    )
    db.session.add(event)
    line = f"{action} {entity}#{entity_id} by {actor.username if actor else '-'} from {address}"
    db.session.info.setdefault(_UNLOGGED, []).append((event, line))
    return event


jsonable = _jsonable  # for other records kept as JSON (the outbox)


# The operators' log gets a line only once the event is committed: a preview (a savepoint rolled back) or a
# refused change must not read in the log as if it had happened.
_UNLOGGED = "audit_lines_to_log"


@sa.event.listens_for(Session, "after_commit")
def _log_committed(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the outer transaction may still be undone
        return
    for event, line in session.info.pop(_UNLOGGED, []):
        if sa.inspect(event).persistent:  # not undone by a savepoint's rollback
            log.info("%s", line)


@sa.event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    if not session.in_nested_transaction():  # the whole transaction, not a savepoint
        session.info.pop(_UNLOGGED, None)


def diff(before: dict, after: dict) -> dict:
    """The keys whose values differ, as {key: [before, after]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
