"""The official report "Báo cáo kết quả khắc phục tồn tại, hạn chế sau thẩm định Chỉ số CCHC năm …".

The wording is fixed Vietnamese on purpose: an administrative document follows the national format of
Nghị định 30/2020/NĐ-CP whatever language the person downloading it reads the screens in.
"""

from babel.numbers import format_decimal
from docx.shared import Mm

from ..services.reports.counting import Counts
from ..services.reports.document import OfficialReport, team_word
from . import docx_common as d

# "năm 2021" with a no-break space: the year never stands alone on the title's last line.
SUBJECT = "Kết quả khắc phục tồn tại, hạn chế sau thẩm định Chỉ số cải cách hành chính năm\u00a0{years}"
STATUS_WORDS = {"done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành quá hạn",
                "open_in_time": "Đang thực hiện, trong hạn", "open_overdue": "Chưa hoàn thành, quá hạn",
                "postponed": "Tạm hoãn", "cancelled": "Hủy", "no_deadline": "Đang thực hiện, không thời hạn"}


def vn(value, digits: int = 2) -> str:
    """87,88 — Vietnamese decimals, whatever the user's language."""
    if value is None:
        return "-"
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0", locale="vi")


def day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def without_agency(title: str, agency: str) -> str:
    """A commune's part is titled "… — UBND xã Gia Hưng"; where the agency stands beside it, it is not said twice."""
    suffix = f" — {agency}"
    return title[:-len(suffix)] if agency and title.endswith(suffix) and len(title) > len(suffix) else title


def counts_sentence(c: Counts) -> str:
    return (f"đã hoàn thành {c.done} nhiệm vụ (đúng hạn {c.done_on_time}, quá hạn {c.done_late}); "
            f"chưa hoàn thành {c.unfinished} nhiệm vụ (trong hạn {c.open_in_time}, quá hạn {c.open_overdue}, "
            f"không thời hạn {c.no_deadline}); tạm hoãn {c.postponed}; hủy {c.cancelled}")


def render(r: OfficialReport) -> bytes:
    doc = d.new_document()
    s = r.settings
    d.header_blocks(doc, s, s["report.number_suffix"], r.issued_on)
    subject = SUBJECT.format(years=r.years)
    d.title(doc, "Báo cáo", subject)
    _section_one(doc, r)
    _section_two(doc, r)
    _section_three(doc, r)
    _section_four(doc, r)
    d.para(doc, f"Trên đây là báo cáo {subject[0].lower() + subject[1:]} của {r.body_name}./.", indent=True)
    d.closing(doc, s)
    _appendix(doc, r)
    return d.to_bytes(doc)


def _section_one(doc, r: OfficialReport) -> None:
    d.heading(doc, "I. Kết quả thẩm định Chỉ số cải cách hành chính")
    if not r.appraisals:
        d.para(doc, "Các nhiệm vụ trong báo cáo không gắn với đợt thẩm định nào.", indent=True)
    for a in r.appraisals:
        ap = a.appraisal
        when = f"Ngày {day(ap.appraised_on)}, " if ap.appraised_on else ""
        team, body = ap.team or "Tổ thẩm định", team_word(ap.team)
        score = f"đạt {vn(ap.total_score)} điểm" if ap.total_score is not None else "chưa có điểm thẩm định"
        if a.change is not None:
            trend = "tăng" if a.change.delta >= 0 else "giảm"
            score += f", {trend} {vn(abs(a.change.delta))} điểm so với năm {a.change.year}"
        d.para(doc, f"{when}{team} đã làm việc, thẩm định kết quả tự đánh giá của {ap.unit.name}. Chỉ số cải "
                    f"cách hành chính năm {ap.year} của {ap.unit.name} {score}. {body} chỉ ra "
                    f"{a.findings} tồn tại, hạn chế và {a.recommendations} đề nghị cần khắc phục.", indent=True)
    if len(r.appraisals) == 1 and r.appraisals[0].scores:
        rows = [(i, s.field.name, vn(s.field.max_points), vn(s.score), vn(s.lost))
                for i, s in enumerate(r.appraisals[0].scores, start=1)]
        ap = r.appraisals[0].appraisal
        rows.append(("", "Tổng cộng", vn(ap.framework.max_total), vn(ap.total_score),
                     vn(ap.framework.max_total - ap.total_score) if ap.total_score is not None else "-"))
        d.table(doc, ["STT", "Lĩnh vực", "Điểm tối đa", "Điểm thẩm định", "Điểm bị trừ"], rows,
                [Mm(12), Mm(95), Mm(19), Mm(20), Mm(19)], numeric={0, 2, 3, 4}, bold_last=True)
        d.para(doc, after=0)


