"""The admin and account pages added lately, on an old phone (390×844) and a desktop (1280): with demo data
(several rows each), the page never scrolls sideways on the phone (wide tables scroll inside their own
``.table-responsive``), the page's main action sits on screen without zooming, and axe-core finds no WCAG 2.1
A/AA violation at either width. Each page is also kept as a screenshot per width, for a person to look at.

One walk per role collects every page's problems and fails once with the whole list.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.browser.conftest import axe_violations, describe_violations, login, screenshot
from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Agency, NotificationKind, OutboxMessage, OutboxStatus, TaskStatus, User, Webhook
from tracker.services import demo
from tracker.services.notifications import delivery
from tracker.services.organisation import invitations, tokens
from tracker.services.tasks import planning, workflow

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1280, 900)
LONG_URL = ("https://hethong-quanlyvanban.ninhbinh.gov.vn/api/v2/tich-hop/nhan-su-kien-khac-phuc-sau-tham-dinh"
            "?nguon=theo-doi-khac-phuc&ma-don-vi=UBND-huyen-Gia-Vien&khoa=4f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f")
LONG_ERROR = ("HTTPSConnectionPool(host='hethong-quanlyvanban.ninhbinh.gov.vn', port=443): Max retries exceeded "
              "with url: /api/v2/tich-hop/nhan-su-kien-khac-phuc-sau-tham-dinh?nguon=theo-doi-khac-phuc "
              "(Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f3a2c1d5e50>))")
BAD_CSV = ("Đơn vị,Tên cơ quan,Tên viết tắt,Loại\n"
           "UBND xã Gia Phong,UBND xã Gia Phong,Xã Gia Phong,commune\n"
           "UBND xã Gia Phong,Phòng Kinh tế xã Gia Phong,VP Đại Hoàng,department\n"
           "UBND xã Gia Phong,Trung tâm Phục vụ hành chính công xã Gia Phong,TTHCC Gia Phong,trung tâm\n")
GOOD_CSV = ("Đơn vị,Tên cơ quan,Tên viết tắt,Loại\n"
            "UBND xã Gia Phong,UBND xã Gia Phong,Xã Gia Phong,commune\n"
            "UBND xã Gia Phong,Văn phòng HĐND và UBND xã Gia Phong,VP Gia Phong,office\n"
            "UBND xã Gia Phong,Phòng Kinh tế xã Gia Phong,KT Gia Phong,department\n")


@dataclass
class Stop:
    """One page to look at: where it is (or how to reach it), its screenshot's name and its main action."""

    name: str
    path: str
    action: tuple[str, str]  # (ARIA role, accessible name)
    then: Callable | None = None  # what a person does on ``path`` to reach the page looked at


def _fits_the_phone(page) -> bool:
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _on_screen(page, role: str, name: str) -> str | None:
    """Why the main action cannot be seen without zooming (None when it can): absent, hidden or cut off."""
    target = page.get_by_role(role, name=name, exact=True)
    if target.count() == 0:
        return f"no {role} named “{name}”"
    target = target.first
    if not target.is_visible():
        return f"the {role} “{name}” is hidden"
    target.scroll_into_view_if_needed()
    box, width = target.bounding_box(), page.evaluate("window.innerWidth")
    if box is None or box["x"] < 0 or box["x"] + box["width"] > width + 0.5:
        return f"the {role} “{name}” is cut off ({box}) on a screen {width}px wide"
    return None


def _walk(new_page, base: str, username: str | None, stops: list[Stop]) -> list[str]:
    problems = []
    for (width, height), label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = new_page(width, height)
        if username:
            login(page, base, username)
        for stop in stops:
            response = page.goto(f"{base}{stop.path}")
            where = f"{stop.path} ({label})"
            if response.status != 200:
                problems.append(f"{where}: answered {response.status}")
                continue
            if stop.then:
                stop.then(page)
                page.wait_for_load_state("load")
                where = f"{stop.name} ({label})"
            screenshot(page, f"phone-admin-{stop.name}-{label}")
            if label == "phone" and not _fits_the_phone(page):
                problems.append(f"{where}: the page scrolls sideways ("
                                f"{page.evaluate('document.documentElement.scrollWidth')}px on a 390px screen)")
            missing = _on_screen(page, *stop.action)
            if missing:
                problems.append(f"{where}: {missing}")
            page.evaluate("window.scrollTo(0, 0)")
            violations = axe_violations(page)
            if violations:
                problems.append(describe_violations(where, violations))
    return problems


