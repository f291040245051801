"""The workflow table, move by move: every allowed move works, every other one is refused and changes nothing.

Extensions, deadlines and time status: test_workflow_deadlines.py.
"""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests import evidence_samples
from tests.services.workflow_world import make_world, new_task, today
from tracker.extensions import db
from tracker.models import AuditEvent, Direction, Extension, ProgressUpdate, TaskStatus
from tracker.permissions import Relation
from tracker.services.errors import StaleVersion
from tracker.services.tasks import workflow
from tracker.services.tasks.workflow import PREVIOUS, TRANSITIONS, Move, WorkflowError

S = TaskStatus


@pytest.fixture
def w(make):
    return make_world(make)


# --- every verb, in every status, by every relation --------------------------------------------------------------

def _move_for(verb: str, rel: Relation) -> Move:
    if verb == "report_progress":
        return Move.REPORT_SHARE if rel == Relation.SUPPORT else Move.REPORT
    return {
        "submit": Move.SUBMIT, "add_evidence": Move.ADD_EVIDENCE, "withdraw_submission": Move.WITHDRAW,
        "approve": Move.APPROVE, "return_task": Move.RETURN, "postpone": Move.POSTPONE,
        "resume": Move.RESUME, "cancel": Move.CANCEL, "request_extension": Move.REQUEST_EXTENSION,
        "decide_extension": Move.DECIDE_EXTENSION, "change_deadline": Move.CHANGE_DEADLINE,
        "reassign": Move.REASSIGN, "add_direction": Move.DIRECT, "acknowledge_direction": Move.ACKNOWLEDGE,
    }[verb]


def _prepare(w, verb, task):
    """What a verb acts on besides the task: a pending request, a direction, the state before postponement."""
    if verb == "decide_extension":
        ext = Extension(task=task, previous_due_date=task.due_date, requested_due_date=today() + timedelta(days=40),
                        reason="Cần thêm thời gian", requested_by=w.actors[Relation.LEAD])
        db.session.add(ext)
        db.session.commit()
        return ext
    if verb == "acknowledge_direction":
        direction = Direction(task=task, author=w.actors[Relation.ASSIGNER], text="Đề nghị hoàn thành sớm")
        db.session.add(direction)
        db.session.commit()
        return direction
    if task.status == S.POSTPONED:
        db.session.add(ProgressUpdate(task=task, status_from=S.IN_PROGRESS, status_to=S.POSTPONED, note="Tạm hoãn"))
        db.session.commit()
    return None


def _call(w, verb, task, actor, target):
    later = today() + timedelta(days=45)
    calls = {
        "report_progress": lambda: workflow.report_progress(task, actor, progress=60, note="Đã làm được một nửa"),
        "submit": lambda: workflow.submit(task, actor, note="Đã hoàn thành"),
        "add_evidence": lambda: workflow.add_evidence(task, actor, files=[_pdf("Bổ sung.pdf")]),
        "withdraw_submission": lambda: workflow.withdraw_submission(task, actor, note="Cần bổ sung"),
        "approve": lambda: workflow.approve(task, actor),
        "return_task": lambda: workflow.return_task(task, actor, reason="Thiếu danh sách"),
        "postpone": lambda: workflow.postpone(task, actor, reason="Chờ hướng dẫn của tỉnh"),
        "resume": lambda: workflow.resume(task, actor),
        "cancel": lambda: workflow.cancel(task, actor, reason="Không còn phù hợp"),
        "request_extension": lambda: workflow.request_extension(task, actor, new_date=later, reason="Cần thêm"),
        "decide_extension": lambda: workflow.decide_extension(target, actor, approve=True),
        "change_deadline": lambda: workflow.change_deadline(task, actor, new_date=later, reason="Điều chỉnh"),
        "reassign": lambda: workflow.reassign(task, actor, lead_agency=w.other),
        "add_direction": lambda: workflow.add_direction(task, actor, "Đề nghị khẩn trương"),
        "acknowledge_direction": lambda: workflow.acknowledge_direction(target, actor),
    }
    return calls[verb]()


VERBS = ["report_progress", "submit", "add_evidence", "withdraw_submission", "approve", "return_task", "postpone",
         "resume", "cancel", "request_extension", "decide_extension", "change_deadline", "reassign", "add_direction",
         "acknowledge_direction"]


def _pdf(name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(evidence_samples.pdf()), filename=name)


def _snapshot(task):
    counts = {m.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(m))
              for m in (ProgressUpdate, AuditEvent, Extension, Direction)}
    row = {c.key: getattr(task, c.key) for c in sa.inspect(task).mapper.column_attrs}
    return counts, row


