"""Accounts: password rules, login with throttling, and the events that revoke sessions."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from ...extensions import db
from ...models import Agency, LoginThrottle, Role, User
from ...textutil import has_control_chars, nfc
from .. import audit
from ..errors import ServiceError
from .units import default_unit_for_user

MIN_PASSWORD = 8
MAX_PASSWORD = 128
MAX_NAME = 255
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
# Verifying a made-up hash for unknown usernames keeps response time from telling which names exist.
_DUMMY_HASH = generate_password_hash("timing-equaliser", method="scrypt:1024:8:1")


class AccountError(ServiceError):
    """A refused account operation."""


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is refused, or None. No composition rules, per ASVS 6.2."""
    if len(password) < MIN_PASSWORD:
        return _("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _("Mật khẩu dài quá %(n)d ký tự.", n=MAX_PASSWORD)
    if password.lower() in common_passwords():
        return _("Mật khẩu này quá phổ biến, dễ bị đoán. Vui lòng chọn mật khẩu khác.")
    if username and password.lower() == username.lower():
        return _("Mật khẩu không được trùng tên đăng nhập.")
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def generate_password() -> str:
    """A random password for a new account, shown once."""
    return secrets.token_urlsafe(12)


def username_problem(username: str) -> str | None:
    if not username:
        return _("Vui lòng nhập tên đăng nhập.")
    if len(username) > 64:
        return _("Tên đăng nhập dài quá 64 ký tự.")
    if not set(username) <= USERNAME_CHARS:
        return _("Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và các dấu . _ -")
    return None


def name_problem(value: str, label: str, max_length: int = MAX_NAME) -> str | None:
    """Shared check for names and titles typed by users."""
    if not value or not value.strip():
        return _("Vui lòng nhập %(label)s.", label=label)
    if len(value) > max_length:
        return _("%(label)s dài quá %(n)d ký tự.", label=label.capitalize(), n=max_length)
    if has_control_chars(value):
        return _("%(label)s chứa ký tự điều khiển không hợp lệ.", label=label.capitalize())
    return None


@dataclass
class LoginResult:
    user: User | None
    error: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def _address_locked(address: str, now: datetime) -> LoginThrottle | None:
    row = db.session.get(LoginThrottle, address)
    if row and row.locked_until and row.locked_until > now:
        return row
    return None


def _note_address_failure(address: str, now: datetime) -> None:
    cfg = current_app.config
    row = db.session.get(LoginThrottle, address)
    window = timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
    if row is None:
        row = LoginThrottle(address=address, failures=0, window_start=now)
        db.session.add(row)
    if now - row.window_start > window:
        row.failures, row.window_start = 0, now
    row.failures += 1
    # An address may fail for several accounts (a shared office NAT), so it gets more room.
    if row.failures >= cfg["LOGIN_MAX_FAILURES"] * 4:
        row.locked_until = now + window


def authenticate(username: str, password: str, address: str) -> LoginResult:
    """Check a login attempt, counting failures per account and per address in the database.

    The caller commits. A locked account is refused even with the right password.
    """
    cfg = current_app.config
    now = _now()
    generic = _("Tên đăng nhập hoặc mật khẩu không đúng.")
    locked_msg = _("Đăng nhập tạm khóa do nhập sai nhiều lần. Vui lòng thử lại sau %(n)d phút.",
                   n=cfg["LOGIN_LOCK_MINUTES"])
    if _address_locked(address, now):
        audit.record("login_refused_address_locked", "user", None, {"username": username[:64]})
        return LoginResult(None, locked_msg)
    username = nfc(username.strip().lower())[:64]
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        _note_address_failure(address, now)
        audit.record("login_failed", "user", None, {"username": username})
        return LoginResult(None, generic)
    if user.locked_until and user.locked_until > now:
        audit.record("login_refused_locked", "user", user.id, actor=user)
        return LoginResult(None, locked_msg)
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
            user.failed_logins = 0
            audit.record("account_locked", "user", user.id, actor=user)
        _note_address_failure(address, now)
        audit.record("login_failed", "user", user.id, actor=user)
        return LoginResult(None, generic)
    if not user.active:
        audit.record("login_refused_inactive", "user", user.id, actor=user)
        return LoginResult(None, _("Tài khoản đã bị khóa. Vui lòng liên hệ quản trị hệ thống."))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if user.password_hash.split("$", 1)[0] != cfg["PASSWORD_HASH_METHOD"]:
        # Hashes made with older parameters are upgraded while we hold the plain password.
        user.password_hash = hash_password(password)
    audit.record("login", "user", user.id, actor=user)
    return LoginResult(user, None)


def logout(user: User) -> None:
    """End every session of ``user``: the cookie's token no longer matches."""
    user.rotate_session_token()
    audit.record("logout", "user", user.id, actor=user)


def change_password(user: User, current: str, new: str) -> None:
    """Change the user's own password; the current one must be given (ASVS 6.2.3)."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("Mật khẩu hiện tại không đúng."), field="current")
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(problem, field="new")
    set_password(user, new)
    user.must_change_password = False
    audit.record("password_changed", "user", user.id, actor=user)


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = _now()
    user.rotate_session_token()


def reset_password(user: User, actor: User | None) -> str:
    """Give ``user`` a new random password, shown once to the admin; old sessions end."""
    password = generate_password()
    set_password(user, password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    audit.record("password_reset", "user", user.id, actor=actor)
    return password


def set_active(user: User, active: bool, actor: User | None) -> None:
    """Enable or disable an account; disabling ends its sessions at once."""
    if user.active == active:
        return
    user.active = active
    if not active:
        user.rotate_session_token()
    audit.record("user_enabled" if active else "user_disabled", "user", user.id, actor=actor)


def find_agency(name_or_short: str) -> Agency | None:
    """The agency whose short name or full name is ``name_or_short`` (case as typed)."""
    value = nfc(name_or_short.strip())
    stmt = db.select(Agency).where((Agency.short_name == value) | (Agency.name == value))
    return db.session.execute(stmt).scalars().first()


def create_user(
    *,
    username: str,
    full_name: str,
    role: Role,
    agency: Agency | None,
    password: str | None = None,
    email: str | None = None,
    actor: User | None = None,
    password_hash: str | None = None,
) -> tuple[User, str]:
    """Create an account; returns it with its password (generated when none is given).

    ``password_hash`` lets a caller creating many accounts with one password (the demo)
    hash it once; the password itself is still checked against the rules.
    """
    username = nfc(username.strip().lower())
    full_name = nfc(full_name.strip())
    problem = username_problem(username)
    if problem:
        raise AccountError(problem, field="username")
    problem = name_problem(full_name, _("họ và tên"))
    if problem:
        raise AccountError(problem, field="full_name")
    if db.session.execute(db.select(User.id).filter_by(username=username)).first():
        raise AccountError(_("Tên đăng nhập “%(u)s” đã có người dùng.", u=username), field="username")
    if role == Role.OFFICER and agency is None:
        raise AccountError(_("Cán bộ đơn vị phải thuộc một cơ quan, đơn vị."), field="agency_id")
    agency = default_unit_for_user(role, agency)
    if agency is not None and not agency.is_active:
        raise AccountError(_("Cơ quan “%(a)s” đã ngừng hoạt động.", a=agency.name), field="agency_id")
    generated = password is None
    password = password if password is not None else generate_password()
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem, field="password")
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        agency=agency,
        email=(email or None),
        password_hash=password_hash or hash_password(password),
        must_change_password=generated,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user_created", "user", user.id,
        {"username": username, "role": role.value, "agency": agency.short_name if agency else None},
        actor=actor,
    )
    return user, password
