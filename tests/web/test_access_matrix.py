"""The access matrix: every registered route × role × relation, GET and POST.

Walks ``app.url_map``, so a route added later is covered as soon as it is registered; an
endpoint without a rule in ``tests/access/rules_*.py`` fails. For each rule kind the expected
answer of every role and relation is fixed here (see tests/access/__init__.py). Every refused
request (login redirect, 403, 404) must leave the database and the evidence folder exactly as
they were.
"""

import io
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import current_app
from werkzeug.datastructures import FileStorage

from tests import access, evidence_samples
from tests.conftest import Browser
from tracker.extensions import db
from tracker.models import (
    AgencyKind,
    Appraisal,
    Criterion,
    Direction,
    Extension,
    Finding,
    Notification,
    NotificationKind,
    OutboxMessage,
    OutboxStatus,
    ReaderKeyword,
    Recommendation,
    Recurrence,
    TaskSeries,
    TaskStatus,
)
from tracker.permissions import Action, AppraisalAction, Relation, can, can_on_appraisal, relation
from tracker.services.tasks import evidence

os.environ.setdefault("TRACKER_ENV", "test")
ALLOWED, LOGIN_PAGE = "allowed", "login"


def _registered() -> dict[str, list]:
    """Endpoints and their URL rules, read from an app built only for that (no database is touched)."""
    from tracker import create_app

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    endpoints: dict[str, list] = {}
    for rule in app.url_map.iter_rules():
        endpoints.setdefault(rule.endpoint, []).append(rule)
    return endpoints


ENDPOINTS = _registered()
RULES = access.all_rules()


def test_every_endpoint_has_a_rule():
    missing = sorted(set(ENDPOINTS) - set(RULES))
    assert not missing, (f"endpoints without an access rule: {missing}. Declare who may reach each one in "
                         f"tests/access/rules_<area>.py (see tests/access/__init__.py for the kinds).")


def test_every_rule_names_a_registered_endpoint():
    unknown = sorted(set(RULES) - set(ENDPOINTS))
    assert not unknown, f"rules for endpoints that do not exist (typo or removed route?): {unknown}"


def test_rules_use_known_kinds_and_actions():
    kinds = {access.PUBLIC, access.LOGIN, access.ADMIN, access.ASSIGNER, access.FOLLOWER, access.RECORDER,
             access.PROVINCE, access.TASK, access.EVIDENCE, access.AGENCY, access.APPRAISAL, access.UNIT,
             access.SERIES, access.FEED, access.MONITOR, access.API, access.OWN, access.LINK,
             access.UNIT_ACCOUNTS, access.UNIT_ACCOUNT}
    for endpoint, rule in RULES.items():
        assert rule.kind in kinds, endpoint
        if rule.kind == access.TASK:
            assert rule.action in {a.value for a in Action}, f"{endpoint}: TASK rule needs a permissions.Action"
        if rule.kind == access.APPRAISAL:
            assert rule.action in {a.value for a in AppraisalAction}, f"{endpoint}: APPRAISAL rule needs an action"
        if rule.kind == access.API:
            kind, _sep, action = (rule.action or "").partition(":")
            underlying = kinds - {access.API, access.PUBLIC, access.FEED, access.MONITOR}
            assert kind in underlying, f"{endpoint}: API rule needs a kind"
            if kind == access.TASK:
                assert action in {a.value for a in Action}, endpoint
            if kind == access.APPRAISAL:
                assert action in {a.value for a in AppraisalAction}, endpoint


# --- the world every check runs in -----------------------------------------------------------------------------

@dataclass
class World:
    """Unit A (the task's): its agency A leads the task, B supports it, C has nothing to do with it. Unit B: its
    department supports the task from outside (a department helping a commune); its leader and coordinator
    must find nothing of unit A. The province: a leader and a coordinator. One user of every kind."""

    users: dict
    task: object
    agencies: dict
    objects: dict = field(default_factory=dict)


