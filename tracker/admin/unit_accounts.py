"""A unit's accounts, managed by its coordinator when the admin allows it: officers and coordinators of that unit's
agencies only. Who may touch which account is decided in permissions.py; these views only ask."""

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..forms import options
from ..models import Agency, Role, User
from ..permissions import (
    account_manager_required,
    get_managed_account_or_404,
    grantable_roles,
    managed_unit,
    may_place_account,
)
from . import account_actions
from .forms import ActionForm, UserForm

bp = Blueprint("unit_accounts", __name__)
PER_PAGE = 50


def _unit() -> Agency:
    return db.session.get(Agency, managed_unit(current_user))


@bp.get("/")
@account_manager_required
def index():
    unit_id = managed_unit(current_user)
    q = request.args.get("q", "").strip()
    stmt = (sa.select(User).join(Agency, User.agency_id == Agency.id).where(Agency.unit_id == unit_id)
            .options(sa.orm.selectinload(User.agency)).order_by(User.active.desc(), User.username))
    if q:
        stmt = stmt.where(sa.or_(User.username.contains(q.lower(), autoescape=True), User.full_name.ilike(f"%{q}%")))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    return render_template("admin/unit_accounts.html", page=page, q=q, unit=_unit(), action_form=ActionForm())


@bp.route("/them", methods=["GET", "POST"])
@account_manager_required
def new():
    return _account_form(None)


@bp.route("/<int:user_id>/sua", methods=["GET", "POST"])
@account_manager_required
def edit(user_id: int):
    return _account_form(get_managed_account_or_404(user_id))


def _account_form(user: User | None):
    unit = _unit()
    form = UserForm(obj=user)
    form.role.choices = options([(r.value, r.label) for r in grantable_roles(current_user)])
    agencies = db.session.execute(sa.select(Agency.id, Agency.name).where(Agency.unit_id == unit.id, Agency.is_active)
                                  .order_by(Agency.id != unit.id, Agency.name)).all()
    form.agency_id.choices = options(agencies)
    if user:
        del form.password
        del form.username
        if request.method == "GET":
            form.role.data, form.agency_id.data = user.role.value, user.agency_id
    if form.validate_on_submit():
        role, agency = Role(form.role.data), db.session.get(Agency, form.agency_id.data)
        if not may_place_account(current_user, role, agency):
            abort(403)  # the choices offered allow nothing else: this is a crafted request
        saved = account_actions.save(form, user, role, agency, url_for("unit_accounts.index"),
                                     _("Bạn không thể tự đổi vai trò của mình."))
        if saved:
            return saved
    return render_template("admin/user_form.html", form=form, user=user, back_url=url_for("unit_accounts.index"),
                           unit=unit)


@bp.post("/<int:user_id>/trang-thai")
@account_manager_required
def toggle(user_id: int):
    return account_actions.toggle_active(get_managed_account_or_404(user_id), url_for("unit_accounts.index"))


@bp.post("/<int:user_id>/cap-lai-mat-khau")
@account_manager_required
def reset_password(user_id: int):
    return account_actions.reset_password(get_managed_account_or_404(user_id), url_for("unit_accounts.index"))
