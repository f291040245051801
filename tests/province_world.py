"""A small province whose every figure is known: three units with appraisals, shortcomings and tasks with history.

Report day D (30/06/2024) for the past, and today. Unit A (a commune) is behind, unit B (a commune) finished
everything, unit C (a department) has tasks of its own and supports A. Each unit's latest appraisal and the one
before, so its score change is known; shortcomings linked to tasks, so "remedied" is known.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tests.services.report_cases import at, history_task
from tracker.extensions import db
from tracker.models import Agency, AgencyKind, Appraisal, Finding, Task, TaskStatus

D = date(2024, 6, 30)
S, DONE, IP, CAN = TaskStatus.SUBMITTED, TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED


@dataclass
class Province:
    a: Agency
    b: Agency
    c: Agency
    offices: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)


def build(make, with_users: bool = True) -> Province:
    a = make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    b = make.unit("UBND phường Hoa Lư", "Phường Hoa Lư")
    c = make.unit("Sở Khoa học và Công nghệ", "Sở KH&CN", AgencyKind.PROVINCIAL_DEPARTMENT)
    p = Province(a=a, b=b, c=c)
    p.offices = {
        "a_office": make.agency("Văn phòng HĐND và UBND xã Gia Hưng", "VP Gia Hưng", AgencyKind.OFFICE, unit=a),
        "a_econ": make.agency("Phòng Kinh tế xã Gia Hưng", "PKT Gia Hưng", unit=a),
        "b_office": make.agency("Văn phòng HĐND và UBND phường Hoa Lư", "VP Hoa Lư", AgencyKind.OFFICE, unit=b),
        "c_digital": make.agency("Phòng Chuyển đổi số, Sở KH&CN", "P. CĐS", unit=c),
    }
    framework = make.framework()
    fields = framework.fields
    # Appraisals: A 2022 → 2023 (+2,50), B 2023 only, C none before 2024 (its 2024 conclusion comes after D).
    appraisals = {
        "a_old": Appraisal(unit=a, year=2022, framework=framework, total_score=Decimal("80.00"),
                           appraised_on=date(2023, 4, 10)),
        "a": Appraisal(unit=a, year=2023, framework=framework, total_score=Decimal("82.50"),
                       appraised_on=date(2024, 2, 20), conclusion_date=date(2024, 2, 28)),
        "b": Appraisal(unit=b, year=2023, framework=framework, total_score=Decimal("88.25"),
                       appraised_on=date(2024, 2, 21)),
        "c": Appraisal(unit=c, year=2024, framework=framework, total_score=Decimal("90.00"),
                       appraised_on=date(2024, 9, 1)),
    }
    db.session.add_all(appraisals.values())
    p.findings = {
        "a1": Finding(appraisal=appraisals["a"], field=fields[0], text="Kế hoạch CCHC ban hành chậm."),
        "a2": Finding(appraisal=appraisals["a"], field=fields[1], text="Văn bản đi chưa đúng luồng."),
        "a3": Finding(appraisal=appraisals["a"], field=fields[1], text="Báo cáo còn gửi chậm."),
        "a_old": Finding(appraisal=appraisals["a_old"], field=fields[2], text="Thủ tục chưa công khai."),
        "b1": Finding(appraisal=appraisals["b"], field=fields[1], text="Chưa số hóa hồ sơ."),
    }
    db.session.add_all(p.findings.values())
    db.session.commit()
    start = date(2024, 3, 1)
    off, F = p.offices, p.findings

    def add(key, lead, **kw):
        p.tasks[key] = history_task(lead, assigned=start, title=f"Nhiệm vụ {key}", **kw)

    # Unit A: a1 remedied (its one task done on time), a2 open (one done late, one overdue), a3 no live task.
    add("a_done", off["a_office"], due=date(2024, 5, 31), moves=[(at(date(2024, 5, 20)), S), (at(date(2024, 5, 21)),
        DONE)], completed_on=date(2024, 5, 20), findings=[F["a1"]])
    add("a_late", off["a_econ"], due=date(2024, 4, 30), moves=[(at(date(2024, 5, 10)), S), (at(date(2024, 5, 11)),
        DONE)], completed_on=date(2024, 5, 10), findings=[F["a2"]])
    add("a_overdue", off["a_econ"], due=date(2024, 6, 15), moves=[(at(date(2024, 4, 1)), IP)], findings=[F["a2"]],
        supporting=[off["c_digital"]])
    add("a_cancelled", off["a_office"], due=date(2024, 6, 1), moves=[(at(date(2024, 5, 1)), CAN)],
        findings=[F["a3"]])
    # Done after D: overdue on D, done late today.
    add("a_later", off["a_office"], due=date(2024, 6, 20), moves=[(at(date(2024, 7, 2)), S), (at(date(2024, 7, 3)),
        DONE)], completed_on=date(2024, 7, 2))
    add("a_nodeadline", off["a_office"], due=None)
    # Unit B: everything done on time; b1 remedied.
    add("b_done", off["b_office"], due=date(2024, 6, 30), moves=[(at(date(2024, 6, 1)), S), (at(date(2024, 6, 2)),
        DONE)], completed_on=date(2024, 6, 1), findings=[F["b1"]])
    add("b_in_time", b, due=date(2099, 12, 31))
    # Unit C: open in time on D; assigned after D (not counted on D).
    add("c_open", off["c_digital"], due=date(2099, 6, 30), moves=[(at(date(2024, 4, 1)), IP)])
    p.tasks["c_after"] = history_task(off["c_digital"], assigned=date(2024, 7, 5), due=date(2024, 7, 10),
                                      title="Nhiệm vụ c_after")
    # A draft and a group are counted nowhere.
    db.session.add(Task(title="Dự thảo", lead_agency=off["a_office"], status=TaskStatus.DRAFT, due_date=D))
    db.session.commit()
    if with_users:
        p.users = {
            "leader_a": make.leader(agency=a), "coordinator_a": make.coordinator(agency=off["a_office"]),
            "leader_b": make.leader(agency=b), "officer_a": make.officer(off["a_office"]),
            "province_leader": make.province_leader(), "province_coordinator": make.province_coordinator(),
            "admin": make.admin(),
        }
    return p


# What the province report says on D, per unit: the seven categories and the total.
EXPECTED_D = {
    "a": {"total": 6, "done_on_time": 1, "done_late": 1, "open_in_time": 0, "open_overdue": 2, "postponed": 0,
          "cancelled": 1, "no_deadline": 1},
    "b": {"total": 2, "done_on_time": 1, "done_late": 0, "open_in_time": 1, "open_overdue": 0, "postponed": 0,
          "cancelled": 0, "no_deadline": 0},
    "c": {"total": 1, "done_on_time": 0, "done_late": 0, "open_in_time": 1, "open_overdue": 0, "postponed": 0,
          "cancelled": 0, "no_deadline": 0},
}
