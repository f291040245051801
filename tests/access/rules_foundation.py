"""Rules for the foundation's routes: auth, home, admin, static files."""

from tests.access import ADMIN, LINK, LOGIN, MONITOR, PUBLIC, Rule

RULES = {
    "static": Rule(PUBLIC),
    "bootstrap.static": Rule(PUBLIC),
    "main.healthz": Rule(PUBLIC),
    "monitoring.metrics": Rule(MONITOR),
    "main.favicon": Rule(PUBLIC),
    "auth.login": Rule(PUBLIC),
    # Public (no session needed), opened only by the one-time token in its address.
    "auth.accept_invitation": Rule(LINK),
    "auth.set_language": Rule(PUBLIC),
    "auth.logout": Rule(LOGIN),
    "auth.change_password": Rule(LOGIN),
    "auth.profile": Rule(LOGIN),
    "main.home": Rule(LOGIN),
    "admin.index": Rule(ADMIN),
    "admin.agency_list": Rule(ADMIN),
    "admin.agency_edit": Rule(ADMIN),
    "admin.agency_toggle": Rule(ADMIN),
    "admin.user_list": Rule(ADMIN),
    "admin.user_edit": Rule(ADMIN),
    "admin.user_toggle": Rule(ADMIN),
    "admin.user_reset_password": Rule(ADMIN),
    "admin.import_csv": Rule(ADMIN),
    "admin.import_confirm": Rule(ADMIN),
    "admin.invitation_links_csv": Rule(ADMIN),
    "admin.audit_log": Rule(ADMIN),
    "admin.unit_list": Rule(ADMIN),
    "admin.unit_edit": Rule(ADMIN),
    "admin.unit_import": Rule(ADMIN),
    "admin.unit_import_confirm": Rule(ADMIN),
}
