"""The task API: the web list's tasks and filters, one task with its history, and the task page's actions."""

import io
import re
from datetime import date, timedelta

from tests import evidence_samples
from tracker.extensions import db
from tracker.models import Direction, Extension, TaskStatus


def _web_ids(browser, query: str = "") -> set[int]:
    html = browser.get(f"/nhiem-vu/{query}").get_data(as_text=True)
    return {int(i) for i in re.findall(r'href="/nhiem-vu/(\d+)"', html)}


def _all_ids(api, query: str = "") -> list[int]:
    ids, page = [], 1
    while True:
        body = api.get(f"/api/v1/tasks?per_page=100&page={page}{query}").get_json()
        ids += [t["id"] for t in body["items"]]
        if page >= body["pages"]:
            return ids
        page += 1


def test_an_officers_token_lists_exactly_the_tasks_the_officer_sees_on_the_web(app, make, api_as, login_as):
    mine, other = make.agency(), make.agency()
    officer = make.officer(mine)
    seen = [make.task(mine, title="Chủ trì"), make.task(other, supporting=[mine], title="Phối hợp")]
    make.task(other, title="Của cơ quan khác")
    make.task(mine, status=TaskStatus.DRAFT, title="Bản nháp")
    ids = _all_ids(api_as(officer))
    assert sorted(ids) == sorted(t.id for t in seen)
    assert set(ids) == _web_ids(login_as(officer))


def test_a_unit_token_sees_only_its_unit(app, make, api_as):
    unit_a, unit_b = make.unit(), make.unit()
    a, b = make.agency(unit=unit_a), make.agency(unit=unit_b)
    task_a, task_b = make.task(a), make.task(b)
    api = api_as(make.coordinator(agency=a))
    assert _all_ids(api) == [task_a.id]
    assert api.get(f"/api/v1/tasks/{task_b.id}").status_code == 404
    assert api.get(f"/api/v1/reports/units/{unit_b.id}").status_code == 404
    assert api.get(f"/api/v1/reports/units/{unit_a.id}").status_code == 200


def test_search_ignores_diacritics_and_pages_carry_total_and_links(app, make, api_as):
    agency = make.agency(name="Phòng Văn hóa")
    for n in range(5):
        make.task(agency, title=f"Rà soát thủ tục hành chính {n}")
    make.task(agency, title="Ban hành kế hoạch")
    api = api_as(make.coordinator(agency=agency))
    response = api.get("/api/v1/tasks?q=ra+soat+thu+tuc&per_page=2&page=2&sort=title")
    body = response.get_json()
    assert response.status_code == 200 and body["total"] == 5 and body["pages"] == 3
    assert [t["title"][-1] for t in body["items"]] == ["2", "3"]
    assert response.headers["X-Total-Count"] == "5"
    links = response.headers["Link"]
    assert 'rel="next"' in links and 'rel="prev"' in links and 'rel="last"' in links and "page=3" in links
    assert "q=ra+soat+thu+tuc" in links


def test_bad_filters_are_problems_naming_the_field(app, make, api_as):
    api = api_as(make.coordinator(agency=make.agency()))
    response = api.get("/api/v1/tasks?page=0")
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["field"] == "page" and "“page”" in body["detail"]
    assert api.get("/api/v1/tasks?sort=nonsense").get_json()["field"] == "sort"


def test_english_users_read_english_problems(app, make, api_as):
    officer = make.officer()
    officer.locale = "en"
    db.session.commit()
    body = api_as(officer).get("/api/v1/tasks/999999").get_json()
    assert body["status"] == 404 and body["title"] == "Not found"


def test_detail_has_history_and_etag(app, make, api_as):
    officer = make.officer()
    task = make.task(officer.agency, status=TaskStatus.IN_PROGRESS)
    response = api_as(officer).get(f"/api/v1/tasks/{task.id}")
    body = response.get_json()
    assert response.headers["ETag"] == f'"{task.version}"' and body["version"] == task.version
    assert "report" in body["actions"] and isinstance(body["history"], list)


