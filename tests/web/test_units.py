"""Units in one installation: each unit's assigning side sees only its unit; the province sees every unit.

The access matrix (test_access_matrix.py) walks every route with unit A's task and appraisal; these tests state
the province issue's rules outright, on reports and exports too.
"""

import io
import json

import pytest
import sqlalchemy as sa
from docx import Document

from tracker.extensions import db
from tracker.models import AgencyKind, Task, TaskSeries, TaskStatus
from tracker.services.tasks import planning, workflow


@pytest.fixture
def province(make):
    """Two communes, each with a leader, a coordinator and an office; a department helping commune A."""
    a = make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    b = make.unit("UBND xã Gia Vân", "Xã Gia Vân")
    dept = make.unit("Sở Khoa học và Công nghệ", "Sở KH&CN", AgencyKind.PROVINCIAL_DEPARTMENT)
    office_a = make.agency("Văn phòng HĐND và UBND xã Gia Hưng", "VP Gia Hưng", AgencyKind.OFFICE, unit=a)
    office_b = make.agency("Văn phòng HĐND và UBND xã Gia Vân", "VP Gia Vân", AgencyKind.OFFICE, unit=b)
    helper = make.agency("Phòng Chuyển đổi số", "P. CĐS", unit=dept)
    w = type("Province", (), {})()
    w.a, w.b, w.dept, w.office_a, w.office_b, w.helper = a, b, dept, office_a, office_b, helper
    w.leader_a, w.leader_b, w.dept_leader = make.leader(agency=a), make.leader(agency=b), make.leader(agency=dept)
    w.coordinator_a = make.coordinator(agency=office_a)
    w.officer_a, w.officer_b, w.helper_officer = make.officer(office_a), make.officer(office_b), make.officer(helper)
    w.task_a = make.task(office_a, title="Số hóa hồ sơ một cửa xã Gia Hưng", supporting=[helper],
                         status=TaskStatus.IN_PROGRESS)
    w.task_b = make.task(office_b, title="Chấn chỉnh văn bản đi xã Gia Vân", status=TaskStatus.IN_PROGRESS)
    w.province_leader, w.province_coordinator = make.province_leader(), make.province_coordinator()
    db.session.commit()
    return w


def test_tasks_belong_to_the_unit_of_their_lead(province):
    assert province.task_a.unit_id == province.a.id and province.task_b.unit_id == province.b.id


def test_a_leader_of_unit_a_gets_404_on_everything_of_unit_b(province, login_as):
    web = login_as(province.leader_a)
    b = province
    for url in (f"/nhiem-vu/{b.task_b.id}", f"/nhiem-vu/{b.task_b.id}/lich-su",
                f"/bao-cao/co-quan/{b.office_b.id}", f"/bao-cao/?agency={b.office_b.id}",
                f"/bao-cao/?unit={b.b.id}", f"/bao-cao/xuat?format=json&unit={b.b.id}",
                f"/bao-cao/xuat?format=csv&agency={b.office_b.id}", f"/bao-cao/bao-cao.docx?unit={b.b.id}",
                f"/tong-quan?unit={b.b.id}"):
        assert web.get(url).status_code == 404, url
    listing = web.get("/nhiem-vu/").get_data(as_text=True)
    assert "Số hóa hồ sơ một cửa" in listing and "Chấn chỉnh văn bản đi xã Gia Vân" not in listing
    report = json.loads(web.get("/bao-cao/xuat?format=json").get_data(as_text=True))
    assert report["totals"]["total"] == 1 and [r["agency"] for r in report["rows"]] == [b.office_a.name]


def test_a_department_helping_a_commune_sees_that_task_and_nothing_else(province, login_as):
    web = login_as(province.helper_officer)
    assert web.get(f"/nhiem-vu/{province.task_a.id}").status_code == 200
    assert web.get(f"/nhiem-vu/{province.task_b.id}").status_code == 404
    listing = web.get("/nhiem-vu/").get_data(as_text=True)
    assert "Số hóa hồ sơ một cửa" in listing and "Chấn chỉnh văn bản" not in listing
    assert web.get(f"/bao-cao/co-quan/{province.office_a.id}").status_code == 404
    # The department's own leader does not see commune A's task: it belongs to the commune.
    assert login_as(province.dept_leader).get(f"/nhiem-vu/{province.task_a.id}").status_code == 404


def test_the_province_sees_every_unit_and_changes_nothing_but_directions(province, login_as):
    for user in (province.province_leader, province.province_coordinator):
        web = login_as(user)
        for task in (province.task_a, province.task_b):
            page = web.get(f"/nhiem-vu/{task.id}")
            assert page.status_code == 200
            html = page.get_data(as_text=True)
            assert f'/nhiem-vu/{task.id}/chi-dao"' in html, "the province may write a direction"
            for verb in ("duyet", "huy", "giao-lai", "thoi-han", "tam-hoan", "tien-do"):
                assert f'/nhiem-vu/{task.id}/{verb}"' not in html, verb
        assert web.get(f"/tong-quan?unit={province.b.id}").status_code == 200
        assert web.get(f"/bao-cao/co-quan/{province.office_b.id}").status_code == 200
        board = json.loads(web.get(f"/bao-cao/xuat?format=json&unit={province.a.id}").get_data(as_text=True))
        assert board["totals"]["total"] == 1
    leader = login_as(province.province_leader)
    task = province.task_b
    for verb, data in (("huy", {"cancel-reason": "x", "confirmed": "1"}), ("tam-hoan", {"postpone-reason": "x"}),
                       ("giao-lai", {}), ("sua", {"title": "Đổi tên"})):
        db.session.refresh(task)
        prefix = {"huy": "cancel", "tam-hoan": "postpone", "giao-lai": "reassign"}.get(verb)
        form = {**data, **({f"{prefix}-version": str(task.version)} if prefix else {"version": str(task.version)})}
        assert leader.post(f"/nhiem-vu/{task.id}/{verb}", form, token_from="/ho-so").status_code == 403, verb
    db.session.refresh(task)
    response = leader.post(f"/nhiem-vu/{task.id}/chi-dao", {"direction-version": str(task.version),
                                                            "direction-text": "Đề nghị xã hoàn thành trong quý"},
                           token_from="/ho-so")
    assert response.status_code == 302
    db.session.refresh(task)
    assert task.status == TaskStatus.IN_PROGRESS


