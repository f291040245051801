"""Correcting a saved shortcoming or recommendation of an appraisal: text, field, lead, deadline, fan-out."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..forms import attach_error
from ..models import Finding, Recommendation
from ..permissions import AppraisalAction, appraisal_unit, get_appraisal_or_404, recorder_required
from ..services.appraisals import items as appraisal_items
from ..services.errors import ServiceError, StaleVersion
from ..tasks.task_form import agency_choices, criterion_choices, field_choices
from . import bp
from .forms import FindingForm, RecommendationForm


def _item_or_404(model, item_id: int, appraisal_id: int):
    """A shortcoming or recommendation of this very appraisal, which the user may record (else 404/403)."""
    get_appraisal_or_404(appraisal_id, AppraisalAction.RECORD)
    item = db.session.get(model, item_id)
    if item is None or item.appraisal_id != appraisal_id:
        abort(404)
    return item


def _id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _expected(form: FindingForm) -> appraisal_items.Values:
    if "original_agency_id" not in form:
        return appraisal_items.Values(form.original_text.data or "", _id(form.original_field_id.data))
    return appraisal_items.Values(form.original_text.data or "", _id(form.original_field_id.data),
                                  _id(form.original_agency_id.data), _day(form.original_due_date.data),
                                  form.original_fanout.data or None)


def _load_original(form: FindingForm, item: Finding | Recommendation) -> None:
    """The hidden copy of what the item holds now, so the next save is compared against it."""
    now = appraisal_items.values_of(item)
    form.original_text.data = now.text
    form.original_field_id.data = str(now.field_id or "")
    if "original_agency_id" in form:
        form.original_agency_id.data = str(now.agency_id or "")
        form.original_due_date.data = now.due_date.isoformat() if now.due_date else ""
        form.original_fanout.data = now.fanout or ""


def _criterion_posted(form: FindingForm):
    """The criterion chosen, or the current one kept when the page showed no criterion (no criteria)."""
    return form.criterion_id.data or None if "criterion_id" in request.form else appraisal_items.KEEP


def _page(item: Finding | Recommendation, form: FindingForm, save, done: str):
    form.field_id.choices = field_choices(item.appraisal.framework)
    form.criterion_id.choices = criterion_choices(item.appraisal.framework)
    if "agency_id" in form:
        keep = (item.suggested_agency_id,) if item.suggested_agency_id else ()
        form.agency_id.choices = agency_choices(_("— Để trống —"), keep=keep,
                                                unit_id=appraisal_unit(item.appraisal))
    if request.method == "GET":
        form.text.data, form.field_id.data = item.text, item.field_id or 0
        form.criterion_id.data = item.criterion_id or 0
        if "agency_id" in form:
            form.agency_id.data = item.suggested_agency_id or 0
            form.due_date.data = item.suggested_due_date
            form.fanout.data = item.suggested_fanout.value if item.suggested_fanout else ""
        _load_original(form, item)
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            save(form)
        except StaleVersion as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            status = 409
            _load_original(form, item)
        except ServiceError as exc:
            db.session.rollback()
            attach_error(form, exc, "text")
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("appraisals.detail", appraisal_id=item.appraisal_id))
    return render_template("appraisals/item_form.html", form=form, item=item, appraisal=item.appraisal,
                           is_rec=isinstance(item, Recommendation)), status


@bp.route("/<int:appraisal_id>/ton-tai/<int:finding_id>/sua", methods=["GET", "POST"])
@recorder_required
def edit_finding(appraisal_id: int, finding_id: int):
    finding = _item_or_404(Finding, finding_id, appraisal_id)

    def save(form):
        appraisal_items.update_finding(finding, current_user, text=form.text.data, field_id=form.field_id.data or None,
                                       expected=_expected(form), criterion_id=_criterion_posted(form))

    return _page(finding, FindingForm(), save, _("Đã cập nhật tồn tại, hạn chế."))


@bp.route("/<int:appraisal_id>/de-nghi/<int:recommendation_id>/sua", methods=["GET", "POST"])
@recorder_required
def edit_recommendation(appraisal_id: int, recommendation_id: int):
    rec = _item_or_404(Recommendation, recommendation_id, appraisal_id)

    def save(form):
        appraisal_items.update_recommendation(rec, current_user, text=form.text.data,
                                              field_id=form.field_id.data or None,
                                              agency_id=form.agency_id.data or None, expected=_expected(form),
                                              due_date=form.due_date.data, fanout=form.fanout.data or None,
                                              criterion_id=_criterion_posted(form))

    return _page(rec, RecommendationForm(), save, _("Đã cập nhật đề nghị."))
