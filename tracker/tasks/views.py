"""The task page and its actions: each action reads its form, calls one workflow verb, commits once, redirects.

Access is decided by ``permissions.get_task_or_404`` (404 for tasks the user may not see, 403 for
actions their relation does not allow); the workflow table refuses moves the task's status does not.
"""

import logging

from flask import abort, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..confirm import unconfirmed
from ..extensions import db
from ..models import Agency, Extension, User
from ..permissions import Action, get_evidence_or_404, get_task_or_404
from ..services.notifications import inbox
from ..services.tasks import evidence as evidence_files
from ..services.tasks import history as task_history
from ..services.tasks import workflow
from . import bp
from .page import act, bound_form, direction_of, render_task_page

log = logging.getLogger("tracker.tasks")


@bp.get("/<int:task_id>")
@login_required
def detail(task_id: int):
    task = get_task_or_404(task_id)
    # Opening the task reads its notifications and takes away its "mới" mark: the reader has seen it.
    inbox.mark_task_read(current_user, task.id)
    db.session.commit()
    return render_task_page(task)


@bp.get("/<int:task_id>/lich-su")
@login_required
def history(task_id: int):
    task = get_task_or_404(task_id)
    return render_template("tasks/history.html", task=task, lines=task_history.history(task))


@bp.post("/<int:task_id>/tien-do")
@login_required
def report_progress(task_id: int):
    task = get_task_or_404(task_id, Action.REPORT, for_update=True)
    form = bound_form("progress", task)
    return act(task, "progress", form, lambda: workflow.report_progress(
        task, current_user, progress=form.progress.data, note=form.note.data, files=form.files.data,
        expected_version=form.expected_version), _("Đã ghi cập nhật tiến độ."))


@bp.post("/<int:task_id>/bao-cao-hoan-thanh")
@login_required
def submit(task_id: int):
    task = get_task_or_404(task_id, Action.SUBMIT, for_update=True)
    form = bound_form("submit", task)
    return act(task, "submit", form, lambda: workflow.submit(
        task, current_user, note=form.note.data, files=form.files.data, expected_version=form.expected_version),
        _("Đã báo cáo hoàn thành. Nhiệm vụ chờ bên giao nhiệm vụ duyệt."))


@bp.post("/<int:task_id>/bo-sung-minh-chung")
@login_required
def add_evidence(task_id: int):
    task = get_task_or_404(task_id, Action.SUBMIT, for_update=True)
    form = bound_form("add_evidence", task)
    return act(task, "add_evidence", form, lambda: workflow.add_evidence(
        task, current_user, note=form.note.data or "", files=form.files.data,
        expected_version=form.expected_version), _("Đã bổ sung minh chứng cho báo cáo hoàn thành."))


@bp.post("/<int:task_id>/rut-bao-cao-hoan-thanh")
@login_required
def withdraw_submission(task_id: int):
    task = get_task_or_404(task_id, Action.SUBMIT, for_update=True)
    form = bound_form("withdraw", task)
    return act(task, "withdraw", form, lambda: workflow.withdraw_submission(
        task, current_user, note=form.note.data or "", expected_version=form.expected_version),
        _("Đã rút báo cáo hoàn thành; nhiệm vụ trở lại đang thực hiện."))


@bp.post("/<int:task_id>/duyet")
@login_required
def approve(task_id: int):
    task = get_task_or_404(task_id, Action.DECIDE, for_update=True)
    form = bound_form("approve", task)
    return act(task, "approve", form, lambda: workflow.approve(
        task, current_user, note=form.note.data, expected_version=form.expected_version),
        _("Đã duyệt hoàn thành nhiệm vụ."))


@bp.post("/<int:task_id>/tra-lai")
@login_required
def return_task(task_id: int):
    task = get_task_or_404(task_id, Action.DECIDE, for_update=True)
    form = bound_form("return", task)
    return act(task, "return", form, lambda: workflow.return_task(
        task, current_user, reason=form.reason.data, expected_version=form.expected_version),
        _("Đã trả lại nhiệm vụ cho cơ quan chủ trì."))


@bp.post("/<int:task_id>/tam-hoan")
@login_required
def postpone(task_id: int):
    task = get_task_or_404(task_id, Action.POSTPONE, for_update=True)
    form = bound_form("postpone", task)
    return act(task, "postpone", form, lambda: workflow.postpone(
        task, current_user, reason=form.reason.data, expected_version=form.expected_version),
        _("Đã tạm hoãn nhiệm vụ."))


