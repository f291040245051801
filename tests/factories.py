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
    def agency(self, name: str | None = None, short_name: str | None = None,
               kind: AgencyKind = AgencyKind.DEPARTMENT) -> Agency:
        n = next(_seq)
        agency = Agency(name=name or f"Phòng thử nghiệm {n}", short_name=short_name or f"PTN{n}", kind=kind)
        db.session.add(agency)
        db.session.commit()
        return agency

    def user(self, role: Role = Role.OFFICER, agency: Agency | None = None, username: str | None = None,
             password: str = PASSWORD, commit: bool = True) -> User:
        if role == Role.OFFICER and agency is None:
            agency = self.agency()
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
