"""A request id on every request, and the hooks that time requests for the metrics.

The request id comes from the proxy's ``X-Request-ID`` when it looks like one (nginx's ``$request_id``, a
UUID), else it is made here; it is in every log line of the request, in the response's ``X-Request-ID``
header (so gunicorn's access log carries it) and on error pages, so a user's screenshot finds the log.
"""

import re
import uuid

from flask import Flask, g, request

from . import metrics

HEADER = "X-Request-ID"
# Letters, digits and - _ . : only, 8 to 64 of them: enough for any proxy's id, nothing to inject into a log.
_SANE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def assign_request_id() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if _SANE.match(given) else uuid.uuid4().hex


def send_request_id(response):
    request_id = getattr(g, "request_id", None)
    if request_id:
        response.headers[HEADER] = request_id
    return response


def register(app: Flask) -> None:
    """Called first in ``create_app``, so the id and the timer exist before any other hook runs."""
    app.before_request(assign_request_id)
    app.after_request(send_request_id)
    metrics.register(app)
    app.context_processor(lambda: {"request_id": getattr(g, "request_id", None)})

