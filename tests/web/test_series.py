"""Recurring tasks on the web: the assigning side sets one up, sees its periods, and stops it after confirming."""

from tests.appraisal_support import district
from tracker.extensions import db
from tracker.models import Task, TaskSeries, TaskStatus
from tracker.services import deadlines


def _form(d, **changes):
    data = {"title": "Báo cáo tình hình văn bản đi đúng luồng", "description": "", "expected_output": "Báo cáo tháng",
            "lead_agency_id": d.office.id, "supporting_ids": [d.home_affairs.id], "owner_id": "0",
            "priority": "normal", "evidence_required": "y", "recurrence": "monthly", "due_day": "25",
            "due_month": "", "starts_on": deadlines.today().replace(day=1).strftime("%d/%m/%Y"), "until": ""}
    data.update(changes)
    return data


def test_the_coordinator_sets_up_a_monthly_report_and_this_months_task_is_given_at_once(make, login_as):
    d = district(make)
    web = login_as(d.coordinator)
    listing = web.get("/nhiem-vu/").get_data(as_text=True)
    assert "/nhiem-vu/dinh-ky" in listing and "Thêm nhiệm vụ" in listing, "reachable from the task list"
    assert "Chưa có nhiệm vụ định kỳ nào" in web.get("/nhiem-vu/dinh-ky").get_data(as_text=True)

    response = web.post("/nhiem-vu/dinh-ky/them", _form(d), token_from="/nhiem-vu/dinh-ky/them")
    assert response.status_code == 302
    series = db.session.execute(db.select(TaskSeries)).scalar_one()
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    month = deadlines.today()
    assert f"tháng {month.month}/{month.year}" in page and "Đang lặp lại" in page
    [task] = db.session.scalars(db.select(Task).where(Task.series_id == series.id)).all()
    assert task.status == TaskStatus.NOT_STARTED and task.lead_agency == d.office
    assert "Báo cáo tình hình văn bản đi đúng luồng" in web.get("/nhiem-vu/dinh-ky").get_data(as_text=True)

    # Stopping asks first; nothing changes until confirmed.
    asked = web.post(f"/nhiem-vu/dinh-ky/{series.id}/dung", {}, token_from=f"/nhiem-vu/dinh-ky/{series.id}")
    assert asked.status_code == 200 and "Các nhiệm vụ đã giao vẫn giữ nguyên" in asked.get_data(as_text=True)
    db.session.refresh(series)
    assert series.active
    web.post(f"/nhiem-vu/dinh-ky/{series.id}/dung", {"confirmed": "1"}, token_from=f"/nhiem-vu/dinh-ky/{series.id}")
    db.session.refresh(series)
    assert not series.active
    assert "Đã dừng" in web.get(f"/nhiem-vu/dinh-ky/{series.id}").get_data(as_text=True)
    assert db.session.get(Task, task.id).status == TaskStatus.NOT_STARTED


def test_bad_input_is_shown_on_the_form_in_vietnamese_and_nothing_is_saved(make, login_as):
    d = district(make)
    web = login_as(d.coordinator)
    response = web.post("/nhiem-vu/dinh-ky/them", _form(d, recurrence="yearly", due_day="40"),
                        token_from="/nhiem-vu/dinh-ky/them")
    assert response.status_code == 422
    assert "Ngày từ 1 đến 31." in response.get_data(as_text=True)
    response = web.post("/nhiem-vu/dinh-ky/them", _form(d, recurrence="yearly"), token_from="/nhiem-vu/dinh-ky/them")
    assert response.status_code == 422
    assert "Nhiệm vụ hằng năm cần tháng đến hạn" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(TaskSeries)) == 0


def test_an_officer_neither_sees_nor_makes_series(make, login_as):
    d = district(make)
    web = login_as(d.officers["Phòng TP"])
    assert "/nhiem-vu/dinh-ky" not in web.get("/nhiem-vu/").get_data(as_text=True)
    assert web.get("/nhiem-vu/dinh-ky").status_code == 403
