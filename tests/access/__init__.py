"""Who may reach every route: one rule per endpoint, declared by each area in ``rules_*.py``.

The access-matrix test walks ``app.url_map`` and fails for an endpoint that has no
rule here, so a new route cannot ship without saying who may use it.

Kinds:
- ``PUBLIC``: anyone, logged in or not (login page, static files, health check).
- ``LOGIN``: any logged-in user; anonymous users are sent to the login page.
- ``ADMIN``: admin only; every other role gets 403.
- ``ASSIGNER``: a unit's leader and coordinator (any unit); officer, admin and province roles get 403.
- ``FOLLOWER``: a unit's leader and coordinator, and the province roles; officers and the admin get 403.
- ``RECORDER``: a unit's leader and coordinator, and the province coordinator; everyone else 403.
- ``PROVINCE``: the province leader and coordinator; everyone else 403.
- ``TASK``: takes ``task_id``; officers of an agency that is neither lead nor supporting get 404 and
  nothing changes; otherwise allowed when ``permissions.can(user, action, task)``, else 403.
- ``EVIDENCE``: takes ``evidence_id``; as ``TASK`` with ``Action.VIEW`` on the file's task.
- ``AGENCY``: takes ``agency_id`` (an agency of unit A); officers of another agency and the assigning side of
  unit B get 404; unit A's leader and coordinator and the province allowed.
- ``UNIT``: takes ``unit_id`` (unit A): unit A's assigning side and the province allowed; unit B's assigning side
  404; officers and the admin 403.
- ``SERIES``: takes ``series_id`` (a recurring task of unit A): unit A's assigning side allowed; unit B's 404;
  everyone else 403.
- ``FEED``: a calendar feed, reached by the key in its address and never by a session: with a key that is not
  one (the matrix's), everyone gets 404, logged in or not. tests/web/test_calendar.py covers real keys.
- ``MONITOR``: operators' machine-read pages (``/metrics``), reached by a bearer token or from an allowed address
  and never by a session: the test configuration allows no address and sets no token, so everyone gets 404,
  logged in or not. tests/web/test_observability.py covers the token and the addresses.
- ``OWN``: takes the id of something of one user's own (a notification of unit A's lead officer): its owner
  allowed, every other logged-in user 404 (another's notifications are not found), anonymous users the login page.
- ``LINK``: a one-time link (a new account's invitation), public but reached only by the token in its address:
  with a token that is not one (the matrix's), everyone gets 404, logged in or not, and nothing changes.
  tests/web/test_invitations.py covers real tokens.
- ``UNIT_ACCOUNTS``: a unit's accounts, managed by its coordinator when the admin allows it (the matrix's world
  allows it for units A and B): both units' coordinators allowed; everyone else (the admin too, who has the admin
  pages) 403.
- ``UNIT_ACCOUNT``: takes ``user_id`` (an officer of unit A): unit A's coordinator allowed; unit B's 404; everyone
  else 403.
- ``APPRAISAL``: takes ``appraisal_id`` (an appraisal of unit A) and an action (``permissions.AppraisalAction``):
  the route's gate by role first (view: FOLLOWER, record: RECORDER, plan: ASSIGNER, hand_over: PROVINCE, else
  403); then unit B's assigning side gets 404, and the rest as ``permissions.can_on_appraisal`` says (403).
- ``API``: a JSON API route, reached only with a Bearer token: every browser session, and no token at all, gets
  401. ``action`` names the kind the route answers as with a token (``"task:submit"``, ``"agency"``, ``"login"``);
  tests/api/test_api_access.py checks every role's token against it.
"""

from dataclasses import dataclass, field

(PUBLIC, LOGIN, ADMIN, ASSIGNER, FOLLOWER, RECORDER, PROVINCE, TASK, EVIDENCE, AGENCY, APPRAISAL, UNIT, SERIES,
 FEED, MONITOR, API, OWN, LINK, UNIT_ACCOUNTS, UNIT_ACCOUNT) = (
    "public", "login", "admin", "assigner", "follower", "recorder", "province", "task", "evidence", "agency",
    "appraisal", "unit", "series", "feed", "monitor", "api", "own", "link", "unit_accounts", "unit_account")


@dataclass(frozen=True)
class Rule:
    kind: str
    action: str | None = None  # a permissions.Action value (TASK rules) or AppraisalAction value (APPRAISAL rules)
    # Example form data for POST, so allowed users reach the real code path.
    form: dict = field(default_factory=dict)


def all_rules() -> dict[str, Rule]:
    """Every declared rule, from every ``rules_*.py`` module of this package."""
    import importlib
    import pkgutil

    rules: dict[str, Rule] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("rules_"):
            declared = importlib.import_module(f"{__name__}.{module.name}").RULES
            clash = set(rules) & set(declared)
            assert not clash, f"endpoints declared twice: {clash}"
            rules.update(declared)
    return rules
