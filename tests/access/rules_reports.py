"""Rules for the reports (tracker/reports/), the dashboard and the admin's report settings.

The report, its exports and the dashboard are open to every logged-in user because what they count is
narrowed to the officer's own agency in SQL (``permissions.agency_scope``); asking for another agency
answers 404 (tests/web/test_reports.py). The official DOCX documents are the assigning side's.
"""

from tests.access import ADMIN, AGENCY, APPRAISAL, ASSIGNER, LOGIN, Rule

RULES = {
    "main.dashboard": Rule(LOGIN),
    "reports.index": Rule(LOGIN),
    "reports.agency": Rule(AGENCY),
    "reports.export": Rule(LOGIN),
    "reports.docx": Rule(ASSIGNER),
    "reports.plan_docx": Rule(APPRAISAL),
    # An empty form is refused by its required fields: the admin gets the form back, nothing is cleared.
    "admin.settings": Rule(ADMIN),
}
