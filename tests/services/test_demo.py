"""The Gia Viễn demo tells the seed's story with the numbers the domain document gives."""

from decimal import Decimal

from tracker.extensions import db
from tracker.models import Agency, Appraisal, Finding, Recommendation, Task, TimeStatus
from tracker.services import deadlines, demo


def test_demo_matches_the_seed(app):
    password, logins = demo.load_demo(password="một mật khẩu thử nghiệm")
    db.session.commit()
    a2021 = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    a2020 = db.session.execute(db.select(Appraisal).filter_by(year=2020)).scalar_one()
    assert a2021.total_score == Decimal("87.88")
    assert sum(s.score for s in a2021.scores) == Decimal("87.88")
    assert a2021.total_score - a2020.total_score == Decimal("2.38")
    for score in a2021.scores:
        assert Decimal(0) <= score.score <= score.field.max_points
    # The 2021 story as it was; the 2025 communes around it have their own appraisals (tests below).
    assert db.session.scalar(db.select(db.func.count()).select_from(Finding).filter_by(appraisal_id=a2021.id)) == 3
    assert db.session.scalar(db.select(db.func.count()).select_from(Recommendation)
                             .filter_by(appraisal_id=a2021.id)) == 3
    assert {u for u, *_ in logins} >= {"admin", "chutich", "noivu.cchc", "cb.xagiahoa"}

    today = deadlines.today()
    story = db.select(Task).filter_by(unit_id=a2021.unit_id)
    states = {deadlines.task_time_status(t, today) for t in db.session.scalars(story)}
    assert {TimeStatus.DONE_ON_TIME, TimeStatus.DONE_LATE, TimeStatus.OVERDUE, TimeStatus.DUE_SOON} <= states
    groups = db.session.scalars(story.filter_by(is_group=True)).all()
    assert len(groups) == 1 and groups[0].lead_agency is None and len(groups[0].children) == 4
    for task in db.session.scalars(db.select(Task).filter_by(is_group=False)):
        assert task.lead_agency_name == task.lead_agency.name
        if task.recommendation:
            assert task.findings, "every task made from a recommendation answers a shortcoming"


def _units():
    from tracker.services.organisation import units

    return {u.name: u for u in units.units()}


def test_the_demo_is_a_province_of_three_units_each_with_its_people(app):
    from tracker.models import Role, User
    from tracker.permissions import unit_of

    demo.load_demo(password="một mật khẩu thử nghiệm")
    db.session.commit()
    found = _units()
    assert set(found) == {"UBND huyện Gia Viễn", "UBND xã Đại Hoàng", "UBND phường Tây Hoa Lư"}
    users = list(db.session.scalars(db.select(User)))
    for name, unit in found.items():
        roles = {u.role for u in users if unit_of(u) == unit.id}
        assert {Role.LEADER, Role.COORDINATOR, Role.OFFICER} <= roles, name
        offices = db.session.scalar(db.select(db.func.count()).select_from(Agency).where(Agency.unit_id == unit.id))
        assert offices >= 4, name
        latest = db.select(Appraisal).filter_by(unit_id=unit.id).order_by(Appraisal.year.desc())
        appraisal = db.session.scalars(latest).first()
        assert appraisal is not None and appraisal.findings and appraisal.recommendations, name
    province = {u.role for u in users if unit_of(u) is None}
    assert {Role.PROVINCE_LEADER, Role.PROVINCE_COORDINATOR, Role.ADMIN} <= province