UNIT_A = ("leader", "coordinator")
UNIT_B = ("leader_b", "coordinator_b")
PROVINCE_USERS = ("province_leader", "province_coordinator")


def build_world(make) -> World:
    unit_a = make.unit("UBND xã Gia Viễn", "Xã Gia Viễn")
    lead = make.agency(name="Phòng Nội vụ", short_name="Phòng NV", unit=unit_a)
    support = make.agency(name="Phòng Tài chính - Kế hoạch", short_name="Phòng TC-KH", unit=unit_a)
    other = make.agency(name="UBND xã Gia Vân", short_name="Xã Gia Vân", unit=unit_a)
    spare_agency = make.agency(name="UBND xã Gia Phú", short_name="Xã Gia Phú", unit=unit_a)
    unit_b = make.unit("Sở Khoa học và Công nghệ", "Sở KH&CN", AgencyKind.PROVINCIAL_DEPARTMENT)
    helper = make.agency(name="Phòng Chuyển đổi số, Sở KH&CN", short_name="P. CĐS", unit=unit_b)
    users = {
        "leader": make.leader(agency=unit_a), "coordinator": make.coordinator(agency=lead), "admin": make.admin(),
        "lead_officer": make.officer(lead), "support_officer": make.officer(support),
        "other_officer": make.officer(other),
        "leader_b": make.leader(agency=unit_b), "coordinator_b": make.coordinator(agency=helper),
        "cross_support_officer": make.officer(helper),
        "province_leader": make.province_leader(), "province_coordinator": make.province_coordinator(),
    }
    spare_user = make.officer(spare_agency)
    # Both units' coordinators manage their unit's accounts: unit B's must still find none of unit A's.
    unit_a.coordinator_manages_accounts = unit_b.coordinator_manages_accounts = True
    task = make.task(lead, status=TaskStatus.IN_PROGRESS, supporting=[support, helper], owner=users["lead_officer"],
                     evidence_required=False)
    framework = make.framework()
    appraisal = Appraisal(unit=unit_a, year=2021, framework=framework, team="Tổ thẩm định")
    finding = Finding(appraisal=appraisal, text="Báo cáo còn gửi chậm.")
    recommendation = Recommendation(appraisal=appraisal, text="Gửi báo cáo đúng hạn.", findings=[finding])
    direction = Direction(task=task, author=users["leader"], text="Đề nghị hoàn thành sớm")
    extension = Extension(task=task, requested_by=users["lead_officer"], previous_due_date=task.due_date,
                          requested_due_date=task.due_date + timedelta(days=10), reason="Cần thêm thời gian")
    keyword = ReaderKeyword(kind="shortcoming_cue", phrase="còn chậm (ma trận)")
    criterion = Criterion(framework_id=framework.id, field=framework.fields[0], code="1.1", name="Kế hoạch CCHC",
                          max_points=1)
    series = TaskSeries(unit=unit_a, title="Báo cáo văn bản đi đúng luồng hằng tháng", lead_agency=lead,
                        recurrence=Recurrence.MONTHLY, due_day=25, starts_on=date(2099, 1, 1))
    note = Notification(user_id=users["lead_officer"].id, kind=NotificationKind.DIRECTION, task=task,
                        data={"title": task.title, "text": "Đề nghị hoàn thành sớm"})
    failed = OutboxMessage(kind=NotificationKind.DIRECTION, task=task, recipient_id=None, data={},
                           dedup_key="matrix", status=OutboxStatus.FAILED, attempts=5, last_error="451")
    db.session.add_all([appraisal, finding, recommendation, direction, extension, keyword, criterion, series, note,
                        failed])
    mail_folder = Path(current_app.config["MAIL_FOLDER"])
    mail_folder.mkdir(parents=True, exist_ok=True)
    (mail_folder / "00000001-direction.eml").write_text("Subject: thử\n\nNội dung\n", encoding="utf-8")
    item = evidence.store_evidence(task, users["lead_officer"],
                                   FileStorage(io.BytesIO(evidence_samples.pdf()), "Minh chứng.pdf"))
    db.session.commit()
    objects = {
        "task_id": task.id, "evidence_id": item.id, "extension_id": extension.id, "direction_id": direction.id,
        "appraisal_id": appraisal.id, "user_id": spare_user.id, "framework_id": framework.id,
        "field_id": framework.fields[0].id, "keyword_id": keyword.id, "code": "vi", "criterion_id": criterion.id,
        "agency_id": spare_agency.id, "finding_id": finding.id, "recommendation_id": recommendation.id,
        "unit_id": unit_a.id, "series_id": series.id, "key": "not-a-feed-key",
        "notification_id": note.id, "message_id": failed.id, "name": "00000001-direction.eml",
        "token": "not-an-invitation",
    }
    return World(users=users, task=task, agencies={"lead": lead, "support": support, "other": other},
                 objects=objects)


