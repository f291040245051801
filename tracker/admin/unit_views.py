"""Administration of appraised units: list, create, edit, the coordinator's account delegation, CSV import."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..forms import options
from ..models import Agency, AgencyKind, User
from ..permissions import admin_required
from ..services.organisation import agencies, imports, unit_imports, units
from . import bp
from .forms import ConfirmImportForm, UnitForm, UnitImportForm

PER_PAGE = 50
# Rows shown in a preview beyond those with problems: enough to check the columns were read right.
PREVIEW_ROWS = 200


@bp.get("/don-vi")
@admin_required
def unit_list():
    stmt = sa.select(Agency).where(units.is_unit_clause()).order_by(Agency.search_name, Agency.id)
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    ids = [u.id for u in page.items]
    agency_counts = dict(db.session.execute(
        sa.select(Agency.unit_id, sa.func.count()).where(Agency.unit_id.in_(ids), Agency.id != Agency.unit_id)
        .group_by(Agency.unit_id)).all())
    user_counts = dict(db.session.execute(
        sa.select(Agency.unit_id, sa.func.count(User.id)).join(User, User.agency_id == Agency.id)
        .where(Agency.unit_id.in_(ids), User.active).group_by(Agency.unit_id)).all())
    return render_template("admin/units.html", page=page, agency_counts=agency_counts, user_counts=user_counts)


@bp.route("/don-vi/them", methods=["GET", "POST"])
@bp.route("/don-vi/<int:unit_id>/sua", methods=["GET", "POST"])
@admin_required
def unit_edit(unit_id: int | None = None):
    unit = db.session.get(Agency, unit_id) if unit_id else None
    if unit_id and (unit is None or not unit.is_unit):
        abort(404)
    form = UnitForm(obj=unit)
    form.kind.choices = options([(k.value, k.label) for k in units.UNIT_KINDS])
    if request.method == "GET":
        form.kind.data = unit.kind.value if unit else AgencyKind.COMMUNE.value
        form.delegate_accounts.data = bool(unit and unit.coordinator_manages_accounts)
    if form.validate_on_submit():
        try:
            unit = agencies.save_unit(
                unit, name=form.name.data, short_name=form.short_name.data, kind=AgencyKind(form.kind.data),
                place=form.place.data or "", signer_name=form.signer_name.data or "",
                delegate_accounts=form.delegate_accounts.data, actor=current_user)
        except agencies.AgencyError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã lưu đơn vị “%(u)s”.", u=unit.name), "success")
            return redirect(url_for("admin.unit_list"))
    return render_template("admin/unit_form.html", form=form, unit=unit)


@bp.route("/don-vi/nhap-csv", methods=["GET", "POST"])
@admin_required
def unit_import():
    form = UnitImportForm()
    result = confirm = None
    if form.validate_on_submit():
        try:
            text = imports.read_upload(request.files.get("file"))
        except ValueError as exc:
            form.file.errors = [str(exc)]
        else:
            result = unit_imports.preview(text)
            if result.ok:
                confirm = ConfirmImportForm(kind="units", content=text)
    return _import_page(form, result, confirm)


@bp.post("/don-vi/nhap-csv/xac-nhan")
@admin_required
def unit_import_confirm():
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    result = unit_imports.import_units(form.content.data or "", current_user)
    if not result.ok:
        # Someone added a clashing agency since the preview: nothing was saved, the new problems show.
        db.session.rollback()
        return _import_page(UnitImportForm(), result, None), 422
    db.session.commit()
    flash(_("Đã nhập %(u)d đơn vị và %(a)d cơ quan.", u=result.new_units, a=result.new_agencies), "success")
    return redirect(url_for("admin.unit_list"))


def _import_page(form, result, confirm):
    shown = []
    if result is not None:
        troubled = [r for r in result.rows if r.problems]
        shown = troubled + [r for r in result.rows if not r.problems][:PREVIEW_ROWS]
    return render_template("admin/unit_import.html", form=form, result=result, confirm=confirm, shown=shown,
                           max_rows=imports.MAX_IMPORT_ROWS, kinds=list(AgencyKind))
