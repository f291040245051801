"""The remediation plan ("Kế hoạch khắc phục") of one appraisal, for signature, with the plan table.

Fixed Vietnamese wording, as for the report: the document follows the national format of
Nghị định 30/2020/NĐ-CP whatever language the person downloading it reads the screens in.
"""

from datetime import date

from docx.shared import Mm

from ..models import Appraisal
from ..services.reports.document import PlanRow, conclusion_citation, in_sentence, team_word
from . import docx_common as d


def render(appraisal: Appraisal, rows: list[PlanRow], settings: dict, issued_on: date) -> bytes:
    doc = d.new_document()
    d.header_blocks(doc, settings, settings["report.plan_suffix"], issued_on)
    # "năm 2021" with a no-break space: the year never stands alone on the title's last line.
    subject = f"Khắc phục tồn tại, hạn chế sau thẩm định Chỉ số cải cách hành chính năm\u00a0{appraisal.year}"
    d.title(doc, "Kế hoạch", subject)
    body = settings["report.issuing_body_name"] or appraisal.unit.name or in_sentence(settings["report.issuing_body"])
    findings, recs = len(appraisal.findings), len(appraisal.recommendations)
    d.para(doc, f"Căn cứ {conclusion_citation(appraisal)}, {body} ban hành Kế hoạch khắc phục {findings} tồn tại, "
                f"hạn chế và thực hiện {recs} đề nghị của {team_word(appraisal.team)} như sau:", indent=True)
    d.heading(doc, "I. Mục đích, yêu cầu")
    d.para(doc, "1. Khắc phục kịp thời, dứt điểm các tồn tại, hạn chế được chỉ ra qua thẩm định, góp phần nâng "
                "cao Chỉ số cải cách hành chính của địa phương.", indent=True)
    d.para(doc, "2. Phân công rõ cơ quan chủ trì, cơ quan phối hợp, thời gian hoàn thành và sản phẩm của từng "
                "nhiệm vụ; kết quả được theo dõi, cập nhật kèm minh chứng.", indent=True)
    d.heading(doc, "II. Nhiệm vụ, giải pháp khắc phục")
    d.para(doc, f"Kế hoạch gồm {len(rows)} nhiệm vụ, giải pháp; chi tiết tại Phụ lục kèm theo.", indent=True)
    d.heading(doc, "III. Tổ chức thực hiện")
    d.para(doc, "1. Các cơ quan, đơn vị được giao chủ trì triển khai thực hiện nhiệm vụ, báo cáo tiến độ và kết "
                "quả kèm minh chứng đúng thời hạn; trường hợp không thể hoàn thành đúng hạn phải đề xuất gia hạn, "
                "nêu rõ lý do.", indent=True)
    d.para(doc, "2. Các cơ quan, đơn vị phối hợp có trách nhiệm tham gia đầy đủ phần việc được giao.", indent=True)
    d.para(doc, "3. Phòng Nội vụ (cơ quan đầu mối cải cách hành chính) theo dõi, đôn đốc, tổng hợp kết quả, báo "
                "cáo Ủy ban nhân dân.", indent=True)
    d.para(doc, f"Trên đây là Kế hoạch {subject[0].lower() + subject[1:]} của {body}./.", indent=True)
    d.closing(doc, settings)
    d.landscape_section(doc)
    d.para(doc, "Phụ lục", bold=True, align=d.CENTER, after=0, caps=True)
    d.para(doc, "Nhiệm vụ, giải pháp khắc phục tồn tại, hạn chế", bold=True, align=d.CENTER, after=0, caps=True)
    d.para(doc, f"(Kèm theo Kế hoạch ngày {issued_on.strftime('%d/%m/%Y')} của {body})", italic=True,
           align=d.CENTER, after=6)
    table_rows = [(i, r.field, r.finding, r.task, r.lead, r.support, r.due, r.output)
                  for i, r in enumerate(rows, start=1)]
    d.table(doc, ["STT", "Lĩnh vực", "Tồn tại, hạn chế", "Nhiệm vụ, giải pháp", "Chủ trì", "Phối hợp",
                  "Thời gian hoàn thành", "Sản phẩm"], table_rows,
            [Mm(10), Mm(32), Mm(45), Mm(55), Mm(28), Mm(30), Mm(22), Mm(35)], size=11, numeric={0, 6})
    return d.to_bytes(doc)
