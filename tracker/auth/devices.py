"""The known-device cookie: a signed note, set at a successful login, of the accounts this browser signed in to.

It lets the owner past the name-wide login throttle (services/organisation/login_throttle.py), so failures
typed by someone else, from elsewhere, cannot keep the owner out. It is only a hint for throttling: it never
signs anyone in, and the per-address limits still apply.
"""

from datetime import timedelta

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "known_device"
MAX_ACCOUNTS = 5  # a shared office computer remembers its last few users


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def _max_age() -> timedelta:
    return timedelta(days=current_app.config["KNOWN_DEVICE_DAYS"])


def known_user_ids() -> frozenset[int]:
    value = request.cookies.get(COOKIE)
    if not value:
        return frozenset()
    try:
        ids = _serializer().loads(value, max_age=_max_age().total_seconds())
    except BadSignature:
        return frozenset()
    return frozenset(i for i in ids if isinstance(i, int)) if isinstance(ids, list) else frozenset()


def remember(response: Response, user_id: int) -> None:
    ids = [user_id] + [i for i in known_user_ids() if i != user_id][: MAX_ACCOUNTS - 1]
    response.set_cookie(COOKIE, _serializer().dumps(ids), max_age=_max_age(), path="/dang-nhap", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax")
