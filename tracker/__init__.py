"""The appraisal follow-up tracker: ``create_app`` builds a configured Flask app."""

import logging
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type | str | None = None, overrides: dict | None = None) -> Flask:
    """Build the app for ``config`` (a class or an environment name) plus ``overrides``."""
    from config import CONFIGS

    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("TRACKER_ENV", "development")]
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=os.environ.get("TRACKER_INSTANCE_DIR", str(ROOT / "instance")),
    )
    app.config.from_object(config)
    app.config.update(overrides or {})

    from .startup import check_configuration, register_logging

    check_configuration(app)
    register_logging(app)
    from .observability import request_ids

    request_ids.register(app)
    from . import inputs

    inputs.register(app)
    register_extensions(app)
    register_blueprints(app)

    from . import cli, errors, security, templating

    errors.register(app)
    security.register(app)
    templating.register(app)
    cli.register(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import auth_session
    from .extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=auth_session.select_locale, timezone_selector=lambda: None)
    auth_session.init_login(app, login_manager)


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .admin.unit_accounts import bp as unit_accounts_bp
    from .appraisals import bp as appraisals_bp
    from .auth import bp as auth_bp
    from .main import bp as main_bp
    from .notifications import bp as notifications_bp
    from .province import bp as province_bp
    from .reports import bp as reports_bp
    from .tasks import bp as tasks_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(tasks_bp, url_prefix="/nhiem-vu")
    app.register_blueprint(admin_bp, url_prefix="/quan-tri")
    app.register_blueprint(unit_accounts_bp, url_prefix="/tai-khoan-don-vi")
    app.register_blueprint(appraisals_bp, url_prefix="/tham-dinh")
    app.register_blueprint(reports_bp, url_prefix="/bao-cao")
    app.register_blueprint(province_bp, url_prefix="/toan-tinh")

    from . import api

    api.register(app)


logging.getLogger("werkzeug").setLevel(logging.INFO)
