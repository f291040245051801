"""The planning service: drafts, what may change once assigned, fan-out, assigning all at once or none."""

from datetime import timedelta

import pytest

from tests.appraisal_support import district
from tracker.extensions import db
from tracker.models import AuditEvent, Priority, ProgressUpdate, Task, TaskStatus
from tracker.services import deadlines
from tracker.services.errors import ServiceError, StaleVersion
from tracker.services.tasks import planning


@pytest.fixture
def d(make):
    return district(make)


def _draft(d, **fields):
    values = dict(title="Chấn chỉnh việc gửi báo cáo định kỳ", lead_agency=d.office,
                  due_date=deadlines.today() + timedelta(days=30))
    values.update(fields)
    task = planning.create_task(d.coordinator, **values)
    db.session.commit()
    return task


def test_a_draft_is_created_with_its_links_and_an_audit_event(d):
    task = _draft(d, supporting_agencies=[d.home_affairs], owner=d.officers["VP HĐND-UBND"],
                  expected_output="Văn bản chấn chỉnh", priority=Priority.URGENT)
    assert task.status == TaskStatus.DRAFT and task.assigned_at is None
    assert [a.short_name for a in task.supporting_agencies] == ["Phòng NV"]
    event = db.session.execute(db.select(AuditEvent).filter_by(action="task_created", entity_id=task.id)).scalar_one()
    assert event.changes["lead_agency"] == d.office.name and event.actor_id == d.coordinator.id
    assert event.changes["owner"] == d.officers["VP HĐND-UBND"].display_name, "names people read, not usernames"


@pytest.mark.parametrize("change, field, words", [
    ({"due_date": -1}, "due_date", "đã qua"),
    ({"start_date": 10, "due_date": 5}, "due_date", "không được trước ngày bắt đầu"),
    ({"owner": "Phòng NV"}, "owner_id", "không phải cán bộ"),
    ({"supporting_agencies": "lead"}, "supporting_ids", "không đồng thời là cơ quan phối hợp"),
    ({"lead_agency": "inactive"}, "lead_agency_id", "ngừng hoạt động"),
    ({"title": "   "}, "title", "Vui lòng nhập tên nhiệm vụ"),
    ({"title": "x" * 1001}, "title", "dài quá 1000"),
    ({"title": "Báo cáo\x07"}, "title", "ký tự điều khiển"),
])
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(d, change, field, words):
    today = deadlines.today()
    values = {}
    for key, value in change.items():
        if key in ("due_date", "start_date"):
            values[key] = today + timedelta(days=value)
        elif key == "owner":
            values[key] = d.officers[value]
        elif value == "lead":
            values[key] = [d.office]
        elif value == "inactive":
            d.justice.is_active = False
            values[key] = d.justice
        else:
            values[key] = value
    before = db.session.scalar(db.select(db.func.count()).select_from(Task))
    with pytest.raises(ServiceError) as refused:
        planning.create_task(d.coordinator, **{"title": "Nhiệm vụ", "lead_agency": d.office} | values)
    db.session.rollback()
    assert refused.value.field == field and words in str(refused.value)
    assert db.session.scalar(db.select(db.func.count()).select_from(Task)) == before


def test_a_draft_changes_freely_an_assigned_task_keeps_deadline_lead_and_status(d):
    task = _draft(d)
    new_due = deadlines.today() + timedelta(days=60)
    planning.update_task(task, d.coordinator, expected_version=task.version, lead_agency=d.home_affairs,
                         due_date=new_due, owner=d.officers["Phòng NV"])
    db.session.commit()
    assert (task.lead_agency, task.due_date, task.owner) == (d.home_affairs, new_due, d.officers["Phòng NV"])

    planning.assign_tasks([task], d.coordinator)
    db.session.commit()
    for fields, words in [({"due_date": new_due + timedelta(days=5)}, "gia hạn"),
                          ({"lead_agency": d.office}, "giao lại"),
                          ({"status": TaskStatus.DONE}, "Trạng thái nhiệm vụ chỉ thay đổi qua")]:
        with pytest.raises(ServiceError, match=words):
            planning.update_task(task, d.coordinator, expected_version=task.version, **fields)
        db.session.rollback()
    # Unchanged values are not a change: the edit form may send them back as they are.
    planning.update_task(task, d.coordinator, expected_version=task.version, due_date=new_due,
                         title="Tên mới, rõ hơn", supporting_agencies=[d.justice])
    db.session.commit()
    assert task.title == "Tên mới, rõ hơn" and task.status == TaskStatus.NOT_STARTED and task.due_date == new_due


def test_a_stale_version_is_refused(d):
    task = _draft(d)
    with pytest.raises(StaleVersion, match="Người khác vừa cập nhật"):
        planning.update_task(task, d.coordinator, expected_version=task.version - 1, title="Khác")