FILENAMES = {"static": "css/app.css", "bootstrap.static": "css/bootstrap.min.css",
             "api_docs.asset": "swagger-ui.css"}


def url_for_rule(rule, world: World, agency_id: int | None = None) -> str:
    """The rule's URL with ids of objects the world made; an unknown parameter fails with what to do."""
    values = {}
    for name in rule.arguments:
        if name == "filename" and rule.endpoint in FILENAMES:
            values[name] = FILENAMES[rule.endpoint]
        elif name == "agency_id" and agency_id is not None:
            values[name] = agency_id
        elif name in world.objects:
            values[name] = world.objects[name]
        else:
            pytest.fail(f"{rule.endpoint} ({rule.rule}): no builder for the URL parameter '{name}'. Add one to "
                        f"build_world()/FILENAMES in tests/web/test_access_matrix.py (an object of that kind the "
                        f"matrix can point at).")
    return rule.build(values, append_unknown=False)[1]


# --- what "nothing changed" means --------------------------------------------------------------------------------

def snapshot(app) -> tuple:
    tables = []
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        tables.append((table.name, [tuple(r) for r in rows]))
    folder = Path(app.config["UPLOAD_FOLDER"])
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return tuple(tables), tuple(files)


def changed_tables(before, after) -> list[str]:
    names = [name for (name, rows), (_n, rows_after) in zip(before[0], after[0], strict=True) if rows != rows_after]
    return names + (["evidence files"] if before[1] != after[1] else [])


# --- the expected answer, by rule kind ----------------------------------------------------------------------------

ROLE_GATES = {  # role values (Role.PROVINCE_COORDINATOR is stored as "province_coord")
    access.ASSIGNER: {"leader", "coordinator"},
    access.FOLLOWER: {"leader", "coordinator", "province_leader", "province_coord"},
    access.RECORDER: {"leader", "coordinator", "province_coord"},
    access.PROVINCE: {"province_leader", "province_coord"},
}
APPRAISAL_GATES = {"view": access.FOLLOWER, "record": access.RECORDER, "plan": access.ASSIGNER,
                   "hand_over": access.PROVINCE}