def _section_two(doc, r: OfficialReport) -> None:
    t = r.report.totals
    d.heading(doc, "II. Kết quả khắc phục tồn tại, hạn chế")
    d.para(doc, "1. Kết quả chung", bold=True, indent=True)
    rate = f" (tỷ lệ hoàn thành {vn(t.completion_rate)}%)" if t.completion_rate is not None else ""
    d.para(doc, f"Tính đến ngày {day(r.filters.as_of)}, {r.body_name} đã giao {t.total} nhiệm vụ khắc phục "
                f"cho {len(r.report.rows)} cơ quan, đơn vị chủ trì thực hiện; {counts_sentence(t)}{rate}. "
                f"Kết quả của từng cơ quan, đơn vị như sau:", indent=True)
    headers = ["STT", "Cơ quan, đơn vị", "Tổng số", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn",
               "Không thời hạn", "Tạm hoãn", "Hủy", "Tỷ lệ hoàn thành (%)", "Tỷ lệ đúng hạn (%)"]
    rows = [(i, row.agency_name, *_numbers(row.counts)) for i, row in enumerate(r.report.rows, start=1)]
    rows.append(("", "Tổng cộng", *_numbers(t)))
    widths = [Mm(w) for w in (9, 34, 11, 11, 11, 12, 11, 14, 12, 10, 15, 15)]  # 165 mm, the text width
    d.table(doc, headers, rows, widths, size=10,
            numeric=set(range(2, 12)) | {0}, bold_last=True,
            groups=(("Đã hoàn thành", 3, 2), ("Chưa hoàn thành", 5, 3)))
    d.para(doc, "Ghi chú: tỷ lệ hoàn thành = số đã hoàn thành ÷ (tổng số − số hủy) × 100; tỷ lệ đúng hạn = số "
                "hoàn thành đúng hạn ÷ số đã hoàn thành × 100.", size=12, italic=True, before=3, indent=True)
    d.para(doc, "2. Kết quả khắc phục từng tồn tại, hạn chế", bold=True, indent=True)
    if not r.findings:
        d.para(doc, "Các nhiệm vụ trong báo cáo chưa được gắn với tồn tại, hạn chế cụ thể.", indent=True)
    for i, f in enumerate(r.findings, start=1):
        field = f" (lĩnh vực {f.field})" if f.field else ""
        again = ""
        if f.repeat_year is not None:
            again = (f" — tồn tại lặp lại so với năm {f.repeat_year}" if f.repeat_year else
                     " — tồn tại lặp lại so với đợt thẩm định trước")
        d.para(doc, f"{i}) {f.text}{field}{again}: {f.counts.total} nhiệm vụ; {counts_sentence(f.counts)}.",
               indent=True)


def _numbers(c: Counts) -> list:
    return [c.total, c.done_on_time, c.done_late, c.open_in_time, c.open_overdue, c.no_deadline, c.postponed,
            c.cancelled, vn(c.completion_rate), vn(c.on_time_rate)]


