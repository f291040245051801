"""Calendar feeds: a person's deadlines (and, for those who follow units, one agency's) at a private address.

The feed is fetched by calendar programs, which carry no session: the key in the address says whose feed it is.
A wrong, revoked or forged key answers 404, as any address that does not exist.
"""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..confirm import unconfirmed
from ..extensions import db, limiter
from ..models import Agency
from ..permissions import agencies_of_scope, follows_units
from ..services.tasks import calendar
from . import bp

# Calendar programs poll every few hours; a guesser is held back long before a key could be found.
FEED_LIMIT = "60 per minute"


def _feed(key: str, agency_id: int | None) -> Response:
    user = calendar.user_for_key(key)
    if user is None:
        abort(404)
    agency = None
    if agency_id is not None:
        agency = db.session.get(Agency, agency_id)
        if agency is None or not calendar.may_follow_agency(user, agency):
            abort(404)
    with force_locale(user.locale or "vi"):
        if agency is not None:
            name = _("Thời hạn nhiệm vụ — %(agency)s", agency=agency.name)
        else:
            name = _("Thời hạn nhiệm vụ — %(name)s", name=user.display_name)
        body = calendar.build_feed(
            calendar.feed_tasks(user, agency), name=name, host=request.host.split(":")[0],
            task_url=lambda task: url_for("tasks.detail", task_id=task.id, _external=True))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = "inline; filename=thoi-han.ics"
    # The address is the secret: keep the body out of shared caches, and the address out of Referer headers.
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def links(user) -> dict:
    """The addresses the profile page shows: the user's own feed, and each agency's for those who follow units."""
    key = calendar.feed_key(user)
    if key is None:
        return {"own": None, "agencies": []}
    agencies = []
    if follows_units(user):
        agencies = [(agency, url_for("tasks.agency_calendar_feed", key=key, agency_id=agency.id, _external=True))
                    for agency in db.session.scalars(db.select(Agency).where(Agency.is_active, agencies_of_scope(user))
                                                     .order_by(Agency.name))
                    if calendar.may_follow_agency(user, agency)]
    return {"own": url_for("tasks.calendar_feed", key=key, _external=True), "agencies": agencies}


@bp.get("/lich/<key>.ics")
@limiter.limit(FEED_LIMIT)
def calendar_feed(key: str):
    return _feed(key, None)


@bp.get("/lich/<key>/co-quan/<int:agency_id>.ics")
@limiter.limit(FEED_LIMIT)
def agency_calendar_feed(key: str, agency_id: int):
    return _feed(key, agency_id)


@bp.post("/lich/tao")
@login_required
def calendar_key_new():
    """A new feed address for the user; an existing one stops working, after the user confirms."""
    back = url_for("auth.profile") + "#lich"
    renewing = current_user.calendar_selector is not None
    if renewing:
        ask = unconfirmed(_("Tạo địa chỉ lịch mới? Lịch đã đăng ký bằng địa chỉ cũ sẽ không nhận thêm thời hạn nào; "
                            "bạn cần đăng ký lại bằng địa chỉ mới."), _("Tạo địa chỉ mới"), back)
        if ask:
            return ask
    calendar.renew_key(current_user)
    db.session.commit()
    flash(_("Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được.") if renewing
          else _("Đã tạo địa chỉ lịch. Sao chép địa chỉ vào chương trình lịch của bạn."), "success")
    return redirect(back)


@bp.post("/lich/tat")
@login_required
def calendar_key_off():
    back = url_for("auth.profile") + "#lich"
    ask = unconfirmed(_("Tắt địa chỉ lịch? Lịch đã đăng ký sẽ không nhận thêm thời hạn nào."), _("Tắt địa chỉ lịch"),
                      back)
    if ask:
        return ask
    if current_user.calendar_selector is not None:
        calendar.revoke_key(current_user)
        db.session.commit()
    flash(_("Đã tắt địa chỉ lịch."), "success")
    return redirect(back)
