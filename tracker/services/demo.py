"""The Gia Viễn demo: the seed story turned into agencies, users, an appraisal and its tasks, inside a province
with two communes formed in 2025 (demo_province.py).

Dates of the appraisal are the real ones (May 2022); task dates are set relative to
today so the demo always shows something done on time, done late, overdue and due soon.
"""

import secrets
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Agency,
    AgencyKind,
    Appraisal,
    AppraisalStatus,
    Direction,
    FieldScore,
    Finding,
    Priority,
    ProgressUpdate,
    Recommendation,
    Role,
    Setting,
    Task,
    TaskStatus,
    User,
)
from . import deadlines, demo_province, reference
from .organisation import accounts

DISTRICT = ("UBND huyện Gia Viễn", "UBND huyện", AgencyKind.COMMITTEE)
AGENCIES = [
    ("Văn phòng HĐND và UBND huyện", "VP HĐND-UBND", AgencyKind.OFFICE),
    ("Phòng Nội vụ", "Phòng NV", AgencyKind.DEPARTMENT),
    ("Phòng Tư pháp", "Phòng TP", AgencyKind.DEPARTMENT),
    ("Phòng Tài chính - Kế hoạch", "Phòng TC-KH", AgencyKind.DEPARTMENT),
    ("Phòng Văn hóa và Thông tin", "Phòng VH-TT", AgencyKind.DEPARTMENT),
    ("Trung tâm Văn hóa - Thể thao và Truyền thông", "TT VH-TT-TT", AgencyKind.PUBLIC_UNIT),
    ("UBND xã Gia Hòa", "Xã Gia Hòa", AgencyKind.COMMUNE),
    ("UBND xã Gia Hưng", "Xã Gia Hưng", AgencyKind.COMMUNE),
    ("UBND xã Gia Vân", "Xã Gia Vân", AgencyKind.COMMUNE),
    ("UBND xã Gia Phú", "Xã Gia Phú", AgencyKind.COMMUNE),
    ("UBND thị trấn Me", "TT Me", AgencyKind.COMMUNE),
]
# (field code, self-assessed, appraised) for 2021, and appraised for 2020.
SCORES_2021 = [("LV1", "13.00", "12.50"), ("LV2", "5.75", "5.50"), ("LV3", "13.00", "12.25"),
               ("LV4", "8.00", "7.75"), ("LV5", "12.50", "11.38"), ("LV6", "7.50", "7.00"),
               ("LV7", "15.50", "14.50"), ("LV8", "17.50", "17.00")]
SCORES_2020 = ["12.00", "5.25", "12.00", "7.50", "11.00", "7.00", "13.75", "17.00"]

FINDINGS = [
    ("LV7", "Còn một số văn bản đi chưa đúng luồng"),
    ("LV1", "Một số báo cáo còn gửi chậm so với quy định"),
    ("LV5", "Đội ngũ cán bộ, công chức xã còn một số chưa đảm bảo trình độ chuyên môn đạt chuẩn theo quy định"),
]
RECOMMENDATIONS = [
    ("LV7", "VP HĐND-UBND", [0], "Phân công cụ thể cán bộ, công chức giám sát hệ thống văn bản đi/đến để đảm bảo "
     "văn bản đi đúng luồng"),
    ("LV5", "Phòng NV", [2], "Rà soát, đề nghị những cán bộ, công chức chưa đảm bảo trình độ chuyên môn đạt chuẩn "
     "phải học tập nâng cao trình độ"),
    ("LV5", "Phòng NV", [2], "Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ có trình độ chuyên môn đạt chuẩn, phù hợp "
     "với vị trí việc làm"),
]
SEED_CONCLUSION = (
    "Kết luận buổi làm việc, ông Vũ Tiến Tuấn, Phó Giám đốc Sở Nội vụ, Tổ trưởng Tổ thẩm định đánh giá cao về công "
    "tác chuẩn bị hồ sơ của UBND huyện tại buổi làm việc; ghi nhận những cố gắng, nỗ lực cũng như kết quả tích cực "
    "và chỉ ra một số tồn tại, hạn chế cần khắc phục trong thực hiện CCHC của huyện như: Còn một số văn bản đi chưa "
    "đúng luồng, một số báo cáo còn gửi chậm so với quy định, đội ngũ cán bộ, công chức xã còn một số chưa đảm bảo "
    "trình độ chuyên môn đạt chuẩn theo quy định. Đồng thời đề nghị UBND huyện phân công cụ thể cán bộ, công chức "
    "giám sát hệ thống văn bản đi/đến để đảm bảo văn bản đi đúng luồng; rà soát, đề nghị những cán bộ, công chức "
    "chưa đảm bảo trình độ chuyên môn đạt chuẩn phải học tập nâng cao trình độ; xây dựng kế hoạch đào tạo, bồi "
    "dưỡng cán bộ có trình độ chuyên môn đạt chuẩn, phù hợp với vị trí việc làm."
)

