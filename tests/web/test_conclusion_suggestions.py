"""What the conclusion names beyond the items (issue 9, items 6 and 7): a deadline and many addressees at once.

The review page shows the proposed deadline and fan-out, both editable; the draft task takes the deadline and
its title loses the date (which would otherwise contradict the task's own deadline); the plan page ticks the
communes of a recommendation addressed to "UBND các xã, thị trấn"; the recommendation's edit page changes both.
"""

import re
from datetime import date
from html import unescape

import pytest

from tests.appraisal_support import appraisal, district
from tests.web.test_conclusion_import import _paste, _post_review, _review_form
from tracker.extensions import db
from tracker.models import FanoutTarget, Recommendation, Task

DEADLINES = ("Đề nghị:\n"
             "- Giao Phòng Nội vụ chủ trì xây dựng kế hoạch đào tạo, bồi dưỡng công chức, hoàn thành trước ngày "
             "30/6/2027;\n"
             "- Rà soát, niêm yết công khai thủ tục hành chính trong quý III/2027;\n"
             "- Tổng kết việc thực hiện quy chế làm việc trước ngày 31/12/2022./.")
COMMUNES = ("Đoàn kiểm tra yêu cầu UBND các xã, thị trấn: niêm yết công khai số điện thoại đường dây nóng tại "
            "Bộ phận một cửa; giao Phòng Tư pháp chủ trì hướng dẫn rà soát thủ tục hành chính./.")


@pytest.fixture
def d(make):
    return district(make)


@pytest.fixture
def a(d):
    return appraisal(d)


def _recs():
    return db.session.scalars(db.select(Recommendation).order_by(Recommendation.position)).all()


def _tasks():
    return db.session.scalars(db.select(Task).order_by(Task.id)).all()


def test_review_shows_each_proposed_deadline_and_the_drafts_take_it_without_the_date_in_their_titles(d, a, login_as):
    web = login_as(d.coordinator)
    page = _paste(web, a, DEADLINES).get_data(as_text=True)
    data = _review_form(page)
    assert [data[f"item-{n}-due"] for n in range(3)] == [["30/06/2027"], ["30/09/2027"], ["31/12/2022"]]
    assert "Đã qua: nhiệm vụ dự thảo sẽ để trống thời hạn." in page  # 31/12/2022, said beside that one only
    assert page.count("Nhiệm vụ dự thảo nhận thời hạn này.") == 2

    response = _post_review(web, a, data, "confirm")

    assert response.status_code == 302
    recs = _recs()
    assert [r.suggested_due_date for r in recs] == [date(2027, 6, 30), date(2027, 9, 30), date(2022, 12, 31)]
    assert recs[0].text.endswith("hoàn thành trước ngày 30/6/2027"), "the recommendation keeps its own words"
    assert recs[0].suggested_agency == d.home_affairs
    tasks = _tasks()
    assert [(t.title, t.due_date) for t in tasks] == [
        ("Chủ trì xây dựng kế hoạch đào tạo, bồi dưỡng công chức", date(2027, 6, 30)),
        ("Rà soát, niêm yết công khai thủ tục hành chính", date(2027, 9, 30)),
        # A deadline already past is not proposed (the coordinator sets one), and its date leaves the title too.
        ("Tổng kết việc thực hiện quy chế làm việc", None),
    ]
    plan = unescape(web.get(response.headers["Location"]).get_data(as_text=True))
    assert 'value="30/06/2027"' in plan and "hoàn thành trước ngày 30/6/2027" not in plan