def expected(rule_kind: str, action: str | None, who: str, user, world: World) -> str | int | set:
    """ALLOWED, LOGIN_PAGE, 403, 404, or a set of acceptable refusals."""
    if rule_kind in (access.FEED, access.MONITOR, access.LINK):
        # Only the key (feed), the token or address (monitor) or the one-time token (invitation) opens it;
        # a session adds nothing.
        return 404
    if rule_kind == access.API:
        return 401  # the API reads no cookie: a session, whoever's, is no token
    if user is None:
        return ALLOWED if rule_kind == access.PUBLIC else LOGIN_PAGE
    role = user.role.value
    if rule_kind in (access.PUBLIC, access.LOGIN):
        return ALLOWED
    if rule_kind == access.OWN:
        return ALLOWED if who == "lead_officer" else 404
    if rule_kind == access.ADMIN:
        return ALLOWED if role == "admin" else 403
    if rule_kind in ROLE_GATES:
        return ALLOWED if role in ROLE_GATES[rule_kind] else 403
    if rule_kind in (access.UNIT_ACCOUNTS, access.UNIT_ACCOUNT):
        if role != "coordinator":
            return 403
        return 404 if rule_kind == access.UNIT_ACCOUNT and who in UNIT_B else ALLOWED
    if rule_kind == access.SERIES:
        if role not in ROLE_GATES[access.ASSIGNER]:
            return 403
        return 404 if who in UNIT_B else ALLOWED
    if rule_kind == access.UNIT:
        if role not in ROLE_GATES[access.FOLLOWER]:
            return 403
        return 404 if who in UNIT_B else ALLOWED
    if rule_kind == access.APPRAISAL:
        if role not in ROLE_GATES[APPRAISAL_GATES[action]]:
            return 403
        if who in UNIT_B:
            return 404  # another unit's appraisal: nothing to see
        db.session.expire_all()
        appraisal = db.session.get(Appraisal, world.objects["appraisal_id"])
        return ALLOWED if can_on_appraisal(user, AppraisalAction(action), appraisal) else 403
    if rule_kind == access.AGENCY:
        # Every AGENCY check asks about unit A's lead agency: its own officer, unit A's assigning side and the
        # province may; other officers and unit B's assigning side find nothing.
        if who in UNIT_A or who in PROVINCE_USERS or who == "lead_officer":
            return ALLOWED
        return 404 if role in ("officer", "leader", "coordinator") else {ALLOWED, 403, 404}
    # TASK and EVIDENCE: other agencies, other units and the admin see nothing; the rest as permissions.RULES says.
    db.session.expire_all()
    if who in ("other_officer", "admin") or relation(user, world.task) == Relation.NONE:
        return 404
    if rule_kind == access.EVIDENCE:
        return ALLOWED
    return ALLOWED if can(user, Action(action), world.task) else 403


def answer(response) -> str | int:
    location = response.headers.get("Location", "")
    # login_required sends anonymous users to the login page with ?next=; logging out lands there without it.
    if response.status_code in (301, 302, 303) and "/dang-nhap" in location and "next=" in location:
        return LOGIN_PAGE
    if response.status_code in (401, 403, 404):
        return response.status_code
    assert response.status_code < 500, f"server error {response.status_code}"
    return ALLOWED


def form_for(rule_decl, world: World) -> dict:
    db.session.refresh(world.task)
    return {k: (v.replace("{version}", str(world.task.version)) if isinstance(v, str) else v)
            for k, v in rule_decl.form.items()}


# Fields officers must never be able to set by adding them to any form (ASVS 8.2.3).
SNEAKY = {"status": "done", "due_date": "2099-01-01", "original_due_date": "2099-01-01", "lead_agency_id": "{other}",
          "completed_on": "2000-01-01", "progress": "100", "owner_id": "{other_user}"}


def _guarded(task) -> tuple:
    """What only the assigning side may change: status (first), deadlines, lead agency, owner, completion."""
    return (task.status, task.due_date, task.original_due_date, task.lead_agency_id, task.owner_id, task.completed_on)


