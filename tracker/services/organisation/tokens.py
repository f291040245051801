"""API tokens: made (shown once), checked on every API request, revoked.

A token is ``trk_`` and 43 URL-safe characters (256 random bits). Only its SHA-256 is kept, with its first
characters for recognition. Integration tokens belong to a service account the admin makes for one unit (read as
that unit's coordinator) or one agency (as one of its officers), so ``permissions.py`` limits them like people.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ... import permissions
from ...extensions import db
from ...models import Agency, ApiToken, Role, TokenKind, TokenScope, User, utcnow
from ...textutil import has_control_chars
from .. import audit
from ..errors import ServiceError
from . import accounts

PREFIX = "trk_"
SHOWN = 12  # characters kept for recognition: "trk_" and 8 of the random part
MAX_DAYS = 366
MAX_NAME = 100
LAST_USE_RESOLUTION = timedelta(minutes=1)  # write "last used" at most once a minute per token


class TokenError(ServiceError):
    """A refused token operation."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _check(name: str, scope, expires_days: int | None) -> tuple[str, TokenScope]:
    name = " ".join((name or "").split())
    if not name:
        raise TokenError(_("Vui lòng đặt tên cho mã truy cập (ví dụ: tên hệ thống sẽ dùng nó)."), field="name")
    if len(name) > MAX_NAME or has_control_chars(name):
        raise TokenError(_("Tên mã truy cập dài quá %(n)d ký tự hoặc chứa ký tự không hợp lệ.", n=MAX_NAME),
                         field="name")
    try:
        scope = TokenScope(scope)
    except ValueError:
        raise TokenError(_("Quyền của mã truy cập phải là “read” (chỉ đọc) hoặc “write” (đọc và ghi)."),
                         field="scope") from None
    if expires_days is not None and not 1 <= expires_days <= MAX_DAYS:
        raise TokenError(_("Thời hạn của mã truy cập phải từ 1 đến %(n)d ngày.", n=MAX_DAYS), field="expires_days")
    return name, scope


def create(user: User, *, name: str, scope, expires_days: int | None, actor: User | None = None,
           kind: TokenKind = TokenKind.PERSONAL) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its secret, which is shown once and never kept."""
    name, scope = _check(name, scope, expires_days)
    if not user.active:
        raise TokenError(_("Tài khoản đã ngừng hoạt động không thể có mã truy cập."))
    if not permissions.may_have_api_tokens(user):
        raise TokenError(_("Tài khoản quản trị không dùng mã truy cập API."))
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(user=user, kind=kind, name=name, scope=scope, prefix=secret[:SHOWN], token_hash=digest(secret),
                     created_at=now, created_by=actor or user,
                     expires_at=now + timedelta(days=expires_days) if expires_days else None)
    db.session.add(token)
    db.session.flush()
    audit.record("api_token_created", "api_token", token.id,
                 {"name": name, "scope": scope.value, "kind": kind.value, "user": user.username,
                  "expires_at": token.expires_at}, actor=actor or user)
    return token, secret


def create_integration(actor: User, *, name: str, scope, expires_days: int | None,
                       agency: Agency) -> tuple[ApiToken, str]:
    """A service account limited to ``agency`` (a unit: the whole unit; another agency: that agency) and its token."""
    name, scope = _check(name, scope, expires_days)
    role = Role.COORDINATOR if agency.is_unit else Role.OFFICER
    base = f"api-{agency.id}-"
    taken = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.username.like(f"{base}%")))
    user = User(username=f"{base}{taken + 1}", full_name=_("Tích hợp: %(name)s", name=name)[:255],
                password_hash=accounts.hash_password(secrets.token_urlsafe(32)), role=role, agency=agency,
                must_change_password=True)
    db.session.add(user)
    db.session.flush()
    return create(user, name=name, scope=scope, expires_days=expires_days, actor=actor, kind=TokenKind.INTEGRATION)


def authenticate(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token ``secret`` names (its account active), else None; notes its use."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.execute(sa.select(ApiToken).where(ApiToken.token_hash == digest(secret))).scalar_one_or_none()
    now = now or utcnow()
    if token is None or not token.usable(now) or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_RESOLUTION:
        # Its own small transaction, so a refused write (rolled back) still counts as a use.
        db.session.execute(sa.update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.commit()
    return token


def revoke(token: ApiToken, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token_revoked", "api_token", token.id, {"name": token.name, "user": token.user.username},
                     actor=actor)
        if token.kind == TokenKind.INTEGRATION:
            token.user.active = False  # the service account exists only for its token
            token.user.rotate_session_token()


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.kind
                                                             == TokenKind.PERSONAL).order_by(ApiToken.id.desc())))


def integration_tokens() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.kind == TokenKind.INTEGRATION)
                                   .order_by(ApiToken.id.desc())))


def personal_token_of(user: User, token_id: int) -> ApiToken | None:
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id and token.kind == TokenKind.PERSONAL else None
