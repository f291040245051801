"""CSV import of agencies and users: preview, confirm, and the new accounts' one-time links."""

import csv
import io

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..exports.labels import neutralise
from ..extensions import db
from ..permissions import admin_required
from ..services import audit
from ..services.organisation import imports
from . import bp
from .forms import ActionForm, ConfirmImportForm, ImportForm


@bp.route("/nhap-csv", methods=["GET", "POST"])
@admin_required
def import_csv():
    form = ImportForm()
    report = None
    confirm = None
    if form.validate_on_submit():
        try:
            text = imports.read_upload(request.files.get("file"))
        except ValueError as exc:
            form.file.errors = [str(exc)]
        else:
            report = imports.import_csv(form.kind.data, text, current_user, dry_run=True)
            db.session.rollback()
            if report.ok:
                # formdata=None: the preview request posts its own (empty) "content" field, which must not win.
                confirm = ConfirmImportForm(formdata=None, kind=form.kind.data, content=text)
    return render_template("admin/import.html", form=form, report=report, confirm=confirm,
                           max_rows=imports.MAX_IMPORT_ROWS)


@bp.post("/nhap-csv/xac-nhan")
@admin_required
def import_confirm():
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in ("agencies", "users"):
        abort(400)
    report = imports.import_csv(form.kind.data, form.content.data or "", current_user, dry_run=False)
    if not report.ok:
        db.session.rollback()
        return render_template("admin/import.html", form=ImportForm(kind=form.kind.data), report=report,
                               confirm=None, max_rows=imports.MAX_IMPORT_ROWS), 422
    audit.record("csv_import", form.kind.data, None, {"rows": len(report.rows)}, actor=current_user)
    db.session.commit()
    current_app.logger.info("CSV import of %d %s", len(report.rows), form.kind.data)
    links = [(username, name, url_for("auth.accept_invitation", token=token, _external=True))
             for username, name, token in report.invitations]
    return render_template("admin/import_done.html", report=report, links=links,
                           days=current_app.config["INVITATION_DAYS"], download=ActionForm())


@bp.post("/nhap-csv/duong-dan.csv")
@admin_required
def invitation_links_csv():
    """The links just shown, as a CSV file for mail merge: built from what the page posts, since no token is kept."""
    if not ActionForm().validate_on_submit():
        abort(400)
    rows = zip(request.form.getlist("username"), request.form.getlist("full_name"), request.form.getlist("link"),
               strict=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Tên đăng nhập"), _("Họ và tên"), _("Đường dẫn đặt mật khẩu")])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return current_app.response_class("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=duong-dan-dat-mat-khau.csv"})
