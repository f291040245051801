"""The task plan: drafts edited on one page, fan-out to communes, assigning all at once, refusals."""

import re
from datetime import timedelta

import pytest

from tests.appraisal_support import appraisal, district, seed_text
from tracker.extensions import db
from tracker.models import AuditEvent, ProgressUpdate, Task, TaskStatus
from tracker.services import deadlines
from tracker.services.conclusions import importing as conclusion_import


@pytest.fixture
def d(make):
    return district(make)


@pytest.fixture
def plan(d):
    """An appraisal whose seed conclusion was confirmed: three draft tasks."""
    a = appraisal(d)
    conclusion_import.save_conclusion(a, conclusion_import.start_review(a, seed_text()), d.coordinator)
    db.session.commit()
    return a


def _day(offset: int) -> str:
    return (deadlines.today() + timedelta(days=offset)).strftime("%d/%m/%Y")


def _drafts():
    return db.session.scalars(db.select(Task).where(Task.parent_id.is_(None)).order_by(Task.id)).all()


def _form(tasks, changes: dict | None = None) -> dict:
    """The plan form as loaded, with ``changes`` as {task index: {field: value}}."""
    data = {}
    for i, task in enumerate(tasks):
        p = f"t{task.id}-"
        data |= {p + "title": task.title, p + "due_date": _day(30), p + "start_date": "", p + "priority": "normal",
                 p + "field_id": task.field_id or 0, p + "expected_output": "", p + "version": task.version}
        if not task.is_group:  # the page shows no lead or owner for a group
            data |= {p + "lead_agency_id": task.lead_agency_id or 0, p + "owner_id": "0"}
        for key, value in (changes or {}).get(i, {}).items():
            data[p + key] = value
        for child in task.children:
            data |= {f"t{child.id}-owner_id": "0", f"t{child.id}-due_date": _day(20),
                     f"t{child.id}-version": child.version}
    return data


def _post(web, a, data, op, confirmed="1"):
    url = f"/tham-dinh/{a.id}/ke-hoach"
    return web.post(url, {**data, "op": op, "confirmed": confirmed}, token_from=url)


def test_the_plan_lists_one_prefilled_draft_per_recommendation(d, plan, login_as):
    web = login_as(d.coordinator)
    page = web.get(f"/tham-dinh/{plan.id}/ke-hoach").get_data(as_text=True)
    tasks = _drafts()
    assert len(tasks) == 3 and page.count('class="card plan-task') == 3
    assert "Phân công cụ thể cán bộ, công chức giám sát hệ thống văn bản đi/đến" in page
    assert re.search(rf'<option selected value="{d.office.id}">Văn phòng HĐND và UBND huyện</option>', page) or \
        re.search(rf'<option value="{d.office.id}" selected>', page)
    assert "Tồn tại 1" in page and "Đề nghị 3" in page and "Giao nhiệm vụ (3)" in page
    assert [t.findings[0].position for t in tasks] == [1, 3, 3]


