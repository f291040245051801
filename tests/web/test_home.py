"""What each role sees first after logging in."""

from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import User
from tracker.services import demo


def _demo(app):
    demo.load_demo(password=PASSWORD)
    db.session.commit()


def _user(username):
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one()


def test_chairman_sees_the_appraisal_tasks_with_counts(app, login_as):
    _demo(app)
    page = login_as(_user("chutich")).get("/").get_data(as_text=True)
    assert "Tổng quan nhiệm vụ" in page
    assert "Phân công công chức giám sát hệ thống văn bản đi/đến" in page
    assert "Rà soát công chức chưa đạt chuẩn trình độ chuyên môn — UBND xã Gia Vân" in page
    assert "Quá hạn" in page and "Đã hoàn thành" in page


def test_officer_sees_only_own_agency_most_urgent_first(app, login_as):
    _demo(app)
    page = login_as(_user("cb.xagiavan")).get("/").get_data(as_text=True)
    assert "Việc của đơn vị" in page and "UBND xã Gia Vân" in page
    assert "Gia Vân" in page and "UBND xã Gia Hưng" not in page
    assert "Phân công công chức giám sát" not in page
    assert "Quá hạn 3 ngày" in page


def test_supporting_agency_sees_task_marked_as_support(app, login_as):
    _demo(app)
    page = login_as(_user("cb.phongtckh")).get("/").get_data(as_text=True)
    assert "Xây dựng kế hoạch đào tạo" in page and "Phối hợp" in page


def test_officer_empty_state_says_what_happens_next(make, login_as):
    page = login_as(make.officer()).get("/").get_data(as_text=True)
    assert "Đơn vị chưa được giao nhiệm vụ nào" in page


def test_admin_lands_on_administration(make, login_as):
    response = login_as(make.admin()).get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/quan-tri/")


def test_english_is_available_per_user(make, login_as):
    user = make.officer()
    web = login_as(user)
    web.post("/ho-so", {"email": "", "locale": "en"}, token_from="/ho-so")
    page = web.get("/").get_data(as_text=True)
    assert 'lang="en"' in page


def test_healthz(client):
    assert client.get("/healthz").json == {"status": "ok"}
