"""Sending an e-mail: by SMTP when ``MAIL_SERVER`` is set (Python's smtplib), else as an .eml file in
``MAIL_FOLDER`` so a newcomer sees exactly what would be sent (listed on an admin page)."""

import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


class Mailer:
    """Sends one drain's messages over one SMTP connection, opened at the first message; any error closes it,
    so the next message starts afresh. Use as a context manager."""

    def __init__(self):
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Mailer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, email: EmailMessage, name: str) -> None:
        """Send ``email`` (``name`` names the file when there is no SMTP server); raises on failure."""
        config = current_app.config
        if not config["MAIL_SERVER"]:
            folder = Path(config["MAIL_FOLDER"])
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.eml").write_bytes(bytes(email))
            return
        try:
            if self.smtp is None:
                self.smtp = _connect(config)
            self.smtp.send_message(email)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass  # the server is gone already: nothing to say goodbye to
            self.smtp = None


def _connect(config) -> smtplib.SMTP:
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
        smtp.starttls()
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return smtp


def written_files(limit: int = 200) -> list[Path]:
    """The .eml files written without an SMTP server, newest first."""
    folder = Path(current_app.config["MAIL_FOLDER"])
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)[:limit]
