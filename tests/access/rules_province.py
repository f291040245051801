"""Rules for the province's pages (tracker/province/): the follow-up of every unit, the province report as of a
day and its exports. Only the province leader and coordinator; a unit's leader, coordinator and officers, and the
admin, get 403 (tests/web/test_province.py checks each page and export as a unit leader too)."""

from tests.access import PROVINCE, Rule

RULES = {
    "province.index": Rule(PROVINCE),
    "province.report": Rule(PROVINCE),
    "province.export": Rule(PROVINCE),
    "province.docx": Rule(PROVINCE),
}