def test_fan_out_to_three_communes_then_assign_everything_at_once(d, plan, login_as, make):
    web = login_as(d.coordinator)
    tasks = _drafts()
    owner = d.officers["VP HĐND-UBND"]
    data = _form(tasks)
    data |= {f"t{tasks[0].id}-owner_id": owner.id, f"t{tasks[0].id}-expected_output": "Quyết định phân công",
             f"t{tasks[2].id}-supporting_ids": [d.office.id], f"t{tasks[1].id}-priority": "urgent",
             f"fanout-{tasks[1].id}": [c.id for c in d.communes[:3]]}
    response = _post(web, plan, data, f"fanout:{tasks[1].id}")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    parent = db.session.get(Task, tasks[1].id)
    assert [c.lead_agency for c in parent.children] == d.communes[:3]
    assert db.session.get(Task, tasks[0].id).owner == owner, "the page's edits were saved with the fan-out"

    tasks = _drafts()
    page = web.get(f"/tham-dinh/{plan.id}/ke-hoach").get_data(as_text=True)
    # Two tasks and three communes' parts: five tasks to assign; the group that holds the parts is not one.
    assert "Chia cho 3 đơn vị" in page and "Giao nhiệm vụ (5)" in page and "Giao 5 nhiệm vụ cho các cơ quan?" in page
    data = _form(tasks)
    data |= {f"t{tasks[0].id}-owner_id": owner.id, f"t{tasks[2].id}-supporting_ids": [d.office.id]}
    response = _post(web, plan, data, "assign")
    assert response.status_code == 302, re.findall(r'alert[^>]*>([^<]*)', response.get_data(as_text=True))
    after = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã giao 5 nhiệm vụ" in after
    assert "Lưu dự thảo" not in after and "Mỗi đề nghị là một nhiệm vụ dự thảo" not in after, "nothing left to draft"
    everything = db.session.scalars(db.select(Task)).all()
    assert {t.status for t in everything} == {TaskStatus.NOT_STARTED}
    assert all(t.assigned_by == d.coordinator and t.original_due_date == t.due_date for t in everything)
    assert all(t.lead_agency_name == t.lead_agency.name for t in everything if not t.is_group)
    assert db.session.scalar(db.select(db.func.count()).select_from(ProgressUpdate)) == 6
    assert db.session.scalar(db.select(db.func.count()).where(AuditEvent.action == "task_assigned")) == 6

    officer = login_as(d.officers["Xã Gia Hòa"])
    home = officer.get("/nhiem-vu/").get_data(as_text=True)
    assert "— UBND xã Gia Hòa" in home and "UBND xã Gia Hưng" not in home
    mine = next(t for t in everything if t.lead_agency == d.communes[0])
    other = next(t for t in everything if t.lead_agency == d.communes[1])
    if "tasks.detail" in web.client.application.view_functions:
        assert officer.get(f"/nhiem-vu/{mine.id}").status_code == 200
        assert officer.get(f"/nhiem-vu/{other.id}").status_code == 404


def test_all_communes_in_one_click(d, plan, login_as):
    web = login_as(d.coordinator)
    tasks = _drafts()
    response = _post(web, plan, _form(tasks), f"communes:{tasks[1].id}")
    assert response.status_code == 302
    assert len(db.session.get(Task, tasks[1].id).children) == len(d.communes) == 4


@pytest.mark.parametrize("change, words", [
    ({"due_date": "01/01/2020"}, "đã qua"),
    ({"start_date": _day(40)}, "không được trước ngày bắt đầu"),
    ({"owner_id": "officer:Phòng NV"}, "không phải cán bộ đang làm việc tại Văn phòng HĐND và UBND huyện"),
    ({"supporting_ids": "lead"}, "không đồng thời là cơ quan phối hợp"),
    ({"lead_agency_id": "inactive"}, "Cơ quan “Phòng Tư pháp” đã ngừng hoạt động"),
    ({"due_date": "31/02/2027"}, "Ngày không hợp lệ"),
    ({"title": ""}, "Vui lòng nhập tên nhiệm vụ"),
])
def test_bad_input_is_refused_and_nothing_is_assigned(d, plan, login_as, change, words):
    web = login_as(d.coordinator)
    tasks = _drafts()
    first = tasks[0]
    values = {}
    for key, value in change.items():
        if value == "officer:Phòng NV":
            value = d.officers["Phòng NV"].id
        elif value == "lead":
            value = [first.lead_agency_id]
        elif value == "inactive":
            d.justice.is_active = False
            db.session.commit()
            value = d.justice.id
        values[key] = value
    before = [(t.title, t.lead_agency_id, t.due_date, t.version) for t in tasks]
    response = _post(web, plan, _form(tasks, {0: values}), "assign")
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(t.title, t.lead_agency_id, t.due_date, t.version) for t in _drafts()] == before
    assert {t.status for t in _drafts()} == {TaskStatus.DRAFT}
    assert db.session.scalar(db.select(db.func.count()).select_from(ProgressUpdate)) == 0


