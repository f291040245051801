from datetime import UTC, datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import unconfirmed
from ..extensions import db
from ..forms import options
from ..models import Agency, AgencyKind, AuditEvent, Role, User
from ..permissions import admin_required
from ..services.organisation import agencies, units
from ..textutil import fold
from . import account_actions, bp
from .forms import ActionForm, AgencyForm, UserForm

PER_PAGE = 50


def _agency_choices(blank: str, exclude: Agency | None = None):
    rows = db.session.execute(
        sa.select(Agency.id, Agency.name).where(Agency.is_active).order_by(Agency.name)
    ).all()
    return options([(0, blank)] + [(i, n) for i, n in rows if exclude is None or i != exclude.id])


def _agency_or_none(agency_id: int) -> Agency | None:
    return db.session.get(Agency, agency_id) if agency_id else None


@bp.get("/")
@admin_required
def index():
    counts = {
        "agencies": db.session.scalar(sa.select(sa.func.count()).select_from(Agency).where(Agency.is_active)),
        "users": db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.active)),
    }
    # Accounts someone keeps failing to sign in to (login_throttle.py): the admin should know and may call the owner.
    under_attack = db.session.scalars(sa.select(User).where(User.locked_until > datetime.now(UTC))
                                      .order_by(User.username)).all()
    return render_template("admin/index.html", counts=counts, under_attack=under_attack)


# Agencies -----------------------------------------------------------------------------------------


@bp.get("/co-quan")
@admin_required
def agency_list():
    q = request.args.get("q", "").strip()
    show = request.args.get("show", "active")
    stmt = sa.select(Agency).options(sa.orm.selectinload(Agency.parent), sa.orm.selectinload(Agency.unit)) \
        .order_by(Agency.kind, Agency.name)
    if q:
        stmt = stmt.where(Agency.search_name.contains(fold(q), autoescape=True))
    if show == "active":
        stmt = stmt.where(Agency.is_active)
    elif show == "inactive":
        stmt = stmt.where(~Agency.is_active)
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    return render_template("admin/agencies.html", page=page, q=q, show=show, action_form=ActionForm())


@bp.route("/co-quan/them", methods=["GET", "POST"])
@bp.route("/co-quan/<int:agency_id>/sua", methods=["GET", "POST"])
@admin_required
def agency_edit(agency_id: int | None = None):
    agency = db.get_or_404(Agency, agency_id) if agency_id else None
    form = AgencyForm(obj=agency)
    form.parent_id.choices = _agency_choices(_("— Không có —"), exclude=agency)
    if agency is None and units.is_province_install():
        # Where a new agency works; an agency keeps its unit afterwards, as its tasks and users do.
        form.unit_id.choices = options([(0, _("— Cấp tỉnh, hoặc theo cơ quan cấp trên —"))]
                                       + [(u.id, u.name) for u in units.units(active_only=True)])
    else:
        del form.unit_id
    if request.method == "GET" and agency:
        form.kind.data = agency.kind.value
        form.parent_id.data = agency.parent_id or 0
    if form.validate_on_submit():
        args = dict(name=form.name.data, short_name=form.short_name.data, kind=AgencyKind(form.kind.data),
                    parent=_agency_or_none(form.parent_id.data), actor=current_user)
        try:
            if agency:
                agencies.update_agency(agency, **args)
            else:
                unit = _agency_or_none(form.unit_id.data) if "unit_id" in form else None
                agency = agencies.create_agency(**args, unit=unit)
        except agencies.AgencyError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã lưu cơ quan “%(a)s”.", a=agency.name), "success")
            return redirect(url_for("admin.agency_list"))
    return render_template("admin/agency_form.html", form=form, agency=agency)


@bp.post("/co-quan/<int:agency_id>/trang-thai")
@admin_required
def agency_toggle(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    question = (_("Mở lại cơ quan “%(a)s”?") if not agency.is_active else
                _("Ngừng hoạt động cơ quan “%(a)s”? Cơ quan sẽ không được giao việc mới; dữ liệu cũ được giữ nguyên."))
    ask = unconfirmed(question % {"a": agency.name}, _("Xác nhận"), url_for("admin.agency_list"))
    if ask:
        return ask
    agencies.set_agency_active(agency, not agency.is_active, current_user)
    db.session.commit()
    msg = _("Đã mở lại cơ quan “%(a)s”.") if agency.is_active else _("Đã ngừng hoạt động cơ quan “%(a)s”.")
    flash(msg % {"a": agency.name}, "success")
    return redirect(url_for("admin.agency_list"))


# Users --------------------------------------------------------------------------------------------


@bp.get("/nguoi-dung")
@admin_required
def user_list():
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    stmt = (sa.select(User).options(sa.orm.selectinload(User.agency).selectinload(Agency.unit))
            .order_by(User.active.desc(), User.username))
    if q:
        stmt = stmt.where(sa.or_(User.username.contains(q.lower(), autoescape=True),
                                 User.full_name.ilike(f"%{q}%")))
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(role))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, q=q, role=role, action_form=ActionForm())


@bp.route("/nguoi-dung/them", methods=["GET", "POST"])
@bp.route("/nguoi-dung/<int:user_id>/sua", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int | None = None):
    user = db.get_or_404(User, user_id) if user_id else None
    form = UserForm(obj=user)
    form.agency_id.choices = _agency_choices(_("— Không thuộc cơ quan nào —"))
    # Province roles appear once there is a province: several units (a one-unit installation shows none).
    province = units.is_province_install() or (user is not None and user.role in Role.province_roles())
    form.role.choices = options([(r.value, r.label) for r in Role if province or r not in Role.province_roles()])
    if user:
        # The username is the login and the audit trail's key: it never changes.
        del form.password
        del form.username
        if request.method == "GET":
            form.role.data = user.role.value
            form.agency_id.data = user.agency_id or 0
    if form.validate_on_submit():
        agency = _agency_or_none(form.agency_id.data)
        role = Role(form.role.data)
        saved = account_actions.save(form, user, role, agency, url_for("admin.user_list"),
                                     _("Bạn không thể tự bỏ vai trò quản trị của mình."))
        if saved:
            return saved
    return render_template("admin/user_form.html", form=form, user=user)


@bp.post("/nguoi-dung/<int:user_id>/trang-thai")
@admin_required
def user_toggle(user_id: int):
    return account_actions.toggle_active(db.get_or_404(User, user_id), url_for("admin.user_list"))


@bp.post("/nguoi-dung/<int:user_id>/cap-lai-mat-khau")
@admin_required
def user_reset_password(user_id: int):
    return account_actions.reset_password(db.get_or_404(User, user_id), url_for("admin.user_list"))


# Activity log -------------------------------------------------------------------------------------


@bp.get("/nhat-ky")
@admin_required
def audit_log():
    action = request.args.get("action", "").strip()
    entity = request.args.get("entity", "").strip()
    actor = request.args.get("actor", "").strip()
    stmt = sa.select(AuditEvent).options(sa.orm.selectinload(AuditEvent.actor)).order_by(AuditEvent.id.desc())
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if entity:
        stmt = stmt.where(AuditEvent.entity == entity)
    if actor:
        stmt = stmt.join(User, AuditEvent.actor_id == User.id).where(User.username == actor.lower())
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    actions = db.session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    entities = db.session.scalars(sa.select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)).all()
    return render_template("admin/audit.html", page=page, actions=actions, entities=entities,
                           action=action, entity=entity, actor=actor)