def test_a_typed_deadline_replaces_the_proposal_and_one_that_is_not_a_date_is_refused(d, a, login_as):
    web = login_as(d.coordinator)
    data = _review_form(_paste(web, a, DEADLINES).get_data(as_text=True))
    data["item-0-due"] = ["31/02/2027"]

    refused = _post_review(web, a, data, "confirm")

    assert refused.status_code == 422
    page = unescape(refused.get_data(as_text=True))
    assert "Thời hạn “31/02/2027” không đúng dạng ngày/tháng/năm (ví dụ 31/12/2026)." in page
    assert 'value="31/02/2027"' in page and _recs() == []
    data["item-0-due"] = ["15/09/2027"]
    data["item-1-due"] = [""]
    assert _post_review(web, a, data, "confirm").status_code == 302
    assert [r.suggested_due_date for r in _recs()][:2] == [date(2027, 9, 15), None]
    assert [t.due_date for t in _tasks()][:2] == [date(2027, 9, 15), None]


def test_many_communes_at_once_are_offered_as_a_fan_out_and_pre_ticked_on_the_plan(d, a, login_as):
    web = login_as(d.coordinator)
    data = _review_form(_paste(web, a, COMMUNES).get_data(as_text=True))
    assert data["item-0-fanout"] == ["communes"] and data["item-0-agency"] == ["0"]
    assert data["item-1-fanout"] == ["0"] and data["item-1-agency"] == [str(d.justice.id)]

    response = _post_review(web, a, data, "confirm")

    recs = _recs()
    assert [r.suggested_fanout for r in recs] == [FanoutTarget.COMMUNES, None]
    assert recs[1].text == "Chủ trì hướng dẫn rà soát thủ tục hành chính"
    plan = unescape(web.get(response.headers["Location"]).get_data(as_text=True))
    first, second = _tasks()
    ticked = set(re.findall(rf'name="fanout-{first.id}" value="(\d+)" id="[^"]+" checked', plan))
    assert ticked == {str(c.id) for c in d.communes}
    assert "Kết luận giao việc này cho các xã, phường, thị trấn" in plan
    assert "Gợi ý: chia cho các xã, phường, thị trấn" in plan
    assert not re.search(rf'name="fanout-{second.id}" value="\d+" id="[^"]+" checked', plan)


def test_drafts_made_on_the_plan_page_take_the_recommendations_deadline(d, a, login_as):
    rec = Recommendation(appraisal=a, text="Kiện toàn Bộ phận một cửa, hoàn thành trong tháng 3/2027", position=1,
                         suggested_agency=d.office, suggested_due_date=date(2027, 3, 31))
    db.session.add(rec)
    db.session.commit()
    web = login_as(d.coordinator)
    url = f"/tham-dinh/{a.id}/ke-hoach"

    response = web.post(url, {"op": "drafts"}, token_from=url)

    assert response.status_code == 302
    (task,) = _tasks()
    assert (task.title, task.due_date, task.lead_agency) == ("Kiện toàn Bộ phận một cửa", date(2027, 3, 31), d.office)


def test_the_recommendation_edit_page_shows_and_changes_the_deadline_and_the_fan_out(d, a, login_as):
    rec = Recommendation(appraisal=a, text="Chấn chỉnh giờ giấc làm việc", position=1,
                         suggested_due_date=date(2027, 6, 30))
    db.session.add(rec)
    db.session.commit()
    web = login_as(d.coordinator)
    url = f"/tham-dinh/{a.id}/de-nghi/{rec.id}/sua"
    page = unescape(web.get(url).get_data(as_text=True))
    assert 'value="30/06/2027"' in page and "Thời hạn (gợi ý)" in page

    data = {"text": rec.text, "field_id": 0, "agency_id": 0, "due_date": "15/09/2027", "fanout": "both",
            "original_text": rec.text, "original_field_id": "", "original_agency_id": "",
            "original_due_date": "2027-06-30", "original_fanout": ""}
    response = web.post(url, data, token_from=url)

    assert response.status_code == 302
    db.session.refresh(rec)
    assert (rec.suggested_due_date, rec.suggested_fanout) == (date(2027, 9, 15), FanoutTarget.BOTH)
    bad = web.post(url, {**data, "due_date": "31/13/2027", "original_due_date": "2027-09-15",
                         "original_fanout": "both"}, token_from=url)
    assert bad.status_code == 422
    db.session.refresh(rec)
    assert rec.suggested_due_date == date(2027, 9, 15)