def test_assigning_records_who_when_the_original_deadline_and_the_agency_name(d):
    tasks = [_draft(d), _draft(d, lead_agency=d.home_affairs, title="Rà soát công chức")]
    planning.assign_tasks(tasks, d.coordinator)
    db.session.commit()
    d.office.name = "Văn phòng HĐND và UBND huyện (đổi tên)"
    db.session.commit()
    for task in tasks:
        assert task.status == TaskStatus.NOT_STARTED and task.assigned_by == d.coordinator
        assert task.assigned_at is not None and task.original_due_date == task.due_date
        assert task.start_date == deadlines.today()
        move = db.session.execute(db.select(ProgressUpdate).filter_by(task_id=task.id)).scalar_one()
        assert (move.status_from, move.status_to) == (TaskStatus.DRAFT, TaskStatus.NOT_STARTED)
        assert db.session.execute(db.select(AuditEvent).filter_by(action="task_assigned", entity_id=task.id)).one()
    assert tasks[0].lead_agency_name == "Văn phòng HĐND và UBND huyện", "history keeps the name at assignment"


def test_assignment_is_all_or_nothing(d):
    good = _draft(d)
    stale = _draft(d, title="Nhiệm vụ có hạn đã qua")
    stale.due_date = deadlines.today() - timedelta(days=1)  # a draft left lying around since last month
    db.session.commit()
    with pytest.raises(ServiceError, match="đã qua"):
        planning.assign_tasks([good, stale], d.coordinator)
    db.session.rollback()
    assert {good.status, stale.status} == {TaskStatus.DRAFT}
    assert db.session.scalar(db.select(db.func.count()).select_from(ProgressUpdate)) == 0


def test_fan_out_makes_a_group_of_one_part_per_agency_and_skips_those_already_there(d):
    parent = _draft(d, lead_agency=d.home_affairs, title="Rà soát công chức xã chưa đạt chuẩn",
                    expected_output="Danh sách công chức chưa đạt chuẩn", supporting_agencies=[d.office])
    children = planning.fan_out(parent, d.communes[:3], d.coordinator)
    db.session.commit()
    assert [c.lead_agency for c in children] == d.communes[:3]
    assert all(c.parent == parent and c.status == TaskStatus.DRAFT and c.due_date == parent.due_date
               and c.expected_output == parent.expected_output for c in children)
    assert children[0].title == "Rà soát công chức xã chưa đạt chuẩn — UBND xã Gia Hòa"
    # The group leads nothing itself: the agency that led it supports every part, with its supporting agencies.
    assert parent.is_group and parent.lead_agency is None
    assert all({a.id for a in c.supporting_agencies} == {d.home_affairs.id, d.office.id} for c in children)
    more = planning.fan_out(parent, d.communes, d.coordinator)
    assert [c.lead_agency for c in more] == [d.communes[3]]
    with pytest.raises(ServiceError, match="đều đã có nhiệm vụ"):
        planning.fan_out(parent, d.communes[:1], d.coordinator)
    with pytest.raises(ServiceError, match="không chia tiếp"):
        planning.fan_out(children[0], [d.office], d.coordinator)
    with pytest.raises(ServiceError, match="ít nhất một"):
        planning.fan_out(parent, [], d.coordinator)


def test_a_draft_is_discarded_with_its_children_but_an_assigned_task_is_not(d):
    parent = _draft(d, lead_agency=d.home_affairs)
    planning.fan_out(parent, d.communes[:2], d.coordinator)
    db.session.commit()
    planning.discard_draft(parent, d.coordinator)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Task)) == 0
    assert db.session.execute(db.select(AuditEvent).filter_by(action="task_discarded")).one()
    assigned = _draft(d)
    planning.assign_tasks([assigned], d.coordinator)
    with pytest.raises(ServiceError, match="hủy"):
        planning.discard_draft(assigned, d.coordinator)


def test_an_assigned_task_is_not_turned_into_a_group(d):
    """It was counted as its lead's task: the reports of the days since must keep saying so."""
    assigned = _draft(d, lead_agency=d.home_affairs)
    planning.assign_tasks([assigned], d.coordinator)
    db.session.commit()
    with pytest.raises(ServiceError, match="không chia cho nhiều đơn vị được nữa"):
        planning.fan_out(assigned, d.communes[:2], d.coordinator)
    db.session.rollback()
    assert not assigned.is_group and assigned.lead_agency == d.home_affairs


def test_a_draft_waits_for_its_lead_and_cannot_be_assigned_without_one(d):
    draft = _draft(d, lead_agency=None)
    assert draft.lead_agency is None
    with pytest.raises(ServiceError, match="chưa có cơ quan chủ trì") as err:
        planning.assign_tasks([draft], d.coordinator)
    assert err.value.field == "lead_agency_id"
    db.session.rollback()
    assert draft.status == TaskStatus.DRAFT


def test_a_group_is_assigned_with_its_parts_and_only_the_parts_are_returned(d):
    group = _draft(d, lead_agency=None, title="Rà soát công chức xã")
    parts = planning.fan_out(group, d.communes[:2], d.coordinator)
    db.session.commit()
    assigned = planning.assign_tasks([group], d.coordinator)
    db.session.commit()
    assert assigned == parts, "the group goes with its parts, and only the parts count"
    assert group.status == TaskStatus.NOT_STARTED and group.assigned_at is not None
    assert all(p.status == TaskStatus.NOT_STARTED for p in parts)


def test_discarding_every_part_of_a_draft_group_makes_it_a_task_again(d):
    group = _draft(d, lead_agency=d.home_affairs)
    parts = planning.fan_out(group, d.communes[:2], d.coordinator)
    db.session.commit()
    for part in parts:
        planning.discard_draft(part, d.coordinator)
    db.session.commit()
    assert not group.is_group and group.lead_agency is None, "its lead is chosen again before it is assigned"
