"""Bulk actions of the assigning side: approve, change the deadline, reassign; all of the checked tasks or none."""

import html
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import AuditEvent, Extension, ExtensionStatus, Task, TaskStatus
from tracker.services import deadlines
from tracker.services.tasks import workflow

LIST = "/nhiem-vu/"
BULK = "/nhiem-vu/hang-loat"


@pytest.fixture
def world(make):
    w = type("World", (), {})()
    w.a, w.b = make.agency("UBND xã Gia Viễn", "Xã Gia Viễn"), make.agency("Phòng Nội vụ", "Phòng NV")
    w.leader, w.officer = make.leader(), make.officer(w.a)
    w.tasks = []
    for n in range(3):
        task = make.task(w.a, title=f"Nhiệm vụ số {n + 1}", status=TaskStatus.IN_PROGRESS, evidence_required=False,
                         due=deadlines.today() + timedelta(days=5 + n))
        w.tasks.append(task)
    w.first, w.second, w.third = w.tasks
    for task in (w.first, w.second):
        workflow.submit(task, w.officer, note="Đã hoàn thành")
    db.session.commit()
    return w


def refs(*tasks):
    return [f"{t.id}:{t.version}" for t in tasks]


def post(web, data, confirmed="1"):
    return web.post(BULK, {"back": "/nhiem-vu/?status=submitted", "confirmed": confirmed, **data}, token_from=LIST)


def snapshot():
    """What a bulk action could change, to prove a refused one changed nothing."""
    db.session.expire_all()
    tasks = db.session.execute(sa.select(Task.id, Task.status, Task.due_date, Task.lead_agency_id, Task.version)
                               .order_by(Task.id)).all()
    return tasks, db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.entity == "task")), \
        db.session.scalar(sa.select(sa.func.count()).select_from(Extension))


def flashed(web) -> str:
    return html.unescape(web.get(LIST).get_data(as_text=True))


def test_approve_selected_submissions(world, login_as):
    web = login_as(world.leader)
    response = post(web, {"action": "approve", "task_ids": refs(world.first, world.second), "reason": "Tốt"})
    assert response.status_code == 303 and response.headers["Location"] == "/nhiem-vu/?status=submitted"
    db.session.expire_all()
    assert [t.status for t in world.tasks] == [TaskStatus.DONE, TaskStatus.DONE, TaskStatus.IN_PROGRESS]
    assert world.first.completed_on == deadlines.today()
    events = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action == "task_approved")).all()
    assert len(events) == 2
    assert "Đã duyệt hoàn thành 2 nhiệm vụ." in flashed(web)


def test_one_refusal_changes_nothing_and_names_the_task(world, login_as):
    web = login_as(world.leader)
    before = snapshot()
    post(web, {"action": "approve", "task_ids": refs(world.first, world.third)})
    assert snapshot() == before
    page = flashed(web)
    assert "Chưa thay đổi nhiệm vụ nào. Nhiệm vụ “Nhiệm vụ số 3” không thực hiện được" in page
    assert "Đang thực hiện" in page


def test_a_form_loaded_before_a_change_is_refused(world, login_as):
    web = login_as(world.leader)
    stale = refs(world.first)
    world.first.progress = 99  # someone changed the task after the list was loaded: its version moved on
    db.session.commit()
    before = snapshot()
    post(web, {"action": "approve", "task_ids": stale})
    assert snapshot() == before
    assert "Người khác vừa cập nhật nhiệm vụ này" in flashed(web)


@pytest.mark.parametrize("ids", [["424242"], ["1:1", "424242"], ["abc"], ["-1"], ["99999999999999999999"], ["1:x"]])
def test_ids_nobody_may_see_give_404_and_change_nothing(world, login_as, ids):
    web = login_as(world.leader)
    before = snapshot()
    assert post(web, {"action": "approve", "task_ids": ids}).status_code == 404
    assert snapshot() == before


def test_officers_and_admins_are_refused(world, make, login_as):
    before = snapshot()
    for user in (world.officer, make.admin()):
        assert post(login_as(user), {"action": "approve", "task_ids": refs(world.first)}).status_code == 403
    assert snapshot() == before


def test_without_csrf_token_nothing_happens(world, login_as):
    web = login_as(world.leader)
    before = snapshot()
    response = web.client.post(BULK, data={"action": "approve", "task_ids": refs(world.first), "confirmed": "1"})
    assert response.status_code == 400 and snapshot() == before


def test_change_deadline_is_recorded_as_extensions(world, login_as):
    web = login_as(world.leader)
    new = deadlines.today() + timedelta(days=60)
    originals = [t.original_due_date for t in world.tasks]
    response = post(web, {"action": "deadline", "task_ids": refs(*world.tasks), "new_date": new.strftime("%d/%m/%Y"),
                          "reason": "Theo chỉ đạo của UBND tỉnh"})
    assert response.status_code == 303
    db.session.expire_all()
    assert [t.due_date for t in world.tasks] == [new] * 3
    assert [t.original_due_date for t in world.tasks] == originals
    extensions = db.session.scalars(sa.select(Extension)).all()
    assert len(extensions) == 3 and {e.status for e in extensions} == {ExtensionStatus.APPROVED}
    assert {e.decided_due_date for e in extensions} == {new}
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "deadline_changed")) == 3
    assert "Đã đổi thời hạn của 3 nhiệm vụ." in flashed(web)


