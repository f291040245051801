"""Extensions, deadline changes and time status on the boundary days, through the workflow verbs."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.services.workflow_world import make_world, new_task, today
from tracker.extensions import db
from tracker.models import ExtensionStatus, Setting, TimeStatus
from tracker.permissions import Relation
from tracker.services import deadlines
from tracker.services.tasks import workflow
from tracker.services.tasks.workflow import Move, WorkflowError


@pytest.fixture
def w(make):
    return make_world(make)


@pytest.mark.parametrize("setting, allowed", [("0", False), ("1", True)])
def test_coordinator_decides_extensions_only_when_the_admin_allows(w, setting, allowed):
    db.session.merge(Setting(key="workflow.coordinator_decides_extensions", value=setting))
    task = new_task(w)
    ext = workflow.request_extension(task, w.actors[Relation.LEAD], new_date=today() + timedelta(days=40),
                                     reason="Cần thêm thời gian")
    db.session.commit()
    if allowed:
        workflow.decide_extension(ext, w.coordinator, approve=True)
        assert task.due_date == today() + timedelta(days=40)
    else:
        with pytest.raises(WorkflowError, match="Chỉ lãnh đạo UBND được quyết định gia hạn"):
            workflow.decide_extension(ext, w.coordinator, approve=True)
        assert ext.status == ExtensionStatus.PENDING
        assert Move.DECIDE_EXTENSION not in workflow.available_moves(w.coordinator, task)


@pytest.mark.parametrize("setting, allowed", [("0", False), ("1", True)])
def test_coordinator_changes_a_deadline_directly_only_when_they_may_decide_extensions(w, setting, allowed):
    db.session.merge(Setting(key="workflow.coordinator_decides_extensions", value=setting))
    task = new_task(w)
    due, later = task.due_date, today() + timedelta(days=50)
    db.session.commit()
    assert (Move.CHANGE_DEADLINE in workflow.available_moves(w.coordinator, task)) == allowed
    if allowed:
        workflow.change_deadline(task, w.coordinator, new_date=later, reason="Theo chỉ đạo")
        assert task.due_date == later
    else:
        with pytest.raises(WorkflowError, match="Chỉ lãnh đạo UBND được điều chỉnh thời hạn"):
            workflow.change_deadline(task, w.coordinator, new_date=later, reason="Theo chỉ đạo")
        assert task.due_date == due


# --- extensions and deadlines ----------------------------------------------------------------------------------

def test_one_pending_extension_and_the_original_deadline_stays(w):
    officer, leader = w.actors[Relation.LEAD], w.actors[Relation.ASSIGNER]
    due = today() + timedelta(days=5)
    task = new_task(w, due=due)
    ext = workflow.request_extension(task, officer, new_date=due + timedelta(days=10), reason="Chờ số liệu")
    with pytest.raises(WorkflowError, match="đã có một đề nghị gia hạn đang chờ"):
        workflow.request_extension(task, officer, new_date=due + timedelta(days=20), reason="Thêm nữa")
    assert Move.REQUEST_EXTENSION not in workflow.available_moves(officer, task)
    workflow.decide_extension(ext, leader, approve=True, new_date=due + timedelta(days=7), note="Chỉ 7 ngày")
    db.session.commit()
    assert ext.status == ExtensionStatus.APPROVED and ext.decided_due_date == due + timedelta(days=7)
    assert task.due_date == due + timedelta(days=7) and task.original_due_date == due and task.deadline_moved
    with pytest.raises(WorkflowError, match="đã được quyết định"):
        workflow.decide_extension(ext, leader, approve=False, note="Đổi ý")


@pytest.mark.parametrize("days, message", [(-1, "không được là ngày đã qua"), (0, "phải sau thời hạn hiện tại")])
def test_an_extension_must_move_the_deadline_later(w, days, message):
    task = new_task(w, due=today() + timedelta(days=3))
    new_date = task.due_date if days == 0 else today() + timedelta(days=days)
    with pytest.raises(WorkflowError, match=message):
        workflow.request_extension(task, w.actors[Relation.LEAD], new_date=new_date, reason="Cần thêm")


def test_rejecting_needs_a_reason_and_keeps_the_deadline(w):
    task = new_task(w)
    due = task.due_date
    ext = workflow.request_extension(task, w.actors[Relation.LEAD], new_date=due + timedelta(days=5), reason="Bận")
    with pytest.raises(WorkflowError, match="lý do không đồng ý"):
        workflow.decide_extension(ext, w.actors[Relation.ASSIGNER], approve=False)
    workflow.decide_extension(ext, w.actors[Relation.ASSIGNER], approve=False, note="Không có lý do chính đáng")
    assert ext.status == ExtensionStatus.REJECTED and task.due_date == due


def test_a_direct_deadline_change_is_an_approved_extension_and_closes_the_pending_one(w):
    task = new_task(w)
    pending = workflow.request_extension(task, w.actors[Relation.LEAD], new_date=task.due_date + timedelta(days=5),
                                         reason="Bận")
    change = workflow.change_deadline(task, w.actors[Relation.ASSIGNER], new_date=today() + timedelta(days=3),
                                      reason="Khẩn")
    db.session.commit()
    assert change.status == ExtensionStatus.APPROVED and change.decided_due_date == today() + timedelta(days=3)
    assert pending.status == ExtensionStatus.WITHDRAWN and task.due_date == today() + timedelta(days=3)
    assert task.original_due_date == today() + timedelta(days=30)


# --- time status on the boundary days --------------------------------------------------------------------------

@pytest.mark.parametrize("days, expected, words", [
    (0, TimeStatus.DUE_SOON, "Hạn hôm nay"),
    (1, TimeStatus.DUE_SOON, "Còn 1 ngày"),
    (3, TimeStatus.DUE_SOON, "Còn 3 ngày"),
    (4, TimeStatus.ON_TRACK, "Còn 4 ngày"),
    (-1, TimeStatus.OVERDUE, "Quá hạn 1 ngày"),
])
def test_time_status_around_the_deadline(w, days, expected, words):
    task = new_task(w, due=today() + timedelta(days=days))
    assert deadlines.task_time_status(task) == expected
    assert deadlines.badge_text(task) == words


def _finish(w, task):
    workflow.submit(task, w.actors[Relation.LEAD], note="Đã hoàn thành")
    workflow.approve(task, w.actors[Relation.ASSIGNER])
    db.session.commit()


def test_done_on_the_deadline_day_is_on_time(w):
    task = new_task(w, due=today())
    _finish(w, task)
    assert task.completed_on == today()
    assert deadlines.task_time_status(task) == TimeStatus.DONE_ON_TIME
    assert deadlines.task_time_status(task, today() + timedelta(days=30)) == TimeStatus.DONE_ON_TIME


@pytest.mark.parametrize("approve, expected", [(True, TimeStatus.DONE_ON_TIME), (False, TimeStatus.DONE_LATE)])
def test_done_after_an_extension_decision(w, approve, expected):
    yesterday = today() - timedelta(days=1)
    task = new_task(w, due=yesterday)
    assert deadlines.task_time_status(task) == TimeStatus.OVERDUE
    ext = workflow.request_extension(task, w.actors[Relation.LEAD], new_date=today() + timedelta(days=5),
                                     reason="Chờ số liệu của các xã")
    workflow.decide_extension(ext, w.actors[Relation.ASSIGNER], approve=approve, note="" if approve else "Không")
    _finish(w, task)
    assert task.original_due_date == yesterday
    assert deadlines.task_time_status(task) == expected


def test_completion_is_the_local_day_of_the_submission_not_of_the_approval(w):
    task = new_task(w, due=today() + timedelta(days=5))
    workflow.submit(task, w.actors[Relation.LEAD], note="Đã hoàn thành")
    # 23:30 UTC is already the next morning in Hà Nội.
    task.submitted_at = datetime(2024, 3, 1, 23, 30, tzinfo=UTC)
    workflow.approve(task, w.actors[Relation.ASSIGNER])
    assert task.completed_on.isoformat() == "2024-03-02"


def test_a_finished_task_keeps_the_deadline_it_was_approved_against(w):
    """Reports judge a finished task against the deadline in force at its approval and read it from the
    stored column (services/reports/as_of.py): no extension decision or deadline change may follow the approval."""
    task = new_task(w, due=today() + timedelta(days=2))
    pending = workflow.request_extension(task, w.actors[Relation.LEAD], new_date=today() + timedelta(days=9),
                                         reason="Chờ số liệu")
    _finish(w, task)
    leader = w.actors[Relation.ASSIGNER]
    with pytest.raises(WorkflowError):
        workflow.decide_extension(pending, leader, approve=True)
    with pytest.raises(WorkflowError):
        workflow.change_deadline(task, leader, new_date=today() + timedelta(days=20), reason="Điều chỉnh")
    assert task.due_date == today() + timedelta(days=2) and pending.status == ExtensionStatus.WITHDRAWN