def test_a_draft_is_discarded_after_one_confirmation(d, plan, login_as):
    web = login_as(d.coordinator)
    task_id = _drafts()[2].id
    url = f"/tham-dinh/{plan.id}/ke-hoach/bo?task_id={task_id}"
    ask = web.post(url, {}, token_from=f"/tham-dinh/{plan.id}/ke-hoach")
    assert ask.status_code == 200 and "Xác nhận thao tác" in ask.get_data(as_text=True)
    assert len(_drafts()) == 3
    done = web.post(url, {"confirmed": "1"}, token_from=f"/tham-dinh/{plan.id}/ke-hoach")
    db.session.expire_all()
    assert done.status_code == 302 and task_id not in [t.id for t in _drafts()]
    twice = web.post(url, {"confirmed": "1"}, token_from=f"/tham-dinh/{plan.id}/ke-hoach")
    assert "Không còn nhiệm vụ dự thảo này" in web.get(twice.headers["Location"]).get_data(as_text=True)
    other = appraisal(d, 2020)
    elsewhere = web.post(f"/tham-dinh/{other.id}/ke-hoach/bo?task_id={_drafts()[0].id}", {"confirmed": "1"},
                         token_from="/ho-so")
    assert elsewhere.status_code == 302 and len(_drafts()) == 2, "a task of another appraisal is not touched"


def test_a_stale_plan_is_answered_with_409_and_nothing_saved(d, plan, login_as):
    web = login_as(d.coordinator)
    tasks = _drafts()
    data = _form(tasks)
    tasks[0].title = "Ai đó vừa sửa"
    db.session.commit()
    response = _post(web, plan, data, "save")
    assert response.status_code == 409 and "Người khác vừa cập nhật" in response.get_data(as_text=True)
    db.session.refresh(tasks[0])
    assert tasks[0].title == "Ai đó vừa sửa"


def test_recommendations_without_a_task_get_drafts_on_request(d, plan, login_as):
    web = login_as(d.coordinator)
    web.post(f"/tham-dinh/{plan.id}/ke-hoach/bo?task_id={_drafts()[0].id}", {"confirmed": "1"}, token_from="/ho-so")
    db.session.expire_all()
    page = web.get(f"/tham-dinh/{plan.id}/ke-hoach").get_data(as_text=True)
    assert "1 đề nghị chưa có nhiệm vụ" in page
    assert _post(web, plan, _form(_drafts()), "drafts").status_code == 302
    assert len(_drafts()) == 3


def test_assigning_asks_once_and_keeps_the_page_while_asking(d, plan, login_as):
    web = login_as(d.coordinator)
    tasks = _drafts()
    data = _form(tasks, {0: {"expected_output": "Quyết định phân công"}})
    ask = _post(web, plan, data, "assign", confirmed="0")
    page = ask.get_data(as_text=True)
    assert ask.status_code == 200 and "Giao 3 nhiệm vụ cho các cơ quan?" in page
    assert 'value="Quyết định phân công"' in page, "what she typed goes back with the confirmation"
    assert {t.status for t in _drafts()} == {TaskStatus.DRAFT}


def test_a_recommendation_without_a_suggested_lead_waits_for_one(d, plan, login_as):
    """It no longer quietly becomes a task of the People's Committee itself (issue 9, item 3)."""
    web = login_as(d.coordinator)
    tasks = _drafts()
    rec = tasks[2].recommendation
    rec.suggested_agency = None
    planning_task = conclusion_import.draft_for(rec, d.coordinator)
    db.session.commit()
    assert planning_task.lead_agency is None
    page = web.get(f"/tham-dinh/{plan.id}/ke-hoach").get_data(as_text=True)
    assert "— chọn cơ quan chủ trì —" in page
    assert page.count("Chưa có cơ quan chủ trì — hãy chọn") == 1
    tasks = _drafts()
    response = _post(web, plan, _form(tasks), "assign")
    assert response.status_code == 422
    assert "chưa có cơ quan chủ trì" in response.get_data(as_text=True)
    assert {t.status for t in db.session.scalars(db.select(Task))} == {TaskStatus.DRAFT}, "nothing assigned"
    # A fan-out settles it: the parts have leads, and the badge goes.
    response = _post(web, plan, _form(tasks) | {f"fanout-{planning_task.id}": [c.id for c in d.communes[:2]]},
                     f"fanout:{planning_task.id}")
    assert response.status_code == 302
    page = web.get(f"/tham-dinh/{plan.id}/ke-hoach").get_data(as_text=True)
    assert "Chưa có cơ quan chủ trì — hãy chọn" not in page
    response = _post(web, plan, _form(_drafts()), "assign")
    assert response.status_code == 302
    assert db.session.get(Task, planning_task.id).is_group
    assert all(t.appraisal.unit != t.lead_agency for t in db.session.scalars(db.select(Task).filter_by(is_group=False)))
