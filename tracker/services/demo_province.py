"""The demo's province: Ninh Bình after the 2025 reorganisation, around the Gia Viễn 2021 story.

Two units formed on 1 July 2025 — xã Đại Hoàng (from Tiến Thắng, Gia Phương and Gia Trung) and phường Tây Hoa Lư
(from Ninh Giang, Trường Yên, Ninh Hòa and parts of Phúc Sơn and Gia Sinh) — each with its chairman, its reform
coordinator, its offices, its first appraisal (PAR index 2025, recorded and handed over by the Sở Nội vụ) and one
task in every state a chairman must recognise. Above them, the Sở Nội vụ's reform staff and a Vice-Chairman of
UBND tỉnh follow every unit. The people are made up; the places are real.
"""

from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Agency,
    AgencyKind,
    Appraisal,
    AppraisalStatus,
    Direction,
    Extension,
    ExtensionStatus,
    Field,
    FieldScore,
    Finding,
    Framework,
    ProgressUpdate,
    Recommendation,
    Role,
    Task,
    TaskStatus,
    User,
)
from . import deadlines, reference
from .demo_communes import COMMUNES, Commune
from .organisation import accounts

S = TaskStatus
PROVINCE_AGENCIES = [("UBND tỉnh Ninh Bình", "UBND tỉnh", AgencyKind.PROVINCE),
                     ("Sở Nội vụ tỉnh Ninh Bình", "Sở Nội vụ", AgencyKind.PROVINCIAL_DEPARTMENT)]
PROVINCE_STAFF = [("lanhdao.tinh", "Phó Chủ tịch UBND tỉnh", Role.PROVINCE_LEADER, "UBND tỉnh"),
                  ("snv.cchc", "Công chức Phòng Cải cách hành chính, Sở Nội vụ", Role.PROVINCE_COORDINATOR,
                   "Sở Nội vụ")]
COMMUNE_FRAMEWORK = "Bộ chỉ số CCHC cấp xã (tỉnh Ninh Bình)"


STATES = ("in_progress", "submitted", "returned", "done_on_time", "done_late", "overdue", "postponed", "cancelled",
          "extension_pending")
# Offsets from today: (due, progress, [(days after assignment, status, progress, note, who)]). Assigned 75 days ago.
ASSIGNED_DAYS_AGO = 75


def _plan(state: str, c: Commune):
    today = deadlines.today()
    ago = ASSIGNED_DAYS_AGO
    return {
        "in_progress": (today + timedelta(days=25), 40, [(20, S.IN_PROGRESS, 40, "Đã hướng dẫn được 120 hồ sơ",
                                                          "officer")]),
        "submitted": (today + timedelta(days=10), 100, [(15, S.IN_PROGRESS, 50, "Đang thực hiện", "officer"),
                                                        (ago - 2, S.SUBMITTED, 100, "Đã hoàn thành, gửi kết quả",
                                                         "officer")]),
        "returned": (today + timedelta(days=15), 60, [(10, S.IN_PROGRESS, 60, "Đã thực hiện một phần", "officer"),
                                                      (ago - 8, S.SUBMITTED, 100, "Đề nghị công nhận hoàn thành",
                                                       "officer"),
                                                      (ago - 5, S.RETURNED, 60, c.returned_because, "coordinator")]),
        "done_on_time": (today - timedelta(days=10), 100, [(10, S.IN_PROGRESS, 50, "Đang thực hiện", "officer"),
                                                           (ago - 17, S.SUBMITTED, 100, "Đã hoàn thành", "officer"),
                                                           (ago - 15, S.DONE, 100, "Đồng ý kết quả", "coordinator")]),
        "done_late": (today - timedelta(days=30), 100, [(12, S.IN_PROGRESS, 30, "Đang dự thảo", "officer"),
                                                        (ago - 22, S.SUBMITTED, 100, "Đã ban hành", "officer"),
                                                        (ago - 20, S.DONE, 100, "Đồng ý kết quả", "coordinator")]),
        "overdue": (today - timedelta(days=7), 30, [(25, S.IN_PROGRESS, 30, "Đã xây dựng nội dung tuyên truyền",
                                                     "officer")]),
        "extension_pending": (today + timedelta(days=3), 60, [(18, S.IN_PROGRESS, 60, "Đã rà soát 9/15 vị trí",
                                                               "officer")]),
        "postponed": (today + timedelta(days=40), 10, [(14, S.IN_PROGRESS, 10, "Đã xây dựng kế hoạch", "officer"),
                                                       (ago - 10, S.POSTPONED, 10, c.postponed_because, "chairman")]),
        "cancelled": (today + timedelta(days=20), 0, [(30, S.CANCELLED, 0, c.cancelled_because, "chairman")]),
    }[state]