def test_each_2025_commune_has_a_task_in_every_state(app):
    from tracker.models import Extension, ExtensionStatus, TaskStatus

    demo.load_demo(password="một mật khẩu thử nghiệm")
    db.session.commit()
    today = deadlines.today()
    for name in ("UBND xã Đại Hoàng", "UBND phường Tây Hoa Lư"):
        unit = _units()[name]
        tasks = db.session.scalars(db.select(Task).filter_by(unit_id=unit.id)).all()
        statuses = {t.status for t in tasks}
        times = {deadlines.task_time_status(t, today) for t in tasks}
        assert {TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.POSTPONED,
                TaskStatus.CANCELLED, TaskStatus.DONE} <= statuses, name
        assert {TimeStatus.DONE_ON_TIME, TimeStatus.DONE_LATE, TimeStatus.OVERDUE, TimeStatus.ON_TRACK} <= times
        pending = db.session.scalars(db.select(Extension).join(Task).where(
            Task.unit_id == unit.id, Extension.status == ExtensionStatus.PENDING)).all()
        assert len(pending) == 1 and pending[0].task.status == TaskStatus.IN_PROGRESS, name
        for task in tasks:
            assert task.lead_agency.unit_id == unit.id and task.findings and task.owner.agency_id == \
                task.lead_agency_id, task.title
            moves = [u.status_to for u in task_history(task) if u.status_to is not None]
            assert moves[-1] == task.status, f"{task.title}: the timeline ends where the task stands"


def task_history(task):
    from tracker.models import ProgressUpdate

    return db.session.scalars(db.select(ProgressUpdate).filter_by(task_id=task.id)
                              .order_by(ProgressUpdate.created_at, ProgressUpdate.id)).all()


def test_each_units_numbers_agree_between_dashboard_report_and_export(app):
    import json

    from tests.conftest import Browser
    from tests.factories import PASSWORD
    from tracker.models import User
    from tracker.services.reports import counting, dashboard

    demo.load_demo(password=PASSWORD)
    db.session.commit()
    for name, chairman in (("UBND huyện Gia Viễn", "chutich"), ("UBND xã Đại Hoàng", "chutich.daihoang"),
                           ("UBND phường Tây Hoa Lư", "chutich.tayhoalu")):
        unit = _units()[name]
        leader = db.session.execute(db.select(User).filter_by(username=chairman)).scalar_one()
        board = dashboard.build(leader).totals
        report = counting.agency_report(counting.ReportFilter(as_of=deadlines.today(), unit_id=unit.id)).totals
        assert board.as_dict() == report.as_dict(), name
        web = Browser(app.test_client())
        assert web.login(chairman).status_code == 302
        exported = json.loads(web.get("/bao-cao/xuat?format=json").get_data(as_text=True))["totals"]
        assert exported["total"] == report.total and exported["open_overdue"] == report.open_overdue, name
        expected = 7 if name == "UBND huyện Gia Viễn" else 9  # each task counts once, in its category
        assert report.total == expected, (name, report.as_dict())


def test_the_readmes_login_table_names_only_demo_logins(app):
    import re
    from pathlib import Path

    _password, logins = demo.load_demo(password="một mật khẩu thử nghiệm")
    readme = Path(__file__).resolve().parents[2].joinpath("README.md").read_text(encoding="utf-8")
    table = readme.split("| unit | leader |", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"`([a-z][a-z0-9.]*)`", table)) | {"admin"}
    made = {username for username, *_ in logins}
    assert named <= made, named - made
    units = {unit for *_, unit in logins} - {"Quản trị", "Cấp tỉnh"}
    assert all(unit.split(" (")[0] in table for unit in units), units


def test_the_demos_province_people_follow_every_unit(app):
    from tests.conftest import Browser
    from tests.factories import PASSWORD

    demo.load_demo(password=PASSWORD)
    db.session.commit()
    for username in ("lanhdao.tinh", "snv.cchc"):
        web = Browser(app.test_client())
        assert web.login(username).status_code == 302
        assert web.get("/", follow_redirects=True).status_code == 200
        listing = web.get("/nhiem-vu/?per_page=100").get_data(as_text=True)
        assert 'name="unit"' in listing, "the province picks a unit"
        for title in ("Phân công công chức giám sát hệ thống văn bản đi/đến",
                      "Xử lý dứt điểm hồ sơ thủ tục hành chính quá hạn", "Niêm yết công khai thủ tục hành chính"):
            assert title in listing, (username, title)