@pytest.mark.parametrize("verb", VERBS)
def test_every_move_follows_the_table(w, verb):
    """The table and its complement: each verb, in each status, by each relation."""
    for status in TaskStatus:
        for rel, actor in w.actors.items():
            _check_one(w, verb, status, rel, actor)


def _check_one(w, verb, status, rel, actor):
    task = new_task(w, status)
    target = _prepare(w, verb, task)
    transition = TRANSITIONS.get((status, _move_for(verb, rel)))
    allowed = transition is not None and rel in transition.who
    before_counts, before_row = _snapshot(task)
    label = f"{verb} by {rel.value} on {status.value}"
    if not allowed:
        with pytest.raises(WorkflowError) as refused:
            _call(w, verb, task, actor, target)
        assert str(refused.value).strip(), label
        assert not db.session.new and not db.session.dirty, f"{label}: refused but changed the session"
        db.session.rollback()
        assert _snapshot(task) == (before_counts, before_row), label
        return
    _call(w, verb, task, actor, target)
    db.session.commit()
    expected = {None: status, PREVIOUS: S.IN_PROGRESS}.get(transition.to, transition.to)
    assert task.status == expected, label
    if expected != status:
        update = db.session.execute(sa.select(ProgressUpdate).where(ProgressUpdate.task_id == task.id)
                                    .order_by(ProgressUpdate.id.desc())).scalars().first()
        assert (update.status_from, update.status_to) == (status, expected), label
        assert update.author_id == actor.id and update.agency_id == actor.agency_id and update.created_at
        event = db.session.execute(sa.select(AuditEvent).where(AuditEvent.entity_id == task.id)
                                   .order_by(AuditEvent.id.desc())).scalars().first()
        assert event.changes["status"] == [status.value, expected.value], label
        assert event.actor_id == actor.id
    assert _snapshot(task)[0]["audit_event"] > before_counts["audit_event"], f"{label}: no audit event"


def test_the_status_moves_are_the_ones_the_issue_describes():
    """Written out from the issue, independently of the table, so a slip in the table shows here."""
    lead, assigner = {Relation.LEAD}, {Relation.ASSIGNER}
    expected = {
        (S.NOT_STARTED, Move.REPORT): (S.IN_PROGRESS, lead),
        (S.RETURNED, Move.REPORT): (S.IN_PROGRESS, lead),
        (S.NOT_STARTED, Move.SUBMIT): (S.SUBMITTED, lead),
        (S.IN_PROGRESS, Move.SUBMIT): (S.SUBMITTED, lead),
        (S.RETURNED, Move.SUBMIT): (S.SUBMITTED, lead),
        (S.SUBMITTED, Move.WITHDRAW): (S.IN_PROGRESS, lead),
        (S.SUBMITTED, Move.APPROVE): (S.DONE, assigner),
        (S.SUBMITTED, Move.RETURN): (S.RETURNED, assigner),
        (S.POSTPONED, Move.RESUME): (PREVIOUS, assigner),
        **{(s, Move.POSTPONE): (S.POSTPONED, assigner) for s in (S.NOT_STARTED, S.IN_PROGRESS, S.SUBMITTED,
                                                                 S.RETURNED)},
        **{(s, Move.CANCEL): (S.CANCELLED, assigner) for s in (S.NOT_STARTED, S.IN_PROGRESS, S.SUBMITTED,
                                                               S.RETURNED, S.POSTPONED)},
    }
    moving = {key: (t.to, set(t.who)) for key, t in TRANSITIONS.items() if t.to is not None and t.to != key[0]}
    assert moving == expected


def test_the_table_knows_every_move_and_only_real_statuses():
    assert {move for _status, move in TRANSITIONS} == set(Move)
    assert all(status != S.DRAFT for status, _move in TRANSITIONS), "assignment is planning's, not the workflow's"
    finished = {move for status, move in TRANSITIONS if status in (S.DONE, S.CANCELLED)}
    assert finished == {Move.DIRECT, Move.ACKNOWLEDGE}, "done and cancelled tasks only take comments"


def test_directions_are_the_leaders_alone(w):
    task = new_task(w)
    with pytest.raises(WorkflowError, match="lãnh đạo UBND"):
        workflow.add_direction(task, w.coordinator, "Đề nghị khẩn trương")


# --- what each move needs ---------------------------------------------------------------------------------------

def test_submit_needs_a_note_and_evidence_when_the_output_calls_for_it(w):
    officer = w.actors[Relation.LEAD]
    task = new_task(w, evidence_required=True)
    with pytest.raises(WorkflowError, match="Vui lòng nhập nội dung báo cáo hoàn thành") as err:
        workflow.submit(task, officer, note="  ")
    assert err.value.field == "note"
    with pytest.raises(WorkflowError, match="cần minh chứng kết quả") as err:
        workflow.submit(task, officer, note="Đã xong")
    assert err.value.field == "files" and task.status == S.IN_PROGRESS
    no_file_needed = new_task(w, evidence_required=False)
    assert workflow.submit(no_file_needed, officer, note="Đã xong").status_to == S.SUBMITTED


