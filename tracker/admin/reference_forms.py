"""Forms of the admin's reference data: frameworks, their fields, the conclusion reader's keyword lists."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from ..forms import BaseForm, CleanText, length, options, required, strip_filter
from ..models import KeywordKind


class FrameworkForm(BaseForm):
    name = StringField(_l("Tên bộ chỉ số"), [required(_l("Vui lòng nhập tên bộ chỉ số.")), length(255), CleanText()],
                       filters=[strip_filter])
    year = IntegerField(_l("Năm áp dụng"), [required(_l("Vui lòng nhập năm áp dụng.")),
                                            NumberRange(2000, 2100, message=_l("Năm phải từ 2000 đến 2100."))])
    issuing_body = StringField(_l("Cơ quan ban hành"), [length(255), CleanText()], filters=[strip_filter])
    is_active = BooleanField(_l("Đang áp dụng (hiện khi ghi nhận đợt thẩm định mới)"), default=True)


class CopyFrameworkForm(BaseForm):
    year = IntegerField(_l("Năm của bộ chỉ số mới"), [
        required(_l("Vui lòng nhập năm.")), NumberRange(2000, 2100, message=_l("Năm phải từ 2000 đến 2100."))])


class FieldForm(BaseForm):
    code = StringField(_l("Mã lĩnh vực"), [required(_l("Vui lòng nhập mã lĩnh vực.")), length(20), CleanText()],
                       filters=[strip_filter],
                       description=_l("Ví dụ “LV3”. Từ khóa lĩnh vực gắn với mã này, dùng chung cho mọi bộ chỉ số."))
    name = TextAreaField(_l("Tên lĩnh vực"), [required(_l("Vui lòng nhập tên lĩnh vực.")), length(500), CleanText()],
                         filters=[strip_filter], render_kw={"rows": 2})
    max_points = StringField(_l("Điểm tối đa"), [required(_l("Vui lòng nhập điểm tối đa."))], filters=[strip_filter],
                             description=_l("Dùng dấu phẩy cho phần thập phân, ví dụ 14,50."),
                             render_kw={"inputmode": "decimal"})
    position = IntegerField(_l("Thứ tự"), [Optional(), NumberRange(0, 999, message=_l("Thứ tự từ 0 đến 999."))])


class KeywordForm(BaseForm):
    kind = SelectField(_l("Danh sách"), choices=lambda: options(KeywordKind))
    phrase = StringField(_l("Từ hoặc cụm từ"), [required(_l("Vui lòng nhập từ hoặc cụm từ.")), length(255),
                                                CleanText()], filters=[strip_filter])
    field_code = SelectField(_l("Lĩnh vực"), validate_choice=False)
    agency_id = SelectField(_l("Cơ quan"), coerce=int, validate_choice=False)


class TryReaderForm(BaseForm):
    text = TextAreaField(_l("Văn bản thử"), [required(_l("Vui lòng dán một đoạn kết luận để thử."))],
                         render_kw={"rows": 8})
