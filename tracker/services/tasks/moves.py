"""Status moves of a task: progress reports, submission, approval, return, postponement, cancellation.

Import these from ``tracker.services.tasks.workflow``; the table they obey lives in ``transitions``.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import NotificationKind, ProgressUpdate, Task, TaskStatus, User, utcnow
from ...permissions import Relation, relation
from .. import audit, deadlines
from ..errors import check_version
from ..notifications import outbox
from . import evidence
from .transitions import OPEN, Move, WorkflowError, check, clean_text, withdraw_pending

S = TaskStatus


def _state(task: Task) -> dict:
    return {"status": task.status, "progress": task.progress, "completed_on": task.completed_on}


def _record(task: Task, actor: User | None, action: str, before: dict, *, to: TaskStatus | None, note: str,
            now: datetime, progress: int | None = None, extra: dict | None = None,
            automatic: bool = False) -> ProgressUpdate:
    """Apply the status move and write its timeline row and audit event.

    An ``automatic`` move (a group following its parts) is credited to nobody, in the timeline and the
    history alike, whoever's action set it off.
    """
    old = task.status
    if to is not None:
        task.status = to
    moved = task.status != old
    update = ProgressUpdate(task=task, author=actor, agency=actor.agency if actor else None, created_at=now,
                            status_from=old if moved else None, status_to=task.status if moved else None,
                            progress=task.progress if progress is None else progress, note=note)
    db.session.add(update)
    audit.record(action, "task", task.id, {**audit.diff(before, _state(task)), **(extra or {})}, actor=actor,
                 automatic=automatic)
    return update


def _chosen(files) -> list:
    """The uploaded files actually chosen (a browser sends an empty part when none is)."""
    return [f for f in (files or ()) if f is not None and getattr(f, "filename", "")]


def _after_change(task: Task) -> None:
    if task.parent is not None:
        roll_up(task.parent)


def report_progress(task: Task, actor: User, *, progress: int, note: str, files=(),
                    expected_version: int | None = None) -> ProgressUpdate:
    """A progress report with optional evidence; the lead's first report starts the task.

    A supporting agency's report records its own share (percent and note on the update) and
    leaves the task's progress and status alone: only the lead agency answers for the task.
    """
    check_version(task, expected_version)
    move = Move.REPORT_SHARE if relation(actor, task) == Relation.SUPPORT else Move.REPORT
    transition = check(task, actor, move)
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise WorkflowError(_("Tiến độ phải là số nguyên từ 0 đến 100."), field="progress")
    note = clean_text(note, _("nội dung cập nhật"), required=False, field="note")
    files = _chosen(files)
    if move == Move.REPORT and progress == task.progress and not note and not files:
        raise WorkflowError(_("Chưa có gì mới để cập nhật: hãy ghi tiến độ mới, nội dung hoặc đính kèm tệp."),
                            field="note")
    before, now = _state(task), utcnow()
    if move == Move.REPORT_SHARE:
        update = _record(task, actor, "task_progress_share", before, to=None, note=note, now=now, progress=progress,
                         extra={"share": {"agency": actor.agency.name, "progress": progress}})
    else:
        task.progress = progress
        update = _record(task, actor, "task_progress", before, to=transition.to, note=note, now=now,
                         progress=progress)
    for file in files:
        evidence.store_evidence(task, actor, file, progress_update=update)
    if move == Move.REPORT:
        _after_change(task)
    return update


def submit(task: Task, actor: User, *, note: str, files=(), expected_version: int | None = None) -> ProgressUpdate:
    """The lead agency reports the task complete, for the assigning side to confirm.

    Where evidence is required, the submission itself carries at least one file: the final result, not a
    file sent with an earlier progress report. The task then shows 100% while it waits.
    """
    check_version(task, expected_version)
    transition = check(task, actor, Move.SUBMIT)
    note = clean_text(note, _("nội dung báo cáo hoàn thành"), required=True, field="note")
    files = _chosen(files)
    if task.evidence_required and not files:
        raise WorkflowError(_("Nhiệm vụ này cần minh chứng kết quả khi báo cáo hoàn thành: vui lòng đính kèm ít nhất "
                              "một tệp (tệp đã gửi ở các lần cập nhật trước không tính là minh chứng hoàn thành)."),
                            field="files")
    before, now = _state(task), utcnow()
    task.submitted_at = now
    task.progress = 100
    update = _record(task, actor, "task_submitted", before, to=transition.to, note=note, now=now, progress=100)
    outbox.emit(NotificationKind.SUBMITTED, task, actor=actor, data={"note": note})
    for file in files:
        evidence.store_evidence(task, actor, file, progress_update=update)
    _after_change(task)
    return update


def add_evidence(task: Task, actor: User, *, note: str = "", files=(),
                 expected_version: int | None = None) -> ProgressUpdate:
    """The lead agency adds files to a submission while it waits for a decision; the status stays."""
    check_version(task, expected_version)
    check(task, actor, Move.ADD_EVIDENCE)
    note = clean_text(note, _("ghi chú"), required=False, field="note")
    files = _chosen(files)
    if not files:
        raise WorkflowError(_("Vui lòng chọn ít nhất một tệp để bổ sung."), field="files")
    update = _record(task, actor, "task_evidence_added", _state(task), to=None, note=note, now=utcnow(),
                     progress=task.progress, extra={"files": [getattr(f, "filename", "") for f in files]})
    for file in files:
        evidence.store_evidence(task, actor, file, progress_update=update)
    return update


def withdraw_submission(task: Task, actor: User, *, note: str = "",
                        expected_version: int | None = None) -> ProgressUpdate:
    """The lead agency takes back a submission not yet decided: the task is in progress again, at the
    progress it had before it was handed in."""
    check_version(task, expected_version)
    transition = check(task, actor, Move.WITHDRAW)
    note = clean_text(note, _("lý do rút báo cáo hoàn thành"), required=False, field="note")
    before, now = _state(task), utcnow()
    task.submitted_at = None
    task.progress = _progress_before_submission(task)
    update = _record(task, actor, "task_submission_withdrawn", before, to=transition.to, note=note, now=now)
    _after_change(task)
    return update


def _progress_before_submission(task: Task) -> int:
    """The progress last reported before the latest submission (0 when none was)."""
    submitted = (sa.select(sa.func.max(ProgressUpdate.id))
                 .where(ProgressUpdate.task_id == task.id, ProgressUpdate.status_to == S.SUBMITTED)
                 .scalar_subquery())
    stmt = (sa.select(ProgressUpdate.progress)
            .where(ProgressUpdate.task_id == task.id, ProgressUpdate.id < submitted,
                   ProgressUpdate.progress.is_not(None), ProgressUpdate.status_to.is_distinct_from(S.SUBMITTED))
            .order_by(ProgressUpdate.id.desc()).limit(1))
    return db.session.scalar(stmt) or 0


def approve(task: Task, actor: User, *, note: str = "", expected_version: int | None = None) -> ProgressUpdate:
    """Confirm completion; the task is done as of the day it was submitted, in local time."""
    check_version(task, expected_version)
    transition = check(task, actor, Move.APPROVE)
    note = clean_text(note, _("ý kiến"), required=False, field="note")
    before, now = _state(task), utcnow()
    # The agency finished when it submitted; the approval only confirms it (docs/development.md).
    task.completed_on = deadlines.local_date(task.submitted_at or now)
    task.progress = 100
    withdraw_pending(task, actor, now, _("Nhiệm vụ đã được duyệt hoàn thành."))
    update = _record(task, actor, "task_approved", before, to=transition.to, note=note, now=now,
                     extra={"due_date": task.due_date})
    outbox.emit(NotificationKind.APPROVED, task, actor=actor, data={"note": note})
    _after_change(task)
    return update


def return_task(task: Task, actor: User, *, reason: str, expected_version: int | None = None) -> ProgressUpdate:
    """Send a submission back to the lead agency with the reason it is not yet done."""
    check_version(task, expected_version)
    transition = check(task, actor, Move.RETURN)
    reason = clean_text(reason, _("lý do trả lại"), required=True, field="reason")
    before, now = _state(task), utcnow()
    task.submitted_at = None
    task.progress = _progress_before_submission(task)
    update = _record(task, actor, "task_returned", before, to=transition.to, note=reason, now=now,
                     extra={"reason": reason})
    outbox.emit(NotificationKind.RETURNED, task, actor=actor, data={"reason": reason})
    _after_change(task)
    return update


def postpone(task: Task, actor: User, *, reason: str, expected_version: int | None = None) -> ProgressUpdate:
    """Put a task on hold (assigning side, with a reason); ``resume`` undoes it."""
    check_version(task, expected_version)
    transition = check(task, actor, Move.POSTPONE)
    reason = clean_text(reason, _("lý do tạm hoãn"), required=True, field="reason")
    update = _record(task, actor, "task_postponed", _state(task), to=transition.to, note=reason, now=utcnow(),
                     extra={"reason": reason})
    _after_change(task)
    return update


def resume(task: Task, actor: User, *, reason: str = "", expected_version: int | None = None) -> ProgressUpdate:
    """End a postponement: the task returns to the status it had before."""
    check_version(task, expected_version)
    check(task, actor, Move.RESUME)
    reason = clean_text(reason, _("ghi chú"), required=False, field="reason")
    update = _record(task, actor, "task_resumed", _state(task), to=_status_before_postponement(task), note=reason,
                     now=utcnow(), extra={"reason": reason} if reason else None)
    _after_change(task)
    return update


def _status_before_postponement(task: Task) -> TaskStatus:
    stmt = (sa.select(ProgressUpdate.status_from)
            .where(ProgressUpdate.task_id == task.id, ProgressUpdate.status_to == S.POSTPONED)
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()))
    previous = db.session.execute(stmt).scalars().first()
    return previous if previous in OPEN else S.IN_PROGRESS


def cancel(task: Task, actor: User, *, reason: str, expected_version: int | None = None) -> ProgressUpdate:
    """Cancel a task for good (assigning side, with a reason); nothing is deleted."""
    check_version(task, expected_version)
    transition = check(task, actor, Move.CANCEL)
    reason = clean_text(reason, _("lý do hủy"), required=True, field="reason")
    now = utcnow()
    withdraw_pending(task, actor, now, _("Nhiệm vụ đã bị hủy."))
    update = _record(task, actor, "task_cancelled", _state(task), to=transition.to, note=reason, now=now,
                     extra={"reason": reason})
    _after_change(task)
    return update


def roll_up(group: Task) -> None:
    """A group's status and progress follow its parts (drafts left out, cancelled ones too once others count).

    Done when every counting part is done (on the day the last one finished); postponed when the rest are
    postponed; in progress as soon as any part has started; cancelled when every part is. The moves are the
    system's, not those of the person whose action set them off.
    """
    if not group.is_group or group.status == S.DRAFT:
        return
    parts = [c for c in group.children if c.status != S.DRAFT]
    if not parts:
        return
    live = [c for c in parts if c.status != S.CANCELLED]
    before = _state(group)
    if not live:
        to = S.CANCELLED
    elif all(c.status == S.DONE for c in live):
        to = S.DONE
    elif all(c.status in (S.DONE, S.POSTPONED) for c in live):
        to = S.POSTPONED
    elif any(c.status != S.NOT_STARTED or c.progress > 0 for c in live):
        to = S.IN_PROGRESS
    else:
        to = S.NOT_STARTED
    if live:
        group.progress = round(sum(100 if c.status == S.DONE else c.progress for c in live) / len(live))
    group.completed_on = max((c.completed_on for c in live if c.completed_on), default=None) if to == S.DONE else None
    if to != group.status:
        _record(group, None, "task_rolled_up", before, to=to, note="", now=utcnow(), automatic=True)
    elif _state(group) != before:
        audit.record("task_rolled_up", "task", group.id, audit.diff(before, _state(group)), automatic=True)
