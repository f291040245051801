"""Webhooks: the admin registers addresses told of events; deliveries go through the same outbox as e-mail.

When the worker expands an event, each active webhook that hears its kind (and its unit, if it has one) gets an
outbox row with ``webhook_id`` set and the JSON body fixed then, so every retry sends the same bytes. Sending
signs ``f"{timestamp}.{body}"`` with the webhook's secret (HMAC-SHA256), follows no redirect (a 3xx is a
failure), and refuses addresses in private, loopback, link-local or reserved ranges unless
``WEBHOOK_ALLOW_PRIVATE``: the host is resolved and checked when registered AND when sent, and the connection
goes to the very address checked, so a name re-pointed in between cannot reach the province's own network.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, NotificationKind, OutboxMessage, User, Webhook, utcnow

USER_AGENT = "tracker-webhook/1"


class WebhookError(ValueError):
    """An address that may not be registered or sent to; the message is for the admin."""


class SendFailed(Exception):
    def __init__(self, message: str, code: int | None = None):
        super().__init__(message)
        self.code = code


# --- addresses ---------------------------------------------------------------------------------------------------

def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Not a public Internet address: private, loopback, link-local, shared, reserved, multicast, unspecified."""
    mapped = getattr(ip, "ipv4_mapped", None)
    ip = mapped or ip
    return not ip.is_global or ip.is_multicast


def resolve(url: str) -> tuple[str, int, str, str]:
    """(scheme, port, host, address to connect to) for ``url``, or ``WebhookError`` saying why it is refused."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:  # an unclosed or invalid "[...]" host: the admin's typing, not a server error
        raise WebhookError(_("Địa chỉ “%(url)s” không đúng dạng.", url=url.strip()[:100])) from exc
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise WebhookError(_("Địa chỉ phải bắt đầu bằng https:// và có tên máy chủ."))
    if parts.scheme == "http" and not current_app.config["WEBHOOK_ALLOW_HTTP"]:
        raise WebhookError(_("Chỉ nhận địa chỉ https:// (quản trị chưa cho phép http://)."))
    if parts.username or parts.password:
        raise WebhookError(_("Địa chỉ không được chứa tên đăng nhập hay mật khẩu."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as exc:
        raise WebhookError(_("Không tìm được máy chủ “%(host)s”.", host=parts.hostname)) from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if not current_app.config["WEBHOOK_ALLOW_PRIVATE"] and any(_refused(ip) for ip in addresses):
        raise WebhookError(_("“%(host)s” là địa chỉ mạng nội bộ hoặc dành riêng; quản trị chưa cho phép gửi đến "
                             "mạng nội bộ.", host=parts.hostname))
    return parts.scheme, port, parts.hostname, str(addresses[0])


# --- registering ------------------------------------------------------------------------------------------------

def register(url: str, kinds: list[str], unit: Agency | None, by: User) -> tuple[Webhook, str]:
    """A new webhook and its secret (shown once); ``WebhookError`` if the address or the kinds will not do."""
    url = url.strip()
    if len(url) > 500:
        raise WebhookError(_("Địa chỉ quá dài."))
    chosen = [k for k in NotificationKind.task_kinds() if k.value in set(kinds)]
    if not chosen:
        raise WebhookError(_("Vui lòng chọn ít nhất một loại sự kiện."))
    resolve(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    hook = Webhook(url=url, kinds=[k.value for k in chosen], secret=secret, unit=unit, is_active=True,
                   created_by=by)
    db.session.add(hook)
    db.session.flush()
    return hook, secret


def listed() -> list[Webhook]:
    return list(db.session.scalars(sa.select(Webhook).order_by(Webhook.id)))


def recent_deliveries(hook: Webhook, limit: int = 10) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.webhook_id == hook.id)
                                   .order_by(OutboxMessage.id.desc()).limit(limit)))


# --- fan-out and sending ----------------------------------------------------------------------------------------

def payload(event: OutboxMessage) -> dict:
    task = event.task
    body = {
        "event": event.kind.value, "occurred_at": event.created_at.isoformat().replace("+00:00", "Z"),
        "task": {"id": task.id, "title": task.title, "status": task.status.value,
                 "unit": task.unit.name if task.unit else None,
                 "lead_agency": task.lead_agency.name if task.lead_agency else task.lead_agency_name or None,
                 "api_url": f"{current_app.config['BASE_URL'].rstrip('/')}/api/v1/tasks/{task.id}"},
    }
    if event.kind == NotificationKind.DEADLINE_CHANGED:
        # What happened is the move itself: the dates as of the event (ISO), not the task's deadline when sent.
        data = event.data or {}
        body["deadline"] = {"due_date": data.get("due_date"), "previous": data.get("previous"),
                            "reason": data.get("reason")}
    return body


def fan_out(event: OutboxMessage) -> int:
    """Queue one delivery per active webhook that hears ``event``; returns how many."""
    task = event.task
    if task is None:
        return 0
    hooks = [h for h in db.session.scalars(sa.select(Webhook).where(Webhook.is_active.is_(True)))
             if event.kind.value in h.kinds and (h.unit_id is None or h.unit_id == task.unit_id)]
    body = payload(event) if hooks else None
    for hook in hooks:
        db.session.add(OutboxMessage(
            kind=event.kind, task_id=event.task_id, webhook_id=hook.id, actor_id=event.actor_id, data=body,
            dedup_key=f"{event.dedup_key}>w{hook.id}"[:200], attempts=0, next_attempt_at=utcnow()))
    return len(hooks)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class _Pinned:
    """Connect to the address that was checked, while speaking to (and, for HTTPS, verifying) the host name."""

    def __init__(self, address: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        if isinstance(self, http.client.HTTPSConnection):
            sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock = sock


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    pass


def send(message: OutboxMessage) -> int:
    """POST one delivery; returns the 2xx status, or raises ``SendFailed`` (with the status, if any)."""
    hook = message.webhook
    try:
        scheme, port, host, address = resolve(hook.url)
    except WebhookError as exc:
        raise SendFailed(str(exc)) from exc
    body = json.dumps({"delivery_id": message.id, **message.data}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    parts = urlsplit(hook.url.strip())
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timeout = current_app.config["WEBHOOK_TIMEOUT_SECONDS"]
    conn = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(address, host, port, timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
            "X-Tracker-Event": message.kind.value, "X-Tracker-Delivery": str(message.id),
            "X-Tracker-Timestamp": timestamp, "X-Tracker-Signature": signature(hook.secret, timestamp, body)})
        status = conn.getresponse().status
    except (OSError, http.client.HTTPException) as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        conn.close()
    if not 200 <= status < 300:
        raise SendFailed(f"HTTP {status}" + (" (redirects are not followed)" if 300 <= status < 400 else ""),
                         status)
    return status