def test_a_submission_needs_its_own_file_not_one_sent_with_an_earlier_report(w):
    """The rule (docs/development.md): the final evidence comes with the submission itself."""
    officer = w.actors[Relation.LEAD]
    task = new_task(w, evidence_required=True)
    workflow.report_progress(task, officer, progress=50, note="Đã rà soát 10/20", files=[_pdf("50%.pdf")])
    db.session.commit()
    with pytest.raises(WorkflowError, match="tệp đã gửi ở các lần cập nhật trước không tính"):
        workflow.submit(task, officer, note="Đã xong")
    db.session.rollback()
    update = workflow.submit(task, officer, note="Đã xong", files=[_pdf("Kết quả.pdf")])
    db.session.commit()
    assert task.status == S.SUBMITTED and task.progress == 100, "a submission shows 100% while it waits"
    assert [e.file_name for e in update.evidence] == ["Kết quả.pdf"]


def test_while_it_waits_the_officer_may_add_a_file_or_withdraw_the_submission(w):
    officer = w.actors[Relation.LEAD]
    task = new_task(w, evidence_required=True)
    workflow.report_progress(task, officer, progress=70, note="Gần xong")
    workflow.submit(task, officer, note="Đã xong", files=[_pdf("Kết quả.pdf")])
    db.session.commit()
    assert workflow.available_moves(officer, task) >= {Move.ADD_EVIDENCE, Move.WITHDRAW}
    with pytest.raises(WorkflowError, match="ít nhất một tệp"):
        workflow.add_evidence(task, officer, note="Bổ sung")
    added = workflow.add_evidence(task, officer, note="Bổ sung quyết định", files=[_pdf("Quyết định.pdf")])
    db.session.commit()
    assert task.status == S.SUBMITTED and added.status_to is None and len(added.evidence) == 1
    with pytest.raises(WorkflowError):
        workflow.withdraw_submission(task, w.actors[Relation.SUPPORT])
    workflow.withdraw_submission(task, officer, note="Cần bổ sung số liệu")
    db.session.commit()
    assert task.status == S.IN_PROGRESS and task.progress == 70, "back to the progress reported before submitting"
    assert task.submitted_at is None


def test_a_returned_task_goes_back_to_its_progress_before_the_submission(w):
    officer = w.actors[Relation.LEAD]
    task = new_task(w, evidence_required=False)
    workflow.report_progress(task, officer, progress=80, note="Gần xong")
    workflow.submit(task, officer, note="Đã xong")
    workflow.return_task(task, w.actors[Relation.ASSIGNER], reason="Thiếu danh sách")
    db.session.commit()
    assert task.status == S.RETURNED and task.progress == 80


@pytest.mark.parametrize("verb, field", [("return_task", "reason"), ("postpone", "reason"), ("cancel", "reason")])
def test_return_postpone_and_cancel_need_a_reason(w, verb, field):
    task = new_task(w, S.SUBMITTED)
    with pytest.raises(WorkflowError, match="Vui lòng nhập lý do") as err:
        getattr(workflow, verb)(task, w.actors[Relation.ASSIGNER], reason="")
    assert err.value.field == field and task.status == S.SUBMITTED


def test_a_supporting_agency_reports_its_share_without_moving_the_task(w):
    task = new_task(w, S.NOT_STARTED)
    update = workflow.report_progress(task, w.actors[Relation.SUPPORT], progress=80, note="Đã bố trí kinh phí")
    db.session.commit()
    assert task.status == S.NOT_STARTED and task.progress == 20
    assert update.agency_id == w.support.id and update.progress == 80 and update.status_to is None
    with pytest.raises(WorkflowError, match="Chỉ cán bộ cơ quan chủ trì được báo cáo hoàn thành"):
        workflow.submit(task, w.actors[Relation.SUPPORT], note="Xong")
    with pytest.raises(WorkflowError):
        workflow.approve(task, w.actors[Relation.SUPPORT])


def test_the_leads_first_report_starts_the_task_and_sets_progress(w):
    task = new_task(w, S.NOT_STARTED)
    workflow.report_progress(task, w.actors[Relation.LEAD], progress=50, note="Đã rà soát 10/20 công chức")
    assert (task.status, task.progress) == (S.IN_PROGRESS, 50)
    with pytest.raises(WorkflowError, match="Tiến độ phải là số nguyên từ 0 đến 100"):
        workflow.report_progress(task, w.actors[Relation.LEAD], progress=101, note="")
    with pytest.raises(WorkflowError, match="Chưa có gì mới"):
        workflow.report_progress(task, w.actors[Relation.LEAD], progress=50, note="")


