"""Error pages in Vietnamese for browsers, JSON for API callers; a clean 503 when the database is away."""

import logging

from flask import Flask, current_app, g, jsonify, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db

log = logging.getLogger("tracker.errors")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Yêu cầu không hợp lệ"), _("Dữ liệu gửi lên không hợp lệ. Vui lòng tải lại trang và thử lại.")),
        403: (_("Không có quyền truy cập"), _("Tài khoản của bạn không được phép thực hiện thao tác này.")),
        404: (_("Không tìm thấy"), _("Trang hoặc dữ liệu bạn tìm không tồn tại, hoặc bạn không có quyền xem.")),
        405: (_("Thao tác không được hỗ trợ"), _("Địa chỉ này không nhận thao tác đó.")),
        409: (_("Dữ liệu đã thay đổi"), _("Người khác vừa cập nhật dữ liệu này. Vui lòng xem lại rồi thử lại.")),
        413: (_("Tệp quá lớn"), _("Tệp hoặc dữ liệu gửi lên vượt quá giới hạn cho phép.")),
        429: (_("Quá nhiều yêu cầu"), _("Bạn đã thử quá nhiều lần. Vui lòng đợi một lúc rồi thử lại.")),
        500: (_("Lỗi hệ thống"), _("Đã có lỗi xảy ra. Thao tác chưa được lưu. Vui lòng thử lại sau.")),
        503: (_("Hệ thống tạm gián đoạn"),
              _("Không kết nối được cơ sở dữ liệu. Thao tác chưa được lưu; vui lòng thử lại sau ít phút.")),
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


def render_error(code: int, detail: str | None = None):
    from .api.auth import is_api_request

    if is_api_request():
        from .api.problems import problem

        return problem(code, detail)
    title, message = _messages().get(code, (str(code), ""))
    if code == 413:
        limit = request.max_content_length or 0
        message = _("Tệp gửi lên vượt quá giới hạn %(mb)d MB. Vui lòng chọn tệp nhỏ hơn.", mb=limit // (1024 * 1024))
    if wants_json():
        return jsonify(error={"code": code, "title": title, "message": detail or message}), code
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


RETRY_AFTER_SECONDS = 30


def service_unavailable():
    """The 503 page, made without the database: no user is loaded, the language comes from the cookie."""
    # The user could not be loaded; anything that asks again (templates, the language) must not try.
    g._login_user = AnonymousUserMixin()
    locale = session.get("locale") if session.get("locale") in current_app.config["LANGUAGES"] else "vi"
    with force_locale(locale):
        title, message = _messages()[503]
        if wants_json():
            response = jsonify(error={"code": 503, "title": title, "message": message})
        else:
            response = current_app.make_response(render_template(
                "errors/unavailable.html", title=title, message=message, locale=locale,
                retry_after=RETRY_AFTER_SECONDS, request_id=getattr(g, "request_id", None)))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.warning("CSRF refused: %s %s (%s)", request.method, request.path, error.description)
        return render_error(400, _("Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. "
                                   "Vui lòng tải lại trang và gửi lại."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in (403, 404) and request.endpoint:
            log.info("refused %s %s -> %s", request.method, request.path, error.code)
        if error.code is None or error.code < 400:
            return error
        from .api.auth import is_api_request

        if is_api_request():
            from .api.problems import from_http_exception

            return from_http_exception(error)
        # A limit with its own message (the login limit) and our own aborts (inputs.py) say what happened;
        # Werkzeug's English default descriptions do not.
        limit = getattr(error, "limit", None)
        own = bool(limit.error_message) if limit is not None else error.description != type(error).description
        return render_error(error.code, error.description if own else None)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_away(error):
        log.error("database error: %s", error.__class__.__name__)
        try:
            db.session.rollback()
        except DBAPIError:
            pass  # the connection is gone; the pool throws it away
        if getattr(error, "connection_invalidated", False) or isinstance(error, OperationalError):
            return service_unavailable()
        return render_error(500)

    @app.errorhandler(Exception)
    def unexpected(error):
        if app.testing and not app.config.get("TEST_RENDER_500"):
            raise error  # let the test show the traceback
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
