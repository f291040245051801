"""The one place that answers "may this user see or do this?".

Views and the API never test roles, units or agencies themselves: they call these functions, so a rule
changes in one place and the access tests cover it whole.

Scope (``../shared/docs/province.md``): every agency, user, appraisal and task belongs to one appraised unit,
or to the province. A unit's leader and coordinator (the assigning side) see, plan, assign, approve and report
only inside their unit; officers see the tasks their agency leads or supports, whatever the unit; the province
coordinator records appraisals for any unit and follows every unit; the province leader reads everything.
Both province roles may write directions. A one-unit installation has one unit and no province roles, and
reads exactly as before.
"""

import enum
from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from .extensions import db
from .models import (
    Agency,
    AgencyKind,
    Appraisal,
    Evidence,
    Role,
    Task,
    TaskSeries,
    TaskStatus,
    User,
    task_supporting_agency,
)

ASSIGNING_ROLES = frozenset(Role.unit_roles())
PROVINCE_ROLES = frozenset(Role.province_roles())


class Relation(enum.Enum):
    """How a user stands to a task."""

    ASSIGNER = "assigner"  # leader or coordinator of the task's unit: the assigning side
    FOLLOWER = "follower"  # a province role: reads every unit's tasks, may write directions
    LEAD = "lead"  # officer of the lead agency
    SUPPORT = "support"  # officer of a supporting agency
    NONE = "none"


class Action(enum.Enum):
    VIEW = "view"
    REPORT = "report"  # post a progress update, upload evidence
    SUBMIT = "submit"  # ask for completion to be confirmed (and add to or withdraw that request)
    REQUEST_EXTENSION = "request_extension"
    ACKNOWLEDGE = "acknowledge"  # mark a direction as read
    EDIT = "edit"  # title, output, agencies, deadline of a draft, owner...
    ASSIGN = "assign"
    DECIDE = "decide"  # approve or return a submission
    POSTPONE = "postpone"
    CANCEL = "cancel"
    DECIDE_EXTENSION = "decide_extension"
    DIRECT = "direct"  # write a direction (the unit's leader, or the province)


# Who may do what, by relation. Status rules live in services.tasks.transitions.
RULES: dict[Action, frozenset[Relation]] = {
    Action.VIEW: frozenset({Relation.ASSIGNER, Relation.FOLLOWER, Relation.LEAD, Relation.SUPPORT}),
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
    Action.DIRECT: frozenset({Relation.ASSIGNER, Relation.FOLLOWER}),
}


class AppraisalAction(enum.Enum):
    VIEW = "view"
    RECORD = "record"  # scores, the conclusion and its review, shortcomings and recommendations, hand-over
    PLAN = "plan"  # draft, fan out and assign the tasks
    HAND_OVER = "hand_over"  # the province coordinator hands a reviewed conclusion to the unit


# Roles ---------------------------------------------------------------------------------------------------------

def is_assigner(user: User) -> bool:
    """A unit's leader or coordinator: the side that assigns and decides, inside its unit."""
    return user.is_authenticated and user.role in ASSIGNING_ROLES


def is_province(user: User) -> bool:
    return user.is_authenticated and user.role in PROVINCE_ROLES


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def is_told(user: User) -> bool:
    """Receives notifications (the bell, e-mails, summaries): everyone who works on tasks; the admin is told of
    nothing, since an admin account follows no task and needs no inbox of the unit's work."""
    return user.is_authenticated and user.role != Role.ADMIN


def may_have_api_tokens(user: User) -> bool:
    """The admin's work (accounts, settings) has no API; an admin token would only widen the attack surface."""
    return user.is_authenticated and user.role != Role.ADMIN


def told_roles() -> list[Role]:
    return [r for r in Role if r != Role.ADMIN]


def follows_units(user: User) -> bool:
    """Reads whole units (dashboard of a unit, every agency's report): a unit's assigning side, the province."""
    return is_assigner(user) or is_province(user)


def unit_of(user: User) -> int | None:
    """The unit ``user`` works in (None at the province level or without an agency)."""
    return user.agency.unit_id if user.is_authenticated and user.agency is not None else None


# Units and agencies ---------------------------------------------------------------------------------------------

def unit_scope(user: User) -> int | None:
    """The one unit whose data ``user`` is limited to, or None for every unit (the province).

    Callers treat a request for another unit as not found. A unit role without a unit sees nothing (-1).
    """
    if is_province(user):
        return None
    unit = unit_of(user)
    return unit if unit is not None else -1


def agency_scope(user: User) -> int | None:
    """The one agency whose data ``user`` is limited to, or None when their unit (or every unit) is theirs.

    Officers see their own agency; leaders, coordinators and the province see all the agencies of their scope.
    """
    if follows_units(user):
        return None
    return user.agency_id if user.agency_id is not None else -1


