"""The profile's API tokens: make one (its secret is shown on the answer page, once), revoke one."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..confirm import unconfirmed
from ..extensions import db
from ..services.organisation import tokens
from . import bp

EXPIRY_CHOICES = (30, 90, 180, 365)


def read_days(raw: str | None, allow_never: bool) -> int | None:
    """Days from a select box; "0" means never (integration tokens only)."""
    if raw and raw.isdigit():
        days = int(raw)
        if days == 0 and allow_never:
            return None
        if 0 < days <= tokens.MAX_DAYS:
            return days
    raise tokens.TokenError(_("Vui lòng chọn thời hạn của mã truy cập."), field="expires_days")


@bp.post("/ho-so/ma-truy-cap")
@login_required
def token_new():
    back = url_for("auth.profile") + "#api"
    user = current_user._get_current_object()
    try:
        token, secret = tokens.create(user, name=request.form.get("name", ""), scope=request.form.get("scope", ""),
                                      expires_days=read_days(request.form.get("expires_days"), False))
    except tokens.TokenError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back)
    db.session.commit()
    # Shown on this answer only: a redirect would have to carry the secret somewhere it could be kept.
    return render_template("auth/token_created.html", token=token, secret=secret, back=back)


@bp.post("/ho-so/ma-truy-cap/thu-hoi")
@login_required
def token_revoke():
    """Revoke one of the user's own tokens (``token_id`` in the form); another's id finds nothing."""
    back = url_for("auth.profile") + "#api"
    token = tokens.personal_token_of(current_user, request.form.get("token_id", type=int) or 0)
    if token is None:
        flash(_("Không tìm thấy mã truy cập này trong hồ sơ của bạn."), "warning")
        return redirect(back)
    return revoke_after_asking(token, back)


def revoke_after_asking(token, back: str):
    """Ask first, then revoke ``token`` and go back; the admin's integration tokens go the same way."""
    ask = unconfirmed(_("Thu hồi mã truy cập “%(name)s”? Hệ thống đang dùng mã này sẽ không truy cập được nữa.",
                        name=token.name), _("Thu hồi"), back)
    if ask:
        return ask
    tokens.revoke(token, current_user._get_current_object())
    db.session.commit()
    flash(_("Đã thu hồi mã truy cập “%(name)s”.", name=token.name), "success")
    return redirect(back)
