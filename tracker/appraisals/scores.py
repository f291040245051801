"""The appraisal's scores by criterion, and a unit's points per field over the years."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Agency
from ..permissions import AppraisalAction, can_see_unit, follower_required, get_appraisal_or_404, recorder_required
from ..services.appraisals import criteria, history, scoring
from ..services.errors import ServiceError
from . import bp
from .forms import CsrfForm


@bp.route("/<int:appraisal_id>/diem-tieu-chi", methods=["GET", "POST"])
@recorder_required
def criterion_scores(appraisal_id: int):
    """Points per sub-criterion (self-assessed and appraised); criteria, fields and the total add up."""
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.RECORD)
    if not criteria.has_criteria(appraisal.framework):
        abort(404)
    form = CsrfForm()
    errors: dict[str, str] = {}
    raw = scoring.raw_of(appraisal)
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        raw = {leaf.id: (request.form.get(f"cself-{leaf.id}", ""), request.form.get(f"cscore-{leaf.id}", ""))
               for leaf in criteria.leaves(appraisal.framework)}
        try:
            scoring.save_scores(current_user, appraisal, raw)
        except ServiceError as exc:
            db.session.rollback()
            errors[exc.field or "form"] = str(exc)
            status = 422
        else:
            db.session.commit()
            flash(_("Đã lưu điểm theo tiêu chí; điểm lĩnh vực và tổng điểm đã được cộng lại."), "success")
            return redirect(url_for("appraisals.detail", appraisal_id=appraisal.id, _anchor="diem"))
    return render_template("appraisals/criterion_scores.html", appraisal=appraisal, form=form, raw=raw,
                           errors=errors, tree=criteria.tree(appraisal.framework),
                           scored=scoring.scored(appraisal)), status


@bp.get("/don-vi/<int:unit_id>/lich-su")
@follower_required
def unit_history(unit_id: int):
    """A unit's points per field over the years: a chart with its table."""
    unit = db.session.get(Agency, unit_id)
    if unit is None or not unit.is_unit or not can_see_unit(current_user, unit.id):
        abort(404)
    years = history.unit_history(unit)
    return render_template("appraisals/unit_history.html", unit=unit, history=years, chart=history.chart(years))
