"""Integration tokens: the admin makes a service account limited to one unit or one agency, and its token."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.tokens import read_days, revoke_after_asking
from ..extensions import db
from ..models import Agency, ApiToken, TokenKind
from ..permissions import admin_required
from ..services.organisation import tokens
from . import bp


def _agencies():
    return db.session.scalars(sa.select(Agency).where(Agency.is_active, Agency.unit_id.is_not(None))
                              .order_by(Agency.search_name)).all()


@bp.route("/ma-tich-hop", methods=["GET", "POST"])
@admin_required
def integration_tokens():
    if request.method == "POST":
        agency = db.session.get(Agency, request.form.get("agency_id", type=int) or 0)
        try:
            if agency is None or agency.unit_id is None or not agency.is_active:
                raise tokens.TokenError(_("Vui lòng chọn đơn vị hoặc cơ quan mà mã truy cập được giới hạn."),
                                        field="agency_id")
            token, secret = tokens.create_integration(
                current_user._get_current_object(), name=request.form.get("name", ""),
                scope=request.form.get("scope", ""), agency=agency,
                expires_days=read_days(request.form.get("expires_days"), True))
        except tokens.TokenError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for("admin.integration_tokens"))
        db.session.commit()
        return render_template("auth/token_created.html", token=token, secret=secret,
                               back=url_for("admin.integration_tokens"))
    return render_template("admin/integration_tokens.html", tokens=tokens.integration_tokens(), agencies=_agencies())


@bp.post("/ma-tich-hop/thu-hoi")
@admin_required
def integration_token_revoke():
    back = url_for("admin.integration_tokens")
    token = db.session.get(ApiToken, request.form.get("token_id", type=int) or 0)
    if token is None or token.kind != TokenKind.INTEGRATION:
        flash(_("Không tìm thấy mã truy cập tích hợp này."), "warning")
        return redirect(back)
    return revoke_after_asking(token, back)