def _section_three(doc, r: OfficialReport) -> None:
    t = r.report.totals
    d.heading(doc, "III. Những tồn tại, hạn chế chưa được khắc phục và nguyên nhân")
    if not t.unfinished and not t.postponed:
        d.para(doc, "Các nhiệm vụ khắc phục đã được hoàn thành hoặc dừng theo chỉ đạo.", indent=True)
        return
    d.para(doc, f"Còn {t.unfinished} nhiệm vụ chưa hoàn thành, trong đó {t.open_overdue} nhiệm vụ đã quá hạn; "
                f"{t.postponed} nhiệm vụ đang tạm hoãn theo chỉ đạo. Danh mục đầy đủ tại Phụ lục kèm theo.",
           indent=True)
    if r.remaining:
        shown = "Các" if len(r.remaining) == t.open_overdue else f"{len(r.remaining)}"
        d.para(doc, f"{shown} nhiệm vụ quá hạn lâu nhất và nguyên nhân theo báo cáo của đơn vị chủ trì:",
               indent=True)
    for item in r.remaining:
        reason = item.note or "đơn vị chưa báo cáo tiến độ và nguyên nhân"
        title = without_agency(item.title, item.agency)
        d.para(doc, f"- {title} ({item.agency}; thời hạn {day(item.deadline)}, quá hạn {item.days_late} ngày): "
                    f"{reason}.", indent=True)


def _section_four(doc, r: OfficialReport) -> None:
    d.heading(doc, "IV. Đề xuất, kiến nghị")
    late = sorted((row for row in r.report.rows if row.counts.open_overdue), key=lambda row: -row.counts.open_overdue)
    if late:
        names = "; ".join(f"{row.agency_name} ({row.counts.open_overdue} nhiệm vụ)" for row in late[:10])
        more = f" và {len(late) - 10} cơ quan, đơn vị khác" if len(late) > 10 else ""
        d.para(doc, f"1. Đề nghị các cơ quan, đơn vị còn nhiệm vụ quá hạn: {names}{more} khẩn trương hoàn "
                    "thành, báo cáo kết quả kèm minh chứng; trường hợp không thể hoàn thành phải nêu rõ lý do và "
                    "đề xuất gia hạn.", indent=True)
    else:
        d.para(doc, "1. Đề nghị các cơ quan, đơn vị duy trì kết quả đã đạt, hoàn thành các nhiệm vụ còn lại "
                    "đúng thời hạn.", indent=True)
    d.para(doc, "2. Các cơ quan, đơn vị chủ trì cập nhật tiến độ, minh chứng thường xuyên; cơ quan phối hợp "
                "tham gia đầy đủ phần việc được giao.", indent=True)
    d.para(doc, f"3. Kính đề nghị {r.parent_name} ghi nhận kết quả khắc phục của {r.body_name}.", indent=True)


def _appendix(doc, r: OfficialReport) -> None:
    d.landscape_section(doc)
    d.para(doc, "Phụ lục", bold=True, align=d.CENTER, after=0, caps=True)
    d.para(doc, "Danh mục nhiệm vụ khắc phục tồn tại, hạn chế", bold=True, align=d.CENTER, after=0, caps=True)
    number = r.settings["report.number"] or "\u00a0" * 6
    d.para(doc, f"(Kèm theo Báo cáo số {number}/{r.settings['report.number_suffix']} ngày {day(r.issued_on)} "
                f"của {r.body_name}; tình trạng tính đến ngày {day(r.filters.as_of)})", italic=True,
           align=d.CENTER, after=6)
    rows = [(i, without_agency(line.title, line.lead_agency), line.finding, line.lead_agency, line.supporting,
             day(line.deadline), day(line.completed_on), STATUS_WORDS[line.category])
            for i, line in enumerate(r.lines, start=1)]
    d.table(doc, ["STT", "Nhiệm vụ", "Tồn tại, hạn chế", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn",
                  "Ngày hoàn thành", "Tình trạng"], rows,
            [Mm(10), Mm(68), Mm(48), Mm(32), Mm(30), Mm(22), Mm(22), Mm(25)], size=11, numeric={0, 5, 6})
