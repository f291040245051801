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
    tasks = db.session.scalar(db.select(db.func.count()).select_from(Task))
    second = runner.invoke(args=["tracker", "demo-data"])
    assert "không thay đổi gì" in second.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Task)) == tasks
    assert db.session.scalar(db.select(db.func.count()).select_from(Appraisal)) == 2


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
