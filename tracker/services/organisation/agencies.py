"""Agencies: create, rename, deactivate. Nothing is ever deleted."""

from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, AgencyKind, User
from ...textutil import nfc
from .. import audit
from . import units
from .accounts import AccountError, name_problem


class AgencyError(AccountError):
    """A refused change to an agency."""


def _check(name: str, short_name: str, parent: Agency | None, current: Agency | None) -> None:
    for problem in (name_problem(name, _("tên cơ quan")), name_problem(short_name, _("tên viết tắt"), 64)):
        if problem:
            raise AgencyError(problem)
    clash = db.session.execute(
        db.select(Agency).where(
            ((Agency.name == name) | (Agency.short_name == short_name))
            & (Agency.id != (current.id if current and current.id else -1))
        )
    ).scalars().first()
    if clash is not None:
        raise AgencyError(_("Đã có cơ quan “%(a)s” trùng tên hoặc tên viết tắt.", a=clash.name))
    ancestor = parent
    while ancestor is not None:
        if current is not None and ancestor.id == current.id:
            raise AgencyError(_("Cơ quan cấp trên không được là chính nó hoặc đơn vị trực thuộc nó."))
        ancestor = ancestor.parent


def create_agency(
    *, name: str, short_name: str, kind: AgencyKind, parent: Agency | None = None, actor: User | None = None,
    unit: Agency | None = None, make_unit: bool = False, place: str = "",
) -> Agency:
    """Add an agency after checking names are present, sane and unique.

    It belongs to ``unit``, else to its parent's unit, else to the one unit of a one-unit installation; with
    ``make_unit`` it is a unit of its own. The first agency of an empty installation becomes its unit.
    """
    name, short_name = nfc(name.strip()), nfc(short_name.strip())
    _check(name, short_name, parent, None)
    if not make_unit and unit is None and parent is None and not units.units():
        make_unit = True
    home = units.unit_for_new_agency(parent, unit, make_unit=make_unit)
    agency = Agency(name=name, short_name=short_name, kind=kind, parent=parent, is_active=True,
                    place=nfc(place.strip())[:64])
    db.session.add(agency)
    units.place_in_unit(agency, home, make_unit=make_unit)
    db.session.flush()
    audit.record("agency_created", "agency", agency.id,
                 {"name": name, "short_name": short_name, "kind": kind.value,
                  "unit": agency.unit.name if agency.unit else None}, actor=actor)
    return agency


def update_agency(
    agency: Agency, *, name: str, short_name: str, kind: AgencyKind, parent: Agency | None, actor: User | None
) -> None:
    """Rename or re-parent an agency; tasks keep the name they were assigned under."""
    name, short_name = nfc(name.strip()), nfc(short_name.strip())
    _check(name, short_name, parent, agency)
    before = {"name": agency.name, "short_name": agency.short_name, "kind": agency.kind.value,
              "parent": agency.parent.short_name if agency.parent else None}
    agency.name, agency.short_name, agency.kind, agency.parent = name, short_name, kind, parent
    after = {"name": name, "short_name": short_name, "kind": kind.value,
             "parent": parent.short_name if parent else None}
    changes = audit.diff(before, after)
    if changes:
        audit.record("agency_updated", "agency", agency.id, changes, actor=actor)


def set_agency_active(agency: Agency, active: bool, actor: User | None) -> None:
    """Deactivate or reactivate; a deactivated agency gets no new tasks or users."""
    if agency.is_active == active:
        return
    agency.is_active = active
    audit.record("agency_enabled" if active else "agency_disabled", "agency", agency.id, actor=actor)
