"""Login, throttling, session revocation and the security baseline (ASVS 6, 7, 3)."""

import pytest

from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Role


def test_login_lands_on_home_and_logout_ends_session(web, make):
    agency = make.agency(name="UBND xã Gia Hòa", short_name="Xã Gia Hòa")
    officer = make.officer(agency, username="cb.giahoa")
    response = web.login("cb.giahoa")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = web.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Việc của đơn vị" in home and "UBND xã Gia Hòa" in home
    token_before = officer.session_token
    assert web.logout().status_code == 302
    db.session.refresh(officer)
    assert officer.session_token != token_before
    assert web.get("/ho-so").status_code == 302


def test_wrong_password_says_so_in_vietnamese(web, make):
    make.officer(username="cb.a")
    response = web.login("cb.a", "not the password")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert web.login("nobody", "whatever1").status_code == 401


def test_attempts_past_the_free_ones_wait_even_with_right_password(web, make):
    make.officer(username="cb.b")
    for _ in range(5):
        assert web.login("cb.b", "wrong-password").status_code == 401
    assert web.login("cb.b", "wrong-password").status_code == 401  # the first one past the free five
    response = web.login("cb.b", PASSWORD)
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert "Vui lòng đợi 1 giây" in response.get_data(as_text=True)


def test_address_throttle_holds_across_accounts(app, web, make):
    app.config["LOGIN_MAX_FAILURES"] = 2  # an address waits after 4x this many failures
    make.officer(username="cb.c")
    for i in range(9):
        web.login(f"ghost{i}", "wrong-password")
    response = web.login("cb.c", PASSWORD)
    assert response.status_code == 429 and "Đã nhập sai nhiều lần" in response.get_data(as_text=True)


def test_old_cookie_no_longer_works_after_logout(app, make):
    officer = make.officer(username="cb.d")
    from tests.conftest import Browser

    first = Browser(app.test_client())
    first.login("cb.d")
    stolen_cookie = first.client.get_cookie("session").value
    first.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen_cookie)
    assert thief.get("/ho-so").status_code == 302, "a cookie from before logout must not log anyone in"
    assert officer.id


def test_deactivated_user_is_locked_out_at_once(make, login_as, app):
    admin = make.admin(username="quantri")
    officer = make.officer(username="cb.e")
    officer_web = login_as(officer)
    assert officer_web.get("/ho-so").status_code == 200
    admin_web = login_as(admin)
    response = admin_web.post(f"/quan-tri/nguoi-dung/{officer.id}/trang-thai", {"confirmed": "1"},
                              token_from="/quan-tri/nguoi-dung")
    assert response.status_code == 302
    assert officer_web.get("/ho-so").status_code == 302
    assert officer_web.login("cb.e").status_code == 401


def test_password_change_needs_current_password_and_ends_other_sessions(app, make, login_as):
    officer = make.officer(username="cb.f")
    other_device = login_as(officer)
    web = login_as(officer)
    bad = web.post("/doi-mat-khau", {"current": "wrong", "new": "một cụm từ rất dài", "confirm": "một cụm từ rất dài"},
                   token_from="/doi-mat-khau")
    assert "Mật khẩu hiện tại không đúng." in bad.get_data(as_text=True)
    good = web.post("/doi-mat-khau", {"current": PASSWORD, "new": "một cụm từ rất dài",
                                      "confirm": "một cụm từ rất dài"}, token_from="/doi-mat-khau")
    assert good.status_code == 302
    assert web.get("/ho-so").status_code == 200, "the browser that changed it stays signed in"
    assert other_device.get("/ho-so").status_code == 302, "every other session ended"
    assert web.logout().status_code == 302
    assert web.login("cb.f", "một cụm từ rất dài").status_code == 302


@pytest.mark.parametrize("password, message", [
    ("short", "ít nhất 8 ký tự"),
    ("password123", "quá phổ biến"),
    ("x" * 129, "dài quá 128"),
])
def test_weak_new_passwords_are_refused(make, login_as, password, message):
    web = login_as(make.officer())
    response = web.post("/doi-mat-khau", {"current": PASSWORD, "new": password, "confirm": password},
                        token_from="/doi-mat-khau")
    assert message in response.get_data(as_text=True)


def test_long_passphrase_is_not_truncated(app, make):
    from tracker.services.organisation import accounts

    long_one = "câu thần chú dài " * 6
    user = make.officer(password=long_one)
    assert accounts.authenticate(user.username, long_one, "1.1.1.1").user is not None
    assert accounts.authenticate(user.username, long_one[:-1], "1.1.1.2").user is None


def test_missing_csrf_token_is_400(web, make):
    make.officer(username="cb.g")
    response = web.client.post("/dang-nhap", data={"username": "cb.g", "password": PASSWORD})
    assert response.status_code == 400
    assert "tải lại trang" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "javascript:alert(1)"])
def test_next_parameter_only_goes_to_local_paths(web, make, target):
    make.officer(username="cb.h")
    token = web.token("/dang-nhap")
    response = web.client.post("/dang-nhap?next=" + target,
                               data={"username": "cb.h", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_to_a_local_path_is_kept(web, make):
    make.officer(username="cb.i")
    token = web.token("/dang-nhap")
    response = web.client.post("/dang-nhap?next=/ho-so", data={"username": "cb.i", "password": PASSWORD,
                                                                 "csrf_token": token})
    assert response.headers["Location"] == "/ho-so"


def test_session_is_renewed_at_login(app, make):
    make.officer(username="cb.j")
    client = app.test_client()
    client.get("/dang-nhap")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker before login"
    from tests.conftest import csrf_from

    token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
    client.post("/dang-nhap", data={"username": "cb.j", "password": PASSWORD, "csrf_token": token})
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_security_headers(client):
    response = client.get("/dang-nhap")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_old_password_hash_is_upgraded_at_login(app, make):
    from werkzeug.security import generate_password_hash

    from tracker.services.organisation import accounts

    user = make.officer()
    user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    db.session.commit()
    assert accounts.authenticate(user.username, PASSWORD, "1.2.3.4").user is not None
    db.session.commit()
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")


def test_production_hash_cost_is_owasp_minimum():
    from config import Config

    assert Config.PASSWORD_HASH_METHOD == "scrypt:131072:8:1"


def test_user_must_change_generated_password(make, web):
    from tracker.services.organisation import accounts

    user = make.officer()
    password = accounts.reset_password(user, None)
    db.session.commit()
    response = web.login(user.username, password)
    assert response.headers["Location"] == "/doi-mat-khau"


def test_role_change_ends_sessions(make, login_as):
    admin = make.admin()
    agency = make.agency()
    officer = make.officer(agency)
    officer_web = login_as(officer)
    admin_web = login_as(admin)
    response = admin_web.post(f"/quan-tri/nguoi-dung/{officer.id}/sua",
                              {"full_name": "Người dùng thử", "email": "", "role": Role.COORDINATOR.value,
                               "agency_id": agency.id}, token_from=f"/quan-tri/nguoi-dung/{officer.id}/sua")
    assert response.status_code == 302
    assert officer_web.get("/ho-so").status_code == 302
