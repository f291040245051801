"""The flask tracker commands an operator scripts with."""

from tracker.extensions import db
from tracker.models import Appraisal, Role, Task, User


def test_create_admin_with_generated_password(app):
    result = app.test_cli_runner().invoke(args=["tracker", "create-admin", "--generate"])
    assert result.exit_code == 0, result.output
    assert "Mật khẩu (chỉ hiện một lần" in result.output
    admin = db.session.execute(db.select(User).filter_by(username="admin")).scalar_one()
    assert admin.role == Role.ADMIN and admin.must_change_password


def test_create_admin_without_a_terminal_asks_for_generate(app):
    result = app.test_cli_runner().invoke(args=["tracker", "create-admin"], input="")
    assert result.exit_code == 2
    assert db.session.execute(db.select(User)).first() is None


def test_create_user_checks_password_rules_and_agency(app, make):
    make.agency(name="Phòng Nội vụ", short_name="Phòng NV")
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["tracker", "create-user", "--username", "nv1", "--role", "officer",
                               "--agency", "Phòng NV", "--password", "123456789"])
    assert weak.exit_code == 2 and "quá phổ biến" in weak.output
    missing = runner.invoke(args=["tracker", "create-user", "--username", "nv1", "--role", "officer",
                                  "--agency", "Phòng Không Có"])
    assert missing.exit_code == 2 and "Không tìm thấy cơ quan" in missing.output
    ok = runner.invoke(args=["tracker", "create-user", "--username", "nv1", "--role", "officer",
                             "--agency", "Phòng Nội vụ", "--password", "một mật khẩu đủ dài"])
    assert ok.exit_code == 0, ok.output
    user = db.session.execute(db.select(User).filter_by(username="nv1")).scalar_one()
    assert user.agency.short_name == "Phòng NV" and not user.must_change_password
    duplicate = runner.invoke(args=["tracker", "create-user", "--username", "nv1", "--role", "leader"])
    assert duplicate.exit_code == 2 and "đã có người dùng" in duplicate.output


def test_demo_data_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["tracker", "demo-data"])
    assert first.exit_code == 0, first.output
    assert "Mật khẩu chung" in first.output and "chutich" in first.output
    headings = [line for line in first.output.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert headings[:2] == ["Quản trị:", "Cấp tỉnh:"] and "UBND xã Đại Hoàng:" in headings
    assert "UBND phường Tây Hoa Lư:" in headings and any("Gia Viễn" in h for h in headings)
    tasks = db.session.scalar(db.select(db.func.count()).select_from(Task))
    second = runner.invoke(args=["tracker", "demo-data"])
    assert "không thay đổi gì" in second.output and "dữ liệu thử nghiệm cũ" not in second.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Task)) == tasks
    assert db.session.scalar(db.select(db.func.count()).select_from(Appraisal)) == 4  # Gia Viễn 2020, 2021; 2 communes


def test_demo_data_refused_in_production(app):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["tracker", "demo-data"])
    assert result.exit_code == 2


def test_create_token_prints_a_working_token_once(app, make):
    officer = make.officer()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tracker", "create-token", "--username", officer.username, "--scope", "read",
                                 "--expires-days", "7"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("trk_")
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    missing = runner.invoke(args=["tracker", "create-token", "--username", "nobody", "--scope", "read"])
    assert missing.exit_code != 0 and "Không có tài khoản" in missing.output


def test_create_user_in_a_province_names_the_unit_or_an_agency_of_it(app, make):
    """``--agency`` keeps working; naming the unit itself makes a unit-level leader or coordinator."""
    from tracker.models import AgencyKind
    from tracker.permissions import unit_of

    commune = make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    make.unit("UBND xã Đại Hoàng", "Xã Đại Hoàng")
    office = make.agency("Văn phòng HĐND và UBND xã Gia Hưng", "VP Gia Hưng", AgencyKind.OFFICE, unit=commune)
    make.province_agency("Sở Nội vụ tỉnh Ninh Bình", "Sở Nội vụ")
    runner = app.test_cli_runner()

    def create(username, role, agency=None):
        args = ["tracker", "create-user", "--username", username, "--role", role]
        return runner.invoke(args=args + (["--agency", agency] if agency else []))

    leader = create("chutich.giahung", "leader", "UBND xã Gia Hưng")
    assert leader.exit_code == 0, leader.output
    assert "đơn vị: UBND xã Gia Hưng" in leader.output
    coordinator = create("cchc.giahung", "coordinator", "VP Gia Hưng")
    officer = create("cb.vpgiahung", "officer", "VP Gia Hưng")
    province = create("snv.cchc", "province_coord", "Sở Nội vụ")
    assert coordinator.exit_code == officer.exit_code == province.exit_code == 0, province.output
    users = {u.username: u for u in db.session.scalars(db.select(User))}
    assert users["chutich.giahung"].agency_id == commune.id and unit_of(users["chutich.giahung"]) == commune.id
    assert unit_of(users["cchc.giahung"]) == commune.id and users["cb.vpgiahung"].agency_id == office.id
    assert unit_of(users["snv.cchc"]) is None and "cấp tỉnh" in province.output

    unnamed = create("chutich.khac", "leader")
    assert unnamed.exit_code == 2 and "Vui lòng chọn đơn vị" in unnamed.output
    misplaced = create("lanhdao.tinh", "province_leader", "VP Gia Hưng")
    assert misplaced.exit_code == 2 and "cơ quan cấp tỉnh" in misplaced.output
    homeless = create("chutich.tinh", "leader", "Sở Nội vụ")
    assert homeless.exit_code == 2 and "đơn vị được đánh giá" in homeless.output
    assert not {"chutich.khac", "lanhdao.tinh", "chutich.tinh"} & set(db.session.scalars(db.select(User.username)))


def test_create_user_in_a_one_unit_installation_needs_no_unit(app, make):
    make.unit("UBND xã Gia Hòa", "Xã Gia Hòa")
    result = app.test_cli_runner().invoke(args=["tracker", "create-user", "--username", "chutich", "--role",
                                                "leader"])
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(User).filter_by(username="chutich")).scalar_one().agency.name == \
        "UBND xã Gia Hòa"


def test_a_demo_loaded_before_the_province_came_says_how_to_get_it(app, monkeypatch):
    from tracker.services import demo_province

    runner = app.test_cli_runner()
    assert runner.invoke(args=["tracker", "demo-data"]).exit_code == 0
    monkeypatch.setattr(demo_province, "is_loaded", lambda: False)  # as in a database of the Gia Viễn demo alone
    again = runner.invoke(args=["tracker", "demo-data"])
    assert again.exit_code == 0 and "dữ liệu thử nghiệm cũ" in again.output and "instance/tracker.db" in again.output