def is_loaded() -> bool:
    """Whether the province is there: a demo loaded before it came has the Gia Viễn story alone."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Agency)
                             .where(Agency.name == f"UBND {COMMUNES[0].name}")) > 0


def load(password: str, hashed: str, at) -> list[tuple[str, str, str, str]]:
    """Create the province level and the two communes; returns their logins (username, role, agency, unit)."""
    province = {}
    for name, short, kind in PROVINCE_AGENCIES:
        province[short] = Agency(name=name, short_name=short, kind=kind, unit_id=None)
        db.session.add(province[short])
    db.session.flush()
    users = {u: _user(u, full, role, province[agency], password, hashed) for u, full, role, agency in PROVINCE_STAFF}
    logins = [(u.username, u.role.label, u.agency.name, "Cấp tỉnh") for u in users.values()]
    framework = _framework()
    for commune in COMMUNES:
        logins += _commune(commune, framework, users["snv.cchc"], users["lanhdao.tinh"], password, hashed, at)
    return logins


def _user(username, full_name, role, agency, password, hashed) -> User:
    user, _ = accounts.create_user(username=username, full_name=full_name, role=role, agency=agency,
                                   password=password, password_hash=hashed)
    user.must_change_password = False
    return user


def _framework() -> Framework:
    """The commune-level framework for 2025: the seed's eight fields, issued for communes and wards."""
    framework = Framework(name=COMMUNE_FRAMEWORK, year=2025, issuing_body="UBND tỉnh Ninh Bình")
    for position, (code, name, points) in enumerate(reference.SEED_FIELDS, start=1):
        framework.fields.append(Field(code=code, name=name, max_points=Decimal(points), position=position))
    db.session.add(framework)
    db.session.flush()
    return framework


def _commune(c: Commune, framework: Framework, province_coordinator: User, province_leader: User, password,
             hashed, at) -> list[tuple[str, str, str, str]]:
    word = c.name.split()[0]
    unit = Agency(name=f"UBND {c.name}", short_name=f"UBND {c.place}", kind=AgencyKind.COMMUNE, place=c.place,
                  signer_name=c.signer, coordinator_manages_accounts=c.delegate_accounts)
    db.session.add(unit)
    db.session.flush()
    unit.unit_id = unit.id
    offices = {}
    for key, (name, short, kind) in c.offices.items():
        offices[key] = Agency(name=name, short_name=short, kind=kind, parent=unit, unit_id=unit.id)
        db.session.add(offices[key])
    db.session.flush()
    from .demo import officer_username

    people = {
        "chairman": _user(f"chutich.{c.key}", f"Chủ tịch UBND {c.name}", Role.LEADER, unit, password, hashed),
        "coordinator": _user(f"cchc.{c.key}", f"Công chức Văn phòng HĐND và UBND {word}, đầu mối CCHC",
                             Role.COORDINATOR, offices["vp"], password, hashed),
    }
    officers = {key: _user(officer_username(a.short_name), f"Cán bộ {a.short_name}", Role.OFFICER, a, password,
                           hashed) for key, a in offices.items()}
    appraisal = _appraisal(c, unit, framework, offices, province_coordinator, at)
    _tasks(c, appraisal, offices, people, officers, province_leader, at)
    unit_label = f"UBND {c.name}"
    return [(u.username, u.role.label, u.agency.name, unit_label)
            for u in [*people.values(), *officers.values()]]


