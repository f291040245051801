"""The admin's view of the outbox: how many messages wait, failed ones to resend, and the .eml files written
when no SMTP server is configured (so a newcomer sees exactly what would be sent)."""

import re
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import OutboxMessage, OutboxStatus
from ..permissions import admin_required
from ..services import audit
from ..services.notifications import outbox, sender
from . import bp

EML_NAME = re.compile(r"^[0-9]{8}-[a-z_]{1,20}\.eml$")


@bp.get("/quan-tri/thu-gui")
@admin_required
def outbox_admin():
    return render_template("notifications/outbox.html", counts=outbox.counts(), events=outbox.events_waiting(),
                           failed=outbox.failed(),
                           files=sender.written_files(), smtp=bool(current_app.config["MAIL_SERVER"]),
                           outbox_keep_days=current_app.config["OUTBOX_KEEP_DAYS"],
                           notifications_keep_days=current_app.config["NOTIFICATIONS_KEEP_DAYS"],
                           OutboxStatus=OutboxStatus)


@bp.post("/quan-tri/thu-gui/<int:message_id>/gui-lai")
@admin_required
def resend(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != OutboxStatus.FAILED:
        abort(404)
    outbox.resend(message)
    audit.record("mail_resent", "outbox", message.id, {"recipient_id": message.recipient_id,
                                                          "webhook_id": message.webhook_id})
    db.session.commit()
    if message.webhook_id is not None:  # a webhook's delivery: back to the webhooks' page it was resent from
        flash(_("Đã đưa lần gửi webhook trở lại hàng chờ."), "success")
        return redirect(url_for("admin.webhook_list"))
    flash(_("Đã đưa thư trở lại hàng chờ gửi."), "success")
    return redirect(url_for("notifications.outbox_admin"))


@bp.get("/quan-tri/thu-gui/tep/<name>")
@admin_required
def eml_file(name: str):
    """One written .eml file, as text (only names the sender writes; nothing outside its folder)."""
    path = Path(current_app.config["MAIL_FOLDER"]) / name
    if not EML_NAME.match(name) or not path.is_file():
        abort(404)
    return send_file(path, mimetype="text/plain; charset=utf-8", as_attachment=False, download_name=name)
