"""Production refuses to start with unsafe settings."""

import pytest

from config import ProductionConfig
from tracker import create_app
from tracker.startup import ConfigurationError


def test_production_requires_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(ProductionConfig, {"SECRET_KEY": None, "UPLOAD_FOLDER": str(tmp_path),
                                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"})


def test_production_requires_shared_rate_limit_store(tmp_path):
    with pytest.raises(ConfigurationError, match="RATELIMIT_STORAGE_URI"):
        create_app(ProductionConfig, {"SECRET_KEY": "x" * 40, "UPLOAD_FOLDER": str(tmp_path),
                                      "RATELIMIT_STORAGE_URI": "memory://"})


def test_production_refuses_debug(tmp_path):
    with pytest.raises(ConfigurationError, match="Debug"):
        create_app(ProductionConfig, {"SECRET_KEY": "x" * 40, "DEBUG": True, "UPLOAD_FOLDER": str(tmp_path),
                                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"})


def test_production_cookies_are_secure(tmp_path):
    app = create_app(ProductionConfig, {"SECRET_KEY": "x" * 40, "UPLOAD_FOLDER": str(tmp_path),
                                        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_keeping_notifications_for_no_day_is_refused(tmp_path):
    """0 would purge a message as soon as it is sent, and with it the key that keeps remind from repeating it."""
    with pytest.raises(ConfigurationError, match="OUTBOX_KEEP_DAYS"):
        create_app(ProductionConfig, {"SECRET_KEY": "x" * 40, "UPLOAD_FOLDER": str(tmp_path),
                                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "OUTBOX_KEEP_DAYS": 0})
