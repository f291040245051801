"""API access tokens: personal ones a user makes on their profile, integration ones the admin makes for a
service account limited to one unit or one agency.

Only a SHA-256 of the token is stored. A slow password hash would buy nothing here: the token is 256 random bits,
so nobody can guess it from its hash, and a fast hash lets every API request find its token by one indexed lookup.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .enums import LabelledEnum, enum_column
from .types import UTCDateTime, utcnow
from .user import User


class TokenScope(LabelledEnum):
    READ = "read"  # GET only
    WRITE = "write"  # GET, and every action the account's role allows

    @classmethod
    def _labels(cls):
        return {cls.READ: _l("Chỉ đọc"), cls.WRITE: _l("Đọc và ghi")}


class TokenKind(LabelledEnum):
    PERSONAL = "personal"  # made by a person for their own scripts; acts as them
    INTEGRATION = "integration"  # made by the admin for another system's service account

    @classmethod
    def _labels(cls):
        return {cls.PERSONAL: _l("Cá nhân"), cls.INTEGRATION: _l("Tích hợp hệ thống")}


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    kind: Mapped[TokenKind] = mapped_column(enum_column(TokenKind), default=TokenKind.PERSONAL)
    name: Mapped[str] = mapped_column(sa.String(100))
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope), default=TokenScope.READ)
    # The token's first characters, shown in lists so its owner recognises it; never enough to use it.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… {self.scope.value}>"
