from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, Optional

from ..forms import BaseForm, CleanText, length, options, required, strip_filter
from ..models import AgencyKind, Role


class AgencyForm(BaseForm):
    name = StringField(_l("Tên cơ quan, đơn vị"), [required(_l("Vui lòng nhập tên cơ quan.")), length(255),
                                                   CleanText()], filters=[strip_filter])
    short_name = StringField(_l("Tên viết tắt"), [required(_l("Vui lòng nhập tên viết tắt.")), length(64),
                                                  CleanText()], filters=[strip_filter],
                             description=_l("Dùng trong bảng biểu và khi nhập dữ liệu, ví dụ “Phòng NV”."))
    kind = SelectField(_l("Loại"), choices=lambda: options(AgencyKind))
    parent_id = SelectField(_l("Cơ quan cấp trên"), coerce=int, validate_choice=True)
    unit_id = SelectField(_l("Thuộc đơn vị"), coerce=int, validate_choice=True,
                          description=_l("Người dùng của cơ quan thuộc đơn vị này. Khi có cơ quan cấp trên, cơ quan "
                                         "thuộc đơn vị của cơ quan cấp trên."))
    submit = SubmitField(_l("Lưu"))


class UnitForm(BaseForm):
    name = StringField(_l("Tên đơn vị"), [required(_l("Vui lòng nhập tên đơn vị.")), length(255), CleanText()],
                       filters=[strip_filter], description=_l("Ví dụ “UBND xã Gia Hưng”, “Sở Khoa học và Công nghệ”."))
    short_name = StringField(_l("Tên viết tắt"), [required(_l("Vui lòng nhập tên viết tắt.")), length(64),
                                                  CleanText()], filters=[strip_filter])
    kind = SelectField(_l("Cấp đơn vị"))
    place = StringField(_l("Địa danh ghi trên văn bản"), [length(64), CleanText()], filters=[strip_filter],
                        description=_l("Ví dụ “Gia Hưng” trong “Gia Hưng, ngày … tháng … năm …”."))
    signer_name = StringField(_l("Người ký báo cáo của đơn vị"), [length(255), CleanText()], filters=[strip_filter])
    delegate_accounts = BooleanField(_l("Đầu mối CCHC của đơn vị được quản lý tài khoản của đơn vị"),
                                     description=_l("Thêm, sửa, khóa tài khoản cán bộ, đầu mối của các cơ quan "
                                                    "thuộc đơn vị này; không được cấp vai trò lãnh đạo."))
    submit = SubmitField(_l("Lưu"))


class UnitImportForm(BaseForm):
    file = FileField(_l("Tệp CSV (UTF-8)"))
    submit = SubmitField(_l("Xem trước"))


class UserForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), [required(_l("Vui lòng nhập tên đăng nhập.")), length(64)],
                           filters=[strip_filter, lambda v: v.lower() if isinstance(v, str) else v],
                           description=_l("Chữ thường không dấu, chữ số và . _ -"))
    full_name = StringField(_l("Họ và tên"), [required(_l("Vui lòng nhập họ và tên.")), length(255), CleanText()],
                            filters=[strip_filter])
    email = EmailField(_l("Thư điện tử"), [Optional(), Email(message=_l("Địa chỉ thư điện tử không hợp lệ.")),
                                           length(255)], filters=[strip_filter])
    role = SelectField(_l("Vai trò"), choices=lambda: options(Role))
    agency_id = SelectField(_l("Cơ quan, đơn vị"), coerce=int, validate_choice=True)
    password = PasswordField(_l("Mật khẩu ban đầu"), [Optional(), length(1024)],
                             description=_l("Để trống để hệ thống tạo mật khẩu ngẫu nhiên, hiển thị một lần."))
    submit = SubmitField(_l("Lưu"))


class ImportForm(BaseForm):
    kind = SelectField(_l("Loại dữ liệu"), choices=lambda: options([("agencies", _l("Cơ quan, đơn vị")),
                                                                     ("users", _l("Người dùng"))]))
    file = FileField(_l("Tệp CSV (UTF-8)"))
    content = HiddenField()
    submit = SubmitField(_l("Xem trước"))


class ConfirmImportForm(BaseForm):
    kind = HiddenField()
    content = TextAreaField()
    submit = SubmitField(_l("Nhập dữ liệu"))


class ActionForm(BaseForm):
    """A bare form: CSRF token only, for one-button actions."""

    submit = SubmitField(_l("Xác nhận"))
