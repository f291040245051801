"""How a request becomes a logged-in user: token lookup, idle timeout, language."""

from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, g, has_request_context, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, logout_user
from sqlalchemy.orm import joinedload

from .extensions import db


def init_login(app: Flask, login_manager: LoginManager) -> None:
    """Bind Flask-Login: the cookie names a session token, not the user id."""
    from .models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        if not token:
            return None
        # The agency comes in the same statement: nearly every page reads it (the unit, the menu).
        user = db.session.execute(db.select(User).options(joinedload(User.agency))
                                  .filter_by(session_token=token)).scalar_one_or_none()
        if user is None or not user.active:
            return None
        return user

    @app.before_request
    def enforce_idle_timeout():
        # Flask's signed cookie has no server-side idle clock, so keep one in the session.
        if "api_token" in g or not current_user.is_authenticated:
            return None  # an API request has no session to time out (tracker/api/auth.py)
        now = datetime.now(UTC).timestamp()
        idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]).total_seconds()
        last = session.get("_seen")
        if last is not None and now - last > idle and not session.get("_remembered_login"):
            logout_user()
            session.clear()
            return None
        if last is None or now - last > 60:
            session["_seen"] = now
        return None


def select_locale() -> str:
    """The user's chosen language, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]
