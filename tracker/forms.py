"""The base form: Vietnamese messages for WTForms' own validators and field parsers.

WTForms ships no Vietnamese catalogue, so its built-in messages are translated
here; messages the project writes go through gettext like any other text.
"""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, validators
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import TextInput

from .inputs import fits
from .textutil import has_control_chars, nfc

_VI = {
    "This field is required.": "Vui lòng nhập trường này.",
    "Not a valid integer value.": "Vui lòng nhập một số nguyên.",
    "Not a valid decimal value.": "Vui lòng nhập một số (dùng dấu phẩy hoặc dấu chấm thập phân).",
    "Not a valid float value.": "Vui lòng nhập một số.",
    "Not a valid date value.": "Ngày không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm.",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Invalid input.": "Dữ liệu không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Không có lựa chọn nào.",
    "Field must be equal to %(other_name)s.": "Hai ô phải giống nhau.",
    "Number must be at least %(min)s.": "Giá trị phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Giá trị không được lớn hơn %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Giá trị phải trong khoảng %(min)s đến %(max)s.",
    "Field must be at least %(min)d character long.": "Phải có ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Phải có ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Phải có từ %(min)d đến %(max)d ký tự.",
    "The CSRF token is missing.": "Thiếu mã bảo vệ biểu mẫu. Vui lòng tải lại trang.",
    "The CSRF token has expired.": "Biểu mẫu đã hết hạn. Vui lòng tải lại trang.",
    "The CSRF token is invalid.": "Mã bảo vệ biểu mẫu không hợp lệ. Vui lòng tải lại trang.",
    "The CSRF tokens do not match.": "Mã bảo vệ biểu mẫu không khớp. Vui lòng tải lại trang.",
}


class _Translations:
    def gettext(self, string: str) -> str:
        return _VI.get(string, string) if str(get_locale()) == "vi" else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class BaseForm(FlaskForm):
    """Every form of the app: Vietnamese built-in messages, text normalised to NFC."""

    class Meta:
        def get_translations(self, form):
            return _Translations()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # A posted number or NUL byte the database cannot hold (inputs.py) is a field error, not a 500.
        for field in self:
            data = field.data if isinstance(field.data, list) else [field.data]
            if any(isinstance(v, int) and not isinstance(v, bool) and not fits(v) for v in data):
                field.errors = [*field.errors, _l("Giá trị quá lớn, không hợp lệ.")]
                ok = False
            elif not field.errors and any(isinstance(v, str) and "\x00" in v for v in data):
                field.errors = [*field.errors, _l("Nội dung chứa ký tự điều khiển không hợp lệ.")]
                ok = False
        return ok


class CleanText:
    """Refuse control characters; the value is normalised to NFC and trimmed by ``strip_filter``."""

    def __init__(self, message=None):
        self.message = message or _l("Nội dung chứa ký tự điều khiển không hợp lệ.")

    def __call__(self, form, field):
        if isinstance(field.data, str) and has_control_chars(field.data.replace("\r", "").replace("\n", "")):
            raise validators.ValidationError(self.message)


def strip_filter(value):
    """Trim and normalise to NFC; used as a field filter on every text field."""
    if isinstance(value, str):
        return nfc(value.strip())
    return value


def required(message=None):
    return validators.InputRequired(message=message or _l("Vui lòng nhập trường này."))


def length(max_: int, min_: int = -1):
    return validators.Length(min=min_, max=max_, message=_l("Không được dài quá %(max)d ký tự.", max=max_))


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs or a LabelledEnum class."""
    if hasattr(pairs, "choices"):
        pairs = pairs.choices()
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def attach_error(form, exc, default: str | None = None) -> None:
    """Show a service's refusal next to the field it names, else ``default``, else at the top of the form."""
    name = exc.field if exc.field and exc.field in form else default
    if name and name in form:
        form[name].errors = [*form[name].errors, str(exc)]
    else:
        form.form_errors.append(str(exc))


# dd/mm/yyyy whatever the browser's language: a native date picker shows mm/dd/yyyy under an English Chrome, and
# "06/05" must never be read as June. ISO dates (pasted, scripted) are accepted too; the first format is the one
# a saved value is shown in.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_BOX = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": 10}


def date_field(label, description=None, validators_=None) -> DateField:
    """The one date input of the app: a text box read as dd/mm/yyyy, never the browser's date picker."""
    return DateField(label, validators_ or [validators.Optional()], format=DATE_FORMATS, description=description,
                     widget=TextInput(), render_kw=dict(DATE_BOX))
