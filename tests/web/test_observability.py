"""Request ids, operator logs (text or JSON, secrets masked) and the /metrics page with its gate."""

import io
import json
import logging
import re

import pytest

from tracker.observability import logs

FROM_OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}


# --- request id ---------------------------------------------------------------------------------------------------

def test_every_response_carries_a_request_id_and_a_sane_one_from_the_proxy_is_kept(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz").headers["X-Request-ID"] != made
    proxy_id = "5f0c1e2d3b4a59687766554433221100"
    assert client.get("/healthz", headers={"X-Request-ID": proxy_id}).headers["X-Request-ID"] == proxy_id


@pytest.mark.parametrize("given", ["short", "has space in it", "id;rm -rf /tmp", "<script>alert(1)</script>",
                                   "x" * 65])
def test_a_request_id_that_is_not_sane_is_replaced(client, given):
    got = client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"]
    assert got != given and re.fullmatch(r"[0-9a-f]{32}", got)


def test_error_pages_show_the_request_id(client):
    response = client.get("/khong-co-trang-nay", headers={"X-Request-ID": "req-4242-abcd"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "req-4242-abcd" in page and "Mã yêu cầu" in page


# --- logs ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, cleaned", [
    ("GET /nhiem-vu/lich/AbC_123-xyz.ics HTTP/1.1", "GET /nhiem-vu/lich/***.ics HTTP/1.1"),
    ("/nhiem-vu/lich/AbC_123-xyz/co-quan/7.ics", "/nhiem-vu/lich/***/co-quan/7.ics"),
    ("POST /nhiem-vu/lich/tao", "POST /nhiem-vu/lich/tao"),
    ("POST /nhiem-vu/lich/tat", "POST /nhiem-vu/lich/tat"),
    ("/dat-mat-khau?token=s3cr3t&next=/", "/dat-mat-khau?token=***&next=/"),
    ("/x?a=1&access_token=abc&API_KEY=def", "/x?a=1&access_token=***&API_KEY=***"),
    ("/nhiem-vu?status=overdue&page=2", "/nhiem-vu?status=overdue&page=2"),
    ("token=abc&page=2", "token=***&page=2"),
])
def test_secrets_in_paths_are_masked(raw, cleaned):
    assert logs.redact(raw) == cleaned


def _capture(log_format: str):
    stream = io.StringIO()
    handler = logs.make_handler(log_format, stream)
    logger = logging.getLogger("tracker.test_observability")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger, handler, stream


def test_json_log_lines_carry_the_request_id_and_no_feed_key(app):
    logger, handler, stream = _capture("json")
    try:
        with app.test_request_context("/nhiem-vu/lich/SECRETKEY123.ics", headers={"X-Request-ID": "proxy-id-0001"}):
            app.preprocess_request()
            logger.warning("refused %s %s", "GET", "/nhiem-vu/lich/SECRETKEY123.ics?token=abc")
        logger.info("outside any request")
    finally:
        logging.getLogger("tracker.test_observability").removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["request_id"] == "proxy-id-0001" and first["level"] == "WARNING"
    assert first["message"] == "refused GET /nhiem-vu/lich/***.ics?token=***"
    assert "SECRETKEY123" not in stream.getvalue()
    assert first["time"].endswith("Z") and second["request_id"] == "-"


def test_text_log_lines_carry_the_request_id(app):
    logger, handler, stream = _capture("text")
    try:
        with app.test_request_context("/", headers={"X-Request-ID": "proxy-id-0002"}):
            app.preprocess_request()
            logger.info("hello")
    finally:
        logging.getLogger("tracker.test_observability").removeHandler(handler)
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+Z INFO tracker.test_observability \[proxy-id-0002\] hello$",
                    stream.getvalue().strip())


# --- metrics ------------------------------------------------------------------------------------------------------

def _metric(text: str, name: str, **labels) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            if line[len(name)] in "{ ":
                total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_are_refused_without_token_or_allowed_address(app, client, make, login_as):
    app.config["METRICS_ALLOWED_IPS"] = ("127.0.0.1", "10.0.0.0/8")
    app.config["METRICS_TOKEN"] = "the-scrapers-token-0123456789"
    assert client.get("/metrics", environ_base=FROM_OUTSIDE).status_code == 404
    assert client.get("/metrics", environ_base=FROM_OUTSIDE,
                      headers={"Authorization": "Bearer wrong"}).status_code == 404
    admin = login_as(make.admin())  # a session is not a way in
    assert admin.get("/metrics", environ_base=FROM_OUTSIDE).status_code == 404
    assert client.get("/metrics", environ_base=FROM_OUTSIDE,
                      headers={"Authorization": "Bearer the-scrapers-token-0123456789"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics").status_code == 200  # 127.0.0.1


def test_no_token_configured_means_no_token_opens_it(app, client):
    app.config["METRICS_TOKEN"] = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_count_latency_by_endpoint_errors_and_failed_logins(app, client, web, make):
    app.config["METRICS_ALLOWED_IPS"] = ("127.0.0.1",)
    before = client.get("/metrics").get_data(as_text=True)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/khong-co-trang-nay")
    make.officer(username="canbo1")
    assert web.login("canbo1", "sai mật khẩu rồi").status_code == 401
    after = client.get("/metrics").get_data(as_text=True)

    def grew(name, **labels):
        return _metric(after, name, **labels) - _metric(before, name, **labels)

    assert grew("tracker_http_request_duration_seconds_count", endpoint="main.healthz", method="GET") == 2
    assert grew("tracker_http_responses_total", endpoint="main.healthz", status="200") == 2
    assert grew("tracker_http_responses_total", endpoint="unmatched", status="404") == 1
    assert grew("tracker_login_failures_total") == 1
    assert "tracker_http_errors_total" in after


def test_metrics_show_the_outbox_depth_read_from_the_database(app, client, make):
    from tracker.extensions import db
    from tracker.models import NotificationKind
    from tracker.services.notifications import outbox

    app.config["METRICS_ALLOWED_IPS"] = ("127.0.0.1",)
    officer = make.officer()
    task = make.task(officer.agency)
    outbox.emit(NotificationKind.ASSIGNED, task)  # an event: its readers are chosen at delivery
    outbox.queue_many([{"kind": NotificationKind.ASSIGNED, "dedup_key": "metrics-test", "task_id": task.id,
                        "recipient_id": officer.id}])
    from tracker.models import OutboxMessage, OutboxStatus, Webhook

    hook = Webhook(url="https://hethong.tinh.gov.vn/hook", kinds=["assigned"], secret="whsec_x")
    db.session.add(OutboxMessage(kind=NotificationKind.ASSIGNED, task=task, webhook=hook, data={},
                                 dedup_key="metrics-webhook", status=OutboxStatus.FAILED, attempts=5))
    db.session.commit()
    text = client.get("/metrics").get_data(as_text=True)
    assert _metric(text, "tracker_outbox_messages", status="event") == 1
    assert _metric(text, "tracker_outbox_messages", status="queued") == 1
    assert _metric(text, "tracker_outbox_messages", status="failed") == 0
    assert _metric(text, "tracker_webhook_deliveries", status="failed") == 1
