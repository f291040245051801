"""Issue 14: the framework as a tree, scores per sub-criterion rolled up, points at stake, shortcomings that come back.

The points arithmetic is checked by hand on a small framework: field LV1 (10 points) with criterion 1.1 (4 points:
sub-criteria 1.1.1 and 1.1.2, 2 points each) and criterion 1.2 (6 points).
"""

import io
import json
from decimal import Decimal

import openpyxl
import pytest

from tests.factories import Factory
from tracker.extensions import db
from tracker.models import Appraisal, AppraisalStatus, Field, Finding, Framework, TaskStatus
from tracker.services import deadlines
from tracker.services.appraisals import criteria, criteria_import, frameworks, repeats, scoring
from tracker.services.errors import ServiceError
from tracker.services.reports import points
from tracker.services.reports.counting import ReportFilter, agency_report
from tracker.services.tasks import workflow

D = Decimal


@pytest.fixture
def small(make: Factory):
    admin = make.admin()
    fw = Framework(name="Bộ thử", year=2024, issuing_body="UBND tỉnh")
    fw.fields.append(Field(code="LV1", name="Công tác chỉ đạo, điều hành", max_points=D("10"), position=1))
    db.session.add(fw)
    db.session.commit()
    field = fw.fields[0]
    c11 = criteria.save_criterion(admin, field, None, parent=None, code="1.1", name="Kế hoạch CCHC", max_points="4")
    s111 = criteria.save_criterion(admin, field, None, parent=c11, code="1.1.1", name="Ban hành kế hoạch đúng hạn",
                                   max_points="2")
    s112 = criteria.save_criterion(admin, field, None, parent=c11, code="1.1.2", name="Thực hiện đủ kế hoạch",
                                   max_points="2")
    c12 = criteria.save_criterion(admin, field, None, parent=None, code="1.2", name="Báo cáo CCHC đúng hạn",
                                  max_points="6")
    db.session.commit()
    return type("Small", (), dict(admin=admin, fw=fw, field=field, c11=c11, s111=s111, s112=s112, c12=c12))()


def test_the_tree_refuses_children_above_their_parent_and_criteria_above_the_field(small):
    with pytest.raises(ServiceError, match="vượt quá 4,00 của tiêu chí “1.1”"):
        criteria.save_criterion(small.admin, small.field, None, parent=small.c11, code="1.1.3", name="Thêm",
                                max_points="0,5")
    with pytest.raises(ServiceError, match="vượt quá 10,00 của lĩnh vực"):
        criteria.save_criterion(small.admin, small.field, None, parent=None, code="1.3", name="Thêm", max_points="1")
    with pytest.raises(ServiceError, match="không thể thấp hơn"):
        criteria.save_criterion(small.admin, small.field, small.c11, parent=None, code="1.1", name="Kế hoạch",
                                max_points="3")
    with pytest.raises(ServiceError, match="không quá hai cấp"):
        criteria.save_criterion(small.admin, small.field, None, parent=small.s111, code="1.1.1.1", name="Sâu",
                                max_points="0,5")
    db.session.rollback()
    assert [c.code for c in criteria.leaves(small.fw)] == ["1.1.1", "1.1.2", "1.2"]


def _appraisal(small, unit, year=2024, framework=None):
    a = Appraisal(unit=unit, year=year, framework=framework or small.fw, status=AppraisalStatus.FINAL)
    db.session.add(a)
    db.session.commit()
    return a


def test_scores_roll_up_and_a_score_above_its_maximum_is_refused(small, make):
    a = _appraisal(small, make.default_unit())
    with pytest.raises(ServiceError, match="vượt quá điểm tối đa 2,00") as err:
        scoring.save_scores(small.admin, a, {small.s111.id: ("", "2,5")})
    assert err.value.field == f"cscore-{small.s111.id}"
    db.session.rollback()
    scoring.save_scores(small.admin, a, {small.s111.id: ("2", "1"), small.s112.id: ("2", "2"),
                                         small.c12.id: ("6", "3")})
    db.session.commit()
    scored = scoring.scored(a)
    assert scored[small.c11.id].score == D("3") and scored[small.c11.id].lost == D("1")
    assert scored[small.c12.id].lost == D("3")
    assert a.scores[0].score == D("6") and a.total_score == D("6") and a.self_total == D("10")


