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
    if unit is not None and parent is not None and (parent.unit_id or -1) != unit.id:
        raise AgencyError(_("Cơ quan cấp trên “%(p)s” không thuộc đơn vị “%(u)s”.", p=parent.name, u=unit.name))
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
                  # Not ``agency.unit``: loading a unit's relation to itself makes the next flush a cycle.
                  "unit": name if make_unit else (home.name if home else None)}, actor=actor)
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


def save_unit(
    unit: Agency | None, *, name: str, short_name: str, kind: AgencyKind, place: str, signer_name: str,
    delegate_accounts: bool, actor: User | None,
) -> Agency:
    """Create an appraised unit, or change one: its names, the place and signer of its documents, and whether
    its coordinator manages the unit's accounts."""
    if kind not in units.UNIT_KINDS:
        raise AgencyError(_("Đơn vị được đánh giá phải là UBND xã, phường, đặc khu hoặc sở, ban, ngành."))
    if unit is None:
        unit = create_agency(name=name, short_name=short_name, kind=kind, actor=actor, make_unit=True, place=place)
    else:
        update_agency(unit, name=name, short_name=short_name, kind=kind, parent=unit.parent, actor=actor)
    place, signer_name = nfc(place.strip())[:64], nfc(signer_name.strip())[:255]
    changes = audit.diff({"place": unit.place, "signer_name": unit.signer_name},
                         {"place": place, "signer_name": signer_name})
    unit.place, unit.signer_name = place, signer_name
    if changes:
        audit.record("unit_updated", "agency", unit.id, changes, actor=actor)
    units.set_account_delegation(unit, delegate_accounts, actor)
    return unit
