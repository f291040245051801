"""Pages of the security fixes, seen in a real browser: invitations, the outage page, the admin's notice."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tracker import create_app

pytestmark = pytest.mark.browser

USERS_CSV = ("username,full_name,role,agency,email\n"
             "cb.giahung,Nguyễn Thị Hưng,officer,Phòng Tư pháp,\n"
             "cb.giaphu,Trần Văn Phú,officer,Phòng Tư pháp,\n")


def test_an_imported_account_sets_its_password_through_its_link(live_server, new_page, make, tmp_path, check_a11y):
    make.agency("Phòng Tư pháp", "Phòng TP")
    admin = make.admin()
    page = new_page()
    login(page, live_server, admin.username)
    page.goto(f"{live_server}/quan-tri/nhap-csv")
    csv_file = tmp_path / "nguoi-dung.csv"
    csv_file.write_text(USERS_CSV, encoding="utf-8")
    page.locator("[name=kind]").select_option("users")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.locator("form").filter(has=page.locator("input[type=file]")).locator("button[type=submit]").click()
    page.get_by_role("button", name="Nhập 2 dòng").click()
    page.get_by_role("heading", name="Đã nhập 2 dòng").wait_for()
    screenshot(page, "import-invitation-links")
    check_a11y(page)
    link = page.locator("#invitation-links code").first.inner_text()

    owner = new_page(width=390, height=844)
    owner.goto(link.replace("http://localhost", live_server))
    owner.get_by_role("heading", name="Đặt mật khẩu").wait_for()
    screenshot(owner, "invitation-set-password-phone")
    check_a11y(owner)
    owner.get_by_label("Mật khẩu", exact=True).fill("lúa chín vàng đồng quê")
    owner.get_by_label("Nhập lại mật khẩu").fill("lúa chín vàng đồng quê")
    owner.get_by_role("button", name="Đặt mật khẩu").click()
    owner.get_by_text("Mời bạn đăng nhập").wait_for()
    login(owner, live_server, "cb.giahung", "lúa chín vàng đồng quê")
    assert "/dang-nhap" not in owner.url


def test_the_admin_sees_accounts_under_repeated_failures(live_server, new_page, make, app, check_a11y):
    from tests.conftest import Browser

    admin = make.admin()
    make.leader(username="ct.ubnd")
    attacker = Browser(app.test_client())
    for address in range(6):
        for _ in range(2):
            attacker.login("ct.ubnd", "doan-mat-khau", environ_base={"REMOTE_ADDR": f"203.0.113.{address}"})
    page = new_page()
    login(page, live_server, admin.username, PASSWORD)
    page.goto(f"{live_server}/quan-tri/")
    page.locator("#accounts-under-attack").wait_for()
    screenshot(page, "admin-accounts-under-attack")
    check_a11y(page)


def test_the_outage_page(new_page, tmp_path, check_a11y):
    dead = create_app("test", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                               "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
                               "UPLOAD_FOLDER": str(tmp_path)})
    server = make_server("127.0.0.1", 0, dead, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page = new_page(width=390, height=844)
        base = f"http://127.0.0.1:{server.server_port}"
        page.goto(f"{base}/dang-nhap")
        page.get_by_label("Tên đăng nhập").fill("ct.ubnd")
        page.get_by_label("Mật khẩu").fill("mat-khau-bat-ky")
        response = None
        with page.expect_response(lambda r: r.request.method == "POST") as info:
            page.get_by_role("button", name="Đăng nhập").click()
        response = info.value
        assert response.status == 503 and response.headers["retry-after"] == "30"
        page.get_by_role("heading", name="Hệ thống tạm gián đoạn").wait_for()
        screenshot(page, "outage-503-phone")
        check_a11y(page)
    finally:
        server.shutdown()
        thread.join(timeout=5)
