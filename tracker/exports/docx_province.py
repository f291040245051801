"""The province summary report ("Báo cáo tổng hợp kết quả khắc phục … của các cơ quan, đơn vị"), issued by the
Sở Nội vụ or the UBND tỉnh as the admin set (``services.reports.province_document``).

Fixed Vietnamese wording in the Nghị định 30/2020/NĐ-CP layout, as the unit's own report (``docx_report``): the
same header, table and closing blocks; one row per unit with that unit's own report totals.
"""

from datetime import date

from docx.shared import Mm

from ..services import deadlines
from ..services.reports.province import ProvinceReport
from . import docx_common as d
from .docx_report import _numbers, counts_sentence, day, vn

SUBJECT = ("Tổng hợp kết quả khắc phục tồn tại, hạn chế sau thẩm định Chỉ số cải cách hành chính của các cơ quan, "
           "đơn vị")
NAMED = 10  # units named in the recommendations; the table lists them all


def render(r: ProvinceReport, s: dict, issued_on: date | None = None) -> bytes:
    doc = d.new_document()
    d.header_blocks(doc, s, s["report.number_suffix"], issued_on or deadlines.today())
    d.title(doc, "Báo cáo", SUBJECT)
    d.para(doc, f"Kính gửi: {s['addressee']}.", align=d.CENTER, after=12)
    _general(doc, r, s)
    _units_table(doc, r)
    _fields(doc, r)
    _proposals(doc, r, s)
    d.para(doc, f"Trên đây là báo cáo {SUBJECT[0].lower() + SUBJECT[1:]} của {s['body_name']}./.", indent=True)
    d.closing(doc, s)
    _appendix(doc, r, s, issued_on or deadlines.today())
    return d.to_bytes(doc)


def _general(doc, r: ProvinceReport, s: dict) -> None:
    t = r.totals
    d.heading(doc, "I. Tình hình chung")
    rate = f" (tỷ lệ hoàn thành {vn(t.completion_rate)}%)" if t.completion_rate is not None else ""
    d.para(doc, f"Tính đến ngày {day(r.as_of)}, {len(r.rows)} cơ quan, đơn vị được đánh giá Chỉ số cải cách hành "
                f"chính đã giao {t.total} nhiệm vụ khắc phục tồn tại, hạn chế; {counts_sentence(t)}{rate}.",
           indent=True)
    late = r.units_with_overdue
    d.para(doc, f"Có {late} cơ quan, đơn vị còn nhiệm vụ quá hạn. Trong số {r.findings} tồn tại, hạn chế được chỉ "
                f"ra qua lần thẩm định gần nhất của các cơ quan, đơn vị, {r.remedied} tồn tại, hạn chế đã được khắc "
                f"phục xong (mọi nhiệm vụ khắc phục tồn tại đó đã hoàn thành).", indent=True)


def _units_table(doc, r: ProvinceReport) -> None:
    d.heading(doc, "II. Kết quả khắc phục của từng cơ quan, đơn vị")
    headers = ["STT", "Cơ quan, đơn vị", "Tổng số", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn",
               "Không thời hạn", "Tạm hoãn", "Hủy", "Tỷ lệ hoàn thành (%)", "Tỷ lệ đúng hạn (%)"]
    rows = [(i, row.name, *_numbers(row.counts)) for i, row in enumerate(r.rows, start=1)]
    rows.append(("", "Tổng cộng", *_numbers(r.totals)))
    widths = [Mm(w) for w in (9, 34, 11, 11, 11, 12, 11, 14, 12, 10, 15, 15)]
    d.table(doc, headers, rows, widths, size=10, numeric=set(range(2, 12)) | {0}, bold_last=True,
            groups=(("Đã hoàn thành", 3, 2), ("Chưa hoàn thành", 5, 3)))
    d.para(doc, "Ghi chú: số liệu của mỗi cơ quan, đơn vị là dòng tổng cộng trong báo cáo của chính cơ quan, đơn vị "
                "đó; tỷ lệ hoàn thành = số đã hoàn thành ÷ (tổng số − số hủy) × 100; tỷ lệ đúng hạn = số hoàn thành "
                "đúng hạn ÷ số đã hoàn thành × 100. Điểm Chỉ số và tồn tại của từng đơn vị tại Phụ lục.",
           size=12, italic=True, before=3, indent=True)


