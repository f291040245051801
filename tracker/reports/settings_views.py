"""The admin's report settings page (issuing body, place, number, signer, recipients), on the admin blueprint."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..admin import bp as admin_bp
from ..extensions import db
from ..permissions import admin_required
from ..services.organisation import units
from ..services.reports import document as report_document
from ..services.reports import province_document
from .forms import SettingsForm


@admin_bp.route("/thiet-lap-bao-cao", methods=["GET", "POST"])
@admin_required
def settings():
    """Edit what the official DOCX documents print in their header and closing."""
    current = {**report_document.settings(), **province_document.stored()}
    province = units.is_province_install()
    form = SettingsForm(data={key.replace(".", "__"): value for key, value in current.items()})
    if form.validate_on_submit():
        changed = report_document.save_settings(form.values(province), current_user)
        db.session.commit()
        flash(_("Đã lưu thiết lập báo cáo.") if changed else _("Không có thay đổi nào."), "success")
        return redirect(url_for("admin.settings"))
    return render_template("reports/settings.html", form=form, province=province)
