"""The plan in Excel: download its table as XLSX, and upload one (the same layout) to add its rows as drafts.

The upload is only read and checked (the preview); it waits in the upload folder, which every worker shares,
under a random name tied to the user and the appraisal, until the coordinator confirms. Then the rows are checked
again and saved together, or not at all.
"""

import io
import re
import secrets
import time
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import exports
from ..exports import xlsx_plan
from ..extensions import db
from ..permissions import AppraisalAction, assigner_required, follower_required, get_appraisal_or_404
from ..services.reports import document as report_document
from ..services.tasks import plan_import
from . import bp
from .forms import CsrfForm

KEY = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "plan-imports"


def _path(appraisal_id: int, key: str) -> Path:
    return _folder() / f"{appraisal_id}-{current_user.id}-{key}.xlsx"


def _forget_old() -> None:
    """Uploads never confirmed are dropped after a day."""
    folder = _folder()
    if folder.exists():
        for path in folder.glob("*.xlsx"):
            if time.time() - path.stat().st_mtime > KEEP_SECONDS:
                path.unlink(missing_ok=True)


@bp.get("/<int:appraisal_id>/ke-hoach.xlsx")
@follower_required
def plan_xlsx(appraisal_id: int):
    appraisal = get_appraisal_or_404(appraisal_id)
    data = xlsx_plan.render(appraisal, report_document.plan_rows(appraisal))
    return send_file(io.BytesIO(data), mimetype=exports.MIMETYPES["xlsx"], as_attachment=True,
                     download_name=f"ke-hoach-khac-phuc_{appraisal.year}_dot-{appraisal.id}.xlsx")


@bp.route("/<int:appraisal_id>/ke-hoach/nhap-excel", methods=["GET", "POST"])
@assigner_required
def plan_upload(appraisal_id: int):
    """Upload a plan workbook and see each row's problems; nothing is saved here."""
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.PLAN)
    form, checked, key, error = CsrfForm(), None, None, None
    if request.method == "POST":
        upload = request.files.get("file")
        if not form.validate_on_submit():
            error = _("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và chọn tệp lại.")
        elif upload is None or not upload.filename:
            error = _("Vui lòng chọn tệp Excel (.xlsx) của kế hoạch.")
        else:
            data = upload.read(plan_import.MAX_BYTES + 1)
            try:
                checked = plan_import.preview(appraisal, plan_import.read_rows(data))
            except plan_import.PlanImportError as exc:
                error = str(exc)
            else:
                db.session.rollback()  # the preview saves nothing, even by accident
                if checked.ok:
                    _forget_old()
                    key = secrets.token_hex(16)
                    _folder().mkdir(parents=True, exist_ok=True)
                    _path(appraisal.id, key).write_bytes(data)
    status = 422 if error or (checked is not None and not checked.ok) else 200
    return render_template("appraisals/plan_import.html", appraisal=appraisal, form=form, checked=checked, key=key,
                           error=error, max_rows=plan_import.MAX_ROWS), status


@bp.post("/<int:appraisal_id>/ke-hoach/nhap-excel/xac-nhan")
@assigner_required
def plan_upload_confirm(appraisal_id: int):
    """Save the previewed rows as draft tasks of the plan (checked again first)."""
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.PLAN)
    back = url_for("appraisals.plan_upload", appraisal_id=appraisal.id)
    key = request.form.get("key", "")
    path = _path(appraisal.id, key) if KEY.match(key) else None
    if not CsrfForm().validate_on_submit() or path is None or not path.is_file():
        flash(_("Không còn tệp đã xem trước (đã lưu hoặc quá một ngày). Vui lòng tải tệp lên lại."), "warning")
        return redirect(back)
    try:
        made = plan_import.save(appraisal, plan_import.preview(appraisal, plan_import.read_rows(path.read_bytes())),
                                current_user._get_current_object())
    except plan_import.ServiceError as exc:
        db.session.rollback()
        flash(_("Chưa lưu nhiệm vụ nào: %(e)s", e=str(exc)), "danger")
        return redirect(back)
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(_("Đã thêm %(n)d nhiệm vụ dự thảo từ tệp Excel vào kế hoạch.", n=len(made)), "success")
    return redirect(url_for("appraisals.plan", appraisal_id=appraisal.id))