@pytest.mark.parametrize("endpoint", sorted(set(ENDPOINTS) & set(RULES)))
def test_route_answers_every_role_and_relation(app, make, endpoint):
    decl = RULES[endpoint]
    world = build_world(make)
    browsers = {"anonymous": Browser(app.test_client())}
    for who, user in world.users.items():
        browsers[who] = Browser(app.test_client())
        assert browsers[who].login(user.username).status_code == 302
    agency_id = world.agencies["lead"].id if decl.kind == access.AGENCY else None
    checks = [(url_rule, method, who, browser, world.users.get(who))
              for url_rule in ENDPOINTS[endpoint] for method in sorted(url_rule.methods & {"GET", "POST"})
              for who, browser in browsers.items()]

    def refused_first(check):
        # Refusals run while the world is as built; allowed requests may change it.
        _rule, _method, who, _browser, user = check
        return 0 if expected(decl.kind, decl.action, who, user, world) != ALLOWED else 1

    for url_rule, method, who, browser, user in sorted(checks, key=refused_first):
        want = expected(decl.kind, decl.action, who, user, world)
        url = url_for_rule(url_rule, world, agency_id)
        label = f"{method} {url} as {who}"
        before = snapshot(app)
        task_before = _guarded(world.task)
        if method == "GET":
            response = browser.get(url)
        else:
            data = form_for(decl, world)
            if user is not None and user.role.value == "officer":
                data = {**{k: v.replace("{other}", str(world.agencies["other"].id))
                           .replace("{other_user}", str(world.users["other_officer"].id))
                           for k, v in SNEAKY.items()}, **data}
            response = browser.post(url, data, token_from="/dang-nhap" if user is None else "/ho-so")
        got = answer(response)
        ok = got in want if isinstance(want, set) else got == want
        assert ok, f"{label}: expected {want}, got {got} ({response.status_code})"
        if got != ALLOWED:
            after = snapshot(app)
            assert after == before, f"{label}: refused ({got}) but changed {changed_tables(before, after)}"
        elif method == "POST" and user is not None and user.role.value == "officer":
            db.session.expire_all()
            task_after = _guarded(world.task)
            assert task_after[1:] == task_before[1:], f"{label}: an officer changed deadline, lead, owner or completion"
            assert task_after[0] not in (TaskStatus.DONE, TaskStatus.CANCELLED), f"{label}: an officer closed it"


# --- the rules the issue names, stated outright -------------------------------------------------------------------

OFFICER_FORBIDDEN = ["tasks.approve", "tasks.return_task", "tasks.decide_extension", "tasks.change_deadline",
                     "tasks.cancel", "tasks.postpone", "tasks.resume", "tasks.reassign", "tasks.add_direction"]
SUPPORT_FORBIDDEN = ["tasks.submit", "tasks.request_extension", "tasks.acknowledge_direction"]


@pytest.mark.parametrize("who, endpoints", [("lead_officer", OFFICER_FORBIDDEN),
                                            ("support_officer", OFFICER_FORBIDDEN + SUPPORT_FORBIDDEN)])
def test_officers_cannot_close_extend_cancel_or_reassign(app, make, who, endpoints):
    world = build_world(make)
    browser = Browser(app.test_client())
    browser.login(world.users[who].username)
    before = snapshot(app)
    for endpoint in endpoints:
        url = url_for_rule(ENDPOINTS[endpoint][0], world)
        response = browser.post(url, form_for(RULES[endpoint], world), token_from="/ho-so")
        assert response.status_code == 403, f"{endpoint} as {who}: {response.status_code}"
    assert snapshot(app) == before


def test_another_agencys_officer_finds_nothing_of_the_task(app, make):
    """Every task route, GET and POST, with every id of the task: 404, and nothing changes."""
    world = build_world(make)
    browser = Browser(app.test_client())
    browser.login(world.users["other_officer"].username)
    before = snapshot(app)
    routes = [(e, r) for e, rs in ENDPOINTS.items() for r in rs
              if RULES.get(e) and RULES[e].kind in (access.TASK, access.EVIDENCE)]
    assert len(routes) >= 16
    for endpoint, url_rule in routes:
        url = url_for_rule(url_rule, world)
        for method in url_rule.methods & {"GET", "POST"}:
            response = (browser.get(url) if method == "GET"
                        else browser.post(url, form_for(RULES[endpoint], world), token_from="/ho-so"))
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
    assert snapshot(app) == before