# (username, full name as a role title, role, agency short name or None)
DEMO_SIGNER = "Nguyễn Văn Thành"  # a made-up name, for the demo's documents

STAFF = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, None),
    ("chutich", "Chủ tịch UBND huyện", Role.LEADER, "UBND huyện"),
    ("phochutich", "Phó Chủ tịch UBND huyện", Role.LEADER, "UBND huyện"),
    ("noivu.cchc", "Công chức đầu mối CCHC, Phòng Nội vụ", Role.COORDINATOR, "Phòng NV"),
]


def officer_username(short_name: str) -> str:
    """A login for the demo officer of an agency: "Xã Gia Hòa" -> "cb.xagiahoa"."""
    from ..textutil import fold

    return "cb." + "".join(c for c in fold(short_name) if c.isalnum())


def _at(day: date, hour: int = 9) -> datetime:
    """An instant on a local calendar day, in UTC."""
    return datetime.combine(day, time(hour), tzinfo=deadlines.local_zone()).astimezone(UTC)


def is_loaded() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Appraisal)) > 0


def load_demo(password: str | None = None) -> tuple[str, list[tuple[str, str, str, str]]] | None:
    """Create the demo once; returns (password, [(username, role, agency, unit)]) or None if already there."""
    reference.seed_reference_data()
    if is_loaded():
        return None
    password = password or f"demo-{secrets.token_hex(3)}-{secrets.token_hex(3)}"
    agencies = _agencies()
    reference.seed_reference_data()  # again, now that the agencies whose reader keywords it seeds exist
    hashed = accounts.hash_password(password)  # one password for every demo account: hash it once
    users = _users(agencies, password, hashed)
    framework = reference.seed_framework(2021)
    fields = {f.code: f for f in framework.fields}
    district = agencies["UBND huyện"]
    _appraisal_2020(district, reference.seed_framework(2020))
    appraisal = _appraisal_2021(district, framework, fields, users["noivu.cchc"])
    _tasks(appraisal, agencies, users)
    # A newcomer's first documents are complete: the signature block names the chairman.
    db.session.merge(Setting(key="report.signer_name", value=DEMO_SIGNER))
    db.session.flush()
    district_label = f"{district.name} (câu chuyện thẩm định năm 2021)"
    logins = [(u.username, u.role.label, u.agency.name if u.agency else "",
               "Quản trị" if u.agency is None else district_label) for u in users.values()]
    logins += demo_province.load(password, hashed, _at)
    db.session.flush()
    first = {"Quản trị": 0, "Cấp tỉnh": 1}  # then the units, the 2021 story first
    return password, sorted(logins, key=lambda login: first.get(login[3], 2))


def _agencies() -> dict[str, Agency]:
    district = Agency(name=DISTRICT[0], short_name=DISTRICT[1], kind=DISTRICT[2], place="Gia Viễn",
                      signer_name=DEMO_SIGNER)
    db.session.add(district)
    db.session.flush()
    district.unit_id = district.id
    result = {district.short_name: district}
    for name, short, kind in AGENCIES:
        agency = Agency(name=name, short_name=short, kind=kind, parent=district, unit=district)
        db.session.add(agency)
        result[short] = agency
    db.session.flush()
    return result


def _users(agencies: dict[str, Agency], password: str, hashed: str) -> dict[str, User]:
    users = {}
    for username, full_name, role, agency in STAFF:
        users[username], _ = accounts.create_user(username=username, full_name=full_name, role=role,
                                                  agency=agencies.get(agency), password=password,
                                                  password_hash=hashed)
    for _name, short, _kind in AGENCIES:
        username = officer_username(short)
        users[username], _ = accounts.create_user(username=username, full_name=f"Cán bộ {short}",
                                                  role=Role.OFFICER, agency=agencies[short], password=password,
                                                  password_hash=hashed)
    for user in users.values():
        user.must_change_password = False
        # An address on a reserved domain: notifications show what would be sent without reaching anyone.
        user.email = f"{user.username}@demo.invalid"
    return users


