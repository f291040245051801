"""Rules for the task lists (tracker/tasks/lists.py): the list, the approval queue, bulk actions.

The list is open to every logged-in user because what it shows is narrowed in SQL by
``permissions.visible_tasks_clause`` (officers: their agency's tasks; admins: none). Bulk actions
take task ids in the form: ids the user may not see answer 404 (tests/web/test_bulk_actions.py).
"""

from tests.access import ASSIGNER, FEED, LOGIN, SERIES, Rule

RULES = {
    "tasks.index": Rule(LOGIN),
    "tasks.calendar_feed": Rule(FEED),
    "tasks.agency_calendar_feed": Rule(FEED),
    # Without {"confirmed": "1"} both only ask first: nothing changes.
    "tasks.calendar_key_new": Rule(LOGIN),
    "tasks.calendar_key_off": Rule(LOGIN),
    "tasks.series_list": Rule(ASSIGNER),
    # An empty form is refused by its required fields: nothing is made.
    "tasks.series_new": Rule(ASSIGNER),
    "tasks.series_detail": Rule(SERIES),
    # Unconfirmed: an allowed user is asked once, nothing stops yet.
    "tasks.series_stop": Rule(SERIES),
    "tasks.pending": Rule(ASSIGNER),
    # Nothing checked: an allowed user reaches the form check and is sent back to the list.
    "tasks.bulk": Rule(ASSIGNER, form={"action": "approve", "confirmed": "1", "back": "/nhiem-vu/"}),
}
