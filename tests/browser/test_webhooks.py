"""Webhooks in a real browser: the admin registers the local receiver (secret shown once), an event is delivered
after a failure, and the page shows each delivery's status and response code (screenshots to look at)."""

import pytest

from tests.browser.conftest import login, screenshot
from tests.services.test_webhooks import Receiver
from tracker.extensions import db
from tracker.models import TaskStatus, Webhook
from tracker.services.notifications import delivery, webhooks
from tracker.services.tasks import planning

pytestmark = pytest.mark.browser


def test_the_admin_registers_a_webhook_and_sees_its_deliveries(live_server, new_page, app, make, check_a11y):
    app.config.update(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_ALLOW_PRIVATE=True, MAIL_RETRY_SECONDS=0, MAIL_MAX_ATTEMPTS=3)
    receiver = Receiver()
    try:
        leader = make.leader()
        lead = make.agency("Phòng Tư pháp", "PTP")
        admin = make.admin()
        db.session.commit()
        webhooks.register(receiver.url, ["assigned"], None, admin)  # the one already delivering
        receiver.secret = db.session.scalars(db.select(Webhook)).one().secret
        receiver.answers = [500]
        task = make.task(lead, title="Niêm yết công khai thủ tục hành chính", status=TaskStatus.DRAFT)
        planning.assign_tasks([task], leader)
        db.session.commit()
        delivery.deliver_once()
        assert [s["valid"] for s in receiver.seen] == [True, True]
        page = new_page()
        login(page, live_server, admin.username)
        page.goto(f"{live_server}/quan-tri/webhook")
        assert page.get_by_role("cell", name="200", exact=True).is_visible()
        assert page.get_by_role("cell", name="Đã gửi").is_visible()
        page.get_by_label("Địa chỉ nhận (https://)").fill(receiver.url.replace("/hook", "/second"))
        page.get_by_label("Được giao nhiệm vụ").check()
        page.get_by_label("Quá hạn").check()
        screenshot(page, "webhooks-page")
        check_a11y(page)
        page.get_by_role("button", name="Tạo webhook").click()
        page.wait_for_load_state()
        secret = page.get_by_label("Khóa bí mật").input_value()
        assert secret.startswith("whsec_")
        screenshot(page, "webhooks-secret-once")
        check_a11y(page)
        page.get_by_role("link", name="Xong").click()
        page.wait_for_load_state()
        assert secret not in page.content() and page.get_by_text("Chưa gửi lần nào.").is_visible()
        screenshot(page, "webhooks-two")
        check_a11y(page)
    finally:
        receiver.stop()
