"""``flask tracker ...``: provisioning, demo data and batch jobs."""

import logging
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extensions import db
from .models import Role

tracker_cli = AppGroup("tracker", help="Quản trị ứng dụng theo dõi khắc phục sau thẩm định.")


def _fail(message: str, code: int = 2):
    click.echo(message, err=True)
    sys.exit(code)


@tracker_cli.command("init-data")
def init_data():
    """Seed the reference data (framework of the seed, default settings); safe to rerun."""
    from .services import reference

    reference.seed_reference_data()
    db.session.commit()
    click.echo("Đã khởi tạo dữ liệu danh mục.")


@tracker_cli.command("create-admin")
@click.option("--username", default="admin", show_default=True)
@click.option("--full-name", default="Quản trị hệ thống", show_default=True)
@click.option("--generate", is_flag=True, help="Tạo mật khẩu ngẫu nhiên và in ra một lần thay vì hỏi.")
def create_admin(username: str, full_name: str, generate: bool):
    """Create the first admin (prompts for a password, or prints a generated one)."""
    from .services.organisation import accounts

    password = None
    if not generate:
        if not sys.stdin.isatty():
            _fail("Không có bàn phím để nhập mật khẩu: dùng --generate để tạo mật khẩu ngẫu nhiên.")
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    try:
        user, password = accounts.create_user(username=username, full_name=full_name, role=Role.ADMIN,
                                              agency=None, password=password)
    except accounts.AccountError as exc:
        db.session.rollback()
        _fail(f"Không tạo được tài khoản: {exc}")
    db.session.commit()
    click.echo(f"Đã tạo tài khoản quản trị “{user.username}”.")
    if generate:
        click.echo(f"Mật khẩu (chỉ hiện một lần, đổi ngay khi đăng nhập): {password}")


@tracker_cli.command("create-user")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--agency", default="", help="Tên viết tắt hoặc tên đầy đủ của cơ quan.")
@click.option("--full-name", default="")
@click.option("--email", default="")
@click.option("--password", default=None, help="Nếu bỏ trống, hệ thống tạo và in ra mật khẩu ngẫu nhiên.")
def create_user(username, role, agency, full_name, email, password):
    """Provision a user from a script; a given password must pass the password rules.

    The user belongs to the unit of ``--agency``; naming the unit itself (a commune's UBND, a department) makes a
    unit-level leader or coordinator. With several units a leader or coordinator must name one.
    """
    from .services.errors import ServiceError
    from .services.organisation import accounts

    agency_obj = None
    if agency:
        agency_obj = accounts.find_agency(agency)
        if agency_obj is None:
            _fail(f"Không tìm thấy cơ quan “{agency}”.")
    try:
        user, password_used = accounts.create_user(
            username=username, full_name=full_name or username, role=Role(role), agency=agency_obj,
            password=password, email=email or None)
    except ServiceError as exc:
        db.session.rollback()
        _fail(f"Không tạo được tài khoản: {exc}")
    db.session.commit()
    unit = user.agency.unit if user.agency is not None else None
    where = f", đơn vị: {unit.name}" if unit is not None else (", cấp tỉnh" if user.agency is not None else "")
    click.echo(f"Đã tạo tài khoản “{user.username}” ({user.role.label}{where}).")
    if password is None:
        click.echo(f"Mật khẩu (chỉ hiện một lần): {password_used}")


@tracker_cli.command("demo-data")
@click.option("--print-logins", is_flag=True, help="In lại danh sách tài khoản thử nghiệm.")
def demo_data(print_logins: bool):
    """Load the demo province once (development only); later runs change nothing. Logins print by unit."""
    from .services import demo

    if current_app.config.get("ENV_NAME") == "production":
        _fail("Không nạp dữ liệu thử nghiệm trên môi trường production.")
    logins_file = Path(current_app.instance_path) / "demo-logins.txt"
    # The demo's hundreds of audit lines would bury the logins a newcomer needs; the audit table keeps them.
    audit_log = logging.getLogger("tracker.audit")
    level = audit_log.level
    audit_log.setLevel(logging.WARNING)
    try:
        result = demo.load_demo()
        db.session.commit()
    finally:
        audit_log.setLevel(level)
    if result is not None:
        password, logins = result
        lines = [f"Mật khẩu chung của các tài khoản thử nghiệm: {password}"]
        groups: dict[str, list] = {}
        for username, role, agency, unit in logins:
            groups.setdefault(unit, []).append((username, role, agency))
        for unit, members in groups.items():
            lines += ["", f"{unit}:"]
            lines += [f"  {u:<22} {role:<34} {agency}" for u, role, agency in members]
        logins_file.parent.mkdir(parents=True, exist_ok=True)
        logins_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        logins_file.chmod(0o600)
        click.echo("Đã nạp dữ liệu thử nghiệm: huyện Gia Viễn (2021), xã Đại Hoàng và phường Tây Hoa Lư (2025), "
                   "tỉnh Ninh Bình.")
    else:
        click.echo("Dữ liệu thử nghiệm đã có sẵn; không thay đổi gì.")
        from .services import demo_province

        if not demo_province.is_loaded():
            click.echo("Cơ sở dữ liệu này có dữ liệu thử nghiệm cũ (chỉ huyện Gia Viễn). Để có tỉnh thử nghiệm với "
                       "các xã, phường mới, xóa tệp cơ sở dữ liệu (mặc định instance/tracker.db) rồi chạy lại.")
    if (result is not None or print_logins) and logins_file.exists():
        click.echo(logins_file.read_text(encoding="utf-8"))


