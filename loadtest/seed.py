"""A load-test installation: the Gia Viễn demo, plus many tasks and one account per simulated person.

Every simulated person logs in with an account of their own (as in real use), so one user's login or
logout never ends another's session. Run inside an app context (see loadtest/run.py).
"""

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

PASSWORD = "tải thử hệ thống 2026"


def seed(officers_per_agency: int, coordinators: int, leaders: int, tasks_per_agency: int) -> dict:
    """Returns the accounts by role and the numbers made, for the locustfile."""
    from tracker.extensions import db
    from tracker.models import Agency, ProgressUpdate, Role, Task, TaskStatus, User
    from tracker.services import deadlines, demo
    from tracker.services.organisation import accounts
    from tracker.services.tasks import moves

    demo.load_demo(password=PASSWORD)
    db.session.flush()
    chairman = db.session.execute(sa.select(User).filter_by(username="chutich")).scalar_one()
    focal = db.session.execute(sa.select(User).filter_by(username="noivu.cchc")).scalar_one()
    unit = chairman.agency
    working = list(db.session.execute(
        sa.select(Agency).where(Agency.unit_id == unit.id, Agency.id != unit.id).order_by(Agency.id)).scalars())
    made: dict[str, list[str]] = {"officer": [], "coordinator": [], "leader": []}
    first_officer: dict[int, User] = {}

    def account(name: str, role: Role, agency: Agency) -> None:
        user, _password = accounts.create_user(username=name, full_name=name, role=role, agency=agency,
                                               password=PASSWORD)
        made[role.value].append(name)
        first_officer.setdefault(agency.id, user)

    for index, agency in enumerate(working):
        for n in range(officers_per_agency):
            account(f"lt.cb{index:02d}.{n}", Role.OFFICER, agency)
    for n in range(coordinators):
        account(f"lt.dm{n:02d}", Role.COORDINATOR, focal.agency)
    for n in range(leaders):
        account(f"lt.ld{n:02d}", Role.LEADER, unit)
    db.session.flush()

    today, now = deadlines.today(), datetime.now(UTC)
    tasks = 0
    for agency in working:
        for n in range(tasks_per_agency):
            due = today + timedelta(days=(n % 60) - 10)
            task = Task(title=f"Nhiệm vụ tải thử {n + 1} của {agency.short_name}", lead_agency=agency,
                        lead_agency_name=agency.name, status=TaskStatus.IN_PROGRESS, due_date=due,
                        original_due_date=due, start_date=today - timedelta(days=30), assigned_at=now,
                        evidence_required=False, progress=(n * 7) % 90)
            db.session.add(task)
            db.session.flush()
            db.session.add(ProgressUpdate(task=task, status_from=TaskStatus.DRAFT, status_to=TaskStatus.NOT_STARTED,
                                          note=""))
            if n % 3 == 0:
                # A third wait for approval (reported through the service, as an officer would), so
                # coordinators have work from the first second.
                moves.submit(task, first_officer[agency.id], note="Đã hoàn thành (dữ liệu tải thử).")
            tasks += 1
    db.session.commit()
    made_counts = {"tasks": tasks, "agencies": len(working)}
    return {"password": PASSWORD, "accounts": made, **made_counts}


def write_accounts(path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
