"""The dashboard: today's figures, who is behind, what waits, since when; by role."""

import re
from datetime import UTC, datetime, timedelta

from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Agency, Extension, Task, TaskStatus, User
from tracker.services import deadlines, demo
from tracker.services.reports import dashboard


def _demo():
    demo.load_demo(password=PASSWORD)
    db.session.commit()


def _user(username):
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one()


def _stat(page: str, key: str) -> str:
    match = re.search(rf'data-stat="{key}">\s*<span class="stat-value">([^<]+)</span>', page)
    assert match, key
    return match.group(1)


def test_chairman_sees_headline_figures_ranking_oldest_and_charts(app, login_as):
    _demo()
    page = login_as(_user("chutich")).get("/tong-quan").get_data(as_text=True)
    # Demo: 7 tasks (the fanned-out one counts as its four communes' parts, not as a fifth task); done on time 1,
    # late 1; in time 2 (1 due within 7 days); overdue 3.
    assert [_stat(page, k) for k in ("total", "done_on_time", "done_late", "open_in_time", "open_overdue",
                                     "due_soon")] == ["7", "1", "1", "2", "3", "1"]
    assert "Tỷ lệ hoàn thành: <strong>28,57%</strong>" in page
    ranked = re.findall(r'<tr data-agency-id="\d+">\s*<th scope="row" class="agency-name"><a [^>]*>([^<]+)</a>', page)
    assert ranked == ["Văn phòng HĐND và UBND huyện", "UBND xã Gia Hưng", "UBND xã Gia Vân"]
    oldest = re.findall(r"Quá hạn (\d+) ngày</span>", page)
    assert oldest == ["6", "5", "3"]
    assert page.count('role="img"') == 2 and "<title id=\"chart-agencies-t\">" in page and "<desc id=" in page
    assert "Số liệu của biểu đồ" in page
    assert "Tiến độ khắc phục theo đợt thẩm định" in page and "đã hoàn thành 2/7 nhiệm vụ" in page
    assert ' style="' not in page  # the CSP allows no inline styles: charts use presentation attributes
    assert "css/reports.css" in page


def test_waiting_for_a_decision(app, make, login_as):
    _demo()
    task = db.session.execute(db.select(Task).filter(Task.title.like("Xây dựng kế hoạch đào tạo%"))).scalar_one()
    task.status, task.submitted_at = TaskStatus.SUBMITTED, datetime.now(UTC) - timedelta(days=1)
    other = db.session.execute(db.select(Task).filter(Task.title.like("%Gia Hưng"))).scalar_one()
    db.session.add(Extension(task=other, requested_due_date=deadlines.today() + timedelta(days=20),
                             previous_due_date=other.due_date, reason="Cần thêm thời gian"))
    db.session.commit()
    page = login_as(_user("chutich")).get("/").get_data(as_text=True)
    assert '<span class="num" data-count="submissions">1</span>' in page
    assert '<span class="num" data-count="extensions">1</span>' in page
    assert "Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ" in page and "xin đến" in page


def test_officer_dashboard_is_limited_to_own_agency(app, login_as):
    _demo()
    page = login_as(_user("cb.xagiavan")).get("/tong-quan").get_data(as_text=True)
    assert "<h1>Tổng quan — UBND xã Gia Vân</h1>" in page
    assert _stat(page, "total") == "1" and _stat(page, "open_overdue") == "1"
    assert "Cơ quan có nhiệm vụ quá hạn" not in page and "UBND xã Gia Hưng" not in page
    assert "Văn phòng HĐND và UBND huyện" not in page


def test_empty_dashboard_says_what_to_do(make, login_as):
    page = login_as(make.leader()).get("/tong-quan").get_data(as_text=True)
    assert "Chưa có nhiệm vụ nào được giao" in page


def test_month_ends_end_today():
    from datetime import date

    days = dashboard.month_ends(date(2024, 3, 15), 4)
    assert days == [date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 15)]


def test_officers_of_other_agencies_do_not_count(app, make, login_as):
    _demo()
    agency = db.session.execute(db.select(Agency).filter_by(short_name="Phòng NV")).scalar_one()
    officer = make.officer(agency)
    page = login_as(officer).get("/tong-quan").get_data(as_text=True)
    assert _stat(page, "total") == "1", "the office leads the training plan; the communes lead their own parts"