def can_see_agency(user: User, agency: Agency) -> bool:
    """Whether ``user`` may read ``agency``'s report page (its tasks as lead and as supporting agency)."""
    if is_province(user):
        return True
    if is_assigner(user):
        return agency.unit_id is not None and agency.unit_id == unit_of(user)
    return user.is_authenticated and user.role == Role.OFFICER and agency.id == user.agency_id


def get_agency_or_404(agency_id: int) -> Agency:
    agency = db.session.get(Agency, agency_id)
    if agency is None or not can_see_agency(current_user, agency):
        abort(404)
    return agency


def agencies_of_scope(user: User):
    """A SQL condition on ``agency``: the agencies ``user`` may pick from in a filter or a report."""
    scope = unit_scope(user)
    return sa.true() if scope is None else Agency.unit_id == scope


def can_see_unit(user: User, unit_id: int) -> bool:
    """A unit's dashboard and report: the province, or the unit's own assigning side; only of a unit that exists
    (the province asking for another id would otherwise read every unit, or an office, as if it were one)."""
    unit = db.session.get(Agency, unit_id)
    if unit is None or not unit.is_unit:
        return False
    return is_province(user) or (is_assigner(user) and unit_of(user) == unit_id)


def may_support(agency: Agency, unit_id: int | None) -> bool:
    """Whether ``agency`` may be a supporting agency of a task of ``unit_id``, and so see that task.

    The unit's own agencies, the province level, and a provincial department (or its offices) helping a unit may;
    another commune's offices never: they would read the commune's task and report on it.
    """
    if unit_id is None or agency.unit_id is None or agency.unit_id == unit_id:
        return True
    return agency.unit is not None and agency.unit.kind == AgencyKind.PROVINCIAL_DEPARTMENT


# Tasks ------------------------------------------------------------------------------------------------------------

def relation(user: User, task: Task) -> Relation:
    """How ``user`` stands to ``task``."""
    if not user.is_authenticated or not user.active:
        return Relation.NONE
    if user.role in PROVINCE_ROLES:
        return Relation.FOLLOWER
    if user.role in ASSIGNING_ROLES:
        return Relation.ASSIGNER if task.unit_id is not None and task.unit_id == unit_of(user) else Relation.NONE
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
    if action == Action.DIRECT and rel == Relation.ASSIGNER:
        return user.role == Role.LEADER  # inside a unit, directions are its leader's
    return rel in RULES[action]


def visible_tasks_clause(user: User):
    """A SQL condition selecting the tasks ``user`` may see."""
    if not user.is_authenticated:
        return sa.false()
    if user.role in PROVINCE_ROLES:
        return sa.true()
    if user.role in ASSIGNING_ROLES:
        unit = unit_of(user)
        return Task.unit_id == unit if unit is not None else sa.false()
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


def task_audience(task: Task, relations: frozenset[Relation]) -> list[User]:
    """The active users who stand to ``task`` now in one of ``relations``: who hears of its events.

    Asked when a message is delivered, not when it was queued: someone moved to another agency or unit since
    no longer hears of the old one's tasks.
    """
    agencies = [a for a in (task.lead_agency_id, *(a.id for a in task.supporting_agencies)) if a is not None]
    stmt = (sa.select(User).outerjoin(Agency, User.agency_id == Agency.id)
            .where(User.active.is_(True), sa.or_(
                sa.and_(User.role.in_(ASSIGNING_ROLES), Agency.unit_id == task.unit_id),
                User.role.in_(PROVINCE_ROLES) if Relation.FOLLOWER in relations else sa.false(),
                sa.and_(User.role == Role.OFFICER, User.agency_id.in_(agencies))))
            .order_by(User.id))
    return [u for u in db.session.scalars(stmt) if relation(u, task) in relations]


def agency_officers(agency_id: int | None) -> list[User]:
    """The active officers of an agency now (a former lead agency hears that its task went elsewhere)."""
    if agency_id is None:
        return []
    stmt = sa.select(User).where(User.active.is_(True), User.role == Role.OFFICER, User.agency_id == agency_id)
    return list(db.session.scalars(stmt.order_by(User.id)))


def get_task_or_404(task_id: int, action: Action = Action.VIEW, for_update: bool = False) -> Task:
    """Fetch a task and check ``current_user`` may do ``action`` on it.

    A task the user may not see answers 404, so ids of other agencies and units reveal nothing; one they see
    but may not act on answers 403.
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


def get_series_or_404(series_id: int):
    """A recurring task's series of the user's own unit (its assigning side only)."""
    series = db.session.get(TaskSeries, series_id)
    if series is None or not is_assigner(current_user) or series.unit_id != unit_of(current_user):
        abort(404)
    return series


# Appraisals -------------------------------------------------------------------------------------------------------

def appraisal_unit(appraisal: Appraisal) -> int | None:
    """The unit an appraisal concerns: the appraised agency's unit (the agency itself, for a unit)."""
    return appraisal.unit.unit_id if appraisal.unit is not None else None


