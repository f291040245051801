"""Invitations: a new account gets a one-time link and its owner chooses the password.

Generating and hashing a password per account at full scrypt cost took ~0.4 s a row, so a CSV import of a few
hundred accounts outlived the worker. A link's token is random (256 bits), so a fast SHA-256 of it is enough
to store: nobody can guess a token from its hash, and checking one costs nothing.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ...extensions import db
from ...models import User
from .. import audit
from ..errors import ServiceError

# Not a werkzeug hash ("method$salt$hash"): nothing verifies against it until the owner sets a password.
NO_PASSWORD_YET = "!invited"


class InvitationError(ServiceError):
    """A refused invitation (expired, used, or a password the rules refuse)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def expiry() -> datetime:
    return datetime.now(UTC) + timedelta(days=current_app.config["INVITATION_DAYS"])


def new_token() -> tuple[str, str]:
    """A fresh (token, its hash) pair; the token goes into the link, the hash into the database."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def invite(user: User, actor: User | None) -> str:
    """Give ``user`` a new one-time link (any older link stops working); returns the token, shown once."""
    token, digest = new_token()
    user.invitation_hash, user.invitation_expires_at = digest, expiry()
    audit.record("invitation_created", "user", user.id, actor=actor)
    return token


def find(token: str) -> User | None:
    """The active account whose open, unexpired link carries ``token``."""
    if not token or len(token) > 128:
        return None
    user = db.session.scalars(sa.select(User).where(User.invitation_hash == token_hash(token))).first()
    if user is None or not user.active or user.invitation_expires_at is None:
        return None
    return user if user.invitation_expires_at > datetime.now(UTC) else None


def accept(user: User, password: str) -> None:
    """The owner sets a password through the link; the link is used up."""
    from .accounts import password_problem, set_password

    problem = password_problem(password, user.username)
    if problem:
        raise InvitationError(problem, field="password")
    set_password(user, password)
    user.must_change_password = False
    user.invitation_hash = user.invitation_expires_at = None
    audit.record("invitation_accepted", "user", user.id, actor=user)


def refused_message() -> str:
    return _("Đường dẫn này đã dùng rồi, đã hết hạn hoặc không đúng. Vui lòng xin quản trị hệ thống gửi đường dẫn mới.")