def _task(make, agency, appraisal, criterion, status=TaskStatus.IN_PROGRESS, **fields):
    return make.task(agency, appraisal_id=appraisal.id, criterion_id=criterion.id, status=status, **fields)


def test_points_at_stake_by_hand(small, make):
    """1.1.1 lost 1, 1.2 lost 3; T1 (A) aims at 1.1.1; T2 (A) and T3 (B) at 1.2; T4 (B) at 1.2 is cancelled."""
    a_agency, b_agency = make.agency("Phòng Nội vụ", "Phòng NV"), make.agency("Văn phòng", "VP")
    appraisal = _appraisal(small, make.default_unit())
    scoring.save_scores(small.admin, appraisal, {small.s111.id: ("", "1"), small.s112.id: ("", "2"),
                                                 small.c12.id: ("", "3")})
    db.session.commit()
    t1 = _task(make, a_agency, appraisal, small.s111)
    t2 = _task(make, a_agency, appraisal, small.c12)
    t3 = _task(make, b_agency, appraisal, small.c12, evidence_required=False)
    _task(make, b_agency, appraisal, small.c12, status=TaskStatus.CANCELLED)
    # A task aiming at 1.1 itself: the most specific wins, 1.1's loss is 1.1.1's, already aimed at.
    _task(make, b_agency, appraisal, small.c11)
    today = deadlines.today()
    shares = points.shares(today)
    assert {tid: s.points for tid, s in shares.items() if tid in (t1.id, t2.id, t3.id)} == {
        t1.id: D("1.00"), t2.id: D("1.50"), t3.id: D("1.50")}
    report = agency_report(ReportFilter(as_of=today))
    by_agency = {r.agency_name: (r.points_at_stake, r.points_covered) for r in report.rows}
    assert by_agency["Phòng Nội vụ"] == (D("2.50"), D("0.00")) and by_agency["Văn phòng"] == (D("1.50"), D("0.00"))
    # The per-agency points add up to the unit's points lost on the criteria with tasks: 1 + 3.
    assert report.points_at_stake + report.points_covered == D("4.00")
    assert points.gain(appraisal, today).total == D("4.00")
    # B finishes its part: its share is covered, nothing else moves.
    workflow.submit(t3, make.officer(b_agency), note="Xong")
    workflow.approve(t3, make.leader())
    db.session.commit()
    report = agency_report(ReportFilter(as_of=today))
    by_agency = {r.agency_name: (r.points_at_stake, r.points_covered) for r in report.rows}
    assert by_agency["Văn phòng"] == (D("0.00"), D("1.50"))
    assert report.points_at_stake == D("2.50") and report.points_covered == D("1.50")


def test_shares_are_split_cent_by_cent_and_add_up():
    parts = points.split(D("1.00"), [5, 3, 9])
    assert parts == {3: D("0.34"), 5: D("0.33"), 9: D("0.33")} and sum(parts.values()) == D("1.00")


