"""Admin pages: agencies, users, CSV import; refused to every other role."""

import io

import pytest

from tracker.extensions import db
from tracker.models import Agency, AuditEvent, Role, User


def admin_routes(app) -> list[str]:
    """Every GET route of the admin blueprint, with sample ids filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            url = rule.rule
            for arg in rule.arguments:
                url = url.replace(f"<int:{arg}>", "1").replace(f"<{arg}>", "1")
            routes.append((url, sorted(rule.methods - {"HEAD", "OPTIONS"})))
    return routes


@pytest.mark.parametrize("role", [Role.LEADER, Role.COORDINATOR, Role.OFFICER])
def test_every_admin_route_is_refused_to_other_roles(app, make, login_as, role):
    make.agency()
    user = make.user(role)
    web = login_as(user)
    routes = admin_routes(app)
    assert len(routes) >= 10
    users_before = db.session.scalar(db.select(db.func.count()).select_from(User))
    for url, methods in routes:
        for method in methods:
            if method == "GET":
                response = web.get(url)
            else:
                response = web.post(url, {"confirmed": "1", "name": "X", "short_name": "X"})
            assert response.status_code == 403, (method, url, response.status_code)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == users_before


def test_anonymous_is_sent_to_login(client):
    response = client.get("/quan-tri/co-quan")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_admin_creates_and_deactivates_an_agency(make, login_as):
    web = login_as(make.admin())
    form = {"name": "UBND xã Gia Thanh", "short_name": "Xã Gia Thanh", "kind": "commune", "parent_id": 0}
    response = web.post("/quan-tri/co-quan/them", form, token_from="/quan-tri/co-quan/them")
    assert response.status_code == 302
    agency = db.session.execute(db.select(Agency).filter_by(short_name="Xã Gia Thanh")).scalar_one()
    listing = web.get("/quan-tri/co-quan?q=gia thanh").get_data(as_text=True)
    assert "UBND xã Gia Thanh" in listing, "search without diacritics finds the agency"
    ask = web.post(f"/quan-tri/co-quan/{agency.id}/trang-thai", {}, token_from="/quan-tri/co-quan")
    assert ask.status_code == 200 and "Xác nhận thao tác" in ask.get_data(as_text=True)
    db.session.refresh(agency)
    assert agency.is_active, "nothing happens before the confirmation"
    web.post(f"/quan-tri/co-quan/{agency.id}/trang-thai", {"confirmed": "1"}, token_from="/quan-tri/co-quan")
    db.session.refresh(agency)
    assert not agency.is_active
    assert db.session.get(Agency, agency.id) is not None, "agencies are never deleted"


@pytest.mark.parametrize("name, short, message", [
    ("", "X", "Vui lòng nhập tên cơ quan."),
    ("   ", "X", "Vui lòng nhập tên cơ quan."),
    ("A" * 10_000, "X", "Không được dài quá 255 ký tự."),
    ("Phòng\x00Nội vụ", "X", "ký tự điều khiển"),
    ("Phòng mới", "", "Vui lòng nhập tên viết tắt."),
])
def test_bad_agency_names_are_refused_and_nothing_saved(make, login_as, name, short, message):
    web = login_as(make.admin())
    before = db.session.scalar(db.select(db.func.count()).select_from(Agency))
    response = web.post("/quan-tri/co-quan/them", {"name": name, "short_name": short, "kind": "department",
                                                   "parent_id": 0}, token_from="/quan-tri/co-quan/them")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Agency)) == before


def test_duplicate_agency_name_is_refused(make, login_as):
    make.agency(name="Phòng Tư pháp", short_name="Phòng TP")
    web = login_as(make.admin())
    response = web.post("/quan-tri/co-quan/them", {"name": "Phòng Tư pháp", "short_name": "TP2", "kind": "department",
                                                   "parent_id": 0}, token_from="/quan-tri/co-quan/them")
    assert "trùng tên" in response.get_data(as_text=True)


def test_admin_creates_user_with_generated_password_shown_once(make, login_as):
    agency = make.agency()
    web = login_as(make.admin())
    response = web.post("/quan-tri/nguoi-dung/them", {"username": "Cb.Moi", "full_name": "Nguyễn Văn A",
                                                      "email": "", "role": "officer", "agency_id": agency.id,
                                                      "password": ""}, token_from="/quan-tri/nguoi-dung/them")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "chỉ hiện một lần" in page
    user = db.session.execute(db.select(User).filter_by(username="cb.moi")).scalar_one()
    assert user.must_change_password and user.agency_id == agency.id


@pytest.mark.parametrize("data, message", [
    ({"username": "taken"}, "đã có người dùng"),
    ({"username": "Tên có dấu"}, "chữ thường không dấu"),
    ({"full_name": "B" * 10_000}, "Không được dài quá 255 ký tự."),
    ({"full_name": ""}, "Vui lòng nhập họ và tên."),
    ({"agency_id": 0}, "phải thuộc một cơ quan"),
    ({"password": "12345678"}, "quá phổ biến"),
])
def test_bad_user_input_is_refused(make, login_as, data, message):
    agency = make.agency()
    make.officer(agency, username="taken")
    web = login_as(make.admin())
    before = db.session.scalar(db.select(db.func.count()).select_from(User))
    form = {"username": "cb.new", "full_name": "Trần Thị B", "email": "", "role": "officer",
            "agency_id": agency.id, "password": ""}
    form.update(data)
    response = web.post("/quan-tri/nguoi-dung/them", form, token_from="/quan-tri/nguoi-dung/them")
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == before


def test_admin_cannot_lock_out_themself(make, login_as):
    admin = make.admin()
    web = login_as(admin)
    web.post(f"/quan-tri/nguoi-dung/{admin.id}/trang-thai", {"confirmed": "1"}, token_from="/quan-tri/nguoi-dung")
    db.session.refresh(admin)
    assert admin.active


def test_admin_cannot_drop_their_own_admin_role(make, login_as):
    admin = make.admin()
    agency = make.agency()
    web = login_as(admin)
    response = web.post(f"/quan-tri/nguoi-dung/{admin.id}/sua",
                        {"full_name": admin.full_name, "email": "", "role": "officer", "agency_id": agency.id},
                        token_from=f"/quan-tri/nguoi-dung/{admin.id}/sua")
    assert "Bạn không thể tự bỏ vai trò quản trị của mình." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_reset_password_shows_a_new_one_and_ends_sessions(make, login_as):
    officer = make.officer()
    officer_web = login_as(officer)
    web = login_as(make.admin())
    response = web.post(f"/quan-tri/nguoi-dung/{officer.id}/cap-lai-mat-khau", {"confirmed": "1"},
                        token_from="/quan-tri/nguoi-dung")
    assert "new-password" in response.get_data(as_text=True)
    assert officer_web.get("/ho-so").status_code == 302


def _upload(web, kind: str, content: bytes):
    return web.post("/quan-tri/nhap-csv", {"kind": kind, "file": (io.BytesIO(content), "data.csv")},
                    token_from="/quan-tri/nhap-csv", content_type="multipart/form-data")


def test_csv_import_previews_then_imports_agencies_and_users(make, login_as):
    web = login_as(make.admin())
    csv_text = ("name,short_name,kind,parent\n"
                "UBND huyện Thử,UBND Thử,committee,\n"
                "UBND xã Gia Lạc,Xã Gia Lạc,UBND xã, thị trấn,UBND Thử\n")
    # A quoted field with a comma inside, as Excel writes it.
    csv_text = csv_text.replace("UBND xã, thị trấn", '"UBND xã, thị trấn"')
    preview = _upload(web, "agencies", csv_text.encode("utf-8-sig"))
    page = preview.get_data(as_text=True)
    assert "Xem trước: 2 dòng hợp lệ" in page
    assert db.session.execute(db.select(Agency).filter_by(short_name="Xã Gia Lạc")).first() is None
    done = web.post("/quan-tri/nhap-csv/xac-nhan", {"kind": "agencies", "content": csv_text},
                    token_from="/quan-tri/nhap-csv")
    assert "Đã nhập 2 dòng" in done.get_data(as_text=True)
    commune = db.session.execute(db.select(Agency).filter_by(short_name="Xã Gia Lạc")).scalar_one()
    assert commune.parent.short_name == "UBND Thử" and commune.kind.value == "commune"

    users_csv = "username,full_name,role,agency,email\ncb.gialac,Lê Văn C,officer,Xã Gia Lạc,c@example.vn\n"
    web.post("/quan-tri/nhap-csv/xac-nhan", {"kind": "users", "content": users_csv}, token_from="/quan-tri/nhap-csv")
    user = db.session.execute(db.select(User).filter_by(username="cb.gialac")).scalar_one()
    assert user.agency_id == commune.id and user.invitation_hash is not None  # sets a password via the link


def test_csv_with_a_bad_row_imports_nothing_and_names_the_line(make, login_as):
    make.agency(name="Phòng Nội vụ", short_name="Phòng NV")
    web = login_as(make.admin())
    content = ("username,full_name,role,agency,email\n"
               "cb.one,Người Một,officer,Phòng NV,\n"
               "cb.two,Người Hai,chief,Phòng NV,\n"
               "cb.three,Người Ba,officer,Phòng Không Có,\n").encode()
    response = _upload(web, "users", content)
    page = response.get_data(as_text=True)
    assert "Không nhập dòng nào" in page
    assert "Dòng 3: Vai trò “chief” không hợp lệ." in page
    assert "Dòng 4: Không tìm thấy cơ quan “Phòng Không Có”." in page
    # Even the confirm endpoint, called directly, refuses the whole file.
    confirm = web.post("/quan-tri/nhap-csv/xac-nhan", {"kind": "users", "content": content.decode()},
                       token_from="/quan-tri/nhap-csv")
    assert confirm.status_code == 422
    assert db.session.execute(db.select(User).filter_by(username="cb.one")).first() is None
    assert not db.session.execute(db.select(AuditEvent).filter_by(action="user_created")).scalars().all()[1:]


def test_csv_in_another_encoding_is_refused_clearly(make, login_as):
    web = login_as(make.admin())
    content = b"name,short_name,kind,parent\n" + b"Ph\xf2ng N\xe9i v\xf9,PNV,department,\n"
    response = _upload(web, "agencies", content)
    assert "không phải mã UTF-8" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Agency).filter_by(short_name="PNV")).first() is None


def test_csv_with_duplicate_rows_reports_the_second(make, login_as):
    web = login_as(make.admin())
    content = "name,short_name,kind,parent\nPhòng A,PA,department,\nPhòng A,PA,department,\n".encode()
    page = _upload(web, "agencies", content).get_data(as_text=True)
    assert "Dòng 3:" in page and "trùng tên" in page


def test_audit_log_lists_and_filters(make, login_as):
    admin = make.admin()
    web = login_as(admin)
    make.agency()
    page = web.get("/quan-tri/nhat-ky?action=login").get_data(as_text=True)
    assert "login" in page and admin.display_name in page
