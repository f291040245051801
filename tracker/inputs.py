"""Input the database cannot hold stops at the door: numbers past its integer range and NUL bytes.

PostgreSQL's ``integer`` ends at 2^31-1 and its text cannot hold NUL; SQLite's integers end at 2^63-1.
Without these checks such input reached a query and came back as a 500 with an ERROR log line; now a path
id (or a NUL in the path) answers 404, a query number or a NUL byte in the query 400 with a message, and a
form field says what is wrong (forms.BaseForm).
"""

from flask import Flask, Request, abort, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

INT_MAX = 2**31 - 1


def fits(value: int) -> bool:
    return -INT_MAX - 1 <= value <= INT_MAX


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` in every route: a larger number matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=INT_MAX, signed=False):  # noqa: A002 (Werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _too_large():
    largest = f"{INT_MAX:,}".replace(",", ".")  # Vietnamese thousands separator
    abort(400, description=_("Địa chỉ có một con số quá lớn (lớn nhất là %(n)s). Vui lòng kiểm tra lại đường dẫn.",
                             n=largest))


class BoundedArgs(ImmutableMultiDict):
    """``request.args.get(name, type=int)`` refuses a number the database could not compare with."""

    def get(self, key, default=None, type=None):  # noqa: A002 (Werkzeug's names)
        value = super().get(key, default, type)
        if type is int and isinstance(value, int) and not fits(value):
            _too_large()
        return value

    def getlist(self, key, type=None):  # noqa: A002
        values = super().getlist(key, type)
        if type is int and not all(fits(v) for v in values):
            _too_large()
        return values


class BoundedRequest(Request):
    parameter_storage_class = BoundedArgs


def _refuse_nul() -> None:
    # Posted forms say it next to the field instead (forms.BaseForm), where the user can fix it.
    if "\x00" in request.path:
        abort(404)  # no address of this site has one
    if any("\x00" in value for value in request.args.values()):
        abort(400, description=_("Dữ liệu gửi lên có ký tự NUL (mã 0), không dùng được. "
                                 "Vui lòng gõ lại nội dung rồi gửi."))


def register(app: Flask) -> None:
    """Call before the blueprints are registered: routes compile with the converters present then."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = BoundedRequest
    app.before_request(_refuse_nul)
