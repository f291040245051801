"""Operator logs: one line per event, as text or JSON (``LOG_FORMAT=json``), each with its request id, and
with the secrets a path or query string can carry (calendar feed keys, tokens) masked before writing.

Nothing here needs Flask at import time, so gunicorn's access logger (``gunicorn_logger``) uses it too.
"""

import json
import logging
import re
import sys
import time

REDACTED = "***"
# /nhiem-vu/lich/<key>.ics and /nhiem-vu/lich/<key>/co-quan/<id>.ics: the key alone opens the feed.
# "tao" and "tat" are the create and turn-off actions, not keys.
_FEED_KEY = re.compile(r"(/nhiem-vu/lich/)(?!(?:tao|tat)(?:[/?\s\"]|$))[^/?\s\"]+?(?=\.ics|/|\?|\s|\"|$)")
# A query parameter whose name speaks of a secret, in a path or in a bare query string ("token=...&x=1").
_SECRET_PARAM = re.compile(r"((?:^|[?&;])(?:[^=&\s\"]*(?:token|key|secret|password|passwd|signature)[^=&\s\"]*)=)"
                           r"[^&\s\"#]*", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` with feed keys and secret-looking query parameters replaced by ``***``."""
    if not text or ("/lich/" not in text and "=" not in text):
        return text
    return _SECRET_PARAM.sub(r"\1" + REDACTED, _FEED_KEY.sub(r"\1" + REDACTED, text))


def current_request_id() -> str:
    """The request id of the request being served, or "-" outside one."""
    try:
        from flask import g, has_request_context
    except ImportError:  # pragma: no cover - Flask is a dependency
        return "-"
    if has_request_context():
        return getattr(g, "request_id", None) or "-"
    return "-"


class RequestContextFilter(logging.Filter):
    """Stamps the request id on each record and masks secrets in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class TextFormatter(logging.Formatter):
    converter = time.gmtime

    def __init__(self):
        super().__init__("%(asctime)sZ %(levelname)s %(name)s [%(request_id)s] %(message)s")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, request_id, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for extra in ("method", "path", "status", "duration_ms", "remote_addr", "user_agent", "bytes"):
            if hasattr(record, extra):
                entry[extra] = getattr(record, extra)
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def make_handler(log_format: str, stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestContextFilter())
    return handler


def configure(log_format: str, level: int = logging.INFO) -> None:
    """Send the app's loggers (``tracker``, and gunicorn's error log when present) through one handler."""
    handler = make_handler(log_format)
    logger = logging.getLogger("tracker")
    for old in [h for h in logger.handlers if getattr(h, "_tracker_handler", False)]:
        logger.removeHandler(old)
    handler._tracker_handler = True
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
