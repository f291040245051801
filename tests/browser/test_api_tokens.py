"""API tokens in a real browser: made on the profile (shown once), used against the API, revoked after asking;
the API's docs page renders from local files (screenshots to look at)."""

import re
import urllib.request

import pytest

from tests.browser.conftest import confirmed, login, screenshot

pytestmark = pytest.mark.browser


def _status(url: str, secret: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 (the test's own server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_officer_makes_uses_and_revokes_a_token(live_server, new_page, app, make, check_a11y):
    officer = make.officer(make.agency(name="Phòng Nội vụ"))
    make.task(officer.agency, title="Rà soát thủ tục hành chính")
    page = new_page()
    login(page, live_server, officer.username)
    page.goto(f"{live_server}/ho-so")
    page.get_by_label("Tên mã (hệ thống sẽ dùng)").fill("Hệ thống quản lý văn bản")
    page.get_by_label("Quyền").select_option(label="Chỉ đọc")
    screenshot(page, "api-token-profile")
    check_a11y(page)
    page.get_by_role("button", name="Tạo mã truy cập").click()
    page.wait_for_load_state()
    secret = page.get_by_label(re.compile("Mã truy cập")).input_value()
    assert secret.startswith("trk_")
    screenshot(page, "api-token-shown")
    check_a11y(page)
    assert _status(f"{live_server}/api/v1/tasks", secret) == 200
    page.get_by_role("link", name="Xong").click()
    assert secret not in page.content()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Thu hồi")).click()
    confirmed(page, page.get_by_text("Đã thu hồi mã truy cập").first)
    screenshot(page, "api-token-revoked")
    check_a11y(page)
    assert _status(f"{live_server}/api/v1/tasks", secret) == 401


def test_the_docs_page_renders_without_a_cdn(live_server, new_page):
    page = new_page()
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server}/api/v1/docs")
    page.get_by_text("/api/v1/tasks", exact=True).first.wait_for()
    screenshot(page, "api-docs")
    assert not failed and all(u.startswith(live_server) for u in [page.url])