def _fields(doc, r: ProvinceReport) -> None:
    d.heading(doc, "III. Tồn tại, hạn chế chưa khắc phục theo lĩnh vực")
    open_fields = [f for f in r.fields if f.open]
    if not open_fields:
        d.para(doc, "Các tồn tại, hạn chế được chỉ ra đã được khắc phục xong.", indent=True)
        return
    for f in open_fields:
        name = f"Lĩnh vực “{f.name}”" if f.name else "Các tồn tại chưa gắn lĩnh vực"
        d.para(doc, f"- {name}: còn {f.open}/{f.findings} tồn tại, hạn chế chưa khắc phục, tại {f.units_open} cơ "
                    "quan, đơn vị.", indent=True)


def _proposals(doc, r: ProvinceReport, s: dict) -> None:
    d.heading(doc, "IV. Đề xuất, kiến nghị")
    late = sorted((row for row in r.rows if row.counts.open_overdue),
                  key=lambda row: (-row.counts.open_overdue, row.name))
    if late:
        names = "; ".join(f"{row.name} ({row.counts.open_overdue} nhiệm vụ)" for row in late[:NAMED])
        more = f" và {len(late) - NAMED} cơ quan, đơn vị khác" if len(late) > NAMED else ""
        d.para(doc, f"1. Đề nghị các cơ quan, đơn vị còn nhiệm vụ quá hạn: {names}{more} khẩn trương hoàn thành, "
                    "báo cáo kết quả kèm minh chứng trước kỳ thẩm định tiếp theo.", indent=True)
    else:
        d.para(doc, "1. Đề nghị các cơ quan, đơn vị duy trì kết quả đã đạt, hoàn thành các nhiệm vụ còn lại đúng "
                    "thời hạn.", indent=True)
    d.para(doc, "2. Người đứng đầu các cơ quan, đơn vị chỉ đạo cập nhật tiến độ, minh chứng thường xuyên trên hệ "
                "thống theo dõi; tập trung khắc phục dứt điểm các tồn tại, hạn chế lặp lại.", indent=True)
    d.para(doc, f"3. Kính đề nghị {s['addressee']} xem xét, chỉ đạo.", indent=True)


def _appendix(doc, r: ProvinceReport, s: dict, issued_on: date) -> None:
    d.landscape_section(doc)
    d.para(doc, "Phụ lục", bold=True, align=d.CENTER, after=0, caps=True)
    d.para(doc, "Điểm Chỉ số cải cách hành chính và kết quả khắc phục tồn tại của từng cơ quan, đơn vị", bold=True,
           align=d.CENTER, after=0, caps=True)
    number = s["report.number"] or "\u00a0" * 6
    d.para(doc, f"(Kèm theo Báo cáo số {number}/{s['report.number_suffix']} ngày {day(issued_on)} của "
                f"{s['body_name']}; số liệu tính đến ngày {day(r.as_of)})", italic=True, align=d.CENTER, after=6)
    rows = []
    for i, row in enumerate(r.rows, start=1):
        change = "" if row.change is None else f"{'+' if row.change >= 0 else '−'}{vn(abs(row.change))}"
        rows.append((i, row.name, row.year or "", vn(row.score) if row.score is not None else "", change,
                     row.findings, row.remedied, row.counts.total, row.counts.open_overdue,
                     vn(row.completion_rate), vn(row.on_time_rate)))
    d.table(doc, ["STT", "Cơ quan, đơn vị", "Năm thẩm định", "Điểm Chỉ số", "Tăng, giảm so với lần trước",
                  "Tổng số tồn tại", "Đã khắc phục", "Tổng số nhiệm vụ", "Quá hạn", "Tỷ lệ hoàn thành (%)",
                  "Tỷ lệ đúng hạn (%)"], rows,
            [Mm(w) for w in (11, 70, 19, 19, 24, 19, 19, 19, 17, 20, 20)], size=11, numeric=set(range(2, 11)) | {0})
