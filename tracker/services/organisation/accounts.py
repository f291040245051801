"""Accounts: password rules, login with throttling, and the events that revoke sessions."""

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from ...extensions import db
from ...models import Agency, Role, User
from ...textutil import has_control_chars, nfc
from .. import audit
from ..errors import ServiceError
from . import login_throttle
from .units import default_unit_for_user

MIN_PASSWORD = 8
MAX_PASSWORD = 128
MAX_NAME = 255
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


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
    wait_seconds: int = 0  # > 0: refused without checking the password, try again after this


def _now() -> datetime:
    return datetime.now(UTC)


@cache
def _dummy_hash(method: str) -> str:
    """A hash of the same method and cost as real ones, checked for names no account has."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def usable_hash(user: User) -> bool:
    """False for an account whose owner has not set a password yet (an open invitation)."""
    return user.password_hash.count("$") >= 2


def _wait_message(seconds: int) -> str:
    if seconds >= 60:
        return _("Đã nhập sai nhiều lần. Vui lòng đợi %(n)d phút rồi thử lại.", n=math.ceil(seconds / 60))
    return _("Đã nhập sai nhiều lần. Vui lòng đợi %(n)d giây rồi thử lại.", n=seconds)


def authenticate(username: str, password: str, address: str, known_user_ids: frozenset[int] = frozenset()
                 ) -> LoginResult:
    """Check a login attempt; failures are throttled per name and address (login_throttle.py). The caller commits.

    Unknown names, wrong passwords and held-back attempts cost and say the same whether the account exists or
    not. ``known_user_ids``: accounts this browser signed in to before; they skip the name-wide wait.
    """
    now = _now()
    username = nfc(username.strip().lower())[:64]
    scopes = login_throttle.scopes(username, address)
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
    held_by = [scopes[login_throttle.PAIR], scopes[login_throttle.ADDRESS]]
    if user is None or user.id not in known_user_ids:
        held_by.append(scopes[login_throttle.NAME])
    wait = login_throttle.wait_seconds(held_by, now)
    if wait:
        audit.record("login_throttled", "user", user.id if user else None, {"username": username, "wait": wait},
                     actor=user)
        return LoginResult(None, _wait_message(wait), wait)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    stored = user.password_hash if user is not None and usable_hash(user) else _dummy_hash(method)
    if not check_password_hash(stored, password) or user is None or not usable_hash(user):
        _note_failure(user, username, scopes, now)
        return LoginResult(None, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    if not user.active:
        audit.record("login_refused_inactive", "user", user.id, actor=user)
        return LoginResult(None, _("Tài khoản đã bị khóa. Vui lòng liên hệ quản trị hệ thống."))
    login_throttle.forget(scopes[login_throttle.PAIR])
    user.failed_logins = 0
    user.last_login_at = now
    if user.password_hash.split("$", 1)[0] != method:
        # Hashes made with older parameters are upgraded while we hold the plain password.
        user.password_hash = hash_password(password)
    audit.record("login", "user", user.id, actor=user)
    return LoginResult(user, None)


def _note_failure(user: User | None, username: str, scopes: dict, now: datetime) -> None:
    login_throttle.prune(now)
    for scope in scopes.values():
        count = login_throttle.note_failure(scope, now)
        if scope.kind == login_throttle.NAME and user is not None:
            user.failed_logins = count
            if count > scope.free:
                # Shown to the admin (admin home) while the failures are remembered; it locks nothing.
                user.locked_until = now + login_throttle.window()
            if count == scope.free + 1:
                audit.record("account_under_attack", "user", user.id, {"failures": count}, automatic=True)
    audit.record("login_failed", "user", user.id if user else None, {"username": username}, actor=user)


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
    user.invitation_hash = user.invitation_expires_at = None  # an open invitation link dies with it
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


def role_agency_problem(role: Role, agency: Agency | None) -> str | None:
    """Why ``agency`` cannot be the workplace of someone with ``role``, or None.

    A unit's leader or coordinator works inside a unit (else they would see nothing); the province roles work at
    the province level (else a province follower would read as one of a unit's staff).
    """
    if agency is None:
        return None
    if role in Role.unit_roles() and agency.unit_id is None:
        return _("Lãnh đạo, đầu mối CCHC của đơn vị phải thuộc một đơn vị được đánh giá; “%(a)s” là cơ quan "
                 "cấp tỉnh.", a=agency.name)
    if role in Role.province_roles() and agency.unit_id is not None:
        return _("Vai trò cấp tỉnh phải thuộc cơ quan cấp tỉnh (UBND tỉnh, Sở Nội vụ); “%(a)s” thuộc %(u)s.",
                 a=agency.name, u=agency.unit.name if agency.unit else "")
    return None


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
    problem = role_agency_problem(role, agency)
    if problem:
        raise AccountError(problem, field="agency_id")
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


def update_user(user: User, *, full_name: str, email: str | None, role: Role, agency: Agency | None,
                actor: User | None) -> None:
    """Change an account's name, e-mail, role or agency; a new role or agency ends its sessions."""
    if role == Role.OFFICER and agency is None:
        raise AccountError(_("Cán bộ đơn vị phải thuộc một cơ quan, đơn vị."), field="agency_id")
    problem = role_agency_problem(role, agency)
    if problem:
        raise AccountError(problem, field="agency_id")
    problem = name_problem(full_name, _("họ và tên"))
    if problem:
        raise AccountError(problem, field="full_name")
    before = {"full_name": user.full_name, "email": user.email, "role": user.role.value,
              "agency": user.agency.short_name if user.agency else None}
    after = {"full_name": full_name, "email": email or None, "role": role.value,
             "agency": agency.short_name if agency else None}
    changes = audit.diff(before, after)
    if not changes:
        return
    user.full_name, user.email, user.role, user.agency = full_name, email or None, role, agency
    if "role" in changes or "agency" in changes:
        # What the old sessions could see is no longer what this user may see.
        user.rotate_session_token()
    audit.record("user_updated", "user", user.id, changes, actor=actor)
