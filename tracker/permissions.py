"""The one place that answers "may this user see or do this?".

Views and the API never test roles or agencies themselves: they call these
functions, so a rule changes in one place and the access tests cover it whole.
"""

import enum
from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from .extensions import db
from .models import Evidence, Role, Task, TaskStatus, User, task_supporting_agency

ASSIGNING_ROLES = frozenset({Role.LEADER, Role.COORDINATOR})


class Relation(enum.Enum):
    """How a user stands to a task."""

    ASSIGNER = "assigner"  # leader or coordinator: the assigning side
    LEAD = "lead"  # officer of the lead agency
    SUPPORT = "support"  # officer of a supporting agency
    NONE = "none"


class Action(enum.Enum):
    VIEW = "view"
    REPORT = "report"  # post a progress update, upload evidence
    SUBMIT = "submit"  # ask for completion to be confirmed
    REQUEST_EXTENSION = "request_extension"
    ACKNOWLEDGE = "acknowledge"  # mark a direction as read
    EDIT = "edit"  # title, output, agencies, deadline of a draft, owner...
    ASSIGN = "assign"
    DECIDE = "decide"  # approve or return a submission
    POSTPONE = "postpone"
    CANCEL = "cancel"
    DECIDE_EXTENSION = "decide_extension"
    DIRECT = "direct"  # write a direction (leader)


# Who may do what, by relation. Status rules live in services.tasks.transitions.
RULES: dict[Action, frozenset[Relation]] = {
    Action.VIEW: frozenset({Relation.ASSIGNER, Relation.LEAD, Relation.SUPPORT}),
    Action.REPORT: frozenset({Relation.LEAD, Relation.SUPPORT}),
    Action.SUBMIT: frozenset({Relation.LEAD}),
    Action.REQUEST_EXTENSION: frozenset({Relation.LEAD}),
    Action.ACKNOWLEDGE: frozenset({Relation.LEAD}),
    Action.EDIT: frozenset({Relation.ASSIGNER}),
    Action.ASSIGN: frozenset({Relation.ASSIGNER}),
    Action.DECIDE: frozenset({Relation.ASSIGNER}),
    Action.POSTPONE: frozenset({Relation.ASSIGNER}),
    Action.CANCEL: frozenset({Relation.ASSIGNER}),
    Action.DECIDE_EXTENSION: frozenset({Relation.ASSIGNER}),
    Action.DIRECT: frozenset({Relation.ASSIGNER}),
}


def is_assigner(user: User) -> bool:
    return user.is_authenticated and user.role in ASSIGNING_ROLES


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def can_manage_appraisals(user: User) -> bool:
    """Record appraisals, read conclusions, plan and assign tasks."""
    return user.is_authenticated and user.role in ASSIGNING_ROLES


def can_see_all_agencies(user: User) -> bool:
    """Leaders and coordinators follow every agency; officers only their own."""
    return user.is_authenticated and user.role in ASSIGNING_ROLES


def agency_scope(user: User) -> int | None:
    """The one agency whose data ``user`` is limited to, or None for every agency.

    Officers see their own agency; leaders and coordinators see all. Callers treat
    a request for another agency as not found.
    """
    if user.role in ASSIGNING_ROLES:
        return None
    return user.agency_id if user.agency_id is not None else -1


def relation(user: User, task: Task) -> Relation:
    """How ``user`` stands to ``task``."""
    if not user.is_authenticated or not user.active:
        return Relation.NONE
    if user.role in ASSIGNING_ROLES:
        return Relation.ASSIGNER
    if user.role != Role.OFFICER or user.agency_id is None or task.status == TaskStatus.DRAFT:
        return Relation.NONE
    if task.is_group:
        # A group shows every agency's part; an officer follows only their own agency's part.
        return Relation.NONE
    if task.lead_agency_id == user.agency_id:
        return Relation.LEAD
    if any(a.id == user.agency_id for a in task.supporting_agencies):
        return Relation.SUPPORT
    return Relation.NONE


def can(user: User, action: Action, task: Task) -> bool:
    """Whether ``user`` may do ``action`` on ``task`` as far as their relation goes."""
    rel = relation(user, task)
    if action == Action.DIRECT:
        return rel == Relation.ASSIGNER and user.role == Role.LEADER
    return rel in RULES[action]


def visible_tasks_clause(user: User):
    """A SQL condition selecting the tasks ``user`` may see."""
    if not user.is_authenticated:
        return sa.false()
    if user.role in ASSIGNING_ROLES:
        return sa.true()
    if user.role != Role.OFFICER or user.agency_id is None:
        return sa.false()
    supporting = sa.select(task_supporting_agency.c.task_id).where(
        task_supporting_agency.c.agency_id == user.agency_id
    )
    return sa.and_(
        Task.status != TaskStatus.DRAFT,
        Task.is_group.is_(False),
        sa.or_(Task.lead_agency_id == user.agency_id, Task.id.in_(supporting)),
    )


def get_task_or_404(task_id: int, action: Action = Action.VIEW, for_update: bool = False) -> Task:
    """Fetch a task and check ``current_user`` may do ``action`` on it.

    A task the user may not see answers 404, so ids of other agencies reveal nothing;
    one they see but may not act on answers 403.
    """
    stmt = sa.select(Task).where(Task.id == task_id)
    if for_update:
        stmt = stmt.with_for_update()
    task = db.session.execute(stmt).scalar_one_or_none()
    if task is None or not can(current_user, Action.VIEW, task):
        abort(404)
    if action != Action.VIEW and not can(current_user, action, task):
        abort(403)
    return task


def get_evidence_or_404(evidence_id: int) -> Evidence:
    """Fetch an evidence file whose task the current user may see."""
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None:
        abort(404)
    get_task_or_404(evidence.task_id)
    return evidence


def roles_required(*roles: Role):
    """Decorator: logged in, and one of ``roles``; anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator


admin_required = roles_required(Role.ADMIN)
assigner_required = roles_required(Role.LEADER, Role.COORDINATOR)
