"""Build test data with sensible defaults; every helper flushes so ids exist."""

import itertools
from datetime import UTC, date, datetime, timedelta

from tracker.extensions import db
from tracker.models import Agency, AgencyKind, ProgressUpdate, Role, Task, TaskStatus, User
from tracker.services import deadlines, reference
from tracker.services.organisation import accounts

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


class Factory:
    """One-unit by default, as most installations: the first agency made is the unit, the others work in it.

    ``unit(...)`` makes another unit; ``agency(..., unit=u)`` puts an agency in it; ``province_agency`` is at the
    province level.
    """

    def default_unit(self) -> Agency:
        """The world's first unit (made when there is none yet)."""
        return db.session.scalars(db.select(Agency).where(Agency.unit_id == Agency.id)
                                  .order_by(Agency.id)).first() or self.unit()

    def unit(self, name: str | None = None, short_name: str | None = None,
             kind: AgencyKind = AgencyKind.COMMUNE) -> Agency:
        """An appraised unit of its own (a commune's People's Committee by default)."""
        n = next(_seq)
        agency = Agency(name=name or f"UBND xã Thử nghiệm {n}", short_name=short_name or f"XTN{n}", kind=kind)
        db.session.add(agency)
        db.session.flush()
        agency.unit_id = agency.id
        db.session.commit()
        return agency

    def agency(self, name: str | None = None, short_name: str | None = None,
               kind: AgencyKind = AgencyKind.DEPARTMENT, unit: Agency | None = None) -> Agency:
        if unit is None and not db.session.scalar(
                db.select(db.func.count()).select_from(Agency).where(Agency.unit_id == Agency.id)):
            return self.unit(name, short_name, kind)  # the first agency of the world is its unit
        n = next(_seq)
        agency = Agency(name=name or f"Phòng thử nghiệm {n}", short_name=short_name or f"PTN{n}", kind=kind,
                        unit=unit or self.default_unit())
        db.session.add(agency)
        db.session.commit()
        return agency

    def province_agency(self, name: str = "Sở Nội vụ tỉnh Thử nghiệm", short_name: str = "SNV",
                        kind: AgencyKind = AgencyKind.PROVINCIAL_DEPARTMENT) -> Agency:
        agency = Agency(name=name, short_name=short_name, kind=kind, unit_id=None)
        db.session.add(agency)
        db.session.commit()
        return agency

    def user(self, role: Role = Role.OFFICER, agency: Agency | None = None, username: str | None = None,
             password: str = PASSWORD, commit: bool = True) -> User:
        if role == Role.OFFICER and agency is None:
            agency = self.agency()
        if role in Role.unit_roles() and agency is None:
            agency = self.default_unit()
        user, _ = accounts.create_user(username=username or f"user{next(_seq)}", full_name="Người dùng thử",
                                       role=role, agency=agency, password=password)
        if commit:
            db.session.commit()
        return user

    def officer(self, agency: Agency | None = None, **kwargs) -> User:
        return self.user(Role.OFFICER, agency, **kwargs)

    def leader(self, **kwargs) -> User:
        return self.user(Role.LEADER, **kwargs)

    def coordinator(self, **kwargs) -> User:
        return self.user(Role.COORDINATOR, **kwargs)

    def province_leader(self, **kwargs) -> User:
        return self.user(Role.PROVINCE_LEADER, kwargs.pop("agency", None) or self.province_agency(
            f"UBND tỉnh Thử nghiệm {next(_seq)}", f"UBNDT{next(_seq)}", AgencyKind.PROVINCE), **kwargs)

    def province_coordinator(self, **kwargs) -> User:
        return self.user(Role.PROVINCE_COORDINATOR, kwargs.pop("agency", None) or self.province_agency(
            f"Sở Nội vụ Thử nghiệm {next(_seq)}", f"SNV{next(_seq)}"), **kwargs)

    def admin(self, **kwargs) -> User:
        return self.user(Role.ADMIN, **kwargs)

    def framework(self):
        framework = reference.seed_framework(2021)
        db.session.commit()
        return framework

    def task(self, lead: Agency, *, title: str = "Nhiệm vụ thử nghiệm", status: TaskStatus = TaskStatus.NOT_STARTED,
             due: date | None = None, supporting: list[Agency] = (), completed_on: date | None = None,
             owner: User | None = None, commit: bool = True, **fields) -> Task:
        today = deadlines.today()
        due = due if due is not None else today + timedelta(days=30)
        task = Task(title=title, lead_agency=lead, lead_agency_name=lead.name, supporting_agencies=list(supporting),
                    status=status, due_date=due, original_due_date=due, start_date=today - timedelta(days=10),
                    completed_on=completed_on, owner=owner, assigned_at=datetime.now(UTC), **fields)
        db.session.add(task)
        db.session.flush()
        if status != TaskStatus.DRAFT:
            db.session.add(ProgressUpdate(task=task, status_from=TaskStatus.DRAFT, status_to=TaskStatus.NOT_STARTED,
                                          note=""))
        if commit:
            db.session.commit()
        return task