def _appraisal(c: Commune, unit: Agency, framework: Framework, offices, recorder: User, at) -> Appraisal:
    """The unit's first appraisal (PAR index 2025), recorded by the Sở Nội vụ and handed over to the unit."""
    fields = {f.code: f for f in framework.fields}
    conclusion = (f"Tổ thẩm định Chỉ số CCHC năm 2025 của tỉnh ghi nhận UBND {c.name} đã ổn định tổ chức bộ máy "
                  "sau sắp xếp; chỉ ra các tồn tại, hạn chế: " + "; ".join(t for _f, t in c.findings).lower()
                  + ". Đề nghị UBND " + c.name + ": " + "; ".join(r[3] for r in c.recommendations).lower() + ".")
    appraisal = Appraisal(
        unit=unit, year=2025, framework=framework, team="Tổ thẩm định xác định Chỉ số CCHC năm 2025 của tỉnh",
        team_head="Phó Giám đốc Sở Nội vụ, Tổ trưởng Tổ thẩm định", appraised_on=date(2026, 4, 14),
        conclusion_number="Thông báo kết luận ngày 20/4/2026", conclusion_date=date(2026, 4, 20),
        conclusion_text=conclusion, status=AppraisalStatus.FINAL, created_by_id=recorder.id,
        handed_over_at=at(date(2026, 4, 22)), handed_over_by_id=recorder.id)
    for code, score in zip(fields, c.scores, strict=True):
        appraisal.scores.append(FieldScore(field=fields[code], score=Decimal(score)))
    appraisal.total_score = sum((s.score for s in appraisal.scores), Decimal(0))
    for position, (code, text) in enumerate(c.findings, start=1):
        appraisal.findings.append(Finding(field=fields[code], text=text, source=conclusion, position=position))
    for position, (code, office, found, text) in enumerate(c.recommendations, start=1):
        appraisal.recommendations.append(Recommendation(
            field=fields[code], text=text, source=conclusion, position=position, suggested_agency=offices[office],
            findings=[appraisal.findings[i] for i in found]))
    db.session.add(appraisal)
    db.session.flush()
    return appraisal


def _tasks(c: Commune, appraisal: Appraisal, offices, people, officers, province_leader: User, at) -> None:
    assigned = deadlines.today() - timedelta(days=ASSIGNED_DAYS_AGO)
    coordinator, chairman = people["coordinator"], people["chairman"]
    by_state = {}
    for state, rec_index, lead, title, support in c.tasks:
        rec = appraisal.recommendations[rec_index]
        due, progress, history = _plan(state, c)
        task = Task(title=title, appraisal=appraisal, unit_id=appraisal.unit_id, recommendation=rec, field=rec.field,
                    findings=list(rec.findings), lead_agency=offices[lead], lead_agency_name=offices[lead].name,
                    supporting_agencies=[offices[s] for s in support], owner=officers[lead],
                    expected_output=rec.text, start_date=assigned, due_date=due, original_due_date=due,
                    status=history[-1][1], progress=progress, assigned_at=at(assigned), assigned_by=coordinator,
                    created_by=coordinator, created_at=at(assigned))
        db.session.add(task)
        db.session.flush()
        _history(task, history, {"officer": officers[lead], "coordinator": coordinator, "chairman": chairman},
                 assigned, at)
        by_state[state] = task
    ask = by_state["extension_pending"]
    db.session.add(Extension(task=ask, requested_by=officers[_lead_key(c, "extension_pending")],
                             requested_at=at(deadlines.today() - timedelta(days=1)), previous_due_date=ask.due_date,
                             requested_due_date=ask.due_date + timedelta(days=30), status=ExtensionStatus.PENDING,
                             reason="Nhiều vị trí việc làm chờ Sở Nội vụ hướng dẫn sau sắp xếp; xin thêm 30 ngày."))
    late = by_state["overdue"]
    db.session.add(Direction(task=late, author=chairman, created_at=at(deadlines.today() - timedelta(days=2), 15),
                             text="Đề nghị khẩn trương hoàn thành, báo cáo kết quả trong tuần này."))
    db.session.add(Direction(task=by_state["in_progress"], author=province_leader,
                             created_at=at(deadlines.today() - timedelta(days=4), 10),
                             text="Đề nghị UBND " + c.name + " bảo đảm tỷ lệ hồ sơ trực tuyến toàn trình theo "
                                  "chỉ tiêu của tỉnh."))


def _lead_key(c: Commune, state: str) -> str:
    return next(lead for s, _r, lead, _t, _s in c.tasks if s == state)


def _history(task: Task, history, people: dict, assigned: date, at) -> None:
    """Timeline rows matching the task's state, so reports as of any past day count it as it stood then."""
    coordinator = people["coordinator"]
    db.session.add(ProgressUpdate(task=task, author=coordinator, agency=coordinator.agency, created_at=at(assigned),
                                  status_from=S.DRAFT, status_to=S.NOT_STARTED, note=""))
    previous = S.NOT_STARTED
    for offset, status, progress, note, who in history:
        author = people[who]
        when = at(assigned + timedelta(days=offset), 10 if who == "officer" else 16)
        db.session.add(ProgressUpdate(task=task, author=author, agency=author.agency, created_at=when,
                                      status_from=previous, status_to=status, progress=progress, note=note))
        if status == S.SUBMITTED:
            task.submitted_at = when
        elif status == S.RETURNED:
            task.submitted_at = None
        elif status == S.DONE:
            task.completed_on = assigned + timedelta(days=offset)
        previous = status