def can_on_unit_appraisals(user: User, action: AppraisalAction, unit_id: int | None) -> bool:
    """Whether ``user`` may do ``action`` on the appraisals of ``unit_id``."""
    if not user.is_authenticated or not user.active:
        return False
    if user.role == Role.PROVINCE_COORDINATOR:
        return action in (AppraisalAction.VIEW, AppraisalAction.RECORD, AppraisalAction.HAND_OVER)
    if user.role == Role.PROVINCE_LEADER:
        return action == AppraisalAction.VIEW
    return (user.role in ASSIGNING_ROLES and action != AppraisalAction.HAND_OVER and unit_id is not None
            and unit_id == unit_of(user))


def can_on_appraisal(user: User, action: AppraisalAction, appraisal: Appraisal) -> bool:
    return can_on_unit_appraisals(user, action, appraisal_unit(appraisal))


def can_manage_appraisals(user: User) -> bool:
    """The appraisals section: the units' assigning side and the province."""
    return follows_units(user)


def can_record_appraisals(user: User) -> bool:
    """Recording new appraisals: a unit's assigning side (for its unit), the province coordinator (for any)."""
    return is_assigner(user) or (user.is_authenticated and user.role == Role.PROVINCE_COORDINATOR)


def appraisals_clause(user: User):
    """A SQL condition on ``appraisal``: those ``user`` may see."""
    scope = unit_scope(user)
    if scope is None:
        return sa.true()
    return Appraisal.unit_id.in_(sa.select(Agency.id).where(Agency.unit_id == scope))


def get_appraisal_or_404(appraisal_id: int, action: AppraisalAction = AppraisalAction.VIEW) -> Appraisal:
    """Fetch an appraisal ``current_user`` may see (else 404) and do ``action`` on (else 403)."""
    appraisal = db.session.get(Appraisal, appraisal_id)
    if appraisal is None or not can_on_appraisal(current_user, AppraisalAction.VIEW, appraisal):
        abort(404)
    if action != AppraisalAction.VIEW and not can_on_appraisal(current_user, action, appraisal):
        abort(403)
    return appraisal


# Accounts ---------------------------------------------------------------------------------------------------------

# The roles a unit's coordinator may give when the admin lets them manage the unit's accounts: never above their own.
DELEGABLE_ROLES = (Role.OFFICER, Role.COORDINATOR)


def managed_unit(user: User) -> int | None:
    """The unit whose accounts ``user`` manages for the admin: a coordinator's own unit, if the admin allowed it."""
    if not user.is_authenticated or user.role != Role.COORDINATOR or user.agency is None:
        return None
    unit = user.agency.unit
    return unit.id if unit is not None and unit.coordinator_manages_accounts else None


def grantable_roles(user: User) -> tuple[Role, ...]:
    """The roles ``user`` may give to an account: any for the admin, up to coordinator for a delegated coordinator."""
    if is_admin(user):
        return tuple(Role)
    return DELEGABLE_ROLES if managed_unit(user) is not None else ()


def may_place_account(user: User, role: Role, agency: Agency | None) -> bool:
    """Whether ``user`` may give an account ``role`` in ``agency`` (creating it, or as the result of an edit)."""
    if is_admin(user):
        return True
    unit = managed_unit(user)
    return unit is not None and role in DELEGABLE_ROLES and agency is not None and agency.unit_id == unit


def can_manage_account(user: User, target: User) -> bool:
    """Whether ``user`` may edit, disable or reset ``target``: the admin any; a delegated coordinator the officers
    and coordinators of their own unit."""
    return may_place_account(user, target.role, target.agency)


def get_managed_account_or_404(user_id: int) -> User:
    """An account the current user manages; another unit's (or a leader's) answers 404, revealing nothing."""
    target = db.session.get(User, user_id)
    if target is None or not can_manage_account(current_user, target):
        abort(404)
    return target


# Decorators -------------------------------------------------------------------------------------------------------

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


def account_manager_required(view):
    """Decorator: a coordinator the admin lets manage their unit's accounts; anyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if managed_unit(current_user) is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


admin_required = roles_required(Role.ADMIN)
assigner_required = roles_required(*Role.unit_roles())
follower_required = roles_required(*Role.unit_roles(), *Role.province_roles())
recorder_required = roles_required(*Role.unit_roles(), Role.PROVINCE_COORDINATOR)
province_required = roles_required(*Role.province_roles())
