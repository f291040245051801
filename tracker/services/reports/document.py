"""What the official documents say: header settings, the appraisal's result, remediation per shortcoming.

The DOCX writers only lay this out; every figure here comes from ``reports`` (the same SQL as the page),
so the document and the page cannot disagree.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import (
    Agency,
    AgencyKind,
    Appraisal,
    Field,
    Finding,
    Framework,
    Priority,
    ProgressUpdate,
    Recommendation,
    Setting,
    Task,
    TaskStatus,
    task_finding,
)
from .. import deadlines
from ..appraisals import records as appraisals
from ..organisation import units
from ..reference import DEFAULT_SETTINGS
from . import counting as reports
from . import lines as report_tasks
from .counting import Counts, Report, ReportFilter

# The report settings the admin edits (services/reference.py seeds most; the rest default to these).
SETTING_KEYS = ("report.parent_body", "report.issuing_body", "report.issuing_body_name", "report.place",
                "report.number", "report.number_suffix", "report.plan_suffix", "report.signer_mandate",
                "report.signer_title", "report.signer_name", "report.recipients", "report.archive")
EXTRA_DEFAULTS = {"report.issuing_body_name": "", "report.number": "", "report.archive": "VT, NV"}
REMAINING_LISTED = 15  # overdue tasks named in section III; all of them are in the appendix


def settings(unit: Agency | None = None) -> dict[str, str]:
    """The report.* settings in one query; keys the database lacks take their defaults.

    In an installation of several units, a unit's documents speak for that unit: its name heads them, they
    are dated from its place and signed by its signer (the admin's settings remain the province's defaults:
    parent body, signer's mandate and title, recipients).
    """
    stored = dict(db.session.execute(sa.select(Setting.key, Setting.value).where(Setting.key.in_(SETTING_KEYS))).all())
    defaults = {**EXTRA_DEFAULTS, **DEFAULT_SETTINGS}
    values = {key: stored[key] if key in stored else defaults.get(key, "") for key in SETTING_KEYS}
    if unit is not None and units.is_province_install():
        values["report.issuing_body"] = unit.name.upper()
        values["report.issuing_body_name"] = unit.name
        values["report.place"] = unit.place or values["report.place"]
        values["report.signer_name"] = unit.signer_name
    elif unit is not None:
        values["report.signer_name"] = values["report.signer_name"] or unit.signer_name
    return values


def unit_of_filter(f: ReportFilter) -> Agency | None:
    """The unit a report speaks for: the one it is narrowed to (a unit's own report, or the province's
    drill-down), else the agency's, else the appraisal's."""
    if f.unit_id is not None:
        return db.session.get(Agency, f.unit_id)
    if f.agency_id is not None:
        agency = db.session.get(Agency, f.agency_id)
        return agency.unit if agency is not None else None
    if f.appraisal_id is not None:
        appraisal = db.session.get(Appraisal, f.appraisal_id)
        return appraisal.unit.unit if appraisal is not None and appraisal.unit is not None else None
    return None


@dataclass
class AppraisalResult:
    appraisal: Appraisal
    index: Decimal | None
    change: appraisals.Change | None
    scores: list
    findings: int
    recommendations: int


@dataclass
class FindingResult:
    text: str
    field: str
    counts: Counts
    repeat_year: int | None = None  # the year of the earlier appraisal it repeats ("tồn tại lặp lại")


@dataclass
class Remaining:
    title: str
    agency: str
    deadline: date | None
    days_late: int
    note: str


@dataclass
class OfficialReport:
    filters: ReportFilter
    settings: dict
    issued_on: date
    report: Report
    appraisals: list[AppraisalResult]
    findings: list[FindingResult]
    remaining: list[Remaining]
    lines: list = field(default_factory=list)

    @property
    def years(self) -> str:
        return ", ".join(str(y) for y in sorted({a.appraisal.year for a in self.appraisals})) or "…"

    @property
    def body_name(self) -> str:
        """The issuing body as it reads in a sentence ("UBND huyện Gia Viễn")."""
        if self.settings["report.issuing_body_name"]:
            return self.settings["report.issuing_body_name"]
        if self.appraisals:
            return self.appraisals[-1].appraisal.unit.name
        return in_sentence(self.settings["report.issuing_body"])

    @property
    def parent_name(self) -> str:
        return in_sentence(self.settings["report.parent_body"])


ACRONYMS = {"UBND", "HĐND", "BCĐ", "MTTQ", "VP"}
LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "xã", "quận", "phường")


def in_sentence(name: str) -> str:
    """A header in capitals as it reads in a sentence: "UBND TỈNH NINH BÌNH" -> "UBND tỉnh Ninh Bình"."""
    if not name.isupper():
        return name
    words = name.split()
    head = words[0] if words[0] in ACRONYMS else words[0].capitalize()
    rest = " ".join(words[1:]).lower()
    for level in LEVELS:
        if rest.startswith(level + " "):
            proper = " ".join(w.capitalize() for w in rest[len(level) + 1:].split())
            return f"{head} {level} {proper}"
    # "SỞ NỘI VỤ" -> "Sở Nội vụ": an office's name capitalises its first two words.
    rest_words = rest.split()
    return " ".join([head] + [w.capitalize() for w in rest_words[:1]] + rest_words[1:])


def describe(f: ReportFilter) -> list[str]:
    """The report's narrowing in words, for the page, the XLSX header and the DOCX."""
    parts = []
    if f.appraisal_id:
        appraisal = db.session.get(Appraisal, f.appraisal_id)
        if appraisal is not None:
            parts.append(_("Đợt thẩm định: %(a)s", a=str(appraisal)))
    if f.field_id:
        fld = db.session.get(Field, f.field_id)
        if fld is not None:
            parts.append(_("Lĩnh vực: %(f)s", f=fld.name))
    if f.priority:
        parts.append(_("Độ khẩn: %(p)s", p=Priority(f.priority).label))
    if f.assigned_from or f.assigned_to:
        start = f.assigned_from.strftime("%d/%m/%Y") if f.assigned_from else "…"
        stop = f.assigned_to.strftime("%d/%m/%Y") if f.assigned_to else "…"
        parts.append(_("Giao từ ngày %(a)s đến ngày %(b)s", a=start, b=stop))
    if f.agency_id:
        agency = db.session.get(Agency, f.agency_id)
        if agency is not None:
            parts.append(_("Cơ quan: %(a)s", a=agency.name))
    if f.view == reports.SUPPORT:
        parts.append(_("Theo cơ quan phối hợp"))
    return parts


def official_report(f: ReportFilter, with_lines: bool = True) -> OfficialReport:
    """Everything the official DOCX report needs, in a bounded number of queries."""
    report = reports.agency_report(f)
    return OfficialReport(
        filters=f, settings=settings(unit_of_filter(f)), issued_on=deadlines.today(), report=report,
        appraisals=_appraisal_results(f), findings=_finding_results(f), remaining=_remaining(f),
        lines=report_tasks.lines(f) if with_lines else [],
    )


def _appraisal_results(f: ReportFilter) -> list[AppraisalResult]:
    """The appraisal chosen, or every appraisal with tasks in the report, oldest first."""
    stmt = sa.select(Appraisal).options(selectinload(Appraisal.scores), selectinload(Appraisal.unit),
                                        selectinload(Appraisal.framework).selectinload(Framework.fields))
    if f.appraisal_id:
        stmt = stmt.where(Appraisal.id == f.appraisal_id)
    else:
        in_scope = sa.select(Task.appraisal_id).where(*reports.conditions(f), Task.appraisal_id.is_not(None))
        stmt = stmt.where(Appraisal.id.in_(in_scope))
    found = db.session.scalars(stmt.order_by(Appraisal.year, Appraisal.id)).all()
    ids = [a.id for a in found]
    counts = dict(db.session.execute(sa.select(Finding.appraisal_id, sa.func.count()).where(
        Finding.appraisal_id.in_(ids)).group_by(Finding.appraisal_id)).all()) if ids else {}
    recs = dict(db.session.execute(sa.select(Recommendation.appraisal_id, sa.func.count()).where(
        Recommendation.appraisal_id.in_(ids)).group_by(Recommendation.appraisal_id)).all()) if ids else {}
    return [AppraisalResult(a, appraisals.index_value(a), appraisals.change_against_previous(a),
                            appraisals.score_rows(a), counts.get(a.id, 0), recs.get(a.id, 0)) for a in found]


def _finding_results(f: ReportFilter) -> list[FindingResult]:
    """Counts per shortcoming: the tasks linked to it, in the report's categories."""
    c = reports.classified(f)
    stmt = (sa.select(task_finding.c.finding_id, c.c.category, sa.func.count())
            .join(task_finding, task_finding.c.task_id == c.c.task_id)
            .group_by(task_finding.c.finding_id, c.c.category))
    pairs: dict[int, list] = {}
    for finding_id, code, n in db.session.execute(stmt):
        pairs.setdefault(finding_id, []).append((code, n))
    if not pairs:
        return []
    earlier = sa.orm.aliased(Finding)
    earlier_year = (sa.select(Appraisal.year).join(earlier, earlier.appraisal_id == Appraisal.id)
                    .where(earlier.id == Finding.repeat_of_id).scalar_subquery())
    findings = db.session.execute(
        sa.select(Finding.id, Finding.text, Field.name, Finding.repeat_reason, earlier_year)
        .outerjoin(Field, Field.id == Finding.field_id)
        .join(Appraisal, Appraisal.id == Finding.appraisal_id).where(Finding.id.in_(pairs))
        .order_by(Appraisal.year, Appraisal.id, Finding.position, Finding.id)).all()
    return [FindingResult(text, field_name or "", reports.counts_of(pairs[fid]),
                          (year or 0) if reason else None)
            for fid, text, field_name, reason, year in findings]


def _remaining(f: ReportFilter) -> list[Remaining]:
    """The longest overdue tasks on the report day, with the lead agency's last note by then (its reason)."""
    c = reports.classified(f)
    end = reports.end_of_day(f.as_of)
    note = (sa.select(ProgressUpdate.note).where(ProgressUpdate.task_id == c.c.task_id,
                                                 ProgressUpdate.created_at < end, ProgressUpdate.note != "",
                                                 ProgressUpdate.status_to.is_distinct_from(TaskStatus.NOT_STARTED))
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()).limit(1).scalar_subquery())
    rows = db.session.execute(
        sa.select(Task.title, Task.lead_agency_name, Agency.name, c.c.deadline, note)
        .join(Task, Task.id == c.c.task_id).join(Agency, Agency.id == Task.lead_agency_id)
        .where(c.c.category == reports.CODES["open_overdue"])
        .order_by(c.c.deadline, Task.id).limit(REMAINING_LISTED)).all()
    return [Remaining(title, lead_name or name, deadline, (f.as_of - deadline).days, text or "")
            for title, lead_name, name, deadline, text in rows]


