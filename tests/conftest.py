"""Fixtures: a database per run (from the migrations), a fresh app per test, logins, factories."""

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask.testing import FlaskClient

from tests import dbs
from tests.factories import Factory

os.environ.setdefault("TRACKER_ENV", "test")


def pytest_report_header(config):
    return f"database backend: {dbs.backend()}"


def pytest_configure(config):
    if dbs.backend() == "postgresql" and not dbs.postgres_available():
        raise pytest.UsageError(f"PostgreSQL is not answering on {dbs.PG_ADMIN_URL}")


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """The run's database, upgraded to head by the migrations (not by create_all)."""
    from flask_migrate import upgrade

    from tracker import create_app

    tmp = tmp_path_factory.mktemp("db")
    db_ = dbs.TestDatabase(tmp)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": db_.url, "UPLOAD_FOLDER": str(tmp / "uploads")})
    with app.app_context():
        upgrade()
        from tracker.extensions import db

        db.engine.dispose()
    yield db_
    db_.drop()


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as on a real server.

    The test body keeps an app context pushed for factories and queries; Flask would
    reuse it for requests (sharing ``g`` and the database session), so each request
    runs in a short-lived thread, which starts with empty context variables.
    """

    def open(self, *args, **kwargs):
        from flask import has_app_context

        from tracker.extensions import db

        if not has_app_context():
            # Already inside the request thread (following a redirect): just go on.
            return super().open(*args, **kwargs)
        # End the test's own transaction, so the request sees its writes and the test then sees the request's.
        db.session.commit()
        with ThreadPoolExecutor(max_workers=1) as pool:
            response = pool.submit(super().open, *args, **kwargs).result()
        db.session.commit()
        return response


@pytest.fixture
def app(database, tmp_path):
    from tracker import create_app
    from tracker.extensions import db

    uploads = tmp_path / "evidence"
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": database.url, "UPLOAD_FOLDER": str(uploads),
                              "MAIL_FOLDER": str(tmp_path / "mail")})
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        database.empty(db.engine, db.metadata)
        db.engine.dispose()
    shutil.rmtree(uploads, ignore_errors=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app):
    """Factories for agencies, users, appraisals and tasks (see tests/factories.py)."""
    return Factory()


CSRF_RE = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page carries no CSRF token"
    return match.group(1)


class Browser:
    """A test client that fetches a CSRF token the way a browser form would carry it."""

    def __init__(self, client):
        self.client = client

    def token(self, path: str = "/dang-nhap") -> str:
        return csrf_from(self.client.get(path, follow_redirects=True).get_data(as_text=True))

    def post(self, path: str, data: dict | None = None, token_from: str | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(token_from or "/"))
        return self.client.post(path, data=data, **kwargs)

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def login(self, username: str, password: str = "", **kwargs):
        from tests.factories import PASSWORD

        data = {"username": username, "password": password or PASSWORD, "csrf_token": self.token("/dang-nhap")}
        return self.client.post("/dang-nhap", data=data, **kwargs)

    def logout(self):
        return self.post("/dang-xuat")


@pytest.fixture
def web(client):
    return Browser(client)


@pytest.fixture
def login_as(app):
    """login_as(user) -> a Browser already logged in as ``user`` (its own cookie jar)."""

    def _login(user):
        browser = Browser(app.test_client())
        response = browser.login(user.username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return browser

    return _login
