"""Importing up to 5,000 accounts within one request: checked against a few bulk queries, inserted in bulk.

Each new account gets a one-time invitation link instead of a generated password (invitations.py): hashing
a password per row at full cost is what made a 100-row file outlive the worker. The checks are the ones
``accounts.create_user`` makes for a single account; the preview runs them and writes nothing.
"""

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, AuditEvent, Role, User
from ...textutil import nfc
from ..errors import ServiceError
from . import invitations
from .accounts import name_problem, username_problem
from .units import default_unit_for_user

CHUNK = 500  # names per IN (...) list: well under SQLite's bound-parameter limit


def _taken(usernames: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(usernames), CHUNK):
        chunk = usernames[start:start + CHUNK]
        taken.update(db.session.scalars(sa.select(User.username).where(User.username.in_(chunk))))
    return taken


def _agencies_by_name() -> dict[str, Agency]:
    """Short and full names to agencies, as ``accounts.find_agency`` matches them (first made wins a tie)."""
    found: dict[str, Agency] = {}
    for agency in db.session.scalars(sa.select(Agency).order_by(Agency.id)):
        found.setdefault(agency.short_name, agency)
        found.setdefault(agency.name, agency)
    return found


def _check(values: dict, agencies: dict[str, Agency], seen: set[str], taken: set[str]) -> dict:
    from .imports import match_enum

    username = nfc(values.get("username", "").strip().lower())
    full_name = nfc(values.get("full_name", "").strip())
    problem = username_problem(username) or name_problem(full_name, _("họ và tên"))
    if problem:
        raise ServiceError(problem)
    if username in taken or username in seen:
        raise ServiceError(_("Tên đăng nhập “%(u)s” đã có người dùng.", u=username))
    role = match_enum(Role, values.get("role", ""))
    if role is None:
        raise ServiceError(_("Vai trò “%(r)s” không hợp lệ.", r=values.get("role")))
    agency = None
    if values.get("agency"):
        agency = agencies.get(nfc(values["agency"].strip()))
        if agency is None:
            raise ServiceError(_("Không tìm thấy cơ quan “%(a)s”.", a=values["agency"]))
    if role == Role.OFFICER and agency is None:
        raise ServiceError(_("Cán bộ đơn vị phải thuộc một cơ quan, đơn vị."))
    agency = default_unit_for_user(role, agency)
    if agency is not None and not agency.is_active:
        raise ServiceError(_("Cơ quan “%(a)s” đã ngừng hoạt động.", a=agency.name))
    seen.add(username)
    return {"username": username, "full_name": full_name, "role": role, "agency": agency,
            "email": values.get("email") or None}


def import_users(lines: list[tuple[int, dict]], report, actor: User | None, dry_run: bool) -> None:
    """Fill ``report`` with the rows (or the errors, by line); unless ``dry_run`` or an error, create them all."""
    agencies = _agencies_by_name()
    taken = _taken([nfc(v.get("username", "").strip().lower()) for _, v in lines])
    seen: set[str] = set()
    checked = []
    for line, values in lines:
        try:
            checked.append(_check(values, agencies, seen, taken))
        except ServiceError as exc:
            report.errors.append((line, str(exc)))
    report.rows = [{"username": c["username"], "full_name": c["full_name"], "role": c["role"].label,
                    "agency": c["agency"].name if c["agency"] else ""} for c in checked]
    if report.errors or dry_run or not checked:
        return
    expires = invitations.expiry()
    tokens = [invitations.new_token() for _ in checked]
    rows = [{"username": c["username"], "full_name": c["full_name"], "role": c["role"], "email": c["email"],
             "agency_id": c["agency"].id if c["agency"] else None, "password_hash": invitations.NO_PASSWORD_YET,
             "invitation_hash": digest, "invitation_expires_at": expires, "must_change_password": False}
            for c, (_, digest) in zip(checked, tokens, strict=True)]
    ids = dict(db.session.execute(sa.insert(User).returning(User.username, User.id), rows).all())
    _audit_created(checked, ids, actor)
    report.invitations = [(c["username"], c["full_name"], token) for c, (token, _) in zip(checked, tokens, strict=True)]


def _audit_created(checked: list[dict], ids: dict[str, int], actor: User | None) -> None:
    """One ``user_created`` event per account, as a single-account creation writes, in one statement."""
    address = ((request.remote_addr or "") if has_request_context() else "cli")[:64]
    db.session.execute(sa.insert(AuditEvent), [
        {"action": "user_created", "entity": "user", "entity_id": ids[c["username"]], "actor_id": actor.id if actor
         else None, "actor_name": actor.display_name if actor else "", "remote_addr": address,
         "changes": {"username": c["username"], "role": c["role"].value, "invited": True,
                     "agency": c["agency"].short_name if c["agency"] else None}}
        for c in checked])