def _upload(content: str, tmp_path, name: str):
    def _do(page):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        page.get_by_label("Tệp CSV (UTF-8)").set_input_files(str(path))
        page.get_by_role("button", name="Xem trước").click()
        page.wait_for_load_state()
    return _do


def _make_token(page):
    page.get_by_label("Tên mã (hệ thống sẽ dùng)").fill("Hệ thống quản lý văn bản và điều hành của xã")
    page.get_by_role("button", name="Tạo mã truy cập").click()
    page.wait_for_load_state()


def _by_username(username: str) -> User:
    return db.session.scalars(db.select(User).filter_by(username=username)).one()


def _agency(short_name: str) -> Agency:
    return db.session.scalars(db.select(Agency).filter_by(short_name=short_name)).one()


def _webhooks(admin: User, officer: User) -> None:
    """Three webhooks, one with a long address, each with a few deliveries (sent, failed, waiting)."""
    unit = _agency("UBND huyện")
    hooks = [Webhook(url=LONG_URL, kinds=["assigned", "overdue", "returned"], secret="whsec_demo1", unit=unit,
                     created_by=admin),
             Webhook(url="https://baocao.ninhbinh.gov.vn/su-kien", kinds=["submitted"], secret="whsec_demo2",
                     created_by=admin),
             Webhook(url="https://eoffice.giavien.ninhbinh.gov.vn/hook", kinds=["direction"], secret="whsec_demo3",
                     is_active=False, created_by=admin)]
    db.session.add_all(hooks)
    db.session.flush()
    answers = [(OutboxStatus.SENT, 200, None), (OutboxStatus.FAILED, None, LONG_ERROR),
               (OutboxStatus.QUEUED, 503, "503 Service Unavailable"), (OutboxStatus.SENT, 204, None)]
    for h, hook in enumerate(hooks[:2]):
        for n, (status, code, error) in enumerate(answers):
            db.session.add(OutboxMessage(kind=NotificationKind.ASSIGNED, webhook_id=hook.id, status=status,
                                         response_code=code, last_error=error, attempts=n + 1,
                                         data={"title": "Niêm yết công khai thủ tục hành chính"},
                                         dedup_key=f"phone-webhook-{h}-{n}", actor_id=officer.id))


def _outbox_and_notifications(make, officer: User) -> None:
    """Tasks assigned to the officer (notifications, .eml files written) and messages that could not be sent."""
    leader = _by_username("chutich")
    titles = ["Niêm yết công khai thủ tục hành chính tại bộ phận một cửa của xã",
              "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực hộ tịch, chứng thực",
              "Báo cáo kết quả khắc phục tồn tại về tiếp nhận hồ sơ trực tuyến toàn trình",
              "Rà soát, đề nghị cán bộ, công chức chưa đạt chuẩn trình độ chuyên môn đi học nâng cao"]
    tasks = [make.task(officer.agency, title=t, status=TaskStatus.DRAFT) for t in titles]
    planning.assign_tasks(tasks, leader)
    workflow.add_direction(tasks[0], leader, "Đề nghị hoàn thành trước ngày 15 và báo cáo kết quả bằng văn bản; "
                                             "gửi kèm ảnh chụp bảng niêm yết tại bộ phận một cửa.")
    for n, user in enumerate([officer, _by_username("noivu.cchc"), _by_username("phochutich")]):
        db.session.add(OutboxMessage(kind=NotificationKind.RETURNED, task_id=tasks[n].id, recipient_id=user.id,
                                     data={"title": tasks[n].title}, dedup_key=f"phone-failed-{n}",
                                     status=OutboxStatus.FAILED, attempts=5,
                                     last_error="SMTPRecipientsRefused: {'" + (user.email or "") + "': (550, b'5.1.1 "
                                                "<" + (user.email or "") + ">: Recipient address rejected: "
                                                "User unknown in virtual mailbox table')}"))
    db.session.commit()
    delivery.deliver_once()


@pytest.fixture
def site(app, make):
    app.config.update(MAIL_RETRY_SECONDS=0)
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    admin = _by_username("admin")
    officer = _by_username(demo.officer_username("Xã Gia Hòa"))
    _webhooks(admin, officer)
    _outbox_and_notifications(make, officer)
    for name, agency, scope in [("Hệ thống quản lý văn bản và điều hành tỉnh Ninh Bình", "UBND huyện", "read"),
                                ("Cổng dịch vụ công", "Phòng NV", "write"), ("Báo cáo số liệu", "Xã Gia Hòa", "read")]:
        tokens.create_integration(admin, name=name, scope=scope, agency=_agency(agency), expires_days=365)
    for name in ("Phần mềm một cửa điện tử", "Bảng tính tổng hợp"):
        tokens.create(officer, name=name, scope="read", expires_days=90)
    invited = _by_username(demo.officer_username("VP Đại Hoàng"))
    invitation = invitations.invite(invited, admin)
    commune = _agency("UBND Đại Hoàng")
    db.session.commit()
    return {"unit_id": commune.id, "account_id": invited.id, "invitation": invitation, "officer": officer.username}


