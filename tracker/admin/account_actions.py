"""Locking and new passwords for one account, the same for the admin and for a unit's coordinator who manages
its accounts: the views decide who may act on which account (permissions.py) and where to go back to."""

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import unconfirmed
from ..extensions import db
from ..forms import attach_error
from ..models import Agency, Role, User
from ..services.organisation import accounts
from .forms import ActionForm


def save(form, user: User | None, role: Role, agency: Agency | None, back_url: str, own_role_refusal: str):
    """Create an account from ``form`` (a generated password shown once) or update ``user``; nobody changes their
    own role (``own_role_refusal`` says so). Returns the response, or None to show the form again with its error."""
    try:
        if user:
            if user.id == current_user.id and role != user.role:
                raise accounts.AccountError(own_role_refusal, field="role")
            accounts.update_user(user, full_name=form.full_name.data, email=form.email.data, role=role,
                                 agency=agency, actor=current_user)
            password = None
        else:
            user, password = accounts.create_user(
                username=form.username.data, full_name=form.full_name.data, role=role, agency=agency,
                password=form.password.data or None, email=form.email.data, actor=current_user)
    except accounts.AccountError as exc:
        db.session.rollback()
        attach_error(form, exc, "full_name" if user else "username")
        return None
    db.session.commit()
    if password and not form.password.data:
        return render_template("admin/password_shown.html", user=user, password=password, back_url=back_url)
    flash(_("Đã lưu người dùng “%(u)s”.", u=user.username), "success")
    return redirect(back_url)


def toggle_active(user: User, back_url: str):
    """Lock or unlock ``user`` after asking; nobody locks themselves out."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("Bạn không thể tự khóa tài khoản của mình."), "danger")
        return redirect(back_url)
    question = (_("Mở khóa tài khoản “%(u)s”?") if not user.active else
                _("Khóa tài khoản “%(u)s”? Người này sẽ bị đăng xuất ngay."))
    ask = unconfirmed(question % {"u": user.username}, _("Xác nhận"), back_url)
    if ask:
        return ask
    accounts.set_active(user, not user.active, current_user)
    db.session.commit()
    msg = _("Đã mở khóa tài khoản “%(u)s”.") if user.active else _("Đã khóa tài khoản “%(u)s”; "
                                                                   "mọi phiên đăng nhập của tài khoản đã kết thúc.")
    flash(msg % {"u": user.username}, "success")
    return redirect(back_url)


def reset_password(user: User, back_url: str):
    """A new password for ``user`` after asking, shown once; the old one and every session end."""
    if not ActionForm().validate_on_submit():
        abort(400)
    ask = unconfirmed(_("Cấp mật khẩu mới cho “%(u)s”? Mật khẩu cũ và mọi phiên đăng nhập của người này sẽ hết "
                        "hiệu lực.", u=user.username), _("Cấp lại mật khẩu"), back_url)
    if ask:
        return ask
    password = accounts.reset_password(user, current_user)
    db.session.commit()
    return render_template("admin/password_shown.html", user=user, password=password, back_url=back_url)
