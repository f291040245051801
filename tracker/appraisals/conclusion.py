"""Reading the conclusion: paste or upload, review the items found, confirm to save them and plan tasks."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import render_error
from ..extensions import db
from ..models import Appraisal, FanoutTarget
from ..permissions import AppraisalAction, appraisal_unit, get_appraisal_or_404, recorder_required
from ..services.conclusions import importing as conclusion_import
from ..services.conclusions import review as conclusion_review
from ..services.errors import ServiceError
from ..tasks.task_form import agency_choices
from . import bp
from .forms import ConclusionForm, CsrfForm


def _import_page(appraisal: Appraisal, form: ConclusionForm, status: int = 200):
    return render_template("appraisals/import.html", appraisal=appraisal, form=form,
                           limit=conclusion_import.limit_text(),
                           max_mb=conclusion_import.MAX_UPLOAD_BYTES // (1024 * 1024)), status


def _review_page(appraisal: Appraisal, review: conclusion_review.Review, message: str | None = None,
                 errors: dict | None = None, status: int = 200):
    return render_template("appraisals/review.html", appraisal=appraisal, review=review, message=message,
                           errors=errors or {}, segments=conclusion_review.segments(review),
                           fields=appraisal.framework.fields,
                           agencies=agency_choices(unit_id=appraisal_unit(appraisal)),
                           fanout_choices=FanoutTarget.choices(), csrf_form=CsrfForm()), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A paste of megabytes is refused on the import page itself, with the documented limit."""
    if request.endpoint in ("appraisals.import_conclusion", "appraisals.review") and request.view_args:
        appraisal = db.session.get(Appraisal, request.view_args.get("appraisal_id"))
        if appraisal is not None:
            form = ConclusionForm(formdata=None)
            form.text.errors = [_("Văn bản gửi lên quá lớn: giới hạn %(max)s ký tự (tệp tối đa %(mb)d MB). Hãy chỉ "
                                  "dán phần kết luận, hoặc tải lên tệp.", max=conclusion_import.limit_text(),
                                  mb=conclusion_import.MAX_UPLOAD_BYTES // (1024 * 1024))]
            return _import_page(appraisal, form, 413)
    return render_error(413)


@bp.route("/<int:appraisal_id>/ket-luan", methods=["GET", "POST"])
@recorder_required
def import_conclusion(appraisal_id: int):
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.RECORD)
    form = ConclusionForm()
    if not form.validate_on_submit():
        return _import_page(appraisal, form, 400 if request.method == "POST" else 200)
    if request.form.get("manual"):
        return _review_page(appraisal, conclusion_review.Review(text="", items=[]))
    upload = request.files.get("file")
    try:
        if upload and upload.filename:
            text = conclusion_import.extract_text(upload.filename,
                                                  upload.read(conclusion_import.MAX_UPLOAD_BYTES + 1))
        else:
            text = form.text.data or ""
        review = conclusion_import.start_review(appraisal, text)
    except ServiceError as exc:
        (form.file if exc.field == "file" else form.text).errors = [str(exc)]
        return _import_page(appraisal, form, 422)
    return _review_page(appraisal, review)


@bp.post("/<int:appraisal_id>/ket-luan/xem-lai")
@recorder_required
def review(appraisal_id: int):
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.RECORD)
    if not CsrfForm().validate_on_submit():
        abort(400)
    state = conclusion_review.parse_form(request.form)
    op = request.form.get("op", "")
    if op != "confirm":
        return _review_page(appraisal, state, conclusion_review.apply(state, op))
    if conclusion_import.already_saved(appraisal, state):
        flash(_("Các mục này đã được lưu trước đó; không lưu thêm lần nữa."), "info")
        return redirect(url_for("appraisals.plan", appraisal_id=appraisal.id))
    try:
        tasks = conclusion_import.save_conclusion(appraisal, state, current_user)
    except ServiceError:
        db.session.rollback()
        return _review_page(appraisal, state, _("Chưa lưu: vui lòng sửa các mục được đánh dấu."),
                            conclusion_import.review_problems(appraisal, state), 422)
    db.session.commit()
    flash(_("Đã lưu %(f)d tồn tại, %(r)d đề nghị và lập %(t)d nhiệm vụ dự thảo. Hãy hoàn thiện kế hoạch rồi giao "
            "nhiệm vụ.", f=len(state.of_kind(conclusion_review.SHORTCOMING)),
            r=len(state.of_kind(conclusion_review.RECOMMENDATION)), t=len(tasks)), "success")
    return redirect(url_for("appraisals.plan", appraisal_id=appraisal.id))
