"""Issue 14 in a real browser: the criteria editor, scores per criterion, points at stake, a shortcoming that
comes back, and a unit's points over the years (screenshots to look at)."""

from decimal import Decimal

import pytest

from tests.browser.conftest import login, screenshot
from tracker.extensions import db
from tracker.models import Appraisal, AppraisalStatus, Field, Finding, Framework, TaskStatus
from tracker.services.appraisals import criteria, frameworks, repeats, scoring

pytestmark = pytest.mark.browser


def _framework(admin, year=2024):
    fw = Framework(name="Bộ chỉ số CCHC cấp xã", year=year, issuing_body="UBND tỉnh Ninh Bình")
    fw.fields += [Field(code="LV1", name="Công tác chỉ đạo, điều hành cải cách hành chính", max_points=Decimal(10),
                        position=1),
                  Field(code="LV2", name="Cải cách thủ tục hành chính", max_points=Decimal(12), position=2)]
    db.session.add(fw)
    db.session.commit()
    lv1, lv2 = fw.fields
    c11 = criteria.save_criterion(admin, lv1, None, parent=None, code="1.1", name="Kế hoạch CCHC năm", max_points="4",
                                  note="Ban hành trước 31/01: 2 điểm; thực hiện đủ: 2 điểm.")
    criteria.save_criterion(admin, lv1, None, parent=c11, code="1.1.1", name="Ban hành kế hoạch đúng hạn",
                            max_points="2")
    criteria.save_criterion(admin, lv1, None, parent=c11, code="1.1.2", name="Thực hiện đủ nhiệm vụ của kế hoạch",
                            max_points="2")
    criteria.save_criterion(admin, lv1, None, parent=None, code="1.2", name="Báo cáo CCHC định kỳ đúng hạn",
                            max_points="6")
    criteria.save_criterion(admin, lv2, None, parent=None, code="2.1", name="Giải quyết hồ sơ đúng hạn",
                            max_points="12")
    db.session.commit()
    return fw


def test_criteria_points_and_a_shortcoming_that_comes_back(live_server, new_page, app, make, check_a11y):
    admin = make.admin()
    unit = make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    office = make.agency("Văn phòng HĐND và UBND xã Gia Hưng", "VP Gia Hưng", unit=unit)
    economy = make.agency("Phòng Kinh tế xã Gia Hưng", "PKT Gia Hưng", unit=unit)
    leader = make.leader(agency=unit)
    fw = _framework(admin)
    codes = criteria.by_code(fw)
    last = Appraisal(unit=unit, year=2024, framework=fw, status=AppraisalStatus.FINAL)
    db.session.add(last)
    db.session.commit()
    scoring.save_scores(admin, last, {codes["1.1.1"].id: ("2", "2"), codes["1.1.2"].id: ("2", "1"),
                                      codes["1.2"].id: ("6", "4"), codes["2.1"].id: ("12", "10")})
    last.findings.append(Finding(text="Báo cáo CCHC định kỳ gửi chậm so với thời hạn quy định", criterion=codes["1.2"],
                                 position=1))
    db.session.commit()
    copy = frameworks.copy_framework(admin, fw, 2025)
    db.session.commit()
    new = criteria.by_code(copy)
    this = Appraisal(unit=unit, year=2025, framework=copy, status=AppraisalStatus.FINAL, team="Tổ thẩm định tỉnh")
    db.session.add(this)
    db.session.commit()
    scoring.save_scores(admin, this, {new["1.1.1"].id: ("2", "1,5"), new["1.1.2"].id: ("2", "2"),
                                      new["1.2"].id: ("6", "3"), new["2.1"].id: ("12", "11")})
    late_reports = Finding(text="Một số báo cáo CCHC còn gửi chậm", criterion=new["1.2"], position=1)
    late_plan = Finding(text="Kế hoạch CCHC ban hành chậm", criterion=new["1.1.1"], position=2)
    this.findings += [late_reports, late_plan]
    db.session.commit()
    repeats.flag_repeats(this)
    db.session.commit()
    for agency, finding, status in ((office, late_reports, TaskStatus.IN_PROGRESS),
                                    (economy, late_reports, TaskStatus.DONE),
                                    (office, late_plan, TaskStatus.IN_PROGRESS)):
        make.task(agency, appraisal_id=this.id, criterion_id=finding.criterion_id, status=status, findings=[finding],
                  title=f"Khắc phục tiêu chí {finding.criterion.code} — {agency.short_name}",
                  progress=100 if status == TaskStatus.DONE else 40)
    db.session.commit()

    page = new_page()
    login(page, live_server, admin.username)
    page.goto(f"{live_server}/quan-tri/bo-chi-so/{fw.id}/sua")
    assert page.locator(".criteria-table").first.is_visible()
    assert "1.1.2" in page.locator(f"#lv-{fw.fields[0].id}").inner_text()
    screenshot(page, "criteria-editor")
    check_a11y(page)

    page = new_page()
    login(page, live_server, leader.username)
    page.goto(f"{live_server}/tham-dinh/{this.id}")
    # 1.2 lost 3 points, shared by two tasks (1,50 each: one done); 1.1.1 lost 0,5. Won back: 3,50 in all.
    assert page.locator("#points-gain").inner_text() == "+3,50"
    assert page.locator(".repeat-badge").count() == 1
    assert "Tồn tại năm 2024" in page.locator(".repeat-note").inner_text()
    screenshot(page, "appraisal-points-repeated")
    check_a11y(page)
    page.goto(f"{live_server}/tham-dinh/{this.id}/diem-tieu-chi")
    assert page.get_by_label("Thẩm định — 1.2").input_value() == "3,00"
    screenshot(page, "criterion-scores")
    check_a11y(page)
    page.goto(f"{live_server}/tham-dinh/don-vi/{unit.id}/lich-su")
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img" and "Điểm từng lĩnh vực qua các năm" in chart.inner_html()
    table = page.locator("table").inner_text()
    assert "7,00/10,00" in table and "6,50/10,00" in table, "LV1: 2024 and 2025, with the text alternative"
    screenshot(page, "unit-history")
    check_a11y(page)
    page.goto(f"{live_server}/bao-cao/")
    assert page.locator('.points-table [data-points="at_stake"]').inner_text() == "2,00"
    assert page.locator('.points-table [data-points="covered"]').inner_text() == "1,50"
    screenshot(page, "report-points")
    check_a11y(page)
