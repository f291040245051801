"""Rules for a unit's accounts, managed by its coordinator when the admin allows it."""

from tests.access import UNIT_ACCOUNT, UNIT_ACCOUNTS, Rule

RULES = {
    "unit_accounts.index": Rule(UNIT_ACCOUNTS),
    "unit_accounts.new": Rule(UNIT_ACCOUNTS),
    "unit_accounts.edit": Rule(UNIT_ACCOUNT),
    "unit_accounts.toggle": Rule(UNIT_ACCOUNT),
    "unit_accounts.reset_password": Rule(UNIT_ACCOUNT),
}
