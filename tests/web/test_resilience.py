"""Rate limits, a database that goes away, and Vietnamese number and date formats."""

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import csrf_from
from tracker import create_app


def test_login_rate_limit_per_address_answers_429_in_vietnamese(database, tmp_path):
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": database.url, "UPLOAD_FOLDER": str(tmp_path),
                              "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute"})
    client = app.test_client()
    token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
    codes = [client.post("/dang-nhap", data={"username": "x", "password": "y", "csrf_token": token}).status_code
             for _ in range(4)]
    assert codes[:3] == [401, 401, 401]
    assert codes[3] == 429
    assert "3 lần đăng nhập sai từ địa chỉ mạng này" in client.post(
        "/dang-nhap", data={"csrf_token": token}).get_data(as_text=True)
    with app.app_context():
        from tracker.extensions import db

        db.engine.dispose()


def test_database_away_gives_a_clean_503(tmp_path):
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                              "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True,
                                                            "connect_args": {"connect_timeout": 2}},
                              "UPLOAD_FOLDER": str(tmp_path)})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert "Không kết nối được cơ sở dữ liệu" in response.get_data(as_text=True)


DEAD_DATABASES = {
    "postgresql": "postgresql+psycopg://nobody@127.0.0.1:1/none",  # nothing listens on port 1
    "sqlite": "sqlite:////nonexistent-folder/tracker.db",  # a file that cannot be opened
}


def _dead_app(url: str, tmp_path):
    return create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(tmp_path),
                               "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True,
                                                             "connect_args": {"connect_timeout": 2}
                                                             if url.startswith("postgresql") else {}}})


def _assert_unavailable_page(response, text: str):
    assert response.status_code == 503
    assert text in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)  # to quote to the operators


@pytest.mark.parametrize("backend", sorted(DEAD_DATABASES))
def test_a_signed_in_page_during_an_outage_is_a_vietnamese_503(tmp_path, backend):
    client = _dead_app(DEAD_DATABASES[backend], tmp_path).test_client()
    with client.session_transaction() as session:  # a browser that signed in before the outage
        session["_user_id"] = "token-of-a-signed-in-user"
        session["_fresh"] = True
    response = client.get("/")
    _assert_unavailable_page(response, "Không kết nối được cơ sở dữ liệu")
    assert "Hệ thống tạm gián đoạn" in response.get_data(as_text=True)


@pytest.mark.parametrize("backend", sorted(DEAD_DATABASES))
def test_a_login_during_an_outage_is_a_503_in_the_chosen_language(tmp_path, backend):
    client = _dead_app(DEAD_DATABASES[backend], tmp_path).test_client()
    token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
    response = client.post("/dang-nhap", data={"username": "ct.ubnd", "password": "x" * 10, "csrf_token": token})
    _assert_unavailable_page(response, "Không kết nối được cơ sở dữ liệu")
    with client.session_transaction() as session:
        session["locale"] = "en"
    response = client.post("/dang-nhap", data={"username": "ct.ubnd", "password": "x" * 10, "csrf_token": token})
    assert response.status_code == 503 and '<html lang="en">' in response.get_data(as_text=True)


def test_vietnamese_formats(app):
    from flask_babel import force_locale

    from tracker.templating import format_day, format_number, format_signed

    with app.test_request_context("/"):
        with force_locale("vi"):
            assert format_number(Decimal("87.88")) == "87,88"
            assert format_number(Decimal("20800"), 0) == "20.800"
            assert format_signed(Decimal("2.38")) == "+2,38"
            assert format_day(date(2022, 5, 6)) == "06/05/2022"
        with force_locale("en"):
            assert format_number(Decimal("87.88")) == "87.88"
