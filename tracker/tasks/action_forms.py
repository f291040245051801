"""Forms of the task page's actions. Each carries the task's version, so a stale form is caught (409)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from ..forms import BaseForm, CleanText, date_field, length, options, required, strip_filter


def _version_is_number(form, field):
    if not str(field.data or "").isdigit():
        raise ValidationError(_l("Biểu mẫu thiếu thông tin phiên bản. Vui lòng tải lại trang."))


class TaskActionForm(BaseForm):
    """A form acting on one task, carrying the task's version when the page was loaded.

    Several of these share the page, each under its own prefix; the app-wide CSRFProtect checks
    the token of every POST, so the forms do not carry one each.
    """

    class Meta:
        csrf = False

    version = HiddenField(validators=[_version_is_number])

    @property
    def expected_version(self) -> int:
        return int(self.version.data)


def _text(label, message, max_=5000, **kwargs):
    return TextAreaField(label, [required(message), length(max_), CleanText()], filters=[strip_filter], **kwargs)


def _optional_text(label, max_=5000, **kwargs):
    return TextAreaField(label, [Optional(), length(max_), CleanText()], filters=[strip_filter], **kwargs)


def _files(label=None):
    return MultipleFileField(label or _l("Tệp minh chứng"),
                             description=_l("Có thể chọn nhiều tệp: PDF, Word, Excel, ODT, ODS, JPG, PNG."))


class ProgressForm(TaskActionForm):
    progress = IntegerField(_l("Tiến độ (%)"), [required(_l("Vui lòng nhập tiến độ.")),
                                                NumberRange(0, 100, _l("Tiến độ phải từ 0 đến 100."))])
    note = _optional_text(_l("Nội dung cập nhật"), description=_l("Ví dụ: đã rà soát 12/20 công chức."))
    files = _files()


class SubmitForm(TaskActionForm):
    note = _text(_l("Kết quả thực hiện"), _l("Vui lòng ghi kết quả thực hiện."))
    files = _files(_l("Tệp minh chứng, sản phẩm"))


class AddEvidenceForm(TaskActionForm):
    note = _optional_text(_l("Ghi chú"), description=_l("Ví dụ: bổ sung quyết định đã ký."))
    files = _files(_l("Tệp bổ sung"))


class WithdrawForm(TaskActionForm):
    note = _optional_text(_l("Lý do rút (không bắt buộc)"))


class ApproveForm(TaskActionForm):
    note = _optional_text(_l("Ý kiến (không bắt buộc)"), render_kw={"rows": 2})


class ReasonForm(TaskActionForm):
    """Return, postpone, cancel: a reason is required."""

    reason = _text(_l("Lý do"), _l("Vui lòng ghi lý do."), render_kw={"rows": 2})


class ResumeForm(TaskActionForm):
    reason = _optional_text(_l("Ghi chú (không bắt buộc)"), render_kw={"rows": 2})


class ExtensionRequestForm(TaskActionForm):
    new_date = date_field(_l("Đề nghị gia hạn đến ngày"), validators_=[required(_l("Vui lòng chọn ngày."))])
    reason = _text(_l("Lý do đề nghị gia hạn"), _l("Vui lòng ghi lý do đề nghị gia hạn."), render_kw={"rows": 3})


class ExtensionDecisionForm(TaskActionForm):
    decision = RadioField(_l("Quyết định"), choices=lambda: options([
        ("approve", _l("Đồng ý ngày đề nghị")), ("other", _l("Đồng ý, gia hạn đến ngày khác")),
        ("reject", _l("Không đồng ý"))]), default="approve")
    new_date = date_field(_l("Ngày khác"))
    note = _optional_text(_l("Ý kiến (bắt buộc khi không đồng ý)"), render_kw={"rows": 2})

    def validate(self, extra_validators=None) -> bool:
        # Optional() ends the field's own chain when empty, so "another date" without a date is checked here.
        valid = super().validate(extra_validators)
        if self.decision.data == "other" and self.new_date.data is None and not self.new_date.errors:
            self.new_date.errors.append(_l("Vui lòng chọn ngày gia hạn khác."))
            return False
        return valid


class DeadlineForm(TaskActionForm):
    new_date = date_field(_l("Thời hạn mới"), validators_=[required(_l("Vui lòng chọn ngày."))])
    reason = _text(_l("Lý do điều chỉnh"), _l("Vui lòng ghi lý do điều chỉnh thời hạn."), render_kw={"rows": 2})


class ReassignForm(TaskActionForm):
    lead_agency_id = SelectField(_l("Cơ quan chủ trì mới"), coerce=int, validate_choice=True)
    owner_id = SelectField(_l("Người phụ trách"), coerce=int, validate_choice=True)
    reason = _optional_text(_l("Lý do (không bắt buộc)"), render_kw={"rows": 2})


class DirectionForm(TaskActionForm):
    text = _text(_l("Ý kiến chỉ đạo"), _l("Vui lòng nhập ý kiến chỉ đạo."), render_kw={"rows": 3})


class AcknowledgeForm(TaskActionForm):
    pass
