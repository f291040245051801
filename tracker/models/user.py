"""User accounts: role, agency, and the state needed to throttle and revoke logins."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..textutil import with_agency
from .agency import Agency
from .enums import Role, enum_column
from .types import UTCDateTime, utcnow


def new_session_token() -> str:
    """A random token; the session cookie holds it instead of the user id."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(255))
    email: Mapped[str | None] = mapped_column(sa.String(255))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.OFFICER)
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(sa.String(8), default="vi")
    # Rotated on logout, password change and deactivation: every old cookie stops working.
    session_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Recent failed logins to this name, and until when the admin is told about them (login_throttle.py);
    # nothing is locked: the name is throttled in login_throttle, the owner's known browser passes.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # An open invitation (services/organisation/invitations.py): the SHA-256 of the one-time link's token, never the
    # token itself, and when the link stops working. Both None once the owner has set a password.
    invitation_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    invitation_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The public half of the calendar feed's key (services/tasks/calendar.py); None: no feed.
    calendar_selector: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agency: Mapped[Agency | None] = relationship()

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def rotate_session_token(self) -> None:
        """End every session and remember-me cookie of this user, on all servers."""
        self.session_token = new_session_token()

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def nav_label(self) -> str:
        """The name with the agency's short name, unless the name already says it ("…, Phòng Nội vụ")."""
        agency = self.agency
        return with_agency(self.display_name, agency.short_name, agency.name) if agency else self.display_name

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role.value}>"


class LoginThrottle(db.Model):
    """Failed logins under one throttle key (a digest of name and/or address; see login_throttle.py).

    Kept in the database so every worker on every host shares them. ``address`` is the key column's old name.
    """

    __tablename__ = "login_throttle"

    address: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
