"""Rules for the reports (tracker/reports/), the dashboard and the admin's report settings.

The report, its exports and the dashboard are open to every logged-in user because what they count is
narrowed to the officer's own agency in SQL (``permissions.agency_scope``); asking for another agency
answers 404 (tests/web/test_reports.py), and so does another unit. The official DOCX documents are for those who
follow whole units: a unit's assigning side and the province.
"""

from tests.access import ADMIN, AGENCY, APPRAISAL, FOLLOWER, LOGIN, Rule

RULES = {
    "main.dashboard": Rule(LOGIN),
    "reports.index": Rule(LOGIN),
    "reports.agency": Rule(AGENCY),
    "reports.export": Rule(LOGIN),
    "reports.docx": Rule(FOLLOWER),
    "reports.plan_docx": Rule(APPRAISAL, "view"),
    # An empty form is refused by its required fields: the admin gets the form back, nothing is cleared.
    "admin.settings": Rule(ADMIN),
}
