"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the notification tests: it keeps what it receives, or refuses."""

import email
import email.policy
import socket
import threading
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """The aiosmtpd handler: ``messages`` holds (recipients, parsed message); ``refuse`` answers 451 instead."""

    def __init__(self):
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse = False
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        parsed = email.message_from_bytes(envelope.content, _class=EmailMessage,
                                          policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.messages if address in rcpts]


def start() -> tuple[Controller, Sink]:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, sink


@contextmanager
def serving(app):
    """A sink for the length of the block, with ``app`` sending to it (no waits between retries, three tries)."""
    controller, sink = start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_SENDER="theodoi@tinh.gov.vn",
                      BASE_URL="https://theodoi.tinh.gov.vn", MAIL_RETRY_SECONDS=0, MAIL_MAX_ATTEMPTS=3)
    try:
        yield sink
    finally:
        controller.stop()
