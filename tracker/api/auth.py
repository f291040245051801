"""Who calls the API: a Bearer token, never the session cookie.

The hook runs before every other one (the idle timeout, the rate limiter) and sets Flask-Login's user for the
request from the token, so the cookie is never read on ``/api/``: a browser session cannot call the API, which
therefore needs no CSRF token, and a token can never open an HTML page (only this hook reads it).
"""

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin

from ..models import TokenScope
from ..services.organisation import tokens
from .problems import api_abort

PREFIX = "/api/v1"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The description of the API and its docs page: public, as a library's manual is.
PUBLIC_PATHS = frozenset({f"{PREFIX}/openapi.json", f"{PREFIX}/docs", f"{PREFIX}/docs/"})


def is_api_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def authenticate():
    if not is_api_request():
        return None
    g._login_user = AnonymousUserMixin()  # the cookie's user, if any, is never loaded here
    g.api_token = None
    if request.path in PUBLIC_PATHS or request.path.startswith(f"{PREFIX}/docs/"):
        return None
    secret = _bearer()
    token = tokens.authenticate(secret) if secret else None
    if token is None:
        api_abort(401)
    g.api_token = token
    g._login_user = token.user
    if request.method not in READ_METHODS and token.scope != TokenScope.WRITE:
        api_abort(403, _("Mã truy cập này chỉ có quyền đọc; hãy dùng mã có quyền đọc và ghi."))
    return None


def rate_key() -> str:
    """Requests are counted per token (per address before a token is known)."""
    token = g.get("api_token")
    return f"token:{token.id}" if token is not None else f"addr:{request.remote_addr}"


def rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", "300 per minute")


def register(app: Flask) -> None:
    # First of all hooks: before the idle timeout reads the session, before the limiter counts the request.
    app.before_request_funcs.setdefault(None, []).insert(0, authenticate)
