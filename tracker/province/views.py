"""The province follow-up page, the province report as of a day, and its XLSX, CSV, JSON and DOCX."""

import io
from datetime import date

from flask import abort, render_template, request, send_file
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from .. import exports
from ..exports import province as province_exports
from ..forms import BaseForm, date_field
from ..permissions import province_required
from ..services import deadlines
from ..services.reports import province
from . import bp


class DayForm(BaseForm):
    """The report day (plain GET, bookmarkable); today when none or a bad one is asked for."""

    class Meta:
        csrf = False

    as_of = date_field(_l("Tính đến hết ngày"))

    def validate_as_of(self, field):
        if field.data and field.data > deadlines.today():
            raise ValidationError(_l("Ngày báo cáo không được sau hôm nay; báo cáo tính đến hôm nay."))


def _day() -> tuple[DayForm, date]:
    form = DayForm(request.args)
    valid = form.validate()
    day = form.as_of.data if valid and form.as_of.data else deadlines.today()
    form.as_of.data = day
    if valid:
        form.as_of.raw_data = None  # shown as dd/mm/yyyy, however the link spelled it
    return form, day


def _order() -> tuple[str, str]:
    sort = request.args.get("sort", "overdue")
    sort = sort if sort in province.SORTS else "overdue"
    direction = request.args.get("dir")
    return sort, direction if direction in ("asc", "desc") else province.SORTS[sort]


@bp.get("/")
@province_required
def index():
    """Every unit today: ranked by overdue tasks (or by a rate), its score and shortcomings; the fields."""
    sort, direction = _order()
    report = province.province_report(deadlines.today(), sort, direction)
    return render_template("province/index.html", report=report, sort=sort, direction=direction,
                           default_dir=province.SORTS)


@bp.get("/bao-cao")
@province_required
def report():
    """The province report as of a day: one row per unit in the standard columns."""
    form, day = _day()
    sort, direction = _order()
    data = province.province_report(day, sort, direction)
    args = {"as_of": day.isoformat()} if day != deadlines.today() else {}
    return render_template("province/report.html", form=form, report=data, args=args, sort=sort,
                           direction=direction, default_dir=province.SORTS)


@bp.get("/bao-cao/xuat")
@province_required
def export():
    """XLSX, CSV or JSON of the province report as of a day (``format=``)."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("xlsx", "csv", "json"):
        abort(404)
    _form, day = _day()
    return _send(fmt, day, province_exports.build(fmt, province.province_report(day, "name")))


@bp.get("/bao-cao.docx")
@province_required
def docx():
    """The province summary report in the Nghị định 30/2020 layout, issued as the admin set."""
    _form, day = _day()
    return _send("docx", day, province_exports.build("docx", province.province_report(day, "name")))


def _send(fmt: str, day: date, data: bytes):
    return send_file(io.BytesIO(data), mimetype=exports.MIMETYPES[fmt], as_attachment=True,
                     download_name=f"bao-cao-toan-tinh_{day.isoformat()}.{fmt}")
