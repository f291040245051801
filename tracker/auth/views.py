from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..forms import attach_error
from ..observability import metrics
from ..services import audit
from ..services.organisation import accounts, invitations
from . import bp, devices
from .forms import ChangePasswordForm, InvitationForm, LoginForm, ProfileForm


def safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no '//' or backslash tricks) (ASVS 3.7.2)."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["RATELIMIT_LOGIN"]


def _login_limit_message() -> str:
    from limits import parse

    item = parse(_login_limit())
    return _("Đã có %(n)d lần đăng nhập sai từ địa chỉ mạng này trong %(m)d phút, nên tạm dừng nhận đăng nhập "
             "từ địa chỉ này. Các lần đăng nhập đúng không bị tính. Vui lòng đợi vài phút rồi thử lại.",
             n=item.amount, m=max(1, item.get_expiry() // 60))


@bp.route("/dang-nhap", methods=["GET", "POST"])
# Only failed attempts count: an office behind one address signs in many times a day (401: wrong, 429: held back).
@limiter.limit(_login_limit, methods=["POST"], key_func=lambda: request.remote_addr or "",
               deduct_when=lambda response: response.status_code in (401, 429),
               error_message=_login_limit_message)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        result = accounts.authenticate(form.username.data, form.password.data, request.remote_addr or "",
                                       devices.known_user_ids())
        db.session.commit()
        if result.user:
            next_url = safe_next(request.args.get("next"))
            locale = session.get("locale")
            # A fresh session: nothing from before login survives (ASVS 7.2.4).
            session.clear()
            if locale:
                session["locale"] = locale
            login_user(result.user, remember=form.remember.data)
            session["_remembered_login"] = bool(form.remember.data)
            # The idle clock starts now: without a stamp the login cookie would live its full lifetime.
            session["_seen"] = datetime.now(UTC).timestamp()
            if result.user.must_change_password:
                flash(_("Vui lòng đổi mật khẩu được cấp trước khi làm việc."), "warning")
                next_url = url_for("auth.change_password")
            response = redirect(next_url or url_for("main.home"))
            devices.remember(response, result.user.id)
            return response
        error = result.error
        metrics.login_failed()
        if result.wait_seconds:
            return (render_template("auth/login.html", form=form, error=error), 429,
                    {"Retry-After": str(result.wait_seconds)})
    status = 401 if error else (400 if form.errors else 200)
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/loi-moi/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """A new account's one-time link: its owner chooses the password, then signs in as usual."""
    user = invitations.find(token)
    if user is None:
        return render_template("auth/invitation.html", form=None, user=None,
                               refused=invitations.refused_message()), 404
    if current_user.is_authenticated:
        logout_user()  # someone else's session on this browser must not carry over to the new account
        session.clear()
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            invitations.accept(user, form.password.data)
        except invitations.InvitationError as exc:
            db.session.rollback()
            attach_error(form, exc, "password")
        else:
            db.session.commit()
            flash(_("Đã đặt mật khẩu cho tài khoản “%(u)s”. Mời bạn đăng nhập.", u=user.username), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/invitation.html", form=form, user=user, refused=None)


@bp.post("/dang-xuat")
@login_required
def logout():
    user = current_user._get_current_object()
    accounts.logout(user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.current.data, form.new.data)
        except accounts.AccountError as exc:
            db.session.rollback()
            attach_error(form, exc, "new")
        else:
            db.session.commit()
            # The token rotated with the password: sign this browser in again with the new one.
            login_user(user)
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị kết thúc."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/ho-so", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        before = {"email": user.email, "locale": user.locale}
        user.email = form.email.data or None
        user.locale = form.locale.data
        audit.record("profile_updated", "user", user.id, audit.diff(before, {"email": user.email,
                                                                            "locale": user.locale}))
        db.session.commit()
        session["locale"] = user.locale
        flash(_("Đã lưu hồ sơ."), "success")
        return redirect(url_for("auth.profile"))
    from ..services.organisation import tokens
    from ..tasks.calendar_feed import links

    return render_template("auth/profile.html", form=form, calendar=links(user), api_tokens=tokens.tokens_of(user))


@bp.post("/ngon-ngu/<code>")
def set_language(code: str):
    """Switch language before login (the login page's link); logged-in users use their profile."""
    if code in ("vi", "en"):
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))
