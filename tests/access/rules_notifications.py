"""Rules for the notifications' routes: each user's own bell and preferences; the outbox is the admin's."""

from tests.access import ADMIN, LOGIN, OWN, Rule

RULES = {
    "notifications.index": Rule(LOGIN),
    "notifications.open_one": Rule(OWN),
    "notifications.mark_read": Rule(OWN),
    "notifications.mark_all_read": Rule(LOGIN),
    "notifications.preferences": Rule(LOGIN),
    "notifications.outbox_admin": Rule(ADMIN),
    "notifications.resend": Rule(ADMIN),
    "notifications.eml_file": Rule(ADMIN),
    "admin.webhook_list": Rule(ADMIN),
    "admin.webhook_toggle": Rule(ADMIN),
    "admin.webhook_delete": Rule(ADMIN),
}
