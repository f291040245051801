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


def test_chairman_lands_on_the_dashboard(app, login_as):
    _demo(app)
    response = login_as(_user("chutich")).get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    # In a province the dashboard names the unit it covers.
    assert "<h1>Tổng quan — UBND huyện Gia Viễn</h1>" in page and "Cơ quan có nhiệm vụ quá hạn" in page
    assert "Nhiệm vụ quá hạn lâu nhất" in page and "Chờ quyết định" in page
    assert "Chấn chỉnh việc gửi báo cáo định kỳ đúng thời hạn quy định" in page  # the oldest overdue task


def test_coordinator_lands_on_the_dashboard_too(app, login_as):
    _demo(app)
    page = login_as(_user("noivu.cchc")).get("/").get_data(as_text=True)
    assert "<h1>Tổng quan — UBND huyện Gia Viễn</h1>" in page


def test_officer_lands_on_the_agency_task_list_and_finds_the_dashboard_in_the_menu(app, login_as):
    _demo(app)
    web = login_as(_user("cb.xagiavan"))
    response = web.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/nhiem-vu/")
    page = web.get("/nhiem-vu/").get_data(as_text=True)
    assert "Việc của đơn vị" in page and "UBND xã Gia Vân" in page
    assert "UBND xã Gia Hưng" not in page and "Phân công công chức giám sát" not in page
    assert "Quá hạn 3 ngày" in page
    assert 'href="/tong-quan"' in page


def test_supporting_agency_sees_task_marked_as_support(app, login_as):
    _demo(app)
    page = login_as(_user("cb.phongtckh")).get("/nhiem-vu/").get_data(as_text=True)
    assert "Xây dựng kế hoạch đào tạo" in page and "Phối hợp" in page


def test_officer_empty_state_says_what_happens_next(make, login_as):
    page = login_as(make.officer()).get("/nhiem-vu/").get_data(as_text=True)
    assert "Đơn vị chưa được giao nhiệm vụ nào" in page


def test_admin_lands_on_administration(make, login_as):
    web = login_as(make.admin())
    for path in ("/", "/tong-quan"):
        response = web.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/quan-tri/")


def test_english_is_available_per_user(make, login_as):
    user = make.officer()
    web = login_as(user)
    web.post("/ho-so", {"email": "", "locale": "en"}, token_from="/ho-so")
    page = web.get("/tong-quan").get_data(as_text=True)
    assert 'lang="en"' in page


def test_healthz(client):
    assert client.get("/healthz").json == {"status": "ok"}
