"""Admin pages of the framework's criteria: the tree editor, and the XLSX import with its preview."""

import base64
import binascii

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import unconfirmed
from ..extensions import db
from ..forms import attach_error
from ..models import Criterion, Field, Framework
from ..permissions import admin_required
from ..services.appraisals import criteria, criteria_import
from ..services.appraisals.records import points
from ..services.errors import ServiceError
from . import bp
from .criteria_forms import CriterionForm, FrameworkImportForm
from .forms import ActionForm

MAX_XLSX_BYTES = 5 * 1024 * 1024


@bp.route("/linh-vuc/<int:field_id>/tieu-chi/them", methods=["GET", "POST"])
@bp.route("/tieu-chi/<int:criterion_id>/sua", methods=["GET", "POST"])
@admin_required
def criterion_edit(field_id: int | None = None, criterion_id: int | None = None):
    criterion = db.get_or_404(Criterion, criterion_id) if criterion_id else None
    field = criterion.field if criterion else db.get_or_404(Field, field_id)
    parent = criterion.parent if criterion else None
    if criterion is None and request.args.get("parent", type=int):
        parent = db.session.get(Criterion, request.args.get("parent", type=int))
        if parent is None or parent.field_id != field.id:
            abort(404)
    form = CriterionForm(obj=criterion)
    if request.method == "GET" and criterion is not None:
        form.max_points.data = points(criterion.max_points)
    if form.validate_on_submit():
        try:
            saved = criteria.save_criterion(current_user, field, criterion, parent=parent, code=form.code.data,
                                            name=form.name.data, max_points=form.max_points.data,
                                            note=form.note.data or "", position=form.position.data)
        except ServiceError as exc:
            db.session.rollback()
            attach_error(form, exc, "name")
        else:
            db.session.commit()
            flash(_("Đã lưu tiêu chí %(c)s.", c=saved.code), "success")
            return redirect(url_for("admin.framework_edit", framework_id=field.framework_id, _anchor=f"lv-{field.id}"))
    status = 422 if form.errors else 200
    return render_template("admin/criterion_form.html", form=form, criterion=criterion, fld=field,
                           parent=parent), status


@bp.post("/tieu-chi/<int:criterion_id>/xoa")
@admin_required
def criterion_delete(criterion_id: int):
    criterion = db.get_or_404(Criterion, criterion_id)
    back = url_for("admin.framework_edit", framework_id=criterion.framework_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    ask = unconfirmed(_("Xóa tiêu chí %(c)s “%(n)s”?", c=criterion.code, n=criterion.name), _("Xóa tiêu chí"), back)
    if ask:
        return ask
    try:
        criteria.delete_criterion(current_user, criterion)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Đã xóa tiêu chí."), "success")
    return redirect(back)


@bp.route("/bo-chi-so/nhap-xlsx", methods=["GET", "POST"])
@admin_required
def framework_import():
    """Upload → preview (each row's level and problems); nothing is saved until the admin confirms."""
    form = FrameworkImportForm()
    preview, status = None, 200
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_XLSX_BYTES + 1) if upload and getattr(upload, "filename", "") else b""
        if not data:
            form.file.errors = [_("Vui lòng chọn tệp Excel (.xlsx) để nhập.")]
            status = 422
        elif len(data) > MAX_XLSX_BYTES:
            form.file.errors = [_("Tệp lớn quá %(mb)d MB.", mb=MAX_XLSX_BYTES // (1024 * 1024))]
            status = 413
        else:
            preview = criteria_import.read_rows(data)
            form.content.data = base64.b64encode(data).decode("ascii")
            status = 200 if preview.ok else 422
    elif request.method == "POST":
        status = 422
    return render_template("admin/framework_import.html", form=form, preview=preview), status


@bp.post("/bo-chi-so/nhap-xlsx/xac-nhan")
@admin_required
def framework_import_confirm():
    form = FrameworkImportForm()
    if not form.validate_on_submit():
        return render_template("admin/framework_import.html", form=form, preview=None), 422
    try:
        data = base64.b64decode(form.content.data or "", validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data or len(data) > MAX_XLSX_BYTES:
        flash(_("Không còn tệp đã xem trước; vui lòng tải tệp lên lại."), "warning")
        return redirect(url_for("admin.framework_import"))
    try:
        framework = criteria_import.import_framework(current_user, data, name=form.name.data, year=form.year.data,
                                                     issuing_body=form.issuing_body.data or "")
    except ServiceError as exc:
        db.session.rollback()
        attach_error(form, exc, "file")
        return render_template("admin/framework_import.html", form=form,
                               preview=criteria_import.read_rows(data)), 422
    db.session.commit()
    counts = criteria_import.read_rows(data).counts
    flash(_("Đã nhập bộ chỉ số “%(n)s” năm %(y)d: %(f)d lĩnh vực, %(c)d tiêu chí, %(s)d tiêu chí thành phần.",
            n=framework.name, y=framework.year, f=counts["field"], c=counts["criterion"], s=counts["sub"]), "success")
    return redirect(url_for("admin.framework_edit", framework_id=framework.id))


def criteria_tree(framework: Framework):
    """For the framework page: its fields with their criteria and sub-criteria."""
    return criteria.tree(framework)
