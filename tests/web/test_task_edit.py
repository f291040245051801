"""One task outside any appraisal: created, saved as draft or assigned at once, edited within the rules."""

from datetime import timedelta

import pytest

from tests.appraisal_support import district
from tracker.extensions import db
from tracker.models import AuditEvent, Task, TaskStatus
from tracker.services import deadlines


@pytest.fixture
def d(make):
    return district(make)


def _day(offset: int) -> str:
    return (deadlines.today() + timedelta(days=offset)).strftime("%d/%m/%Y")


def _form(d, **changes):
    data = {"title": "Rà soát, công khai thủ tục hành chính tại bộ phận một cửa", "description": "Theo ý kiến chỉ đạo "
            "của Chủ tịch UBND huyện tại cuộc họp giao ban", "expected_output": "Báo cáo kết quả rà soát",
            "lead_agency_id": d.justice.id, "supporting_ids": [d.office.id], "owner_id": d.officers["Phòng TP"].id,
            "start_date": "", "due_date": _day(14), "priority": "urgent", "field_id": d.framework.fields[2].id,
            "evidence_required": "y"}
    data.update(changes)
    return data


def test_the_chairman_gives_a_task_at_once(d, login_as):
    web = login_as(d.leader)
    response = web.post("/nhiem-vu/them", _form(d, op="assign"), token_from="/nhiem-vu/them")
    assert response.status_code == 302
    task = db.session.execute(db.select(Task)).scalar_one()
    assert task.status == TaskStatus.NOT_STARTED and task.assigned_by == d.leader and task.appraisal is None
    assert task.due_date == deadlines.today() + timedelta(days=14) and task.field.code == "LV3"
    assert task.owner == d.officers["Phòng TP"] and task.supporting_agencies == [d.office]
    assert db.session.execute(db.select(AuditEvent).filter_by(action="task_assigned", entity_id=task.id)).one()
    officer = login_as(d.officers["Phòng TP"])
    assert "Rà soát, công khai thủ tục hành chính" in officer.get("/nhiem-vu/").get_data(as_text=True)


def test_a_draft_stays_invisible_and_changes_freely(d, login_as):
    web = login_as(d.coordinator)
    assert web.post("/nhiem-vu/them", _form(d, op="save"), token_from="/nhiem-vu/them").status_code == 302
    task = db.session.execute(db.select(Task)).scalar_one()
    assert task.status == TaskStatus.DRAFT
    officer = login_as(d.officers["Phòng TP"])
    assert officer.get(f"/nhiem-vu/{task.id}/sua").status_code == 404, "a draft is not there for officers"
    url = f"/nhiem-vu/{task.id}/sua"
    response = web.post(url, _form(d, lead_agency_id=d.office.id, supporting_ids=[], owner_id=0, due_date=_day(40),
                                   version=task.version, op="save"), token_from=url)
    assert response.status_code == 302
    db.session.refresh(task)
    assert (task.lead_agency, task.owner, task.due_date) == (d.office, None, deadlines.today() + timedelta(days=40))


def test_an_assigned_task_keeps_deadline_and_lead_whatever_the_form_says(d, login_as):
    web = login_as(d.coordinator)
    web.post("/nhiem-vu/them", _form(d, op="assign"), token_from="/nhiem-vu/them")
    task = db.session.execute(db.select(Task)).scalar_one()
    url = f"/nhiem-vu/{task.id}/sua"
    page = web.get(url).get_data(as_text=True)
    assert 'name="due_date"' not in page and 'name="lead_agency_id"' not in page
    assert "Đổi thời hạn" in page
    response = web.post(url, _form(d, title="Tên mới", lead_agency_id=d.office.id, due_date=_day(90),
                                   status="done", version=task.version, op="save"), token_from=url)
    assert response.status_code == 302
    db.session.refresh(task)
    assert task.title == "Tên mới" and task.lead_agency == d.justice, "mass assignment ignored"
    assert task.due_date == deadlines.today() + timedelta(days=14) and task.status == TaskStatus.NOT_STARTED


@pytest.mark.parametrize("changes, words", [
    ({"due_date": "01/01/2020"}, "đã qua"),
    ({"owner_id": "other"}, "không phải cán bộ đang làm việc tại Phòng Tư pháp"),
    ({"supporting_ids": "lead"}, "không đồng thời là cơ quan phối hợp"),
    ({"lead_agency_id": 0}, "Vui lòng chọn cơ quan chủ trì"),
    ({"title": "A" * 1001}, "Không được dài quá 1000 ký tự"),
    ({"title": "Báo cáo\x00"}, "ký tự điều khiển"),
])
def test_bad_input_is_refused_in_vietnamese_and_nothing_saved(d, login_as, changes, words):
    web = login_as(d.coordinator)
    values = {k: (d.officers["Phòng NV"].id if v == "other" else [d.justice.id] if v == "lead" else v)
              for k, v in changes.items()}
    response = web.post("/nhiem-vu/them", _form(d, op="assign", **values), token_from="/nhiem-vu/them")
    assert response.status_code == 422 and words in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Task)) == 0


def test_a_stale_form_gets_409_and_the_current_version(d, login_as):
    web = login_as(d.coordinator)
    web.post("/nhiem-vu/them", _form(d, op="save"), token_from="/nhiem-vu/them")
    task = db.session.execute(db.select(Task)).scalar_one()
    old = task.version
    task.expected_output = "Người khác vừa sửa"
    db.session.commit()
    url = f"/nhiem-vu/{task.id}/sua"
    response = web.post(url, _form(d, version=old, op="save"), token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Người khác vừa cập nhật" in page
    assert f'name="version" type="hidden" value="{task.version}"' in page


def test_only_the_assigning_side_creates_and_edits(d, login_as, make):
    task = make.task(d.justice)
    for user, new_status, edit_status in [(d.officers["Phòng TP"], 403, 403), (d.officers["Phòng NV"], 403, 404),
                                          (make.admin(), 403, 404)]:
        web = login_as(user)
        assert web.get("/nhiem-vu/them").status_code == new_status
        assert web.get(f"/nhiem-vu/{task.id}/sua").status_code == edit_status
        assert web.post(f"/nhiem-vu/{task.id}/sua", {"title": "Đổi", "version": task.version},
                        token_from="/ho-so").status_code == edit_status
    db.session.refresh(task)
    assert task.title == "Nhiệm vụ thử nghiệm"