def _appraisal_2020(district: Agency, framework) -> None:
    appraisal = Appraisal(unit=district, year=2020, framework=framework, team="Tổ thẩm định Chỉ số CCHC tỉnh",
                          appraised_on=date(2021, 4, 20), status=AppraisalStatus.FINAL,
                          total_score=Decimal("85.50"))
    for field, score in zip(framework.fields, SCORES_2020, strict=True):
        appraisal.scores.append(FieldScore(field=field, score=Decimal(score)))
    db.session.add(appraisal)


def _appraisal_2021(district: Agency, framework, fields, coordinator: User) -> Appraisal:
    appraisal = Appraisal(
        unit=district, year=2021, framework=framework,
        team="Tổ thẩm định xác định Chỉ số CCHC năm 2021 của tỉnh",
        team_head="Phó Giám đốc Sở Nội vụ, Tổ trưởng Tổ thẩm định",
        appraised_on=date(2022, 5, 6), conclusion_number="Biên bản làm việc ngày 06/5/2022",
        conclusion_date=date(2022, 5, 6), conclusion_text=SEED_CONCLUSION, status=AppraisalStatus.FINAL,
        created_by_id=coordinator.id,
    )
    for code, self_score, score in SCORES_2021:
        appraisal.scores.append(FieldScore(field=fields[code], self_score=Decimal(self_score), score=Decimal(score)))
    appraisal.total_score = sum((s.score for s in appraisal.scores), Decimal(0))
    appraisal.self_total = sum((s.self_score for s in appraisal.scores), Decimal(0))
    for position, (code, text) in enumerate(FINDINGS, start=1):
        appraisal.findings.append(Finding(field=fields[code], text=text, source=SEED_CONCLUSION, position=position))
    db.session.add(appraisal)
    return appraisal