@bp.post("/<int:task_id>/tiep-tuc")
@login_required
def resume(task_id: int):
    task = get_task_or_404(task_id, Action.POSTPONE, for_update=True)
    form = bound_form("resume", task)
    return act(task, "resume", form, lambda: workflow.resume(
        task, current_user, reason=form.reason.data or "", expected_version=form.expected_version),
        _("Nhiệm vụ được tiếp tục thực hiện."))


@bp.post("/<int:task_id>/huy")
@login_required
def cancel(task_id: int):
    task = get_task_or_404(task_id, Action.CANCEL, for_update=True)
    form = bound_form("cancel", task)
    # Cancelling cannot be undone: ask once (in place with JavaScript, on a page carrying the reason without it).
    if form.validate():
        ask = unconfirmed(_("Hủy nhiệm vụ “%(t)s”? Nhiệm vụ bị hủy không thể khôi phục.", t=task.title),
                          _("Hủy nhiệm vụ"), url_for("tasks.detail", task_id=task.id))
        if ask:
            return ask
    return act(task, "cancel", form, lambda: workflow.cancel(
        task, current_user, reason=form.reason.data, expected_version=form.expected_version),
        _("Đã hủy nhiệm vụ."))


@bp.post("/<int:task_id>/gia-han")
@login_required
def request_extension(task_id: int):
    task = get_task_or_404(task_id, Action.REQUEST_EXTENSION, for_update=True)
    form = bound_form("extension", task)
    return act(task, "extension", form, lambda: workflow.request_extension(
        task, current_user, new_date=form.new_date.data, reason=form.reason.data),
        _("Đã gửi đề nghị gia hạn. Lãnh đạo sẽ xem xét, quyết định."))


@bp.post("/<int:task_id>/gia-han/<int:extension_id>")
@login_required
def decide_extension(task_id: int, extension_id: int):
    task = get_task_or_404(task_id, Action.DECIDE_EXTENSION, for_update=True)
    extension = db.session.get(Extension, extension_id)
    if extension is None or extension.task_id != task.id:
        abort(404)
    form = bound_form("decision", task)
    return act(task, "decision", form, lambda: workflow.decide_extension(
        extension, current_user, approve=form.decision.data != "reject",
        new_date=form.new_date.data if form.decision.data == "other" else None, note=form.note.data or ""),
        _("Đã ghi quyết định về đề nghị gia hạn."), anchor="thoi-han")


@bp.post("/<int:task_id>/thoi-han")
@login_required
def change_deadline(task_id: int):
    task = get_task_or_404(task_id, Action.EDIT, for_update=True)
    form = bound_form("deadline", task)
    return act(task, "deadline", form, lambda: workflow.change_deadline(
        task, current_user, new_date=form.new_date.data, reason=form.reason.data),
        _("Đã điều chỉnh thời hạn."), anchor="thoi-han")


@bp.post("/<int:task_id>/giao-lai")
@login_required
def reassign(task_id: int):
    task = get_task_or_404(task_id, Action.ASSIGN, for_update=True)
    form = bound_form("reassign", task)
    return act(task, "reassign", form, lambda: workflow.reassign(
        task, current_user, lead_agency=db.session.get(Agency, form.lead_agency_id.data),
        owner=db.session.get(User, form.owner_id.data) if form.owner_id.data else None,
        reason=form.reason.data or ""), _("Đã giao lại nhiệm vụ."))


@bp.post("/<int:task_id>/chi-dao")
@login_required
def add_direction(task_id: int):
    task = get_task_or_404(task_id, Action.DIRECT, for_update=True)
    form = bound_form("direction", task)
    return act(task, "direction", form, lambda: workflow.add_direction(task, current_user, form.text.data),
               _("Đã gửi ý kiến chỉ đạo."), anchor="chi-dao")


@bp.post("/<int:task_id>/chi-dao/<int:direction_id>/da-doc")
@login_required
def acknowledge_direction(task_id: int, direction_id: int):
    task = get_task_or_404(task_id, Action.ACKNOWLEDGE, for_update=True)
    direction = direction_of(task, direction_id)
    form = bound_form("ack", task)
    return act(task, "ack", form, lambda: workflow.acknowledge_direction(direction, current_user),
               _("Đã xác nhận đọc ý kiến chỉ đạo."), anchor="chi-dao")


@bp.get("/tep/<int:evidence_id>")
@login_required
def evidence(evidence_id: int):
    """Download an evidence file: always as an attachment, under its original (Vietnamese) name."""
    item = get_evidence_or_404(evidence_id)
    path = evidence_files.file_path(item)
    if not path.is_file():
        log.error("evidence %s: stored file %s is missing", item.id, item.stored_name)
        abort(404)
    response = send_file(path, mimetype=item.content_type, as_attachment=True, download_name=item.file_name,
                         etag=item.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were tricked into rendering it, the file may run nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
