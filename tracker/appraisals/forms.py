"""Forms of the appraisal pages; per-field scores and review items are read by the services from the raw form."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from ..forms import BaseForm, CleanText, date_field, length, options, required, strip_filter
from ..models import AppraisalStatus, FanoutTarget
from ..services.appraisals.items import MAX_RECOMMENDATION_TEXT, MAX_TEXT


class AppraisalForm(BaseForm):
    unit_id = SelectField(_l("Đơn vị được thẩm định"), coerce=int)
    year = IntegerField(_l("Năm đánh giá"), [required(_l("Vui lòng nhập năm đánh giá.")),
                                             NumberRange(2000, 2100, message=_l("Năm không hợp lệ."))])
    framework_id = SelectField(_l("Bộ chỉ số"), coerce=int)
    team = StringField(_l("Tổ thẩm định / Đoàn kiểm tra"), [length(255), CleanText()], filters=[strip_filter])
    team_head = StringField(_l("Tổ trưởng"), [length(255), CleanText()], filters=[strip_filter])
    appraised_on = date_field(_l("Ngày thẩm định"))
    conclusion_number = StringField(_l("Số, ký hiệu văn bản kết luận"), [length(64), CleanText()],
                                    filters=[strip_filter])
    conclusion_date = date_field(_l("Ngày văn bản kết luận"))
    status = SelectField(_l("Tình trạng kết quả"), choices=lambda: options(AppraisalStatus))
    # The framework the score inputs were drawn for; when the select changes, the page redraws them first.
    drawn_framework = HiddenField()


class ConclusionForm(BaseForm):
    text = TextAreaField(_l("Dán văn bản kết luận"), [Optional()], render_kw={"rows": 14})
    file = FileField(_l("hoặc chọn tệp .txt, .docx"))


class CsrfForm(BaseForm):
    """The CSRF check of pages whose fields are read by hand (review, task plan)."""



class FindingForm(BaseForm):
    """Correcting a saved shortcoming; the field is checked by the service, which names what is wrong."""

    text = TextAreaField(_l("Nội dung"), [required(_l("Vui lòng nhập nội dung.")), length(MAX_TEXT), CleanText()],
                         filters=[strip_filter], render_kw={"rows": 6})
    field_id = SelectField(_l("Lĩnh vực"), coerce=int, validate_choice=False)
    criterion_id = SelectField(_l("Tiêu chí bị trừ điểm"), coerce=int, validate_choice=False)
    # The values the page was loaded with: saving over a change made meanwhile is refused (409).
    original_text = HiddenField()
    original_field_id = HiddenField()


class RecommendationForm(FindingForm):
    text = TextAreaField(_l("Nội dung"), [required(_l("Vui lòng nhập nội dung.")), length(MAX_RECOMMENDATION_TEXT),
                                          CleanText()], filters=[strip_filter], render_kw={"rows": 4})
    agency_id = SelectField(_l("Cơ quan chủ trì (gợi ý)"), coerce=int, validate_choice=False)
    due_date = date_field(_l("Thời hạn (gợi ý)"), _l("Thời hạn kết luận nêu; nhiệm vụ dự thảo lập từ đề nghị nhận thời "
                                                    "hạn này."))
    fanout = SelectField(_l("Giao cho nhiều đơn vị cùng lúc (gợi ý)"), validate_choice=False,
                         choices=lambda: options([("", _l("— Không: một cơ quan chủ trì —")), *FanoutTarget.choices()]))
    original_agency_id = HiddenField()
    original_due_date = HiddenField()
    original_fanout = HiddenField()
