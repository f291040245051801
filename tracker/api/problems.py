"""Errors of the API as ``application/problem+json`` (RFC 9457): a title, a status, a ``detail`` in the
caller's language (Vietnamese unless their account chose English) and, when one field caused it, that ``field``.
"""

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from ..services.errors import ServiceError

MEDIA_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("Yêu cầu không hợp lệ"), 401: _("Chưa xác thực"), 403: _("Không có quyền truy cập"),
        404: _("Không tìm thấy"), 405: _("Thao tác không được hỗ trợ"), 406: _("Định dạng không được hỗ trợ"),
        409: _("Dữ liệu đã thay đổi"), 412: _("Phiên bản đã cũ"), 413: _("Tệp quá lớn"),
        415: _("Kiểu nội dung không được hỗ trợ"), 422: _("Dữ liệu không hợp lệ"), 428: _("Thiếu điều kiện phiên bản"),
        429: _("Quá nhiều yêu cầu"), 500: _("Lỗi hệ thống"), 503: _("Hệ thống tạm gián đoạn"),
    }


def _details() -> dict[int, str]:
    return {
        400: _("Yêu cầu gửi lên không hợp lệ."),
        401: _("Cần mã truy cập hợp lệ trong tiêu đề Authorization: Bearer <mã>. Mã có thể đã hết hạn hoặc bị thu "
               "hồi."),
        403: _("Tài khoản hoặc mã truy cập này không được phép thực hiện thao tác này."),
        404: _("Không tìm thấy dữ liệu, hoặc bạn không có quyền xem."),
        405: _("Địa chỉ này không nhận phương thức đó."),
        406: _("API chỉ trả lời bằng JSON."),
        413: _("Tệp hoặc dữ liệu gửi lên vượt quá giới hạn cho phép."),
        415: _("Kiểu nội dung gửi lên không được hỗ trợ ở địa chỉ này."),
        422: _("Dữ liệu gửi lên không hợp lệ."),
        429: _("Quá nhiều yêu cầu với mã truy cập này. Vui lòng đợi một lúc rồi thử lại."),
        500: _("Đã có lỗi xảy ra. Thao tác chưa được lưu. Vui lòng thử lại sau."),
        503: _("Không kết nối được cơ sở dữ liệu. Thao tác chưa được lưu; vui lòng thử lại sau ít phút."),
    }


# marshmallow's and webargs' own messages, in words our users read.
def _field_messages() -> dict[str, str]:
    return {
        "Missing data for required field.": _("thiếu trường bắt buộc"),
        "Not a valid integer.": _("không phải số nguyên"),
        "Not a valid date.": _("không phải ngày hợp lệ (dạng YYYY-MM-DD)"),
        "Not a valid string.": _("không phải chuỗi ký tự"),
        "Not a valid boolean.": _("không phải giá trị đúng/sai"),
        "Unknown field.": _("trường không được hỗ trợ"),
        "Field may not be null.": _("không được để trống (null)"),
        "Invalid input type.": _("sai kiểu dữ liệu"),
        "Invalid input.": _("giá trị không hợp lệ"),
        "Not a valid list.": _("không phải danh sách"),
    }


def _flatten(messages, path=()) -> list[tuple[str, str]]:
    """webargs' nested ``{location: {field: [message, ...]}}`` as (field, message) pairs."""
    if isinstance(messages, dict):
        pairs = []
        for key, value in messages.items():
            nested = path if key in ("json", "query", "form", "files", "headers", "path") and not path else (
                *path, str(key))
            pairs += _flatten(value, nested)
        return pairs
    if isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            return [(".".join(path), m) for m in messages]
        pairs = []
        for item in messages:
            pairs += _flatten(item, path)
        return pairs
    return [(".".join(path), str(messages))]


def _words(message: str) -> str:
    known = _field_messages()
    if message in known:
        return known[message]
    if message.startswith("Must be one of"):
        return _("phải là một trong các giá trị: %(v)s", v=message.split(":", 1)[-1].strip(" ."))
    if message.startswith("Must be greater than or equal to") or message.startswith("Must be less than or equal"):
        return _("nằm ngoài khoảng cho phép (%(m)s)", m=message)
    if message.startswith("Length must be") or message.startswith("Shorter than") or message.startswith("Longer"):
        return _("độ dài không hợp lệ (%(m)s)", m=message)
    return message


def problem(status: int, detail: str | None = None, *, field: str | None = None, errors=None, headers=None):
    body = {"type": "about:blank", "title": _titles().get(status, str(status)), "status": status,
            "detail": detail or _details().get(status, ""), "instance": request.path}
    if field:
        body["field"] = field
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_http_exception(error: HTTPException):
    """Any HTTP error raised on an API path; webargs' 422 carries the fields at fault."""
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages:
        pairs = [(field, _words(message)) for field, message in _flatten(messages)]
        errors = [{"field": f, "detail": m} for f, m in pairs]
        field, first = pairs[0]
        detail = _("Trường “%(field)s”: %(message)s.", field=field, message=first) if field else first
        return problem(code if code != 400 else 422, detail, field=field or None, errors=errors)
    detail = getattr(error, "api_detail", None)
    headers = dict(error.get_headers()) if code in (405, 429) else None
    if headers:
        headers.pop("Content-Type", None)
    return problem(code, detail, field=getattr(error, "api_field", None), headers=headers)


def from_service_error(exc: ServiceError, status: int = 422):
    return problem(status, str(exc), field=exc.field)


class ApiAbort(HTTPException):
    """An HTTP error with our own detail and field, answered as a problem."""

    def __init__(self, code: int, detail: str | None = None, field: str | None = None):
        super().__init__(description=detail)
        self.code = code
        self.api_detail = detail
        self.api_field = field


def api_abort(code: int, detail: str | None = None, field: str | None = None):
    raise ApiAbort(code, detail, field)
