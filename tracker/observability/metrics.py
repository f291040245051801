"""Prometheus metrics: request latency by endpoint, responses and errors by status, failed logins, the outbox.

Under gunicorn every worker is its own process, so the counters are kept in files under
``PROMETHEUS_MULTIPROC_DIR`` (set by deploy/gunicorn.conf.py before the app is imported) and summed at
each scrape; without that variable (``flask run``, tests) they live in the process.

The outbox's depth is read from the database at each scrape, not counted in a process: every host's
workers and delivery workers share that one queue.

``/metrics`` answers only a bearer token equal to ``METRICS_TOKEN`` or an address in ``METRICS_ALLOWED_IPS``
(loopback by default); anyone else gets the same 404 as an unknown address, logged in or not.
"""

import hmac
import ipaddress
import os
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

bp = Blueprint("monitoring", __name__)

BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
REQUEST_SECONDS = Histogram("tracker_http_request_duration_seconds", "Time to answer a request, by endpoint.",
                            ["endpoint", "method"], buckets=BUCKETS)
RESPONSES = Counter("tracker_http_responses_total", "Responses sent, by endpoint and status code.",
                    ["endpoint", "method", "status"])
ERRORS = Counter("tracker_http_errors_total", "Responses with a server error (5xx), by endpoint and status.",
                 ["endpoint", "status"])
LOGIN_FAILURES = Counter("tracker_login_failures_total", "Refused logins (wrong name or password, locked account).")


def login_failed() -> None:
    LOGIN_FAILURES.inc()


def _endpoint() -> str:
    # Unmatched paths share one label, so scanners cannot grow the metrics without bound.
    return request.endpoint or "unmatched"


def start_timer() -> None:
    g.metrics_started = time.perf_counter()


def record_response(response):
    started = g.pop("metrics_started", None)
    endpoint = _endpoint()
    if endpoint == "monitoring.metrics":
        return response
    if started is not None:
        REQUEST_SECONDS.labels(endpoint, request.method).observe(time.perf_counter() - started)
    RESPONSES.labels(endpoint, request.method, str(response.status_code)).inc()
    if response.status_code >= 500:
        ERRORS.labels(endpoint, str(response.status_code)).inc()
    return response


def _allowed_networks() -> list:
    networks = []
    for item in current_app.config.get("METRICS_ALLOWED_IPS") or ():
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            current_app.logger.warning("METRICS_ALLOWED_IPS: ignoring %r", item)
    return networks


def may_read_metrics() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in _allowed_networks())


class OutboxCollector:
    """Messages in the outbox by status, events not yet turned into messages (status "event"), and webhooks'
    deliveries by status (a separate family: an operator alerts on failed ones differently)."""

    def collect(self):
        from ..services.notifications import outbox

        family = GaugeMetricFamily("tracker_outbox_messages",
                                   "Outbox messages by status; 'event' counts events not yet given their readers.",
                                   labels=["status"])
        hooks = GaugeMetricFamily("tracker_webhook_deliveries", "Webhooks' deliveries in the outbox by status.",
                                  labels=["status"])
        try:
            counts = {status.value: n for status, n in outbox.counts().items()}
            counts["event"] = outbox.events_waiting()
            hook_counts = {status.value: n for status, n in outbox.webhook_counts().items()}
        except SQLAlchemyError:  # the database is down: say nothing rather than fail the scrape
            db.session.rollback()
            return
        for status in ("queued", "sent", "skipped", "failed", "event"):
            family.add_metric([status], counts.get(status, 0))
        yield family
        for status in ("queued", "sent", "failed"):
            hooks.add_metric([status], hook_counts.get(status, 0))
        yield hooks


@bp.get("/metrics")
def metrics():
    if not may_read_metrics():
        abort(404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = PROCESS_REGISTRY
    outbox_registry = CollectorRegistry()
    outbox_registry.register(OutboxCollector())
    return Response(generate_latest(registry) + generate_latest(outbox_registry), mimetype=CONTENT_TYPE_LATEST)


def register(app: Flask) -> None:
    app.before_request(start_timer)
    app.after_request(record_response)
    app.register_blueprint(bp)