def test_progress_with_evidence_then_a_stale_version_gets_412(app, make, api_as):
    officer = make.officer()
    task = make.task(officer.agency, status=TaskStatus.IN_PROGRESS)
    api = api_as(officer)
    version = api.get(f"/api/v1/tasks/{task.id}").headers["ETag"]
    response = api.post(f"/api/v1/tasks/{task.id}/progress", headers={"If-Match": version},
                        data={"progress": "60", "note": "Đã trình dự thảo.",
                              "files": (io.BytesIO(evidence_samples.pdf()), "Dự thảo.pdf")})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["progress"] == 60 and [e["file_name"] for e in body["evidence"]] == ["Dự thảo.pdf"]
    assert response.headers["ETag"] != version
    stale = api.post(f"/api/v1/tasks/{task.id}/progress", headers={"If-Match": version}, data={"progress": "70"})
    assert stale.status_code == 412 and stale.content_type == "application/problem+json"
    db.session.expire_all()
    assert task.progress == 60


def test_a_refused_move_is_422_with_its_field(app, make, api_as):
    officer = make.officer()
    task = make.task(officer.agency, status=TaskStatus.IN_PROGRESS)
    response = api_as(officer).post(f"/api/v1/tasks/{task.id}/progress", data={"progress": str(task.progress)})
    assert response.status_code == 422 and response.get_json()["field"] == "note"


def test_submit_approve_and_return_through_the_workflow(app, make, api_as):
    lead = make.agency()
    officer, leader = make.officer(lead), make.leader(agency=lead.unit)
    task = make.task(lead, status=TaskStatus.IN_PROGRESS, evidence_required=False)
    officer_api, leader_api = api_as(officer), api_as(leader)
    submitted = officer_api.post(f"/api/v1/tasks/{task.id}/submit", data={"note": "Đã xong."})
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    assert officer_api.post(f"/api/v1/tasks/{task.id}/approve").status_code == 403
    returned = leader_api.post(f"/api/v1/tasks/{task.id}/return", json={"reason": "Thiếu minh chứng."})
    assert returned.get_json()["status"] == "returned"
    officer_api.post(f"/api/v1/tasks/{task.id}/submit", data={"note": "Đã bổ sung."})
    approved = leader_api.post(f"/api/v1/tasks/{task.id}/approve", json={"note": "Đạt."})
    assert approved.status_code == 200 and approved.get_json()["status"] == "done"


def test_withdraw_a_submission(app, make, api_as):
    officer = make.officer()
    task = make.task(officer.agency, status=TaskStatus.IN_PROGRESS, evidence_required=False)
    api = api_as(officer)
    api.post(f"/api/v1/tasks/{task.id}/submit", data={"note": "Đã xong."})
    assert api.post(f"/api/v1/tasks/{task.id}/withdraw", json={}).get_json()["status"] == "in_progress"


def test_extension_request_and_decision(app, make, api_as):
    lead = make.agency()
    officer, leader = make.officer(lead), make.leader(agency=lead.unit)
    task = make.task(lead, status=TaskStatus.IN_PROGRESS)
    wanted = (task.due_date + timedelta(days=20)).isoformat()
    asked = api_as(officer).post(f"/api/v1/tasks/{task.id}/extensions", json={"new_date": wanted, "reason": "Chờ Sở."})
    assert asked.status_code == 200 and asked.get_json()["extensions"][0]["status"] == "pending"
    extension = db.session.query(Extension).one()
    decided = api_as(leader).post(f"/api/v1/tasks/{task.id}/extensions/{extension.id}/decision",
                                  json={"decision": "approve"})
    assert decided.status_code == 200 and decided.get_json()["due_date"] == wanted
    bad = api_as(officer).post(f"/api/v1/tasks/{task.id}/extensions", json={"new_date": "31/12/2099", "reason": "x"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "new_date"


def test_directions_and_their_acknowledgement(app, make, api_as):
    lead = make.agency()
    officer, leader = make.officer(lead), make.leader(agency=lead.unit)
    task = make.task(lead, status=TaskStatus.IN_PROGRESS)
    written = api_as(leader).post(f"/api/v1/tasks/{task.id}/directions", json={"text": "Đề nghị làm sớm."})
    assert written.status_code == 200 and written.get_json()["new_direction"] is True
    direction = db.session.query(Direction).one()
    assert api_as(officer).post(f"/api/v1/tasks/{task.id}/directions", json={"text": "x"}).status_code == 403
    read = api_as(officer).post(f"/api/v1/tasks/{task.id}/directions/{direction.id}/acknowledge")
    assert read.status_code == 200 and read.get_json()["directions"][0]["acknowledged_at"] is not None


def test_as_of_a_past_day(app, make, api_as):
    agency = make.agency()
    make.task(agency)
    api = api_as(make.coordinator(agency=agency))
    body = api.get(f"/api/v1/tasks?as_of={(date.today() - timedelta(days=400)).isoformat()}").get_json()
    assert body["total"] == 0
