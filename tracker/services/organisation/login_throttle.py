"""Login throttling kept in the database, so every worker on every host sees the same counts.

Failures are counted under three keys: the typed name from one address, the typed name from anywhere, and
one address for any name. Keys are made from the name as typed, whether or not an account has it, so an
unknown name is throttled exactly like a real one and the answers tell nothing about which names exist.
Past a few free failures each further one doubles the wait; nothing is ever locked for good, and a browser
that has signed in to the account before (the known-device cookie) is not held back by the name-wide count,
so someone guessing from elsewhere cannot keep the owner out.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import LoginThrottle

PAIR, NAME, ADDRESS = "pair", "name", "address"


@dataclass(frozen=True)
class Scope:
    kind: str
    key: str
    free: int  # failures allowed before any wait


def _key(kind: str, *parts: str) -> str:
    # A digest fits the 64-character key column whatever the name and address (IPv6) lengths.
    return hashlib.sha256("\0".join((kind, *parts)).encode()).hexdigest()


def scopes(username: str, address: str) -> dict[str, Scope]:
    free = current_app.config["LOGIN_MAX_FAILURES"]
    return {
        PAIR: Scope(PAIR, _key(PAIR, username, address), free),
        # Twice the room: the owner's own typos from two places should not make anyone wait.
        NAME: Scope(NAME, _key(NAME, username), free * 2),
        # A shared office address fails for several people, so it gets the most room.
        ADDRESS: Scope(ADDRESS, _key(ADDRESS, address), free * 4),
    }


def window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def delay_after(failures: int, free: int) -> timedelta:
    """1 s after the first failure past ``free``, doubling each time, never more than the lock window."""
    if failures <= free:
        return timedelta(0)
    seconds = 2 ** min(failures - free - 1, 20)
    return min(timedelta(seconds=seconds), window())


def wait_seconds(chosen: list[Scope], now: datetime) -> int:
    """How long the most held-back of ``chosen`` must still wait (0: go ahead)."""
    keys = [s.key for s in chosen]
    rows = db.session.scalars(sa.select(LoginThrottle).where(LoginThrottle.address.in_(keys))).all()
    waits = [(row.locked_until - now).total_seconds() for row in rows if row.locked_until and row.locked_until > now]
    return math.ceil(max(waits)) if waits else 0


def _row(key: str, now: datetime) -> LoginThrottle:
    row = db.session.get(LoginThrottle, key)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = LoginThrottle(address=key, failures=0, window_start=now)
            db.session.add(row)
    except IntegrityError:  # another worker counted the same key's first failure at the same moment
        row = db.session.get(LoginThrottle, key)
    return row


def prune(now: datetime) -> None:
    """Drop counts whose window has passed (they would be reset anyway): names typed once stay no longer."""
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.window_start < now - window()))


def note_failure(scope: Scope, now: datetime) -> int:
    """Count one failure under ``scope``; returns the count within the window."""
    row = _row(scope.key, now)
    # ``window_start`` holds the last failure: counts are forgotten after a quiet window.
    if now - row.window_start > window():
        row.failures = 0
    row.failures += 1
    row.window_start = now
    wait = delay_after(row.failures, scope.free)
    row.locked_until = now + wait if wait else None
    return row.failures


def forget(scope: Scope) -> None:
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.address == scope.key))
