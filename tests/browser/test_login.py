"""Logging in through the real form, in a real browser, against a real server."""

import re

import pytest

from tests.browser.conftest import screenshot
from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.services import demo

pytestmark = pytest.mark.browser


def _login(page, base, username, password):
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_login_wrong_password_and_lockout(live_server, new_page, app, check_a11y):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    page = new_page()
    page.goto(live_server + "/")
    assert "/dang-nhap" in page.url
    screenshot(page, "login")
    check_a11y(page)

    _login(page, live_server, "chutich", PASSWORD)
    page.get_by_role("heading", name="Tổng quan — UBND huyện Gia Viễn", exact=True).wait_for()  # a unit of the province
    assert page.get_by_text("Chấn chỉnh việc gửi báo cáo định kỳ đúng thời hạn quy định").first.is_visible()
    screenshot(page, "home-chairman")
    check_a11y(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_text("Bạn đã đăng xuất.").wait_for()

    other = new_page()
    _login(other, live_server, "cb.xagiavan", "sai mật khẩu")
    assert other.locator("#login-error").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    # Past the free failures each one doubles the wait (1 s, 2 s, 4 s...); attempts while waiting do not count.
    wait = 0
    for _ in range(60):
        _login(other, live_server, "cb.xagiavan", "sai mật khẩu")
        found = re.search(r"đợi (\d+) giây", other.locator("#login-error").inner_text())
        wait = int(found.group(1)) if found else 0
        if wait >= 4:
            break
    assert wait >= 4
    _login(other, live_server, "cb.xagiavan", PASSWORD)
    assert "Đã nhập sai nhiều lần" in other.locator("#login-error").inner_text()
    assert "/dang-nhap" in other.url
    screenshot(other, "login-throttled")


def test_officer_home_on_a_phone(live_server, new_page, app, check_a11y):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    page = new_page(width=390, height=844)
    _login(page, live_server, "cb.xagiavan", PASSWORD)
    page.get_by_role("heading", name="Việc của đơn vị — UBND xã Gia Vân").wait_for()
    assert page.get_by_text("Quá hạn 3 ngày").first.is_visible()
    screenshot(page, "home-officer-phone")
    check_a11y(page)