@dataclass
class PlanRow:
    field: str
    finding: str
    task: str
    lead: str
    support: str
    due: str  # dd/mm/yyyy, "đến dd/mm/yyyy" for parts with different deadlines, or ""
    output: str


COMMUNE_LEADS = "UBND các xã, phường, thị trấn"


def plan_rows(appraisal: Appraisal) -> list[PlanRow]:
    """The plan's table: one row per task the appraisal's plan holds; a group names every agency leading a part.

    Each part of a group is led by its own agency, so the row says so ("UBND các xã, phường, thị trấn (4): …"),
    and its supporting agencies are those of the parts.
    """
    tasks = db.session.scalars(
        sa.select(Task).where(Task.appraisal_id == appraisal.id, Task.parent_id.is_(None),
                              Task.status != TaskStatus.CANCELLED)
        .options(selectinload(Task.supporting_agencies), selectinload(Task.lead_agency), selectinload(Task.field),
                 selectinload(Task.findings), selectinload(Task.children).selectinload(Task.lead_agency),
                 selectinload(Task.children).selectinload(Task.supporting_agencies))
    ).all()
    position = {f.id: i for i, f in enumerate(appraisal.framework.fields)}
    tasks.sort(key=lambda t: (position.get(t.field_id, 99), min((x.position for x in t.findings), default=99), t.id))
    rows = []
    for t in tasks:
        common = dict(field=t.field.name if t.field else "", finding="; ".join(x.text for x in t.findings),
                      task=t.title, output=t.expected_output)
        if t.is_group:
            parts = [c for c in t.children if c.status != TaskStatus.CANCELLED]
            helpers = [a.name for c in parts for a in c.supporting_agencies]
            dues = sorted({c.due_date for c in parts if c.due_date})
            due = _day(dues[0]) if len(dues) == 1 else (f"đến {_day(dues[-1])}" if dues else "")
            rows.append(PlanRow(lead=group_leads(parts), support="; ".join(dict.fromkeys(helpers)), due=due,
                                **common))
        else:
            rows.append(PlanRow(lead=t.lead_agency_name or (t.lead_agency.name if t.lead_agency else ""),
                                support="; ".join(a.name for a in t.supporting_agencies),
                                due=_day(t.due_date) if t.due_date else "", **common))
    return rows


