"""Appraisal list, record (create/edit with per-field scores) and the appraisal page with its tree."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import unconfirmed
from ..extensions import db
from ..forms import options
from ..models import Agency, Appraisal, AppraisalStatus, Framework
from ..permissions import (
    AppraisalAction,
    agencies_of_scope,
    appraisals_clause,
    can_on_unit_appraisals,
    follower_required,
    get_appraisal_or_404,
    province_required,
    recorder_required,
)
from ..services import deadlines
from ..services.appraisals import criteria, repeats
from ..services.appraisals import records as appraisals
from ..services.appraisals import tree as appraisal_tree
from ..services.errors import ServiceError
from ..services.reports import points
from ..tasks.task_form import kind_order
from . import bp
from .forms import AppraisalForm, CsrfForm

PER_PAGE = 20


@bp.get("/")
@follower_required
def index():
    q = request.args.get("q", "").strip()
    stmt = appraisals.list_stmt(q).where(appraisals_clause(current_user))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int),
                       per_page=current_app.config.get("APPRAISALS_PER_PAGE", PER_PAGE), error_out=False)
    ids = [a.id for a in page.items]
    counts = appraisals.list_counts(ids)
    changes = {a.id: appraisals.change_against_previous(a) for a in page.items}
    return render_template("appraisals/index.html", page=page, q=q, counts=counts, changes=changes)


def _setup(form: AppraisalForm, appraisal: Appraisal | None) -> None:
    keep_unit = appraisal.unit_id if appraisal else -1
    # What may be appraised: the user's own unit's agencies, or (the province coordinator) every unit.
    units = db.session.execute(sa.select(Agency.id, Agency.name, Agency.kind)
                               .where(sa.or_(Agency.is_active, Agency.id == keep_unit),
                                      agencies_of_scope(current_user))
                               .order_by(Agency.unit_id != Agency.id, kind_order(), Agency.name)).all()
    form.unit_id.choices = options([(0, _("— Chọn đơn vị —"))] + [(i, n) for i, n, _k in units])
    keep_fw = appraisal.framework_id if appraisal else -1
    frameworks = db.session.scalars(sa.select(Framework).where(sa.or_(Framework.is_active, Framework.id == keep_fw))
                                    .order_by(Framework.year.desc(), Framework.name)).all()
    form.framework_id.choices = options([(f.id, f"{f.name} ({f.year})") for f in frameworks])
    if request.method == "GET":
        if appraisal:
            form.status.data = appraisal.status.value
            form.framework_id.data = appraisal.framework_id
        else:
            form.year.data = deadlines.today().year - 1
            form.status.data = AppraisalStatus.FINAL.value
            own = current_user.agency.unit_id if current_user.agency else None
            form.unit_id.data = own if any(i == own for i, _n, _k in units) else 0
            default = appraisals.default_framework(form.year.data)
            form.framework_id.data = default.id if default else None


def _raw_scores(framework: Framework, appraisal: Appraisal | None) -> dict[int, tuple[str, str]]:
    """What the score inputs show: the posted text (kept as typed, "12,50"), else the saved points."""
    if request.method == "POST":
        return {f.id: (request.form.get(f"self-{f.id}", ""), request.form.get(f"score-{f.id}", ""))
                for f in framework.fields}
    saved = {s.field_id: s for s in appraisal.scores} if appraisal else {}
    return {f.id: tuple(appraisals.points(getattr(saved.get(f.id), attr, None)) for attr in ("self_score", "score"))
            for f in framework.fields}


@bp.route("/them", methods=["GET", "POST"], endpoint="new")
@bp.route("/<int:appraisal_id>/sua", methods=["GET", "POST"])
@recorder_required
def edit(appraisal_id: int | None = None):
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.RECORD) if appraisal_id else None
    form = AppraisalForm(obj=appraisal)
    _setup(form, appraisal)
    framework = db.session.get(Framework, form.framework_id.data or 0) or (appraisal.framework if appraisal else None)
    errors: dict[str, str] = {}
    if framework is None:
        flash(_("Chưa có bộ chỉ số nào đang áp dụng. Quản trị viên cần khai báo bộ chỉ số trước."), "warning")
    elif form.validate_on_submit():
        unit = db.session.get(Agency, form.unit_id.data or 0)
        if unit is not None and not can_on_unit_appraisals(current_user, AppraisalAction.RECORD, unit.unit_id):
            abort(404)  # a unit outside the user's scope, posted by hand
        if form.drawn_framework.data != str(framework.id):
            flash(_("Đã đổi bộ chỉ số: hãy nhập điểm theo các lĩnh vực của bộ chỉ số mới."), "info")
        else:
            try:
                saved = appraisals.save_appraisal(current_user, _input(form, framework), appraisal)
                repeats.flag_repeats(saved)  # its year or unit may have changed: last year is another
            except ServiceError as exc:
                db.session.rollback()
                errors[exc.field or "form"] = str(exc)
            else:
                db.session.commit()
                flash(_("Đã lưu đợt thẩm định %(a)s.", a=str(saved)), "success")
                if appraisal is None:
                    return redirect(url_for("appraisals.import_conclusion", appraisal_id=saved.id))
                return redirect(url_for("appraisals.detail", appraisal_id=saved.id))
    for name, message in errors.items():
        if name in form and name != "form":
            form[name].errors = [*form[name].errors, message]
    status = 422 if errors or (request.method == "POST" and form.errors) else 200
    raw = _raw_scores(framework, appraisal) if framework else {}
    totals = appraisals.preview(framework, raw, form.unit_id.data, form.year.data,
                                appraisal.id if appraisal else None) if framework else None
    derived = appraisals.fields_with_criteria(framework) if framework else set()
    return render_template("appraisals/form.html", form=form, appraisal=appraisal, framework=framework,
                           raw=raw, errors=errors, totals=totals, history=appraisals.score_history(),
                           derived=derived), status


def _input(form: AppraisalForm, framework: Framework) -> appraisals.AppraisalInput:
    return appraisals.AppraisalInput(
        unit=db.session.get(Agency, form.unit_id.data or 0), year=form.year.data, framework=framework,
        team=form.team.data or "", team_head=form.team_head.data or "", appraised_on=form.appraised_on.data,
        conclusion_number=form.conclusion_number.data or "", conclusion_date=form.conclusion_date.data,
        status=AppraisalStatus(form.status.data), scores=_raw_scores(framework, None))


@bp.get("/<int:appraisal_id>")
@follower_required
def detail(appraisal_id: int):
    appraisal = get_appraisal_or_404(appraisal_id)
    tree = appraisal_tree.build_tree(appraisal)
    return render_template("appraisals/detail.html", appraisal=appraisal, tree=tree,
                           gain=points.gain(appraisal, deadlines.today()),
                           repeated=sum(1 for f in appraisal.findings if f.repeat_reason),
                           with_criteria=criteria.has_criteria(appraisal.framework),
                           rows=appraisals.score_rows(appraisal), index=appraisals.index_value(appraisal),
                           change=appraisals.change_against_previous(appraisal))


@bp.post("/<int:appraisal_id>/chuyen-don-vi")
@province_required
def hand_over(appraisal_id: int):
    """The province coordinator hands the reviewed conclusion to the unit (asked once)."""
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.HAND_OVER)
    if not CsrfForm().validate_on_submit():
        abort(400)
    back = url_for("appraisals.detail", appraisal_id=appraisal.id)
    ask = unconfirmed(_("Chuyển kết luận đã rà soát cho %(u)s?", u=appraisal.unit.name), _("Chuyển kết luận"), back)
    if ask:
        return ask
    try:
        appraisals.hand_over(appraisal, current_user)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back)
    db.session.commit()
    flash(_("Đã chuyển kết luận cho %(u)s; đầu mối CCHC của đơn vị lập kế hoạch và giao nhiệm vụ.",
            u=appraisal.unit.name), "success")
    return redirect(back)
