from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, Optional

from ..forms import BaseForm, length, options, required, strip_filter


class LoginForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), [required(_l("Vui lòng nhập tên đăng nhập.")), length(64)],
                           filters=[strip_filter], render_kw={"autocomplete": "username", "autofocus": True})
    # Long passphrases are allowed; the hash sees the whole of it (no silent truncation).
    password = PasswordField(_l("Mật khẩu"), [required(_l("Vui lòng nhập mật khẩu.")), length(1024)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Ghi nhớ đăng nhập trên máy này (7 ngày)"))
    submit = SubmitField(_l("Đăng nhập"))


class ChangePasswordForm(BaseForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), [required(_l("Vui lòng nhập mật khẩu hiện tại."))],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("Mật khẩu mới"), [required(_l("Vui lòng nhập mật khẩu mới.")), length(1024)],
                        description=_l("Ít nhất 8 ký tự; nên dùng cụm từ dài từ 15 ký tự. "
                                       "Không bắt buộc chữ hoa hay ký tự đặc biệt."),
                        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"),
                            [required(_l("Vui lòng nhập lại mật khẩu mới.")),
                             EqualTo("new", message=_l("Hai lần nhập mật khẩu mới không giống nhau."))],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Đổi mật khẩu"))


class ProfileForm(BaseForm):
    email = EmailField(_l("Thư điện tử"), [Optional(), Email(message=_l("Địa chỉ thư điện tử không hợp lệ.")),
                                           length(255)], filters=[strip_filter])
    locale = SelectField(_l("Ngôn ngữ giao diện"), choices=options([("vi", "Tiếng Việt"), ("en", "English")]))
    submit = SubmitField(_l("Lưu"))


class InvitationForm(BaseForm):
    """The owner of a new account chooses its password through the one-time link."""

    password = PasswordField(_l("Mật khẩu"), [required(_l("Vui lòng nhập mật khẩu.")), length(1024)],
                             description=_l("Ít nhất 8 ký tự; nên dùng cụm từ dài từ 15 ký tự. "
                                            "Không bắt buộc chữ hoa hay ký tự đặc biệt."),
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Nhập lại mật khẩu"),
                            [required(_l("Vui lòng nhập lại mật khẩu.")),
                             EqualTo("password", message=_l("Hai lần nhập mật khẩu không giống nhau."))],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Đặt mật khẩu"))