def group_leads(parts: list[Task]) -> str:
    """The agencies leading a group's parts: "UBND các xã, phường, thị trấn (4): UBND xã Gia Hòa; …"."""
    names = [c.lead_agency_name or c.lead_agency.name for c in parts]
    if not names:
        return ""
    if all(c.lead_agency.kind == AgencyKind.COMMUNE for c in parts):
        return f"{COMMUNE_LEADS} ({len(names)}): {'; '.join(names)}"
    return f"Các cơ quan, đơn vị ({len(names)}): {'; '.join(names)}"


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


TEAM_WORDS = ("Hội đồng thẩm định", "Tổ thẩm định", "Đoàn thẩm định", "Đoàn kiểm tra", "Tổ kiểm tra", "Đoàn công tác",
              "Hội đồng")


def team_word(team: str) -> str:
    """How the body names the appraising body: the kind the record's own team is ("Đoàn kiểm tra"…)."""
    for word in TEAM_WORDS:
        if team.lower().startswith(word.lower()):
            return word
    return team or "Tổ thẩm định"


def conclusion_citation(appraisal: Appraisal) -> str:
    """The conclusion cited with its number, date and issuer: "Kết luận số 12/KL-TTĐ ngày 06/5/2022 của …"."""
    number = (appraisal.conclusion_number or "").strip()
    when = appraisal.conclusion_date or appraisal.appraised_on
    issuer = appraisal.team or "Tổ thẩm định"
    if number and not number[0].isdigit():
        cited = number  # a document named in words ("Biên bản làm việc ngày 06/5/2022")
    elif number:
        cited = f"Kết luận số {number}"
    else:
        cited = f"kết quả thẩm định, xác định Chỉ số cải cách hành chính năm {appraisal.year}"
    if when and when.strftime("%d/%m/%Y") not in cited and f"{when.day:02d}/{when.month}/{when.year}" not in cited:
        cited += f" ngày {when.day:02d}/{when.month}/{when.year}"
    return f"{cited} của {issuer}"


def save_settings(values: dict[str, str], actor) -> dict:
    """Store the report settings the admin changed; returns what changed (also in the audit trail)."""
    from .. import audit
    from . import province_document

    before = {**settings(), **province_document.stored()}
    known = SETTING_KEYS + province_document.KEYS
    changed = {k: [before.get(k, ""), v] for k, v in values.items() if k in known and before.get(k, "") != v}
    for key, (_old, new) in changed.items():
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=new))
        else:
            row.value = new
    if changed:
        audit.record("settings.update", "setting", None, changed, actor=actor)
    return changed
