"""LibreOffice opens the generated DOCX and XLSX: headless conversion to PDF, text read back, a page to look at.

Each conversion gets its own LibreOffice profile (``-env:UserInstallation``): a profile shared by runs in
parallel makes soffice fail silently. Skipped when LibreOffice is missing, except under CI.
"""

import os
import re
import shutil
import subprocess
import unicodedata
import uuid
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tracker import exports
from tracker.exports.docx_common import issue_date_words
from tracker.extensions import db
from tracker.models import Appraisal
from tracker.services import deadlines, demo
from tracker.services.reports.counting import ReportFilter

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("TRACKER_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="module")
def tools():
    missing = [t for t in ("soffice", "pdftotext", "pdftoppm") if shutil.which(t) is None]
    if missing:
        message = (f"LibreOffice check skipped: {', '.join(missing)} not installed (apt-get install -y "
                   f"--no-install-recommends libreoffice-writer libreoffice-calc poppler-utils fonts-liberation2)")
        if _required():
            pytest.fail(message.replace("skipped", "required under CI"))
        pytest.skip(message)


def _to_pdf(document: Path, tmp_path: Path) -> tuple[Path, str]:
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(document)], capture_output=True, text=True, timeout=240)
    pdf = tmp_path / (document.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF (exit {result.returncode}): {result.stderr[-500:]}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pdf, text


def _first_page_png(pdf: Path, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ARTIFACTS / name)], check=True, timeout=60)
    png = ARTIFACTS / f"{name}.png"
    assert png.stat().st_size > 1000
    return png


def _demo_report() -> ReportFilter:
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    appraisal = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    return ReportFilter(as_of=deadlines.today(), appraisal_id=appraisal.id)


def test_docx_report_reads_back_from_libreoffice(app, tools, tmp_path):
    f = _demo_report()
    document = tmp_path / "bao-cao.docx"
    document.write_bytes(exports.build("docx", f))
    pdf, text = _to_pdf(document, tmp_path)
    assert unicodedata.is_normalized("NFC", text)
    flat = " ".join(text.split())
    for expected in ("UBND TỈNH NINH BÌNH", "UBND HUYỆN GIA VIỄN", "Số: /BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", issue_date_words("Gia Viễn", deadlines.today()), "BÁO CÁO",
                     "Kết quả khắc phục tồn tại, hạn chế sau thẩm định Chỉ số cải cách hành chính năm 2021",
                     "I. KẾT QUẢ THẨM ĐỊNH", "đạt 87,88 điểm, tăng 2,38 điểm so với năm 2020", "Nơi nhận:",
                     "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHỤ LỤC", "DANH MỤC NHIỆM VỤ KHẮC PHỤC TỒN TẠI, HẠN CHẾ"):
        assert expected in flat, expected
    # The per-agency table: total, on time, late, in time, overdue, no deadline, postponed, cancelled, rates. The
    # fanned-out task counts as its four communes' parts: Phòng Nội vụ, which supports them, leads one task.
    assert re.search(r"Phòng Nội vụ\s+1\s+0\s+0\s+1\s+0\s+0\s+0\s+0\s+0,00\s+-", text), text[:3000]
    assert re.search(r"Tổng cộng\s+7\s+1\s+1\s+2\s+3\s+0\s+0\s+0\s+28,57\s+50,00", text)
    assert "giao 7 nhiệm vụ khắc phục cho 6 cơ quan" in flat
    assert "Nguyễn Văn Thành" in flat, "the demo fills in the signer"
    assert re.search(r"UBND xã Gia Hòa\s+1\s+0\s+1\s+0\s+0\s+0\s+0\s+0\s+100,00\s+0,00", text)
    _first_page_png(pdf, "docx-report-page1")


