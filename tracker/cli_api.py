"""``flask tracker create-token``: an API token for a user, printed once (scripts, demos, first integrations)."""

import click
import sqlalchemy as sa

from .extensions import db
from .models import User


def register(group) -> None:
    @group.command("create-token")
    @click.option("--username", required=True)
    @click.option("--scope", required=True, type=click.Choice(["read", "write"]),
                  help="read: chỉ đọc; write: đọc và ghi.")
    @click.option("--expires-days", type=click.IntRange(1, 366), default=None,
                  help="Số ngày mã còn hiệu lực (bỏ trống: không hết hạn).")
    @click.option("--name", default="Dòng lệnh", show_default=True, help="Tên để nhận ra mã trong hồ sơ.")
    def create_token(username: str, scope: str, expires_days: int | None, name: str):
        """Create an API token for USERNAME and print it (it is shown only this once)."""
        from .services.organisation import tokens

        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            raise click.ClickException(f"Không có tài khoản “{username}”.")
        try:
            _token, secret = tokens.create(user, name=name, scope=scope, expires_days=expires_days)
        except tokens.TokenError as exc:
            db.session.rollback()
            raise click.ClickException(f"Không tạo được mã truy cập: {exc}") from None
        db.session.commit()
        click.echo(secret)
