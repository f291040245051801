"""Webhooks: the admin registers addresses told of events (secret shown once), sees their last deliveries, and
turns them off or deletes them. A failed delivery is sent again from its row (``notifications.resend``)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import unconfirmed
from ..extensions import db
from ..models import Agency, NotificationKind, OutboxStatus, Webhook
from ..permissions import admin_required
from ..services import audit
from ..services.notifications import webhooks
from ..services.organisation import units
from . import bp


@bp.route("/webhook", methods=["GET", "POST"])
@admin_required
def webhook_list():
    if request.method == "POST":
        unit_id = request.form.get("unit_id", type=int) or 0  # 0: every unit
        unit = db.session.get(Agency, unit_id) if unit_id else None
        if unit_id and (unit is None or not unit.is_unit):
            # Not "every unit" in silence: a webhook meant for one unit would tell of all of them.
            flash(_("Không tìm thấy đơn vị đã chọn."), "danger")
            return redirect(url_for("admin.webhook_list"))
        try:
            hook, secret = webhooks.register(request.form.get("url", ""), request.form.getlist("kinds"), unit,
                                             current_user._get_current_object())
        except webhooks.WebhookError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for("admin.webhook_list"))
        audit.record("webhook_created", "webhook", hook.id, {"url": hook.url, "kinds": hook.kinds})
        db.session.commit()
        return render_template("admin/webhook_created.html", hook=hook, secret=secret)
    hooks = webhooks.listed()
    return render_template("admin/webhooks.html", hooks=hooks, units=units.units(active_only=True),
                           kinds=NotificationKind.task_kinds(),
                           recent={h.id: webhooks.recent_deliveries(h) for h in hooks}, OutboxStatus=OutboxStatus,
                           NotificationKind=NotificationKind)


def _chosen() -> Webhook | None:
    hook = db.session.get(Webhook, request.form.get("webhook_id", type=int) or 0)
    if hook is None:
        flash(_("Không tìm thấy webhook này."), "warning")
    return hook


@bp.post("/webhook/bat-tat")
@admin_required
def webhook_toggle():
    hook = _chosen()
    if hook is not None:
        hook.is_active = not hook.is_active
        audit.record("webhook_toggled", "webhook", hook.id, {"is_active": hook.is_active})
        db.session.commit()
        flash(_("Đã bật webhook.") if hook.is_active else _("Đã tắt webhook: không gửi thêm sự kiện nào."),
              "success")
    return redirect(url_for("admin.webhook_list"))


@bp.post("/webhook/xoa")
@admin_required
def webhook_delete():
    back = url_for("admin.webhook_list")
    hook = _chosen()
    if hook is None:
        return redirect(back)
    ask = unconfirmed(_("Xóa webhook gửi đến %(url)s? Lịch sử gửi của webhook này cũng bị xóa.", url=hook.url),
                      _("Xóa"), back)
    if ask:
        return ask
    audit.record("webhook_deleted", "webhook", hook.id, {"url": hook.url})
    db.session.delete(hook)
    db.session.commit()
    flash(_("Đã xóa webhook."), "success")
    return redirect(back)