def test_xlsx_report_reads_back_from_libreoffice(app, tools, tmp_path):
    f = _demo_report()
    book = tmp_path / "bao-cao.xlsx"
    book.write_bytes(exports.build("xlsx", f))
    pdf, text = _to_pdf(book, tmp_path)
    assert unicodedata.is_normalized("NFC", text)
    flat = " ".join(text.split())
    for expected in ("UBND HUYỆN GIA VIỄN", "BÁO CÁO KẾT QUẢ KHẮC PHỤC TỒN TẠI, HẠN CHẾ", "Tổng cộng",
                     "Đợt thẩm định: UBND huyện Gia Viễn 2021", "Chấn chỉnh việc gửi báo cáo định kỳ"):
        assert expected in flat, expected
    assert re.search(r"UBND xã Gia Vân\s+1\s+0\s+0\s+0\s+1\s+0\s+0\s+0", text)
    assert re.search(r"Tổng cộng\s+7\s+1\s+1\s+2\s+3\s+0\s+0\s+0", text)
    _first_page_png(pdf, "xlsx-report-page1")


def test_docx_plan_names_the_communes_as_leads_of_a_fanned_out_task(app, tools, tmp_path):
    from tracker.exports import docx_plan
    from tracker.services.reports import document

    _demo_report()
    appraisal = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    plan = tmp_path / "ke-hoach.docx"
    plan.write_bytes(docx_plan.render(appraisal, document.plan_rows(appraisal), document.settings(),
                                      deadlines.today()))
    pdf, text = _to_pdf(plan, tmp_path)
    flat = " ".join(text.split())
    for expected in ("KẾ HOẠCH", "Khắc phục tồn tại, hạn chế sau thẩm định Chỉ số cải cách hành chính năm 2021",
                     "Căn cứ Biên bản làm việc ngày 06/5/2022 của Tổ thẩm định xác định Chỉ số CCHC năm 2021 của tỉnh",
                     "3 đề nghị của Tổ thẩm định như sau", "Nguyễn Văn Thành"):
        assert expected in flat, expected
    # The communes lead their own parts; Phòng Nội vụ supports them.
    assert "UBND các xã, phường, thị trấn (4)" in flat
    lines = [line for line in text.splitlines() if "Gia Hòa" in line or "Gia Hưng" in line]
    assert lines, text[-3000:]
    _first_page_png(pdf, "docx-plan-page1")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "3", str(pdf), str(ARTIFACTS / "docx-plan")],
                   check=True, timeout=60)


def test_docx_report_names_a_shortcoming_that_comes_back(app, tools, tmp_path, make):
    """Issue 14: a shortcoming on a criterion that lost points last year reads as "tồn tại lặp lại"."""
    from decimal import Decimal

    from tracker.models import AppraisalStatus, Field, Finding, Framework, TaskStatus
    from tracker.services.appraisals import criteria, repeats, scoring

    admin = make.admin()
    unit = make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    office = make.agency("Văn phòng HĐND và UBND xã Gia Hưng", "VP Gia Hưng", unit=unit)
    fw = Framework(name="Bộ chỉ số cấp xã", year=2024, issuing_body="UBND tỉnh Ninh Bình")
    fw.fields.append(Field(code="LV1", name="Công tác chỉ đạo, điều hành", max_points=Decimal(10), position=1))
    db.session.add(fw)
    db.session.commit()
    reports_on_time = criteria.save_criterion(admin, fw.fields[0], None, parent=None, code="1.2",
                                              name="Báo cáo CCHC đúng hạn", max_points="6")
    appraisals = {}
    for year, score in ((2024, "4"), (2025, "3")):
        a = Appraisal(unit=unit, year=year, framework=fw, status=AppraisalStatus.FINAL, team="Tổ thẩm định tỉnh")
        db.session.add(a)
        db.session.commit()
        scoring.save_scores(admin, a, {reports_on_time.id: ("6", score)})
        a.findings.append(Finding(text=f"Báo cáo CCHC gửi chậm ({year})", criterion=reports_on_time, position=1))
        db.session.commit()
        appraisals[year] = a
    repeats.flag_repeats(appraisals[2025])
    db.session.commit()
    make.task(office, title="Chấn chỉnh gửi báo cáo đúng hạn", appraisal_id=appraisals[2025].id,
              criterion_id=reports_on_time.id, findings=[appraisals[2025].findings[0]], status=TaskStatus.IN_PROGRESS)
    f = ReportFilter(as_of=deadlines.today(), appraisal_id=appraisals[2025].id)
    document = tmp_path / "bao-cao-lap-lai.docx"
    document.write_bytes(exports.build("docx", f))
    pdf, text = _to_pdf(document, tmp_path)
    flat = " ".join(text.split())
    assert "1) Báo cáo CCHC gửi chậm (2025) — tồn tại lặp lại so với năm 2024: 1 nhiệm vụ" in flat, flat[:3000]
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", "-singlefile", str(pdf),
                    str(ARTIFACTS / "docx-report-repeated-page2")], check=True, timeout=60)


