"""The reading side of the API gives the pages' numbers: reports per unit and per agency as of a day, the list's
counts, an appraisal with its scores, findings, recommendations and tasks."""

import json
from datetime import timedelta

from tests.web.test_numbers_agree import SHIFT, story  # noqa: F401  (the fixture)
from tracker.services import deadlines


def test_reports_and_lists_agree_with_the_pages_today_and_on_a_past_day(story, api_as, login_as):  # noqa: F811
    d, a, _group = story
    api, web = api_as(d.leader), login_as(d.leader)
    today = deadlines.today()
    for day in (today, today - timedelta(days=SHIFT - 2)):
        query = f"as_of={day.isoformat()}&appraisal={a.id}"
        page = json.loads(web.get(f"/bao-cao/xuat?format=json&{query}").get_data(as_text=True))
        unit = api.get(f"/api/v1/reports/units/{d.unit.id}?{query}").get_json()
        assert unit["totals"]["total"] == page["totals"]["total"]
        assert {k: unit["totals"][k] for k in page["totals"] if k in unit["totals"]} == {
            k: v for k, v in page["totals"].items() if k in unit["totals"]}
        assert [r["agency"]["name"] for r in unit["rows"]] == [r["agency"] for r in page["rows"]]
        listed = api.get(f"/api/v1/tasks?{query}").get_json()
        assert listed["total"] == page["totals"]["total"]
        commune = d.communes[0]
        mine = api.get(f"/api/v1/reports/agencies/{commune.id}?{query}").get_json()
        row = next(r for r in page["rows"] if r["agency"] == commune.name)
        assert mine["lead"]["total"] == row["total"] and mine["lead"]["done_on_time"] == row["done_on_time"]


def test_an_officer_reads_only_its_own_agencys_report(story, api_as):  # noqa: F811
    d, _a, _group = story
    officer = d.officers[d.communes[0].short_name]
    api = api_as(officer)
    assert api.get(f"/api/v1/reports/agencies/{d.communes[0].id}").status_code == 200
    assert api.get(f"/api/v1/reports/agencies/{d.communes[1].id}").status_code == 404
    assert api.get(f"/api/v1/reports/units/{d.unit.id}").status_code == 403
    assert api.get("/api/v1/appraisals").status_code == 403
    assert [a["id"] for a in api.get("/api/v1/agencies").get_json()] == [d.communes[0].id]


def test_an_appraisal_with_scores_findings_recommendations_and_tasks(story, api_as):  # noqa: F811
    d, a, _group = story
    api = api_as(d.coordinator)
    assert [x["id"] for x in api.get("/api/v1/appraisals").get_json()] == [a.id]
    body = api.get(f"/api/v1/appraisals/{a.id}").get_json()
    assert body["year"] == a.year and body["unit"]["id"] == d.unit.id
    assert len(body["field_scores"]) == 8 and body["findings"] and body["recommendations"]
    assert {t["appraisal_id"] for t in body["tasks"]} == {a.id} and len(body["tasks"]) == 5
    me = api.get("/api/v1/me").get_json()
    assert me["username"] == d.coordinator.username and me["token"]["scope"] == "write"
