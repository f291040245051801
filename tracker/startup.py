"""Start-up checks and logging; the app refuses to run with an unsafe production setup."""

import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


class ConfigurationError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or incomplete."""


def check_configuration(app: Flask) -> None:
    """Refuse unsafe production settings; give development a persistent local key."""
    env = app.config.get("ENV_NAME")
    if env == "production":
        if not app.config.get("SECRET_KEY"):
            raise ConfigurationError("SECRET_KEY must be set in the environment in production.")
        if app.debug:
            raise ConfigurationError("Debug mode must be off in production.")
        if app.config.get("RATELIMIT_STORAGE_URI", "").startswith("memory"):
            raise ConfigurationError(
                "RATELIMIT_STORAGE_URI must point at a shared store (redis://...) in production."
            )
    elif not app.config.get("SECRET_KEY"):
        # Development: one random key per checkout, kept in instance/ so restarts keep sessions.
        key_file = Path(app.instance_path) / "secret_key"
        key_file.parent.mkdir(parents=True, exist_ok=True)
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    for name in ("OUTBOX_KEEP_DAYS", "NOTIFICATIONS_KEEP_DAYS"):
        # 0 would purge a message the moment it is sent, and with it the key that stops remind repeating it.
        if app.config.get(name, 1) < 1:
            raise ConfigurationError(f"{name} must be at least 1 (days).")
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        # Forwarded headers are believed only from the number of proxies the operator says are in front.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    Path(app.config["UPLOAD_FOLDER"]).mkdir(parents=True, exist_ok=True)


def register_logging(app: Flask) -> None:
    """Log to stderr in UTC, as text or JSON lines (``LOG_FORMAT``); the audit trail lives in the database."""
    if app.testing:
        return
    from .observability import logs

    logs.configure(app.config.get("LOG_FORMAT", "text"))