def test_the_admins_new_pages_fit_a_phone(live_server, new_page, site, axe_available, tmp_path):
    stops = [Stop("webhooks", "/quan-tri/webhook", ("button", "Tạo webhook")),
             Stop("units", "/quan-tri/don-vi", ("link", "Thêm đơn vị")),
             Stop("unit-edit", f"/quan-tri/don-vi/{site['unit_id']}/sua", ("button", "Lưu")),
             Stop("unit-import", "/quan-tri/don-vi/nhap-csv", ("button", "Xem trước")),
             Stop("unit-import-problems", "/quan-tri/don-vi/nhap-csv", ("button", "Xem trước"),
                  _upload(BAD_CSV, tmp_path, "loi.csv")),
             Stop("unit-import-preview", "/quan-tri/don-vi/nhap-csv", ("button", "Nhập 1 đơn vị và 2 cơ quan"),
                  _upload(GOOD_CSV, tmp_path, "tot.csv")),
             Stop("outbox", "/quan-tri/thu-gui", ("button", "Gửi lại")),
             Stop("integration-tokens", "/quan-tri/ma-tich-hop", ("button", "Tạo mã truy cập"))]
    problems = _walk(new_page, live_server, "admin", stops)
    assert not problems, "\n\n".join(problems)


def test_an_officers_notifications_and_tokens_fit_a_phone(live_server, new_page, site, axe_available):
    stops = [Stop("notifications", "/thong-bao", ("button", "Đánh dấu tất cả là đã đọc")),
             Stop("mail-preferences", "/ho-so/thu-dien-tu", ("button", "Lưu")),
             Stop("profile-tokens", "/ho-so", ("button", "Tạo mã truy cập")),
             Stop("token-created", "/ho-so", ("link", "Xong"), _make_token)]
    problems = _walk(new_page, live_server, site["officer"], stops)
    assert not problems, "\n\n".join(problems)


def test_a_unit_coordinators_account_pages_fit_a_phone(live_server, new_page, site, axe_available):
    stops = [Stop("unit-accounts", "/tai-khoan-don-vi/", ("link", "Thêm người dùng")),
             Stop("unit-account-new", "/tai-khoan-don-vi/them", ("button", "Lưu")),
             Stop("unit-account-edit", f"/tai-khoan-don-vi/{site['account_id']}/sua", ("button", "Lưu"))]
    problems = _walk(new_page, live_server, "cchc.daihoang", stops)
    assert not problems, "\n\n".join(problems)


def test_the_invitation_page_fits_a_phone(live_server, new_page, site, axe_available):
    problems = _walk(new_page, live_server, None,
                     [Stop("invitation", f"/loi-moi/{site['invitation']}", ("button", "Đặt mật khẩu"))])
    assert not problems, "\n\n".join(problems)


def test_empty_pages_say_what_to_do_on_a_phone(live_server, new_page, app, make, check_a11y):
    officer = make.officer(make.agency("Phòng Tư pháp", "PTP"), username="canbo.moi")
    admin = make.admin(username="quantri")
    db.session.commit()
    page = new_page(*PHONE)
    login(page, live_server, admin.username)
    for path, name, says in [("/quan-tri/webhook", "webhooks-empty", "Chưa có webhook nào. Điền địa chỉ nhận"),
                             ("/quan-tri/ma-tich-hop", "integration-tokens-empty",
                              "Chưa có mã truy cập tích hợp nào. Khi một hệ thống khác")]:
        page.goto(f"{live_server}{path}")
        assert page.get_by_text(says).is_visible() and _fits_the_phone(page)
        screenshot(page, f"phone-admin-{name}-phone")
        check_a11y(page)
    reader = new_page(*PHONE)
    login(reader, live_server, officer.username)
    reader.goto(f"{live_server}/thong-bao")
    assert reader.get_by_text("Chưa có thông báo nào. Khi bạn được giao nhiệm vụ").is_visible()
    assert _on_screen(reader, "link", "Xem danh sách nhiệm vụ") is None and _fits_the_phone(reader)
    screenshot(reader, "phone-admin-notifications-empty-phone")
    check_a11y(reader)
