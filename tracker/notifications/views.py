"""A user's own notifications and e-mail preferences (thin: the rules are in services/notifications/inbox)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectField

from ..extensions import db
from ..forms import BaseForm, options
from ..models import MailFrequency, NotificationKind
from ..services import audit
from ..services.notifications import inbox
from ..services.notifications.wording import describe
from . import bp

PER_PAGE = 30


@bp.get("/thong-bao")
@login_required
def index():
    """Newest first; each line links to its task when the reader may still open it."""
    page = db.paginate(inbox.notifications(current_user), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    openable = inbox.visible_among(current_user, [n.task_id for n in page.items])
    lines = [(n, describe(n.kind, n.data), n.task_id in openable) for n in page.items]
    return render_template("notifications/index.html", page=page, lines=lines)


@bp.get("/thong-bao/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    """Follow a notification to its task, marking it read on the way."""
    note = inbox.mark_read(current_user, notification_id)
    if note is None:
        abort(404)
    db.session.commit()
    if note.task_id is not None and note.task_id in inbox.visible_among(current_user, [note.task_id]):
        return redirect(url_for("tasks.detail", task_id=note.task_id))
    return redirect(url_for("notifications.index"))


@bp.post("/thong-bao/<int:notification_id>/da-doc")
@login_required
def mark_read(notification_id: int):
    if inbox.mark_read(current_user, notification_id) is None:
        abort(404)
    db.session.commit()
    return redirect(url_for("notifications.index", page=request.args.get("page", 1, type=int)))


@bp.post("/thong-bao/da-doc-het")
@login_required
def mark_all_read():
    count = inbox.mark_all_read(current_user)
    db.session.commit()
    flash(_("Đã đánh dấu %(n)d thông báo là đã đọc.", n=count), "success")
    return redirect(url_for("notifications.index"))


def preferences_form(user):
    """One select per kind the user may receive; summaries and the digest are only on or off."""

    class PreferencesForm(BaseForm):
        pass

    current = inbox.preferences(user)
    task_choices = MailFrequency.choices()
    on_off = [(MailFrequency.IMMEDIATELY.value, _("Nhận thư")), (MailFrequency.NONE.value, _("Không nhận"))]
    for kind in inbox.kinds_for(user):
        choices = task_choices if kind in NotificationKind.task_kinds() else on_off
        field = SelectField(kind.label, choices=options(choices), default=current[kind].value)
        setattr(PreferencesForm, kind.value, field)
    return PreferencesForm()


@bp.route("/ho-so/thu-dien-tu", methods=["GET", "POST"])
@login_required
def preferences():
    user = current_user._get_current_object()
    form = preferences_form(user)
    if form.validate_on_submit():
        wanted = {NotificationKind(name): MailFrequency(form[name].data) for name in form._fields
                  if name in NotificationKind._value2member_map_}
        changes = inbox.save_preferences(user, wanted)
        if changes:
            audit.record("mail_preferences_updated", "user", user.id, changes, actor=user)
        db.session.commit()
        flash(_("Đã lưu lựa chọn nhận thư."), "success")
        return redirect(url_for("notifications.preferences"))
    fields = [form[k.value] for k in inbox.kinds_for(user)]
    return render_template("notifications/preferences.html", form=form, fields=fields)
