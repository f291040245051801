"""Report arithmetic: hand-built cases where every category is known, and an independent oracle."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.services.report_cases import (
    EXPECTED_GIA_VAN,
    EXPECTED_NOI_VU,
    D,
    at,
    history_task,
    quarter,
)
from tracker.extensions import db
from tracker.models import AgencyKind, Appraisal, Extension, ExtensionStatus, Priority, ProgressUpdate, Task, TaskStatus
from tracker.services import deadlines
from tracker.services.reports import counting as reports
from tracker.services.reports import lines as report_tasks
from tracker.services.reports.counting import CATEGORIES, ReportFilter


def _row(report, agency):
    return next(r for r in report.rows if r.agency_id == agency.id)


def _categories(as_of, **kw) -> dict[int, str]:
    return {line.id: line.category for line in report_tasks.lines(ReportFilter(as_of=as_of, **kw))}


@pytest.mark.parametrize("untouched", [False, True], ids=["changed-since", "untouched-since"])
def test_quarter_as_of_report_day(make, untouched):
    q = quarter(make, untouched=untouched)
    report = reports.agency_report(ReportFilter(as_of=D))
    assert [r.agency_name for r in report.rows] == ["Phòng Nội vụ", "UBND xã Gia Vân"]
    noi_vu, gia_van = _row(report, q.noi_vu), _row(report, q.gia_van)
    assert {c: getattr(noi_vu.counts, c) for c in CATEGORIES} == EXPECTED_NOI_VU
    assert {c: getattr(gia_van.counts, c) for c in CATEGORIES} == EXPECTED_GIA_VAN
    # t11 was assigned after D and t12 is a draft: neither counts.
    assert noi_vu.counts.total == 12 and gia_van.counts.total == 2
    assert noi_vu.counts.due_soon == 2  # t1 and t14, both due on D itself
    for name in CATEGORIES:
        assert getattr(report.totals, name) == sum(getattr(r.counts, name) for r in report.rows)
    assert report.totals.total == 14 == sum(r.counts.total for r in report.rows)
    assert reports.totals(ReportFilter(as_of=D)).as_dict() == report.totals.as_dict()
    # Completion excludes the cancelled task from the denominator; on time is among finished tasks.
    assert noi_vu.counts.completion_rate == Decimal("45.45")  # 5 / (12 - 1)
    assert noi_vu.counts.on_time_rate == Decimal("60.00")  # 3 / 5
    assert report.totals.completion_rate == Decimal("46.15")  # 6 / 13


@pytest.mark.parametrize("untouched", [False, True], ids=["changed-since", "untouched-since"])
def test_each_task_in_the_state_it_had_that_day(make, untouched):
    t = quarter(make, untouched=untouched).tasks
    expected = {
        # Due on 30/6 and submitted that evening: in time on 30/6, overdue on 1/7 (not yet approved), done on 2/7.
        (D, "t1"): "open_in_time", (date(2024, 7, 1), "t1"): "open_overdue", (date(2024, 7, 2), "t1"): "done_on_time",
        (date(2024, 5, 31), "t2"): "open_in_time", (date(2024, 6, 1), "t2"): "open_overdue",
        (date(2024, 6, 12), "t2"): "done_late",
        # The extension approved on 10/5 moved 15/5 to 20/6: in time on 20/5.
        (date(2024, 5, 9), "t3"): "open_in_time", (date(2024, 5, 20), "t3"): "open_in_time",
        (date(2024, 5, 24), "t4"): "done_late", (date(2024, 7, 15), "t4"): "done_late",
        (date(2024, 5, 21), "t5"): "open_overdue", (date(2024, 5, 22), "t5"): "open_in_time",
        (date(2024, 5, 23), "t5"): "done_on_time",
        (date(2024, 6, 4), "t7"): "open_in_time", (date(2024, 6, 5), "t7"): "postponed",
        (date(2024, 7, 10), "t7"): "open_overdue",
        (date(2024, 6, 19), "t8"): "open_overdue", (date(2024, 6, 20), "t8"): "cancelled",
        (date(2024, 6, 14), "t10"): "no_deadline", (date(2024, 6, 15), "t10"): "done_on_time",
        (date(2024, 7, 2), "t11"): "open_in_time",
        (date(2024, 6, 21), "t13"): "open_in_time",
        (date(2024, 7, 1), "t14"): "done_on_time",
    }
    by_day: dict[date, dict[int, str]] = {}
    for (day, key), category in expected.items():
        seen = by_day.setdefault(day, _categories(day))
        assert seen.get(t[key].id) == category, (day, key)
    assert t["t11"].id not in by_day[D] and t["t12"].id not in by_day[D]
    assert t["t11"].id not in _categories(date(2024, 6, 30))
    # Before assignment nothing counts at all.
    assert _categories(date(2024, 2, 29)) == {}


def test_supporting_view_counts_participation(make):
    q = quarter(make)
    support = reports.agency_report(ReportFilter(as_of=D, view=reports.SUPPORT))
    by_agency = {r.agency_name: r.counts for r in support.rows}
    assert set(by_agency) == {"Phòng Nội vụ", "Phòng Tư pháp"}
    assert by_agency["Phòng Tư pháp"].open_overdue == 1 and by_agency["Phòng Tư pháp"].done_on_time == 1
    assert by_agency["Phòng Tư pháp"].total == 2 and by_agency["Phòng Nội vụ"].total == 1
    one = reports.agency_report(ReportFilter(as_of=D, view=reports.SUPPORT, agency_id=q.tu_phap.id))
    assert [r.agency_name for r in one.rows] == ["Phòng Tư pháp"] and one.totals.total == 2
    lines = report_tasks.lines(ReportFilter(as_of=D, view=reports.SUPPORT, agency_id=q.tu_phap.id))
    assert sorted(line.title for line in lines) == ["Nhiệm vụ t15: theo dõi khắc phục",
                                                   "Nhiệm vụ t16: theo dõi khắc phục"]
    assert {line.supporting for line in lines} == {"Phòng Tư pháp", "Phòng Nội vụ; Phòng Tư pháp"}


def test_one_agency_scope(make):
    q = quarter(make)
    report = reports.agency_report(ReportFilter(as_of=D, agency_id=q.gia_van.id))
    assert [r.agency_name for r in report.rows] == ["UBND xã Gia Vân"]
    assert report.totals.as_dict() == {"total": 2, **EXPECTED_GIA_VAN}


def test_filters_by_appraisal_field_priority_and_assignment_dates(make):
    framework = make.framework()
    agency = make.agency()
    appraisal = Appraisal(unit=agency, year=2023, framework=framework)
    db.session.add(appraisal)
    db.session.commit()
    lv1, lv5 = framework.fields[0], framework.fields[4]
    history_task(agency, assigned=date(2024, 1, 10), due=date(2024, 3, 1), appraisal_id=appraisal.id,
                 field_id=lv1.id, priority=Priority.URGENT)
    history_task(agency, assigned=date(2024, 2, 10), due=date(2024, 3, 1), appraisal_id=appraisal.id,
                 field_id=lv5.id)
    history_task(agency, assigned=date(2024, 3, 10), due=date(2024, 12, 1))
    day = date(2024, 6, 30)

    def total(**kw):
        return reports.agency_report(ReportFilter(as_of=day, **kw)).totals.total

    assert total() == 3
    assert total(appraisal_id=appraisal.id) == 2
    assert total(field_id=lv5.id) == 1
    assert total(priority=Priority.URGENT) == 1
    assert total(assigned_from=date(2024, 2, 10)) == 2
    assert total(assigned_to=date(2024, 2, 10)) == 2
    assert total(assigned_from=date(2024, 2, 11), assigned_to=date(2024, 3, 9)) == 0
    assert reports.agency_report(ReportFilter(as_of=day, appraisal_id=appraisal.id)).totals.open_overdue == 2


def test_agencies_listed_committee_first_then_by_kind_and_name(make):
    commune = make.agency("UBND xã An Hòa", "Xã An Hòa", AgencyKind.COMMUNE)
    office = make.agency("Văn phòng HĐND và UBND", "VP", AgencyKind.OFFICE)
    dept = make.agency("Phòng Y tế", "Phòng YT")
    for agency in (commune, office, dept):
        history_task(agency, assigned=date(2024, 1, 10), due=date(2024, 3, 1))
    names = [r.agency_name for r in reports.agency_report(ReportFilter(as_of=D)).rows]
    assert names == ["Văn phòng HĐND và UBND", "Phòng Y tế", "UBND xã An Hòa"]


def test_rates_are_empty_without_a_denominator():
    counts = reports.Counts(cancelled=2)
    assert counts.total == 2 and counts.completion_rate is None and counts.on_time_rate is None
    assert reports.percent(2, 3) == Decimal("66.67") and reports.percent(1, 8) == Decimal("12.50")


# An oracle written from docs/development.md, independent of the SQL, on random histories -----------------


def _oracle(task: Task, moves: list[ProgressUpdate], exts: list[Extension], day: date) -> str | None:
    end = reports.end_of_day(day)
    seen = [m for m in moves if m.status_to is not None and m.created_at < end]
    if not seen or seen[-1].status_to == TaskStatus.DRAFT:
        return None
    status = seen[-1].status_to
    # Judged against the deadline in force at the approval for a finished task, at the end of D otherwise.
    approved = [e for e in exts if e.status == ExtensionStatus.APPROVED and (
        e.decided_at <= seen[-1].created_at if status == TaskStatus.DONE else e.decided_at < end)]
    latest = max(approved, key=lambda e: (e.decided_at, e.id)) if approved else None
    deadline = latest.decided_due_date if latest else task.original_due_date
    if status in (TaskStatus.CANCELLED, TaskStatus.POSTPONED):
        return status.value
    if status == TaskStatus.DONE:
        return "done_on_time" if deadline is None or task.completed_on <= deadline else "done_late"
    if deadline is None:
        return "no_deadline"
    return "open_overdue" if deadline < day else "open_in_time"


def _random_history(make, rnd: random.Random, untouched: bool) -> None:
    agencies = [make.agency() for _ in range(3)]
    S, Dn = TaskStatus.SUBMITTED, TaskStatus.DONE
    for _ in range(40):
        assigned = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 90))
        due = None if rnd.random() < 0.15 else assigned + timedelta(days=rnd.randint(10, 90))
        when, moves, exts, completed = at(assigned, 9), [], [], None
        for status in rnd.choice([[TaskStatus.IN_PROGRESS], [TaskStatus.IN_PROGRESS, S, Dn], [S, Dn],
                                  [TaskStatus.IN_PROGRESS, S, TaskStatus.RETURNED, S, Dn],
                                  [TaskStatus.IN_PROGRESS, TaskStatus.POSTPONED, TaskStatus.IN_PROGRESS],
                                  [TaskStatus.CANCELLED], [S]]):
            when = when + timedelta(hours=rnd.randint(1, 24 * 40))
            moves.append((when, status))
            if status == S:
                completed = deadlines.local_date(when)
        if due is not None and rnd.random() < 0.5:
            decided = at(assigned, 9) + timedelta(hours=rnd.randint(1, 24 * 120))
            if moves[-1][1] in (Dn, TaskStatus.CANCELLED):
                # Extensions are decided only on live tasks: before the approval or the cancellation.
                decided = min(decided, moves[-1][0] - timedelta(minutes=30))
            decision = rnd.choice([ExtensionStatus.APPROVED, ExtensionStatus.APPROVED, ExtensionStatus.REJECTED])
            exts.append((decided, due + timedelta(days=rnd.randint(5, 60)), decision))
        history_task(rnd.choice(agencies), assigned=at(assigned, 9), due=due, moves=moves, extensions=exts,
                     completed_on=completed if moves and moves[-1][1] == Dn else None, untouched=untouched)


@pytest.mark.parametrize("untouched", [False, True], ids=["changed-since", "untouched-since"])
def test_report_agrees_with_an_oracle_on_random_histories(make, untouched):
    rnd = random.Random(30062024)
    _random_history(make, rnd, untouched)
    tasks = db.session.scalars(db.select(Task)).all()
    moves = {t.id: db.session.scalars(db.select(ProgressUpdate).filter_by(task_id=t.id)
                                      .order_by(ProgressUpdate.created_at, ProgressUpdate.id)).all() for t in tasks}
    exts = {t.id: db.session.scalars(db.select(Extension).filter_by(task_id=t.id)).all() for t in tasks}
    days = [date(2024, 1, 1) + timedelta(days=d) for d in range(0, 330, 11)] + [deadlines.today()]
    for day in days:
        expected = {t.id: c for t in tasks if (c := _oracle(t, moves[t.id], exts[t.id], day)) is not None}
        assert _categories(day) == expected, day
        report = reports.agency_report(ReportFilter(as_of=day))
        for name in CATEGORIES:
            assert getattr(report.totals, name) == sum(1 for c in expected.values() if c == name), (day, name)


# The page, the JSON, the XLSX and the DOCX say the same ----------------------------------------------------------


def test_json_xlsx_and_docx_agree_with_the_page(make, login_as):
    import io

    import openpyxl
    from docx import Document

    from tests.web.test_reports import COLUMNS, _rows

    q = quarter(make)
    web = login_as(make.leader())
    query = f"as_of={D.isoformat()}"
    page = _rows(web.get(f"/bao-cao/?{query}").get_data(as_text=True))
    names = {str(a.id): a.name for a in (q.noi_vu, q.gia_van)}
    on_page = {names.get(k, "Tổng cộng"): [v for v, _link in cells] for k, cells in page.items()}
    assert on_page["Phòng Nội vụ"][0] == 12 and on_page["Tổng cộng"][0] == 14

    data = web.get(f"/bao-cao/xuat?format=json&{query}").get_json(force=True)
    in_json = {r["agency"]: [r[c] for c in COLUMNS] for r in data["rows"]}
    in_json["Tổng cộng"] = [data["totals"][c] for c in COLUMNS]
    assert in_json == on_page

    sheet = openpyxl.load_workbook(io.BytesIO(web.get(f"/bao-cao/xuat?format=xlsx&{query}").data))["Báo cáo"]
    in_xlsx = {row[1]: list(row[2:10]) for row in sheet.iter_rows(min_row=8, values_only=True)}
    assert in_xlsx == on_page

    doc = Document(io.BytesIO(web.get(f"/bao-cao/bao-cao.docx?{query}").data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 12)
    # Columns of the document: STT, agency, total, on time, late, in time, overdue, no deadline, postponed, cancelled.
    in_docx = {r.cells[1].text: [int(c.text) for c in r.cells[2:10]] for r in table.rows[2:]}
    assert in_docx == on_page


def test_category_codes_follow_the_fields_of_counts():
    """``reports._counts`` reads one count per code into ``Counts`` by position."""
    import dataclasses

    assert tuple(reports.CODES) == tuple(f.name for f in dataclasses.fields(reports.Counts))


def test_a_task_given_its_first_deadline_later_had_none_before(make):
    """Assigned without a deadline on 1/3, given one (30/6) by the leader on 1/6: no deadline until then."""
    lead = make.agency()
    task = history_task(lead, assigned=date(2024, 3, 1), due=None,
                        moves=[(at(date(2024, 3, 5)), TaskStatus.IN_PROGRESS)],
                        extensions=[(at(date(2024, 6, 1)), D, ExtensionStatus.APPROVED)])
    assert task.due_date == D and task.original_due_date is None
    assert _categories(date(2024, 5, 31)) == {task.id: "no_deadline"}
    assert _categories(date(2024, 6, 1)) == {task.id: "open_in_time"}
    assert _categories(date(2024, 7, 1)) == {task.id: "open_overdue"}
