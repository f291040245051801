"""Appraised units (đơn vị được đánh giá): each agency, user, appraisal and task belongs to one, or to the province.

A unit is an agency that is its own unit (``agency.unit_id == agency.id``): a commune's People's Committee, a
department (sở), or, before July 2025, a district. Its offices and sections carry its id. Agencies at the
province level (UBND tỉnh, the Sở Nội vụ as appraising body) carry none. A one-unit installation has exactly
one unit and no province roles: it shows no unit picker and no province pages (``is_province_install``).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, AgencyKind, Role, User
from .. import audit
from ..errors import ServiceError

UNIT_KINDS = (AgencyKind.COMMUNE, AgencyKind.PROVINCIAL_DEPARTMENT, AgencyKind.COMMITTEE)


def is_unit_clause():
    return Agency.unit_id == Agency.id


def units(active_only: bool = False) -> list[Agency]:
    """Every unit, by name."""
    stmt = sa.select(Agency).where(is_unit_clause()).order_by(Agency.search_name, Agency.id)
    if active_only:
        stmt = stmt.where(Agency.is_active)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class Shape:
    """How many units the installation has, and whether anyone works at the province level."""

    units: int
    province_users: int

    @property
    def province(self) -> bool:
        return self.units > 1 or self.province_users > 0


def shape() -> Shape:
    """The installation's shape, read once per request (two counts)."""
    if has_request_context() and "install_shape" in g:
        return g.install_shape
    row = db.session.execute(sa.select(
        sa.select(sa.func.count()).select_from(Agency).where(is_unit_clause()).scalar_subquery(),
        sa.select(sa.func.count()).select_from(User).where(User.role.in_(Role.province_roles()))
        .scalar_subquery())).one()
    result = Shape(units=row[0], province_users=row[1])
    if has_request_context():
        g.install_shape = result
    return result


def is_province_install() -> bool:
    """More than one unit, or someone at the province level: the unit picker and province pages show."""
    return shape().province


def only_unit() -> Agency | None:
    """The unit of a one-unit installation (None when there are none or several)."""
    found = db.session.scalars(sa.select(Agency).where(is_unit_clause()).limit(2)).all()
    return found[0] if len(found) == 1 else None


def unit_for_new_agency(parent: Agency | None, unit: Agency | None, *, make_unit: bool) -> Agency | None:
    """Where a new agency belongs: the unit asked for, else its parent's, else the one unit there is.

    Returns None for an agency that is to be a unit itself (the caller points it at itself once it has an id)
    or that sits at the province level.
    """
    if make_unit:
        return None
    if unit is not None:
        return unit
    if parent is not None:
        return parent.unit if parent.unit_id != parent.id else parent
    return only_unit()


def place_in_unit(agency: Agency, unit: Agency | None, *, make_unit: bool) -> None:
    """Point ``agency`` at its unit (itself, for a unit); ``unit`` None with ``make_unit`` false: province level."""
    if make_unit:
        db.session.flush()
        agency.unit_id = agency.id
    else:
        agency.unit = unit


def default_unit_for_user(role: Role, agency: Agency | None) -> Agency | None:
    """The agency a new leader or coordinator works in when none is named: the one unit there is.

    With several units the unit must be named (a unit-level leader or coordinator belongs to the unit itself).
    """
    if agency is not None or role not in Role.unit_roles():
        return agency
    unit = only_unit()
    if unit is None:
        raise ServiceError(_("Vui lòng chọn đơn vị (hoặc cơ quan) mà lãnh đạo, đầu mối CCHC làm việc."),
                           field="agency_id")
    return unit


def set_account_delegation(unit: Agency, allowed: bool, actor: User) -> None:
    """Let (or stop letting) the unit's coordinator manage the accounts of that unit only."""
    if not unit.is_unit:
        raise ServiceError(_("“%(a)s” không phải đơn vị được đánh giá.", a=unit.name))
    if unit.coordinator_manages_accounts == allowed:
        return
    unit.coordinator_manages_accounts = allowed
    audit.record("unit_delegation", "agency", unit.id, {"coordinator_manages_accounts": allowed}, actor=actor)