@pytest.mark.parametrize("data, message", [
    ({"new_date": "01/01/2020", "reason": "x"}, "Thời hạn mới 01/01/2020 đã qua"),
    ({"new_date": "", "reason": "x"}, "Vui lòng chọn thời hạn mới"),
    ({"new_date": "31/02/2030", "reason": "x"}, "Ngày không hợp lệ"),
    ({"new_date": "01/01/2031", "reason": ""}, "Vui lòng ghi lý do đổi thời hạn"),
])
def test_change_deadline_refusals(world, login_as, data, message):
    web = login_as(world.leader)
    before = snapshot()
    assert post(web, {"action": "deadline", "task_ids": refs(world.third), **data}).status_code == 303
    assert snapshot() == before
    assert message in flashed(web)


def test_reassign_to_another_lead_agency(world, login_as):
    web = login_as(world.leader)
    post(web, {"action": "reassign", "task_ids": refs(world.third), "lead_agency_id": str(world.b.id),
               "reason": "Đúng chức năng"})
    db.session.expire_all()
    assert world.third.lead_agency_id == world.b.id and world.third.lead_agency_name == "Phòng Nội vụ"
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "task_reassigned")) == 1
    assert "Đã giao lại 1 nhiệm vụ." in flashed(web)


def test_reassign_refusals(world, make, login_as):
    web = login_as(world.leader)
    closed = make.agency("Xã đã sáp nhập", "Xã cũ")
    closed.is_active = False
    db.session.commit()
    before = snapshot()
    for agency_id, message in ((closed.id, "cơ quan đã ngừng hoạt động"), (0, "Vui lòng chọn cơ quan chủ trì mới"),
                               (world.a.id, "Cơ quan chủ trì và người phụ trách không thay đổi")):
        post(web, {"action": "reassign", "task_ids": refs(world.third), "lead_agency_id": str(agency_id)})
        assert snapshot() == before
        assert message in flashed(web)


def test_without_javascript_a_confirmation_page_carries_the_selection(world, login_as):
    web = login_as(world.leader)
    data = {"action": "approve", "task_ids": refs(world.first, world.second), "reason": "Đồng ý"}
    page = post(web, data, confirmed="0")
    assert page.status_code == 200
    body = html.unescape(page.get_data(as_text=True))
    assert "Duyệt hoàn thành 2 nhiệm vụ: “Nhiệm vụ số 1”; “Nhiệm vụ số 2”?" in body
    assert f'name="task_ids" value="{world.first.id}:{world.first.version}"' in body
    db.session.expire_all()
    assert world.first.status == TaskStatus.SUBMITTED  # nothing yet
    post(web, data, confirmed="1")
    db.session.expire_all()
    assert world.first.status == world.second.status == TaskStatus.DONE


def test_nothing_checked_or_unknown_action(world, login_as):
    web = login_as(world.leader)
    before = snapshot()
    post(web, {"action": "approve"})
    assert "Vui lòng đánh dấu ít nhất một nhiệm vụ." in flashed(web)
    post(web, {"action": "delete", "task_ids": refs(world.first)})
    assert "Lựa chọn không hợp lệ" in flashed(web)
    assert snapshot() == before


def test_returns_only_to_a_list_of_this_site(world, login_as):
    web = login_as(world.leader)
    for back in ("https://evil.example/nhiem-vu/", "//evil.example/nhiem-vu/", "/dang-xuat", "javascript:alert(1)"):
        response = web.post(BULK, {"back": back, "action": "approve", "task_ids": [], "confirmed": "1"},
                            token_from=LIST)
        assert response.headers["Location"] == "/nhiem-vu/", back


def test_coordinator_changes_deadlines_only_when_the_admin_allows(world, login_as, make):
    """A deadline moves by the leader's decision: by default the coordinator is not offered the bulk change,
    and a request made anyway changes nothing."""
    web = login_as(make.coordinator())
    page = html.unescape(web.get(LIST).get_data(as_text=True))
    assert "Xử lý các nhiệm vụ đã đánh dấu" in page and "Đổi thời hạn" not in page
    before = snapshot()
    new = (deadlines.today() + timedelta(days=60)).strftime("%d/%m/%Y")
    # Refused at once, not after a confirmation question it could never act on.
    assert post(web, {"action": "deadline", "task_ids": refs(world.third), "new_date": new,
                      "reason": "Theo chỉ đạo"}, confirmed="0").status_code == 303
    assert snapshot() == before
    assert "Chỉ lãnh đạo UBND được điều chỉnh thời hạn" in flashed(web)
    assert "Đổi thời hạn" in html.unescape(login_as(world.leader).get(LIST).get_data(as_text=True))
