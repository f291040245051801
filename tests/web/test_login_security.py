"""Findings of the outside security test on login: timing, messages, throttling, idle stamp, per-address limit."""

import re

from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import AuditEvent

ERROR_RE = re.compile(r'id="login-error">([^<]*)<')


def _error(response) -> str:
    match = ERROR_RE.search(response.get_data(as_text=True))
    return match.group(1) if match else ""


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_unknown_name_is_checked_against_a_hash_of_the_same_method_and_cost(app, web, make, monkeypatch):
    from tracker.services.organisation import accounts

    app.config["PASSWORD_HASH_METHOD"] = "scrypt:2048:8:1"  # not the cost of any built-in stand-in
    make.officer(username="cb.real")
    methods = []
    real_check = accounts.check_password_hash

    def spy(pwhash, password):
        methods.append(pwhash.split("$", 1)[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    assert web.login("cb.real", "wrong-password", **_from("10.0.0.1")).status_code == 401
    assert web.login("cb.nobody", "wrong-password", **_from("10.0.0.2")).status_code == 401
    assert methods == ["scrypt:2048:8:1", "scrypt:2048:8:1"]


def test_existing_and_unknown_names_get_the_same_answers_all_the_way(app, web, make):
    make.officer(username="cb.real")
    attempts = app.config["LOGIN_MAX_FAILURES"] * 2 + 2

    def answers(name: str, address: str) -> list[tuple[int, str]]:
        return [(r.status_code, _error(r)) for r in
                (web.login(name, "wrong-password", **_from(address)) for _ in range(attempts))]

    real, ghost = answers("cb.real", "10.0.0.1"), answers("cb.ghost", "10.0.0.2")
    assert real == ghost
    assert real[0] == (401, "Tên đăng nhập hoặc mật khẩu không đúng.")
    assert real[-1][0] == 429 and "Đã nhập sai nhiều lần" in real[-1][1]
    assert not any("tạm khóa" in message for _, message in real)


def _session_of(app, response) -> dict:
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    value = cookie.split(";", 1)[0].split("=", 1)[1]
    return app.session_interface.get_signing_serializer(app).loads(value)


def test_the_login_cookie_carries_the_idle_stamp(app, web, make):
    from datetime import UTC, datetime

    make.officer(username="cb.idle")
    response = web.login("cb.idle")
    assert response.status_code == 302
    seen = _session_of(app, response)["_seen"]
    assert abs(datetime.now(UTC).timestamp() - seen) < 60


def test_an_idle_login_cookie_expires(app, web, make):
    from datetime import UTC, datetime

    make.officer(username="cb.idle")
    web.login("cb.idle")
    assert web.get("/ho-so").status_code == 200
    with web.client.session_transaction() as session:
        session["_seen"] = datetime.now(UTC).timestamp() - (app.config["SESSION_IDLE_MINUTES"] + 1) * 60
    assert web.get("/ho-so").status_code == 302


def test_the_address_limit_counts_failures_only_and_says_so(app, make, tmp_path):
    from tests.conftest import csrf_from
    from tracker import create_app

    make.officer(username="cb.office")
    limited = create_app("test", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                  "UPLOAD_FOLDER": str(tmp_path), "RATELIMIT_ENABLED": True,
                                  "RATELIMIT_LOGIN": "3 per 15 minutes"})
    client = limited.test_client()

    def login(password: str):
        token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
        return client.post("/dang-nhap", data={"username": "cb.office", "password": password, "csrf_token": token})

    for _ in range(5):  # an office signing in and out all morning
        assert login(PASSWORD).status_code == 302
        client.post("/dang-xuat", data={"csrf_token": csrf_from(client.get("/ho-so").get_data(as_text=True))})
    assert [login("wrong-password").status_code for _ in range(3)] == [401, 401, 401]
    refused = login(PASSWORD)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "3 lần đăng nhập sai từ địa chỉ mạng này trong 15 phút" in text
    assert "Các lần đăng nhập đúng không bị tính" in text
    with limited.app_context():
        from tracker.extensions import db as limited_db

        limited_db.engine.dispose()


def test_failures_from_elsewhere_do_not_keep_the_owner_out(app, make, login_as):
    from tests.conftest import Browser

    admin = make.admin()
    owner = make.leader(username="ct.ubnd")
    own_browser = Browser(app.test_client())
    assert own_browser.login("ct.ubnd", **_from("10.1.1.1")).status_code == 302  # sets the known-device cookie
    own_browser.logout()
    attacker = Browser(app.test_client())
    for address in range(8):  # 24 guesses from 8 addresses, each under the per-address room
        for _ in range(3):
            attacker.login("ct.ubnd", "guess-password", **_from(f"203.0.113.{address}"))
    stranger = Browser(app.test_client())
    held = stranger.login("ct.ubnd", PASSWORD, **_from("10.2.2.2"))
    assert held.status_code == 429 and "Đã nhập sai nhiều lần" in _error(held)
    assert own_browser.login("ct.ubnd", **_from("10.1.1.1")).status_code == 302
    # Growing delays, never a lock: the wait doubles after the free failures and stops at the window.
    from tracker.services.organisation.login_throttle import delay_after

    assert [delay_after(n, 5).total_seconds() for n in range(5, 10)] == [0, 1, 2, 4, 8]
    assert delay_after(100, 5).total_seconds() == app.config["LOGIN_LOCK_MINUTES"] * 60
    # The admin is told.
    events = db.session.scalars(db.select(AuditEvent).filter_by(action="account_under_attack")).all()
    assert [e.entity_id for e in events] == [owner.id]
    page = login_as(admin).get("/quan-tri/").get_data(as_text=True)
    assert "Tài khoản đang bị đăng nhập sai nhiều lần" in page and "ct.ubnd" in page


def test_a_forged_device_cookie_passes_nothing(app, web, make):
    make.leader(username="ct.ubnd")
    web.client.set_cookie("known_device", "WzFd.forged.signature", path="/dang-nhap")
    for _ in range(11):
        web.login("ct.ubnd", "guess-password", **_from(f"198.51.100.{_}"))
    assert web.login("ct.ubnd", PASSWORD, **_from("198.51.100.200")).status_code == 429


def test_throttle_counts_live_in_the_database(app, web, make):
    from tracker.models import LoginThrottle

    web.login("cb.ghost", "wrong-password")
    assert db.session.scalar(db.select(db.func.count()).select_from(LoginThrottle)) == 3  # pair, name, address


def _address_seen(app, make, **config) -> str:
    from tests.conftest import Browser
    from tracker import create_app

    other = create_app("test", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"], **config})
    browser = Browser(other.test_client())
    browser.login("cb.ghost", "wrong-password", environ_base={"REMOTE_ADDR": "10.9.9.9"},
                  headers={"X-Forwarded-For": "198.51.100.7"})
    with other.app_context():
        from tracker.extensions import db as other_db

        other_db.engine.dispose()
    db.session.commit()  # end the test's read snapshot: the other app wrote since
    event = db.session.scalars(db.select(AuditEvent).filter_by(action="login_failed")
                               .order_by(AuditEvent.id.desc())).first()
    return event.remote_addr


def test_forwarded_for_is_ignored_unless_proxies_are_configured(app, make):
    from config import Config, ProductionConfig

    assert Config.PROXY_FIX_HOPS == 0 and ProductionConfig.PROXY_FIX_HOPS == 0
    assert _address_seen(app, make) == "10.9.9.9"
    assert _address_seen(app, make, PROXY_FIX_HOPS=1) == "198.51.100.7"


def test_old_throttle_counts_are_dropped(app, web, make):
    from datetime import UTC, datetime, timedelta

    from tracker.models import LoginThrottle

    web.login("cb.ghost", "wrong-password", **_from("10.0.0.1"))
    old = datetime.now(UTC) - timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1)
    db.session.execute(db.update(LoginThrottle).values(window_start=old))
    db.session.commit()
    web.login("cb.other", "wrong-password", **_from("10.0.0.2"))
    assert db.session.scalar(db.select(db.func.count()).select_from(LoginThrottle)) == 3  # only the new ones