def test_a_shortcoming_on_a_criterion_that_lost_points_last_year_comes_back(small, make):
    unit = make.default_unit()
    last = _appraisal(small, unit, 2024)
    scoring.save_scores(small.admin, last, {small.c12.id: ("", "4")})
    last.findings.append(Finding(text="Báo cáo CCHC định kỳ gửi chậm so với thời hạn", criterion=small.c12,
                                 field=small.field, position=1))
    last.total_score = D("4")
    db.session.commit()
    copy = frameworks.copy_framework(small.admin, small.fw, 2025)
    db.session.commit()
    assert [c.code for c in criteria.leaves(copy)] == ["1.1.1", "1.1.2", "1.2"], "criteria come with the copy"
    new_12 = criteria.by_code(copy)["1.2"]
    this = _appraisal(small, unit, 2025, copy)
    this.findings += [Finding(text="Chậm trễ trong tổng hợp số liệu tiến độ", criterion=new_12, position=1),
                      Finding(text="Báo cáo CCHC định kỳ còn gửi chậm so với thời hạn quy định", position=2),
                      Finding(text="Chưa số hóa hồ sơ một cửa", position=3)]
    db.session.commit()
    assert repeats.flag_repeats(this) == 2
    db.session.commit()
    first, second, third = this.findings
    assert first.repeat_reason == "criterion" and first.repeat_of == last.findings[0]
    assert second.repeat_reason == "text" and second.repeat_of == last.findings[0]
    assert third.repeat_reason == "" and third.repeat_of is None
    assert repeats.count_repeats([this.id]) == {this.id: 2}


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"])
    sheet.append(["STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Cách chấm"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_xlsx_import_previews_each_rows_problems_and_saves_nothing_until_it_is_clean(make):
    admin = make.admin()
    bad = _workbook([["I", "Công tác chỉ đạo, điều hành", 10], ["1", "Kế hoạch CCHC", 4],
                     ["1.1", "Ban hành đúng hạn", 3], ["1.2", "Thực hiện đủ", 2], ["2", "Báo cáo", "mười"],
                     ["3.1", "Mồ côi", 1]])
    preview = criteria_import.read_rows(bad)
    assert not preview.ok
    problems = {r.line: r.problems for r in preview.rows if r.problems}
    assert any("vượt quá 4,00" in p or "vượt quá 4.00" in p for p in problems[4]), problems
    assert any("không phải là số điểm" in p for p in problems[7])
    assert any("Chưa có dòng cấp trên" in p for p in problems[8])
    with pytest.raises(ServiceError):
        criteria_import.import_framework(admin, bad, name="Bộ xã", year=2026, issuing_body="")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Framework)) == 0
    good = _workbook([["I", "Công tác chỉ đạo, điều hành", 10], ["1", "Kế hoạch CCHC", 4, "Đủ 4 điểm nếu…"],
                      ["1.1", "Ban hành đúng hạn", 2], ["1.2", "Thực hiện đủ", 2], ["2", "Báo cáo", 0.5],
                      ["II", "Cải cách thủ tục hành chính", 12.5], ["1", "Công khai thủ tục", 12.5]])
    preview = criteria_import.read_rows(good)
    assert preview.ok and preview.counts == {"field": 2, "criterion": 3, "sub": 2}
    fw = criteria_import.import_framework(admin, good, name="Bộ xã", year=2026, issuing_body="UBND tỉnh")
    db.session.commit()
    assert [(f.code, f.max_points) for f in fw.fields] == [("LV1", D("10")), ("LV2", D("12.5"))]
    assert [c.code for c in criteria.leaves(fw)] == ["1.1.1", "1.1.2", "1.2", "2.1"]
    assert criteria.by_code(fw)["1.1"].note == "Đủ 4 điểm nếu…"


def test_the_json_report_of_the_command_line_carries_points_per_row_and_in_total(app, small, make, tmp_path):
    """``flask tracker export-report --format json``: points_at_stake per row and in the totals; rows add up."""
    a_agency, b_agency = make.agency("Phòng Nội vụ", "Phòng NV"), make.agency("Văn phòng", "VP")
    appraisal = _appraisal(small, make.default_unit())
    scoring.save_scores(small.admin, appraisal, {small.s111.id: ("", "1"), small.c12.id: ("", "4")})
    db.session.commit()
    for agency, criterion in ((a_agency, small.s111), (a_agency, small.c12), (b_agency, small.c12)):
        _task(make, agency, appraisal, criterion)
    out = tmp_path / "bao-cao.json"
    result = app.test_cli_runner().invoke(args=[
        "tracker", "export-report", "--as-of", deadlines.today().isoformat(), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    rows = {r["agency"]: r["points_at_stake"] for r in data["rows"]}
    assert rows == {"Phòng Nội vụ": 2.0, "Văn phòng": 1.0}
    assert data["totals"]["points_at_stake"] == 3.0
    assert sum(D(str(r["points_at_stake"])) for r in data["rows"]) == D(str(data["totals"]["points_at_stake"]))
