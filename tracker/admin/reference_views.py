"""Admin pages for reference data: frameworks and their fields, and the conclusion reader's keyword lists."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import unconfirmed
from ..extensions import db
from ..forms import attach_error, options
from ..models import Agency, Field, Framework, KeywordKind, ReaderKeyword
from ..permissions import admin_required
from ..services.appraisals import criteria, frameworks
from ..services.conclusions import importing as conclusion_import
from ..services.conclusions import keywords as reader_config
from ..services.errors import ServiceError
from ..textutil import fold
from . import bp
from .forms import ActionForm
from .reference_forms import CopyFrameworkForm, FieldForm, FrameworkForm, KeywordForm, TryReaderForm

# Frameworks and fields --------------------------------------------------------------------------


@bp.get("/bo-chi-so")
@admin_required
def framework_list():
    rows = db.session.scalars(sa.select(Framework).order_by(Framework.is_active.desc(), Framework.year.desc(),
                                                            Framework.name)).all()
    return render_template("admin/frameworks.html", frameworks=rows, copy_form=CopyFrameworkForm())


@bp.route("/bo-chi-so/them", methods=["GET", "POST"])
@bp.route("/bo-chi-so/<int:framework_id>/sua", methods=["GET", "POST"])
@admin_required
def framework_edit(framework_id: int | None = None):
    framework = db.get_or_404(Framework, framework_id) if framework_id else None
    form = FrameworkForm(obj=framework)
    if form.validate_on_submit():
        try:
            framework = frameworks.save_framework(current_user, framework, name=form.name.data, year=form.year.data,
                                                  issuing_body=form.issuing_body.data or "",
                                                  is_active=form.is_active.data)
        except ServiceError as exc:
            db.session.rollback()
            attach_error(form, exc, "name")
        else:
            db.session.commit()
            flash(_("Đã lưu bộ chỉ số “%(n)s”.", n=framework.name), "success")
            return redirect(url_for("admin.framework_edit", framework_id=framework.id))
    status = 422 if form.errors else 200
    return render_template("admin/framework_form.html", form=form, framework=framework, action_form=ActionForm(),
                           tree=criteria.tree(framework) if framework else []), status


@bp.post("/bo-chi-so/<int:framework_id>/sao-chep")
@admin_required
def framework_copy(framework_id: int):
    source = db.get_or_404(Framework, framework_id)
    form = CopyFrameworkForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("admin.framework_list"))
    try:
        copy = frameworks.copy_framework(current_user, source, form.year.data)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("admin.framework_list"))
    db.session.commit()
    flash(_("Đã tạo bộ chỉ số năm %(y)d từ bộ năm %(s)d; hãy kiểm tra lại các lĩnh vực và điểm tối đa.",
            y=copy.year, s=source.year), "success")
    return redirect(url_for("admin.framework_edit", framework_id=copy.id))


@bp.route("/bo-chi-so/<int:framework_id>/linh-vuc/them", methods=["GET", "POST"])
@bp.route("/linh-vuc/<int:field_id>/sua", methods=["GET", "POST"])
@admin_required
def field_edit(framework_id: int | None = None, field_id: int | None = None):
    field = db.get_or_404(Field, field_id) if field_id else None
    framework = field.framework if field else db.get_or_404(Framework, framework_id)
    form = FieldForm(obj=field)
    if request.method == "GET" and field is not None:
        form.max_points.data = frameworks.points(field.max_points)
    if form.validate_on_submit():
        try:
            field = frameworks.save_field(current_user, framework, field, code=form.code.data, name=form.name.data,
                                          max_points=form.max_points.data, position=form.position.data)
        except ServiceError as exc:
            db.session.rollback()
            attach_error(form, exc, "name")
        else:
            db.session.commit()
            flash(_("Đã lưu lĩnh vực “%(n)s”.", n=field.name), "success")
            return redirect(url_for("admin.framework_edit", framework_id=framework.id))
    status = 422 if form.errors else 200
    return render_template("admin/field_form.html", form=form, field=field, framework=framework), status


@bp.post("/linh-vuc/<int:field_id>/xoa")
@admin_required
def field_delete(field_id: int):
    field = db.get_or_404(Field, field_id)
    back = url_for("admin.framework_edit", framework_id=field.framework_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    ask = unconfirmed(_("Xóa lĩnh vực “%(n)s” khỏi bộ chỉ số?", n=field.name), _("Xóa lĩnh vực"), back)
    if ask:
        return ask
    try:
        frameworks.delete_field(current_user, field)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Đã xóa lĩnh vực."), "success")
    return redirect(back)


# Keyword lists ----------------------------------------------------------------------------------


def _keyword_form(kind: KeywordKind) -> KeywordForm:
    form = KeywordForm(kind=kind.value)
    choices = [(code, f"{code}. {name}") for code, name in reader_config.field_codes()]
    if kind == KeywordKind.CRITERION:
        choices = [(code, f"{code}. {name[:80]}") for code, name in reader_config.criterion_codes()]
    form.field_code.choices = options([("", _("— Chọn lĩnh vực, tiêu chí —"))] + choices)
    agencies = db.session.execute(sa.select(Agency.id, Agency.name).where(Agency.is_active)
                                  .order_by(Agency.kind, Agency.name)).all()
    form.agency_id.choices = options([(0, _("— Chọn cơ quan —"))] + [(i, n) for i, n in agencies])
    return form


def _kind_arg(value: str | None) -> KeywordKind:
    return KeywordKind(value) if value in {k.value for k in KeywordKind} else KeywordKind.SHORTCOMING_CUE


def _keyword_page(kind: KeywordKind, form: KeywordForm, status: int = 200):
    stmt = (sa.select(ReaderKeyword).where(ReaderKeyword.kind == kind)
            .options(sa.orm.selectinload(ReaderKeyword.agency)))
    # Alphabetical as a Vietnamese reader expects ("đào tạo" beside "đánh giá", not after "vị trí").
    keywords = sorted(db.session.scalars(stmt), key=lambda k: (k.field_code or "", k.agency.name if k.agency else "",
                                                               fold(k.phrase), k.phrase))
    counts = dict(db.session.execute(sa.select(ReaderKeyword.kind, sa.func.count()).group_by(ReaderKeyword.kind)).all())
    return render_template("admin/keywords.html", kind=kind, kinds=list(KeywordKind), counts=counts,
                           keywords=keywords, form=form, action_form=ActionForm(),
                           fields=dict(reader_config.field_codes())), status


@bp.get("/tu-khoa")
@admin_required
def keyword_list():
    kind = _kind_arg(request.args.get("kind"))
    return _keyword_page(kind, _keyword_form(kind))


@bp.post("/tu-khoa/them")
@admin_required
def keyword_add():
    kind = _kind_arg(request.form.get("kind"))
    form = _keyword_form(kind)
    if form.validate_on_submit():
        try:
            reader_config.add_keyword(kind, form.phrase.data, current_user, field_code=form.field_code.data or None,
                                      agency=db.session.get(Agency, form.agency_id.data or 0))
        except ServiceError as exc:
            db.session.rollback()
            attach_error(form, exc, "phrase")
        else:
            db.session.commit()
            flash(_("Đã thêm “%(p)s” vào danh sách “%(k)s”.", p=form.phrase.data, k=kind.label), "success")
            return redirect(url_for("admin.keyword_list", kind=kind.value))
    return _keyword_page(kind, form, 422)


@bp.post("/tu-khoa/<int:keyword_id>/xoa")
@admin_required
def keyword_delete(keyword_id: int):
    keyword = db.get_or_404(ReaderKeyword, keyword_id)
    back = url_for("admin.keyword_list", kind=keyword.kind.value)
    if not ActionForm().validate_on_submit():
        abort(400)
    ask = unconfirmed(_("Bỏ “%(p)s” khỏi danh sách “%(k)s”? Các văn bản đọc sau đó sẽ không dùng từ này nữa.",
                        p=keyword.phrase, k=keyword.kind.label), _("Bỏ từ khóa"), back)
    if ask:
        return ask
    reader_config.delete_keyword(keyword, current_user)
    db.session.commit()
    flash(_("Đã bỏ từ khóa."), "success")
    return redirect(back)


@bp.post("/tu-khoa/khoi-phuc")
@admin_required
def keyword_restore():
    back = url_for("admin.keyword_list", kind=_kind_arg(request.args.get("kind")).value)
    if not ActionForm().validate_on_submit():
        abort(400)
    ask = unconfirmed(_("Thêm lại các từ khóa mặc định còn thiếu (kể cả từ khóa của cơ quan mới tạo)? Từ khóa bạn "
                        "tự thêm được giữ nguyên."), _("Khôi phục"), back)
    if ask:
        return ask
    added = reader_config.restore_defaults(current_user)
    db.session.commit()
    flash(_("Đã thêm lại %(n)d từ khóa mặc định.", n=added), "success")
    return redirect(back)


@bp.route("/tu-khoa/thu", methods=["GET", "POST"])
@admin_required
def keyword_try():
    """Read a sample text with the current lists, so the admin sees what an edit changes; nothing is saved."""
    form = TryReaderForm()
    result = None
    if form.validate_on_submit():
        try:
            result = conclusion_import.read(conclusion_import.check_text(conclusion_import.clean_text(form.text.data)))
        except ServiceError as exc:
            form.text.errors = [str(exc)]
    return render_template("admin/keywords_try.html", form=form, result=result,
                           fields=dict(reader_config.field_codes()))
