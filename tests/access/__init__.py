"""Who may reach every route: one rule per endpoint, declared by each area in ``rules_*.py``.

The access-matrix test walks ``app.url_map`` and fails for an endpoint that has no
rule here, so a new route cannot ship without saying who may use it.

Kinds:
- ``PUBLIC``: anyone, logged in or not (login page, static files, health check).
- ``LOGIN``: any logged-in user; anonymous users are sent to the login page.
- ``ADMIN``: admin only; every other role gets 403.
- ``ASSIGNER``: leader and coordinator; officer and admin get 403.
- ``TASK``: takes ``task_id``; officers of an agency that is neither lead nor supporting get 404 and
  nothing changes; otherwise allowed when ``permissions.can(user, action, task)``, else 403.
- ``EVIDENCE``: takes ``evidence_id``; as ``TASK`` with ``Action.VIEW`` on the file's task.
- ``AGENCY``: takes ``agency_id``; officers of another agency get 404; leader and coordinator allowed.
- ``APPRAISAL``: takes ``appraisal_id``; leader and coordinator only (others 403 or 404).
"""

from dataclasses import dataclass, field

PUBLIC, LOGIN, ADMIN, ASSIGNER, TASK, EVIDENCE, AGENCY, APPRAISAL = (
    "public", "login", "admin", "assigner", "task", "evidence", "agency", "appraisal")


@dataclass(frozen=True)
class Rule:
    kind: str
    action: str | None = None  # a permissions.Action value, for TASK rules
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
