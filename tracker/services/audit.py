"""Writing the append-only audit trail."""

import logging
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

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
    log.info("%s %s#%s by %s from %s", action, entity, entity_id, actor.username if actor else "-", address)
    return event


jsonable = _jsonable  # for other records kept as JSON (the outbox)


def diff(before: dict, after: dict) -> dict:
    """The keys whose values differ, as {key: [before, after]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