def test_the_province_asking_for_a_unit_that_is_none_gets_404_not_the_whole_province(province, login_as):
    """A stale or mistyped ``unit=`` (no such agency, or an office rather than a unit) showed the dashboard of
    every unit under no name, or an empty report titled with an office."""
    web = login_as(province.province_leader)
    for unit in ("999999", str(province.office_a.id)):
        for url in (f"/tong-quan?unit={unit}", f"/bao-cao/?unit={unit}", f"/bao-cao/xuat?format=json&unit={unit}"):
            assert web.get(url).status_code == 404, url
    assert web.get(f"/tong-quan?unit={province.a.id}").status_code == 200


def test_a_unit_cannot_give_the_lead_of_its_task_to_another_units_agency(province):
    with pytest.raises(workflow.WorkflowError, match="không thuộc đơn vị"):
        workflow.reassign(province.task_a, province.leader_a, lead_agency=province.office_b)


def test_a_draft_cannot_be_given_to_another_units_agency_to_lead(province):
    # The unit of a task being built is known before it is saved: the check must not wait for the assignment.
    with pytest.raises(planning.TaskError, match="không thuộc"):
        planning.create_task(province.coordinator_a, title="Rà soát thủ tục", lead_agency=province.office_b)


def _task_form(**extra):
    return {"title": "Rà soát quy trình một cửa", "priority": "normal", "field_id": "0", "criterion_id": "0",
            "owner_id": "0", "evidence_required": "y", **extra}


def test_a_crafted_form_cannot_ask_another_communes_office_to_support(province, login_as):
    """Only the unit's own agencies, the province level and the departments may support: an office of commune B
    made a supporting agency would see commune A's task and report on it."""
    web = login_as(province.coordinator_a)
    p = province
    refused = web.post("/nhiem-vu/them", _task_form(lead_agency_id=str(p.office_a.id),
                                                    supporting_ids=[str(p.office_b.id)]), token_from="/nhiem-vu/them")
    assert refused.status_code == 422
    assert db.session.scalars(sa.select(Task).where(Task.title == "Rà soát quy trình một cửa")).all() == []
    draft = planning.create_task(p.coordinator_a, title="Nhiệm vụ nháp", lead_agency=p.office_a)
    db.session.commit()
    with pytest.raises(planning.TaskError, match=p.office_b.name):
        planning.update_task(draft, p.coordinator_a, expected_version=draft.version,
                             supporting_agencies=[p.office_b])
    db.session.rollback()
    helped = web.post("/nhiem-vu/them", _task_form(lead_agency_id=str(p.office_a.id),
                                                   supporting_ids=[str(p.dept.id)]), token_from="/nhiem-vu/them")
    assert helped.status_code == 302, "a department may still help a commune"
    series = web.post("/nhiem-vu/dinh-ky/them", _task_form(
        lead_agency_id=str(p.office_a.id), supporting_ids=[str(p.office_b.id)], recurrence="monthly",
        due_day="25", starts_on="01/01/2030"), token_from="/nhiem-vu/dinh-ky/them")
    assert series.status_code == 422
    assert db.session.scalars(sa.select(TaskSeries)).all() == []


def test_a_one_unit_installation_shows_no_unit_ui(make, login_as):
    unit = make.unit("UBND xã Gia Hòa", "Xã Gia Hòa")
    leader = make.leader(agency=unit)
    page = login_as(leader).get("/nhiem-vu/").get_data(as_text=True)
    assert 'name="unit"' not in page and "Toàn tỉnh" not in page
    dashboard = login_as(leader).get("/tong-quan").get_data(as_text=True)
    assert "Toàn tỉnh" not in dashboard


def test_a_units_forms_offer_its_own_agencies_to_lead_and_departments_to_support(province, login_as):
    page = login_as(province.coordinator_a).get("/nhiem-vu/them").get_data(as_text=True)
    lead = page.split('name="lead_agency_id"', 1)[1].split("</select>", 1)[0]
    support = page.split('name="supporting_ids"', 1)[1].split("</select>", 1)[0]
    assert province.office_a.name in lead and province.office_b.name not in lead
    assert province.dept.name not in lead, "another unit may support, never lead"
    assert province.dept.name in support and province.office_b.name not in support
    owners = page.split('name="owner_id"', 1)[1].split("</select>", 1)[0]
    assert f'data-agency="{province.office_a.id}"' in owners and f'data-agency="{province.office_b.id}"' not in owners


def test_a_units_official_report_speaks_for_that_unit(province, login_as):
    province.a.place, province.a.signer_name = "Gia Hưng", "Đinh Văn Thử"
    db.session.commit()
    data = login_as(province.leader_a).get("/bao-cao/bao-cao.docx").data
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    cells = "\n".join(c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells)
    assert "UBND XÃ GIA HƯNG" in cells and "Gia Hưng, ngày" in cells
    assert "Đinh Văn Thử" in cells + text