FANOUT_WORDS = {"communes": "các xã", "departments": "các cơ quan", "both": "các cơ quan và các xã"}


@tracker_cli.command("parse-conclusion")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In đúng một đối tượng JSON (UTF-8) ra đầu ra chuẩn.")
def parse_conclusion(file: Path, as_json: bool):
    """Read a conclusion (.txt UTF-8 or .docx) and print its shortcomings and recommendations."""
    import errno
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from .services.conclusions import importing as conclusion_import
    from .services.conclusions import keywords as reader_config
    from .services.conclusions.reader import DEFAULT_RULES, read_conclusion
    from .services.errors import ServiceError

    try:
        data = file.read_bytes()
    except OSError as exc:
        reason = {errno.ENOENT: "không có tệp này", errno.EACCES: "không có quyền đọc",
                  errno.EISDIR: "đây là thư mục"}.get(exc.errno, exc.strerror or str(exc))
        _fail(f"Không đọc được tệp “{file}”: {reason}.")
    try:
        text = conclusion_import.decode_file(file.name, data)
    except ServiceError as exc:
        _fail(f"Tệp “{file}”: {exc}")
    try:
        rules = reader_config.reader_rules()
    except SQLAlchemyError:
        # For scripting without a database: the built-in lists still read the text.
        db.session.rollback()
        rules = DEFAULT_RULES
        click.echo("Không đọc được danh sách từ khóa trong cơ sở dữ liệu; dùng danh sách mặc định.", err=True)
    result = read_conclusion(text, rules)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    if not result.cue_found:
        click.echo("Không thấy từ báo hiệu tồn tại, hạn chế hay đề nghị nào trong văn bản.")
    for title, items in (("Tồn tại, hạn chế", result.shortcomings), ("Đề nghị, kiến nghị", result.recommendations)):
        click.echo(f"{title} ({len(items)}):")
        for number, item in enumerate(items, start=1):
            fanout = f"chia cho {FANOUT_WORDS[item.fanout]}" if item.fanout else None
            deadline = f"hạn {item.deadline:%d/%m/%Y}" if item.deadline else None
            notes = " · ".join(filter(None, [item.field, item.lead_agency, fanout, deadline]))
            click.echo(f"  {number}. {item.text}" + (f"  [{notes}]" if notes else ""))


@tracker_cli.command("export-report")
@click.option("--as-of", "as_of", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Tính đến hết ngày (YYYY-MM-DD).")
@click.option("--format", "fmt", required=True, type=click.Choice(["xlsx", "csv", "docx", "json"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--appraisal", type=int, default=None, help="Chỉ các nhiệm vụ của một đợt thẩm định (mã số).")
@click.option("--by", "by", type=click.Choice(["agency", "unit"]), default="agency", show_default=True,
              help="Mỗi dòng một cơ quan (báo cáo thường) hoặc một đơn vị được đánh giá (báo cáo toàn tỉnh).")
@click.option("--unit", "unit_id", type=int, default=None, help="Báo cáo riêng của một đơn vị (mã số đơn vị).")
def export_report(as_of, fmt: str, output: Path, appraisal: int | None, by: str, unit_id: int | None):
    """Write the per-agency report as of a day (every agency, or one unit's with --unit), as the report page's
    exports do; --by unit writes the province report, one row per unit, as the province page's exports do."""
    from . import exports
    from .exports import province as province_exports
    from .models import Agency, Appraisal
    from .services import deadlines
    from .services.reports import province
    from .services.reports.counting import ReportFilter

    day = as_of.date()
    if day > deadlines.today():
        _fail("Ngày báo cáo không được sau hôm nay.")
    if appraisal is not None and db.session.get(Appraisal, appraisal) is None:
        _fail(f"Không có đợt thẩm định mã số {appraisal}.")
    if unit_id is not None:
        unit = db.session.get(Agency, unit_id)
        if unit is None or not unit.is_unit:
            _fail(f"Không có đơn vị được đánh giá mã số {unit_id}.")
    if by == "unit":
        if unit_id is not None or appraisal is not None:
            _fail("Báo cáo theo đơn vị (--by unit) tính mọi đơn vị, mọi đợt thẩm định: bỏ --unit và --appraisal.")
        data = province_exports.build(fmt, province.province_report(day, "name"))
    else:
        data = exports.build(fmt, ReportFilter(as_of=day, appraisal_id=appraisal, unit_id=unit_id))
    try:
        output.write_bytes(data)
    except OSError as exc:
        _fail(f"Không ghi được tệp “{output}”: {exc.strerror or exc}.")
    size = f"{len(data):,}".replace(",", ".")  # Vietnamese groups thousands with dots
    click.echo(f"Đã ghi báo cáo tính đến ngày {day.strftime('%d/%m/%Y')} vào “{output}” ({size} byte).")


def register(app: Flask) -> None:
    from . import cli_api
    from .cli_ops import register_ops

    register_ops(tracker_cli)
    cli_api.register(tracker_cli)
    from . import cli_mail  # noqa: F401  (its commands join the ``tracker`` group)

    app.cli.add_command(tracker_cli)
