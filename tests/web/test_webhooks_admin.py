"""The admin's webhooks page: create (secret shown once), refuse a private address, turn off, delete, resend."""

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import AuditEvent, NotificationKind, OutboxMessage, OutboxStatus, Webhook

PAGE = "/quan-tri/webhook"


def test_the_admin_creates_a_webhook_and_sees_its_secret_once(app, make, login_as):
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True)
    unit = make.unit("UBND xã Gia Viễn", "Xã Gia Viễn")
    admin = login_as(make.admin())
    shown = admin.post(PAGE, {"url": "https://127.0.0.1/hook", "kinds": ["assigned", "overdue"],
                              "unit_id": str(unit.id)}, token_from=PAGE).get_data(as_text=True)
    hook = db.session.scalars(sa.select(Webhook)).one()
    assert hook.secret in shown and hook.kinds == ["assigned", "overdue"] and hook.unit_id == unit.id
    page = admin.get(PAGE).get_data(as_text=True)
    assert "https://127.0.0.1/hook" in page and hook.secret not in page
    assert db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "webhook_created")).one()


def test_a_private_address_is_refused_by_default(make, login_as):
    admin = login_as(make.admin())
    response = admin.post(PAGE, {"url": "https://192.168.1.10/hook", "kinds": ["assigned"], "unit_id": "0"},
                          token_from=PAGE, follow_redirects=True)
    assert "mạng nội bộ" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Webhook)).all() == []


@pytest.mark.parametrize("url", ["https://[::1/hook", "https://[not-an-address]/hook"])
def test_a_malformed_address_is_refused_with_a_message_not_a_500(make, login_as, url):
    admin = login_as(make.admin())
    response = admin.post(PAGE, {"url": url, "kinds": ["assigned"], "unit_id": "0"}, token_from=PAGE,
                          follow_redirects=True)
    assert response.status_code == 200
    assert "không đúng dạng" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Webhook)).all() == []


@pytest.mark.parametrize("what", ["office", "missing"])
def test_a_unit_choice_that_names_no_unit_is_refused_not_read_as_every_unit(app, make, login_as, what):
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True)
    unit = make.unit("UBND xã Gia Viễn", "Xã Gia Viễn")
    chosen = make.agency("Văn phòng xã Gia Viễn", "VP Gia Viễn", unit=unit).id if what == "office" else 999_999
    admin = login_as(make.admin())
    response = admin.post(PAGE, {"url": "https://127.0.0.1/hook", "kinds": ["assigned"], "unit_id": str(chosen)},
                          token_from=PAGE, follow_redirects=True)
    assert "Không tìm thấy đơn vị đã chọn" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Webhook)).all() == []


def _hook(make):
    hook = Webhook(url="https://hethong.tinh.gov.vn/hook", kinds=["assigned"], secret="whsec_x", is_active=True)
    db.session.add(hook)
    db.session.commit()
    return hook


def test_turn_off_then_delete_after_confirming(make, login_as):
    hook = _hook(make)
    db.session.add(OutboxMessage(kind=NotificationKind.ASSIGNED, task_id=make.task(make.agency()).id,
                                 webhook_id=hook.id, data={}, dedup_key="wh-sent", status=OutboxStatus.SENT))
    db.session.commit()
    admin = login_as(make.admin())
    admin.post("/quan-tri/webhook/bat-tat", {"webhook_id": str(hook.id)}, token_from=PAGE)
    db.session.expire_all()
    assert hook.is_active is False
    asked = admin.post("/quan-tri/webhook/xoa", {"webhook_id": str(hook.id)}, token_from=PAGE)
    assert asked.status_code == 200 and db.session.get(Webhook, hook.id) is not None
    hook_id = hook.id
    admin.post("/quan-tri/webhook/xoa", {"webhook_id": str(hook_id), "confirmed": "1"}, token_from=PAGE)
    db.session.expire_all()
    assert db.session.get(Webhook, hook_id) is None
    assert db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.dedup_key == "wh-sent")).all() == []


def test_a_failed_delivery_is_listed_with_its_code_and_sent_again(make, login_as):
    hook = _hook(make)
    task = make.task(make.agency())
    row = OutboxMessage(kind=NotificationKind.ASSIGNED, task_id=task.id, webhook_id=hook.id, data={},
                        dedup_key="wh-failed", status=OutboxStatus.FAILED, attempts=5, response_code=503,
                        last_error="HTTP 503")
    db.session.add(row)
    db.session.commit()
    admin = login_as(make.admin())
    page = admin.get(PAGE).get_data(as_text=True)
    assert "503" in page and "HTTP 503" in page
    assert "HTTP 503" not in admin.get("/quan-tri/thu-gui").get_data(as_text=True), "listed with its webhook"
    response = admin.post(f"/quan-tri/thu-gui/{row.id}/gui-lai", token_from=PAGE)
    assert response.headers["Location"].endswith(PAGE)
    db.session.expire_all()
    assert row.status == OutboxStatus.QUEUED and row.attempts == 0