def _tasks(appraisal: Appraisal, agencies: dict[str, Agency], users: dict[str, User]) -> None:
    today = deadlines.today()
    assigned = today - timedelta(days=60)
    coordinator, chairman = users["noivu.cchc"], users["chutich"]
    recs = []
    for position, (_code, agency, finding_idx, text) in enumerate(RECOMMENDATIONS, start=1):
        rec = Recommendation(field=appraisal.findings[finding_idx[0]].field, text=text, source=SEED_CONCLUSION,
                             position=position, suggested_agency=agencies[agency],
                             findings=[appraisal.findings[i] for i in finding_idx])
        appraisal.recommendations.append(rec)
        recs.append(rec)
    db.session.flush()

    def task(rec, title, lead, *, output, due, status, progress=0, done=None, support=(), parent=None,
             priority=Priority.NORMAL, history=()):
        lead_agency = agencies[lead]
        t = Task(title=title, appraisal=appraisal, recommendation=rec, field=rec.field if rec else None,
                 findings=list(rec.findings) if rec else [], lead_agency=lead_agency,
                 lead_agency_name=lead_agency.name, supporting_agencies=[agencies[s] for s in support],
                 owner=users.get(officer_username(lead)), expected_output=output, priority=priority,
                 start_date=assigned, due_date=due, original_due_date=due, status=status, progress=progress,
                 completed_on=done, assigned_at=_at(assigned), assigned_by=coordinator, created_by=coordinator,
                 parent=parent, created_at=_at(assigned))
        db.session.add(t)
        db.session.flush()
        _history(t, lead_agency, users, coordinator, assigned, history)
        return t

    task(recs[0], "Phân công công chức giám sát hệ thống văn bản đi/đến, bảo đảm văn bản đi đúng luồng",
         "VP HĐND-UBND", output="Quyết định phân công công chức giám sát hệ thống quản lý văn bản",
         due=today - timedelta(days=20), status=TaskStatus.DONE, progress=100, done=today - timedelta(days=25),
         support=["Phòng VH-TT"],
         history=[(10, TaskStatus.IN_PROGRESS, 50, "Đã dự thảo quyết định phân công"),
                  (35, TaskStatus.SUBMITTED, 100, "Đã ban hành Quyết định phân công"),
                  (35, TaskStatus.DONE, 100, "Đồng ý kết quả")])
    # Fanned out to four communes: a group, counted through its four parts (each commune leads its own, the
    # home-affairs office supports each).
    parent = Task(title="Rà soát cán bộ, công chức xã chưa đạt chuẩn trình độ chuyên môn; yêu cầu học tập nâng cao "
                  "trình độ", appraisal=appraisal, recommendation=recs[1], field=recs[1].field,
                  findings=list(recs[1].findings), is_group=True, supporting_agencies=[agencies["Phòng NV"]],
                  expected_output="Danh sách cán bộ, công chức chưa đạt chuẩn và kế hoạch học tập của từng người",
                  priority=Priority.URGENT, start_date=assigned, due_date=today + timedelta(days=2),
                  original_due_date=today + timedelta(days=2), status=TaskStatus.IN_PROGRESS, progress=48,
                  assigned_at=_at(assigned), assigned_by=coordinator, created_by=coordinator, created_at=_at(assigned))
    db.session.add(parent)
    db.session.flush()
    _history(parent, None, users, coordinator, assigned, [])
    # Gia Hòa finished after its deadline (done late); Gia Hưng and Gia Vân are overdue; TT Me is due soon.
    commune_plan = [
        ("Xã Gia Hòa", TaskStatus.DONE, 100, today - timedelta(days=12), today - timedelta(days=15),
         [(8, TaskStatus.IN_PROGRESS, 40, "Đã rà soát 12/20 công chức"), (45, TaskStatus.SUBMITTED, 100,
          "Đã rà soát xong, gửi danh sách"), (48, TaskStatus.DONE, 100, "Đồng ý kết quả")]),
        ("Xã Gia Hưng", TaskStatus.IN_PROGRESS, 60, None, today - timedelta(days=5),
         [(12, TaskStatus.IN_PROGRESS, 60, "Đã rà soát 9/15 công chức")]),
        ("Xã Gia Vân", TaskStatus.NOT_STARTED, 0, None, today - timedelta(days=3), []),
        ("TT Me", TaskStatus.IN_PROGRESS, 30, None, today + timedelta(days=2),
         [(20, TaskStatus.IN_PROGRESS, 30, "Đang tổng hợp hồ sơ trình độ")]),
    ]
    for short, status, progress, done, due, history in commune_plan:
        task(recs[1], f"Rà soát công chức chưa đạt chuẩn trình độ chuyên môn — {agencies[short].name}", short,
             output="Danh sách công chức chưa đạt chuẩn và cam kết học tập", due=due, status=status,
             progress=progress, done=done, parent=parent, history=history, support=["Phòng NV"],
             priority=Priority.URGENT)
    training = task(recs[2], "Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ, công chức đạt chuẩn, phù hợp với vị trí "
                    "việc làm", "Phòng NV", output="Kế hoạch đào tạo, bồi dưỡng năm 2022 trình UBND huyện ban hành",
                    due=today + timedelta(days=12), status=TaskStatus.IN_PROGRESS, progress=40,
                    support=["Phòng TC-KH"],
                    history=[(15, TaskStatus.IN_PROGRESS, 40, "Đã có dự thảo kế hoạch, đang lấy ý kiến")])
    db.session.add(Direction(task=training, author=chairman, created_at=_at(today - timedelta(days=1), 15),
                             text="Đề nghị Phòng Nội vụ hoàn thành trước thời hạn, phối hợp Phòng Tài chính - "
                                  "Kế hoạch bố trí kinh phí."))
    report = Task(title="Chấn chỉnh việc gửi báo cáo định kỳ đúng thời hạn quy định", appraisal=appraisal,
                  field=appraisal.findings[1].field, findings=[appraisal.findings[1]],
                  lead_agency=agencies["VP HĐND-UBND"], lead_agency_name=agencies["VP HĐND-UBND"].name,
                  expected_output="Văn bản chấn chỉnh và theo dõi thời hạn báo cáo",
                  start_date=assigned, due_date=today - timedelta(days=6),
                  original_due_date=today - timedelta(days=6), status=TaskStatus.NOT_STARTED,
                  assigned_at=_at(assigned), assigned_by=chairman, created_by=chairman, created_at=_at(assigned))
    db.session.add(report)
    db.session.flush()
    _history(report, report.lead_agency, users, chairman, assigned, [])


def _history(task: Task, agency: Agency | None, users, assigner: User, assigned: date, history) -> None:
    """Timeline rows matching the task's state: assigned, then each move in ``history``."""
    officer = users.get(officer_username(agency.short_name)) if agency else None
    db.session.add(ProgressUpdate(task=task, author=assigner, agency=assigner.agency, created_at=_at(assigned),
                                  status_from=TaskStatus.DRAFT, status_to=TaskStatus.NOT_STARTED, note=""))
    previous = TaskStatus.NOT_STARTED
    for offset, status, progress, note in history:
        author = assigner if status == TaskStatus.DONE else officer
        when = _at(assigned + timedelta(days=offset), 10 if status != TaskStatus.DONE else 16)
        db.session.add(ProgressUpdate(task=task, author=author, agency=author.agency if author else None,
                                      created_at=when, status_from=previous if status != previous else None,
                                      status_to=status if status != previous else None, progress=progress,
                                      note=note))
        if status == TaskStatus.SUBMITTED:
            task.submitted_at = when
        previous = status