def test_docx_province_report_reads_back_from_libreoffice(app, tools, tmp_path, make):
    """The province summary report (issue 10): issued by the Sở Nội vụ, one row per unit, the units' own totals."""
    from tests import province_world
    from tracker.exports import province as province_exports
    from tracker.services.reports import province

    province_world.build(make, with_users=False)
    document = tmp_path / "bao-cao-toan-tinh.docx"
    document.write_bytes(province_exports.build("docx", province.province_report(province_world.D, "name")))
    pdf, text = _to_pdf(document, tmp_path)
    flat = " ".join(text.split())
    for expected in ("UBND TỈNH NINH BÌNH", "SỞ NỘI VỤ", "Số: /BC-SNV", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     issue_date_words("Ninh Bình", deadlines.today()), "BÁO CÁO", "Kính gửi: UBND tỉnh Ninh Bình.",
                     "Tính đến ngày 30/06/2024, 3 cơ quan, đơn vị", "II. KẾT QUẢ KHẮC PHỤC CỦA TỪNG CƠ QUAN, ĐƠN VỊ",
                     "Nơi nhận:", "GIÁM ĐỐC", "PHỤ LỤC", "của Sở Nội vụ tỉnh Ninh Bình./."):
        assert expected in flat, expected
    assert re.search(r"UBND xã Gia Hưng\s+6\s+1\s+1\s+0\s+2\s+1\s+0\s+1\s+40,00\s+50,00", text), text[:3000]
    assert re.search(r"Tổng cộng\s+9\s+2\s+1\s+2\s+2\s+1\s+0\s+1\s+37,50\s+66,67", text)
    assert "TM. ỦY BAN NHÂN DÂN" not in flat  # a director signs in their own name
    _first_page_png(pdf, "docx-province-page1")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "3", str(pdf),
                    str(ARTIFACTS / "docx-province")], check=True, timeout=60)


def test_xlsx_province_report_reads_back_from_libreoffice(app, tools, tmp_path, make):
    from tests import province_world
    from tracker.exports import province as province_exports
    from tracker.services.reports import province

    province_world.build(make, with_users=False)
    book = tmp_path / "bao-cao-toan-tinh.xlsx"
    book.write_bytes(province_exports.build("xlsx", province.province_report(province_world.D, "name")))
    pdf, text = _to_pdf(book, tmp_path)
    flat = " ".join(text.split())
    for expected in ("BÁO CÁO TỔNG HỢP KẾT QUẢ KHẮC PHỤC", "Tính đến hết ngày 30/06/2024", "Sở Khoa học và Công nghệ"):
        assert expected in flat, expected
    assert re.search(r"UBND xã Gia Hưng\s+6\s+1\s+1\s+0\s+2\s+1\s+0\s+1", text), text[:2000]
    assert re.search(r"Tổng cộng\s+9\s+2\s+1\s+2\s+2\s+1\s+0\s+1", text)
    _first_page_png(pdf, "xlsx-province-page1")
