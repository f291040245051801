"""Forms of the framework's criteria tree and of its XLSX import."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from ..forms import BaseForm, CleanText, length, required, strip_filter


class CriterionForm(BaseForm):
    code = StringField(_l("Mã tiêu chí"), [required(_l("Vui lòng nhập mã tiêu chí.")), length(20), CleanText()],
                       filters=[strip_filter],
                       description=_l("Ví dụ “1.2” cho tiêu chí, “1.2.3” cho tiêu chí thành phần."))
    name = TextAreaField(_l("Tên tiêu chí"), [required(_l("Vui lòng nhập tên tiêu chí.")), length(1000), CleanText()],
                         filters=[strip_filter], render_kw={"rows": 2})
    max_points = StringField(_l("Điểm tối đa"), [required(_l("Vui lòng nhập điểm tối đa."))], filters=[strip_filter],
                             description=_l("Dùng dấu phẩy cho phần thập phân, ví dụ 0,50."),
                             render_kw={"inputmode": "decimal"})
    note = TextAreaField(_l("Cách chấm điểm (không bắt buộc)"), [length(5000), CleanText()], filters=[strip_filter],
                         render_kw={"rows": 3})
    position = IntegerField(_l("Thứ tự"), [Optional(), NumberRange(0, 9999, message=_l("Thứ tự từ 0 đến 9999."))])


class FrameworkImportForm(BaseForm):
    name = StringField(_l("Tên bộ chỉ số"), [required(_l("Vui lòng nhập tên bộ chỉ số.")), length(255), CleanText()],
                       filters=[strip_filter])
    year = IntegerField(_l("Năm áp dụng"), [required(_l("Vui lòng nhập năm áp dụng.")),
                                            NumberRange(2000, 2100, message=_l("Năm phải từ 2000 đến 2100."))])
    issuing_body = StringField(_l("Cơ quan ban hành"), [length(255), CleanText()], filters=[strip_filter])
    file = FileField(_l("Tệp Excel (.xlsx)"), render_kw={"accept": ".xlsx"})
    # The previewed file travels with the confirmation (no server-side state: any host may answer).
    content = HiddenField()
