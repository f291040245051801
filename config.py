"""Configuration, read from the environment.

``create_app`` picks a class by ``TRACKER_ENV`` (development, production,
test); every value can be overridden by an environment variable of the same
name, so a deployment never edits this file.
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TRACKER_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 spelled out.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url or f"sqlite:///{INSTANCE_DIR / 'tracker.db'}"


class Config:
    """Defaults shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    # Sessions: server-side revocation is done with the user's session token;
    # these bound how long a stolen cookie could live anyway.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=_int("SESSION_HOURS", 8))
    SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 60)
    REMEMBER_COOKIE_DURATION = timedelta(days=_int("REMEMBER_DAYS", 7))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)

    WTF_CSRF_TIME_LIMIT = 8 * 3600

    # Login throttling (per account in the database; per address through Flask-Limiter).
    LOGIN_MAX_FAILURES = _int("LOGIN_MAX_FAILURES", 5)
    # The longest wait the login throttle imposes, and how long failures are remembered after the last one.
    LOGIN_LOCK_MINUTES = _int("LOGIN_LOCK_MINUTES", 15)
    # A browser that signed in to an account is not held back by failures typed elsewhere for that account.
    KNOWN_DEVICE_DAYS = _int("KNOWN_DEVICE_DAYS", 90)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "30 per 15 minutes")
    RATELIMIT_HEADERS_ENABLED = False
    # Requests per API token (tracker/api/auth.py); counted in RATELIMIT_STORAGE_URI (Redis in production).
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")

    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"
    # How long a new account's one-time link to set its password works.
    INVITATION_DAYS = _int("INVITATION_DAYS", 7)

    # How many reverse proxies in front of gunicorn set X-Forwarded-For/-Proto (nginx alone: 1). 0 trusts no
    # such header: anyone reaching gunicorn directly could otherwise pick the address the login limits count.
    # Only raise it when gunicorn is bound where nothing but the proxy reaches it (docs/security.md).
    PROXY_FIX_HOPS = _int("PROXY_FIX_HOPS", 0)

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TRACKER_TIMEZONE", "Asia/Ho_Chi_Minh")
    LANGUAGES = ("vi", "en")

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    # Evidence files are the one thing kept on disk; all hosts must mount this folder.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "evidence"))
    MAX_CONTENT_LENGTH = _int("MAX_UPLOAD_MB", 20) * 1024 * 1024

    DUE_SOON_DAYS = _int("DUE_SOON_DAYS", 3)
    TASKS_PER_PAGE = _int("TASKS_PER_PAGE", 50)

    # Notifications (docs/notifications.md). Links in e-mail are absolute, from BASE_URL.
    BASE_URL = os.environ.get("BASE_URL", "http://localhost:5000")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "no-reply@localhost")
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 30)
    # Without MAIL_SERVER, messages are written here as .eml files and listed on an admin page.
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER", str(INSTANCE_DIR / "mail"))
    MAIL_MAX_ATTEMPTS = _int("MAIL_MAX_ATTEMPTS", 5)
    MAIL_RETRY_SECONDS = _int("MAIL_RETRY_SECONDS", 60)  # doubled after each failed attempt
    DELIVER_POLL_SECONDS = _int("DELIVER_POLL_SECONDS", 10)
    # Retention (the daily ``remind`` purges): outbox rows sent or skipped, and notifications read, are deleted
    # this many days later. Queued and failed rows, and unread notifications, are kept whatever their age.
    OUTBOX_KEEP_DAYS = _int("OUTBOX_KEEP_DAYS", 90)
    NOTIFICATIONS_KEEP_DAYS = _int("NOTIFICATIONS_KEEP_DAYS", 365)
    # Webhooks (docs/api.md): https only, and never to private or loopback addresses, unless allowed here (a
    # province's own systems on its own network); the same retries as e-mail.
    WEBHOOK_ALLOW_HTTP = _bool("WEBHOOK_ALLOW_HTTP", False)
    WEBHOOK_ALLOW_PRIVATE = _bool("WEBHOOK_ALLOW_PRIVATE", False)
    WEBHOOK_TIMEOUT_SECONDS = _int("WEBHOOK_TIMEOUT_SECONDS", 10)
    # "Due in N days" reminders, one per number.
    REMIND_DAYS = tuple(int(d) for d in os.environ.get("REMIND_DAYS", "7,3").split(",") if d.strip())

    SECURITY_HSTS = False

    # Operators: "json" writes one JSON object per log line (for a log collector); anything else is text.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
    # /metrics answers this bearer token, or these addresses/networks (comma-separated); nobody else.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    METRICS_ALLOWED_IPS = tuple(filter(None, (a.strip() for a in os.environ.get(
        "METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(","))))


class DevelopmentConfig(Config):
    """``make run``: embedded SQLite, a throwaway key kept in instance/."""

    ENV_NAME = "development"


class ProductionConfig(Config):
    """gunicorn behind a reverse proxy, PostgreSQL, Redis for rate limits."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    SECURITY_HSTS = True
    PREFERRED_URL_SCHEME = "https"


class TestConfig(Config):
    """Fresh database per test; a cheap hash cost so the suite stays fast."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    RATELIMIT_STORAGE_URI = "memory://"
    # Per-address limits are exercised by their own test; elsewhere they would only add noise.
    RATELIMIT_ENABLED = False
    # The test client comes from 127.0.0.1: the metrics tests allow it explicitly, the access matrix must not.
    METRICS_ALLOWED_IPS = ()


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "test": TestConfig,
}
