"""Errors services raise for users to read; views turn them into form errors or flashes."""

from flask_babel import gettext as _


class ServiceError(ValueError):
    """A refused operation, with a Vietnamese message and, when known, the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleVersion(ServiceError):
    """The object changed since the user's form was loaded (answered with HTTP 409)."""


def check_version(obj, expected: int | None) -> None:
    """Refuse to save over a newer version than the one the form was loaded with.

    ``version_id_col`` catches races inside one request; a form loaded minutes ago
    must carry its version and be compared explicitly.
    """
    if expected is not None and int(expected) != obj.version:
        raise StaleVersion(_("Người khác vừa cập nhật nhiệm vụ này (phiên bản %(now)d, biểu mẫu của bạn là phiên bản "
                             "%(old)d). Nội dung bạn nhập vẫn được giữ bên dưới; hãy xem lại tình trạng hiện tại "
                             "rồi lưu lại.", now=obj.version, old=int(expected)))
