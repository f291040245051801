"""Webhooks against a real local receiver: signed deliveries, retries after failures, no redirects, no private
addresses unless the admin allowed them."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import NotificationKind, OutboxMessage, OutboxStatus, TaskStatus
from tracker.services.notifications import delivery, webhooks
from tracker.services.tasks import planning

K = NotificationKind


class Receiver:
    """An HTTP server on 127.0.0.1 that checks each request's signature, answering ``answers`` in turn (then 200)."""

    def __init__(self):
        self.secret = ""
        self.answers: list[int] = []
        self.seen: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp = self.headers["X-Tracker-Timestamp"]
                expected = "sha256=" + hmac.new(receiver.secret.encode(), f"{stamp}.".encode() + body,
                                                hashlib.sha256).hexdigest()
                receiver.seen.append({
                    "valid": hmac.compare_digest(expected, self.headers["X-Tracker-Signature"]),
                    "event": self.headers["X-Tracker-Event"], "delivery": self.headers["X-Tracker-Delivery"],
                    "body": json.loads(body), "path": self.path})
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                if 300 <= code < 400:
                    self.send_header("Location", f"http://127.0.0.1:{receiver.port}/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook?source=tracker"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(app):
    app.config.update(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_ALLOW_PRIVATE=True, MAIL_RETRY_SECONDS=0,
                      MAIL_MAX_ATTEMPTS=3, BASE_URL="https://theodoi.tinh.gov.vn", WEBHOOK_TIMEOUT_SECONDS=5)
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture
def world(make):
    leader = make.leader()
    lead = make.agency("Phòng Tư pháp", "PTP")
    db.session.commit()
    return leader, lead, make


def assign(world, title="Niêm yết công khai thủ tục hành chính"):
    leader, lead, make = world
    task = make.task(lead, title=title, status=TaskStatus.DRAFT)
    planning.assign_tasks([task], leader)
    db.session.commit()
    return task


def hook_for(receiver, world, kinds=("assigned",), unit=None):
    hook, secret = webhooks.register(receiver.url, list(kinds), unit, world[0])
    db.session.commit()
    receiver.secret = secret
    return hook


def deliveries(hook):
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.webhook_id == hook.id)).all()


def test_a_signed_delivery_after_two_failures_is_retried_until_it_arrives(receiver, world):
    hook = hook_for(receiver, world)
    receiver.answers = [500, 503]
    task = assign(world)
    result = delivery.deliver_once()
    assert len(receiver.seen) == 3 and all(s["valid"] for s in receiver.seen)
    assert len({s["delivery"] for s in receiver.seen}) == 1, "every retry is the same delivery"
    body = receiver.seen[-1]["body"]
    assert receiver.seen[-1]["event"] == "assigned" and receiver.seen[-1]["path"] == "/hook?source=tracker"
    assert body["event"] == "assigned" and body["task"]["id"] == task.id
    assert body["task"]["title"] == "Niêm yết công khai thủ tục hành chính"
    assert body["task"]["api_url"] == f"https://theodoi.tinh.gov.vn/api/v1/tasks/{task.id}"
    assert body["task"]["lead_agency"] == "Phòng Tư pháp" and body["task"]["status"] == task.status.value
    [row] = deliveries(hook)
    assert (row.status, row.attempts, row.response_code) == (OutboxStatus.SENT, 3, 200)
    assert result.failed_attempts == 2


def test_a_receiver_that_keeps_failing_is_marked_failed_and_can_be_sent_again(receiver, world):
    hook = hook_for(receiver, world)
    receiver.answers = [500] * 3
    assign(world)
    delivery.deliver_once()
    [row] = deliveries(hook)
    assert (row.status, row.attempts, row.response_code) == (OutboxStatus.FAILED, 3, 500)
    assert "HTTP 500" in row.last_error
    from tracker.services.notifications import outbox

    outbox.resend(row)
    db.session.commit()
    delivery.deliver_once()
    assert (row.status, row.response_code) == (OutboxStatus.SENT, 200) and len(receiver.seen) == 4


def test_a_redirect_is_not_followed(receiver, world):
    hook = hook_for(receiver, world)
    receiver.answers = [302] * 3
    assign(world)
    delivery.deliver_once()
    [row] = deliveries(hook)
    assert row.status == OutboxStatus.FAILED and row.response_code == 302 and "redirect" in row.last_error
    assert all(s["path"] == "/hook?source=tracker" for s in receiver.seen), "nothing reached /elsewhere"


def test_only_the_kinds_and_the_unit_chosen_are_sent(receiver, world, make):
    hook_for(receiver, world, kinds=("direction",))
    other_unit = make.unit("UBND xã Gia Vân", "Xã Gia Vân")
    hook_for(receiver, world, kinds=("assigned",), unit=other_unit)
    assign(world)
    delivery.deliver_once()
    assert receiver.seen == []


def test_an_inactive_webhook_hears_nothing(receiver, world):
    hook = hook_for(receiver, world)
    hook.is_active = False
    db.session.commit()
    assign(world)
    delivery.deliver_once()
    assert receiver.seen == [] and deliveries(hook) == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "https://10.1.2.3/hook", "https://[::1]/hook",
                                 "https://169.254.169.254/latest", "https://localhost/hook"])
def test_private_and_loopback_addresses_are_refused_by_default(app, world, url):
    app.config.update(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_ALLOW_PRIVATE=False)
    with pytest.raises(webhooks.WebhookError):
        webhooks.register(url, ["assigned"], None, world[0])


def test_http_is_refused_unless_allowed(app, world):
    app.config.update(WEBHOOK_ALLOW_HTTP=False, WEBHOOK_ALLOW_PRIVATE=True)
    with pytest.raises(webhooks.WebhookError):
        webhooks.register("http://127.0.0.1/hook", ["assigned"], None, world[0])
    with pytest.raises(webhooks.WebhookError):
        webhooks.register("ftp://127.0.0.1/hook", ["assigned"], None, world[0])


def test_an_address_allowed_when_registered_is_checked_again_when_sent(receiver, world, app):
    hook = hook_for(receiver, world)
    app.config.update(WEBHOOK_ALLOW_PRIVATE=False)
    assign(world)
    delivery.deliver_once()
    [row] = deliveries(hook)
    assert row.status == OutboxStatus.FAILED and row.response_code is None and receiver.seen == []