def test_a_stale_form_is_refused_and_changes_nothing(w):
    task = new_task(w)
    loaded = task.version
    workflow.report_progress(task, w.actors[Relation.LEAD], progress=40, note="Lần một", expected_version=loaded)
    db.session.commit()
    assert task.version == loaded + 1
    with pytest.raises(StaleVersion, match="Người khác vừa cập nhật"):
        workflow.report_progress(task, w.actors[Relation.LEAD], progress=90, note="Lần hai", expected_version=loaded)
    assert task.progress == 40 and not db.session.new


def test_resume_returns_to_the_status_before_postponement(w):
    task = new_task(w, S.SUBMITTED)
    workflow.postpone(task, w.actors[Relation.ASSIGNER], reason="Chờ ý kiến của tỉnh")
    assert task.status == S.POSTPONED
    workflow.resume(task, w.actors[Relation.ASSIGNER])
    assert task.status == S.SUBMITTED


def test_return_clears_the_submission_and_the_lead_works_again(w):
    task = new_task(w)
    officer, leader = w.actors[Relation.LEAD], w.actors[Relation.ASSIGNER]
    workflow.submit(task, officer, note="Đã xong")
    assert task.submitted_at is not None
    workflow.return_task(task, leader, reason="Thiếu danh sách xã Gia Vân")
    assert task.status == S.RETURNED and task.submitted_at is None
    workflow.report_progress(task, officer, progress=90, note="Đã bổ sung")
    assert task.status == S.IN_PROGRESS
    workflow.submit(task, officer, note="Đã bổ sung danh sách")
    workflow.approve(task, leader)
    assert task.status == S.DONE and task.progress == 100


# --- sub-tasks ------------------------------------------------------------------------------------------------

def test_a_group_follows_its_parts_and_takes_no_moves_of_its_own(w):
    group = w.make.task(w.lead, status=S.NOT_STARTED, is_group=True)
    group.lead_agency, group.lead_agency_name = None, ""
    kids = [w.make.task(a, status=S.NOT_STARTED, parent=group, evidence_required=False)
            for a in (w.support, w.other, w.lead)]
    db.session.commit()
    officer = w.make.officer(w.support)
    workflow.report_progress(kids[0], officer, progress=60, note="Đã rà soát")
    db.session.commit()
    assert group.progress == 20 and group.status == S.IN_PROGRESS
    moved = db.session.execute(sa.select(ProgressUpdate).where(ProgressUpdate.task_id == group.id,
                                                               ProgressUpdate.status_to == S.IN_PROGRESS)).scalar_one()
    assert moved.status_from == S.NOT_STARTED and moved.author_id is None, "the system's move, credited to nobody"
    event = db.session.execute(sa.select(AuditEvent).filter_by(action="task_rolled_up", entity_id=group.id)
                               .order_by(AuditEvent.id.desc())).scalars().first()
    assert event.actor_id is None and event.actor_name == "", "the same in the history as in the timeline"
    workflow.cancel(kids[1], w.actors[Relation.ASSIGNER], reason="Xã đã sáp nhập")
    db.session.commit()
    assert group.progress == 30, "a cancelled part no longer counts"
    with pytest.raises(WorkflowError, match="nhiệm vụ chung"):
        workflow.report_progress(group, w.actors[Relation.ASSIGNER], progress=90, note="Tổng hợp")
    assert workflow.available_moves(w.actors[Relation.ASSIGNER], group) == set()
    for kid in (kids[0], kids[2]):
        workflow.submit(kid, w.make.officer(kid.lead_agency), note="Xong")
        workflow.approve(kid, w.actors[Relation.ASSIGNER])
    db.session.commit()
    assert group.status == S.DONE and group.progress == 100
    assert group.completed_on == max(kids[0].completed_on, kids[2].completed_on)


def test_available_moves_show_only_what_the_user_may_do(w):
    task = new_task(w)
    officer, leader = w.actors[Relation.LEAD], w.actors[Relation.ASSIGNER]
    assert workflow.available_moves(officer, task) == {Move.REPORT, Move.SUBMIT, Move.REQUEST_EXTENSION,
                                                       Move.ACKNOWLEDGE}
    assert workflow.available_moves(w.actors[Relation.SUPPORT], task) == {Move.REPORT_SHARE}
    assert workflow.available_moves(w.actors[Relation.NONE], task) == set()
    assert workflow.available_moves(leader, task) == {Move.POSTPONE, Move.CANCEL, Move.CHANGE_DEADLINE,
                                                      Move.REASSIGN, Move.DIRECT}
    assert Move.DIRECT not in workflow.available_moves(w.coordinator, task)
