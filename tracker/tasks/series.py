"""Recurring tasks (nhiệm vụ định kỳ): the unit's series, a new one, one series with its occurrences, stopping."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from ..confirm import unconfirmed
from ..extensions import db
from ..forms import attach_error, date_field, options
from ..models import Agency, Priority, Recurrence, TaskSeries, User
from ..permissions import assigner_required, get_series_or_404, unit_of
from ..services.errors import ServiceError
from ..services.tasks import recurring
from . import bp
from .task_form import TaskForm, agency_choices, owner_choices


class SeriesForm(TaskForm):
    """The task form without what a series does not have (a single deadline, a draft's start date)."""

    start_date = None
    due_date = None
    criterion_id = None
    field_id = None
    recurrence = SelectField(_l("Chu kỳ"), choices=lambda: options(Recurrence))
    due_day = IntegerField(_l("Đến hạn vào ngày"), [NumberRange(1, 31, message=_l("Ngày từ 1 đến 31."))],
                           description=_l("Ngày trong tháng (hằng quý: của tháng cuối quý)."))
    due_month = IntegerField(_l("Tháng (hằng năm)"), [Optional(), NumberRange(1, 12, message=_l("Tháng từ 1 đến 12."))])
    starts_on = date_field(_l("Bắt đầu từ ngày"))
    until = date_field(_l("Đến ngày (không bắt buộc)"), _l("Để trống: lặp lại cho đến khi dừng."))


@bp.get("/dinh-ky")
@assigner_required
def series_list():
    rows = db.session.scalars(db.select(TaskSeries).where(TaskSeries.unit_id == unit_of(current_user))
                              .order_by(TaskSeries.stopped_at.is_not(None), TaskSeries.title)).all()
    return render_template("tasks/series_list.html", rows=rows)


@bp.route("/dinh-ky/them", methods=["GET", "POST"])
@assigner_required
def series_new():
    form = SeriesForm()
    unit_id = unit_of(current_user)
    form.lead_agency_id.choices = agency_choices(_("— Chọn cơ quan —"), unit_id=unit_id)
    form.supporting_ids.choices = agency_choices(unit_id=unit_id, supporting=True)
    form.owner_id.choices = owner_choices(unit_id=unit_id)
    status = 200
    if form.validate_on_submit():
        data = recurring.SeriesInput(
            title=form.title.data, lead_agency=db.session.get(Agency, form.lead_agency_id.data or 0),
            recurrence=Recurrence(form.recurrence.data), due_day=form.due_day.data, due_month=form.due_month.data,
            starts_on=form.starts_on.data, until=form.until.data, expected_output=form.expected_output.data or "",
            description=form.description.data or "",
            supporting_agencies=tuple(a for a in (db.session.get(Agency, i) for i in form.supporting_ids.data or [])
                                      if a),
            owner=db.session.get(User, form.owner_id.data) if form.owner_id.data else None,
            priority=Priority(form.priority.data), evidence_required=bool(form.evidence_required.data))
        try:
            series = recurring.create_series(current_user, data)
        except ServiceError as exc:
            db.session.rollback()
            attach_error(form, exc, "title")
            status = 422
        else:
            db.session.commit()
            flash(_("Đã lập nhiệm vụ định kỳ; mỗi kỳ hệ thống tự giao một nhiệm vụ khi kỳ bắt đầu."), "success")
            return redirect(url_for("tasks.series_detail", series_id=series.id))
    elif form.is_submitted():
        status = 422
    return render_template("tasks/series_form.html", form=form), status


@bp.get("/dinh-ky/<int:series_id>")
@assigner_required
def series_detail(series_id: int):
    series = get_series_or_404(series_id)
    return render_template("tasks/series_detail.html", series=series, tasks=recurring.occurrences(series),
                           period_label=recurring.period_label)


@bp.post("/dinh-ky/<int:series_id>/dung")
@assigner_required
def series_stop(series_id: int):
    series = get_series_or_404(series_id)
    back = url_for("tasks.series_detail", series_id=series.id)
    ask = unconfirmed(_("Dừng nhiệm vụ định kỳ “%(t)s”? Các nhiệm vụ đã giao vẫn giữ nguyên; không giao thêm kỳ nào "
                        "nữa.", t=series.title), _("Dừng lặp lại"), back)
    if ask:
        return ask
    try:
        recurring.stop_series(current_user, series)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return redirect(back)
    db.session.commit()
    flash(_("Đã dừng nhiệm vụ định kỳ."), "success")
    return redirect(back)
