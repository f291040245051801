"""Tasks with a hand-written history, and the quarter scenario whose every count is known.

``history_task`` writes what the workflow would have written: the assignment move, each status move at
its instant, extensions with their decision instants, and stored columns equal to the end of that
history. ``untouched=True`` dates ``updated_at`` at the last event, as for a task nobody changed since.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Agency, AgencyKind, Extension, ExtensionStatus, ProgressUpdate, Task, TaskStatus
from tracker.services import deadlines

D = date(2024, 6, 30)  # the quarter's report day


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An instant at a local hour of a local day, in UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=deadlines.local_zone()).astimezone(UTC)


def history_task(lead: Agency, *, assigned: date | datetime, due: date | None = None, moves=(), extensions=(),
                 supporting=(), completed_on: date | None = None, untouched: bool = False,
                 title: str = "Nhiệm vụ có lịch sử", **fields) -> Task:
    """moves: [(instant, status)] in order; extensions: [(decided instant, new deadline, ExtensionStatus)]."""
    assigned_at = assigned if isinstance(assigned, datetime) else at(assigned, 8)
    status = moves[-1][1] if moves else TaskStatus.NOT_STARTED
    approved = sorted((e for e in extensions if e[2] == ExtensionStatus.APPROVED), key=lambda e: e[0])
    submitted = [when for when, s in moves if s == TaskStatus.SUBMITTED]
    task = Task(title=title, lead_agency=lead, lead_agency_name=lead.name, supporting_agencies=list(supporting),
                status=status, due_date=approved[-1][1] if approved else due, original_due_date=due,
                completed_on=completed_on, assigned_at=assigned_at, submitted_at=submitted[-1] if submitted else None,
                progress=100 if status == TaskStatus.DONE else 0, **fields)
    db.session.add(task)
    db.session.flush()
    events = [assigned_at]
    db.session.add(ProgressUpdate(task=task, created_at=assigned_at, status_from=TaskStatus.DRAFT,
                                  status_to=TaskStatus.NOT_STARTED, note="Giao nhiệm vụ"))
    previous = TaskStatus.NOT_STARTED
    for when, new in moves:
        db.session.add(ProgressUpdate(task=task, created_at=when, status_from=previous, status_to=new,
                                      progress=100 if new in (TaskStatus.SUBMITTED, TaskStatus.DONE) else None))
        previous = new
        events.append(when)
    current = due
    for decided, new_due, decision in extensions:
        db.session.add(Extension(task=task, requested_at=decided - timedelta(days=1), previous_due_date=current,
                                 requested_due_date=new_due, reason="Cần thêm thời gian", status=decision,
                                 decided_at=None if decision == ExtensionStatus.PENDING else decided,
                                 decided_due_date=new_due if decision == ExtensionStatus.APPROVED else None))
        if decision != ExtensionStatus.PENDING:
            events.append(decided)
        if decision == ExtensionStatus.APPROVED:
            current = new_due
    db.session.flush()
    if untouched:
        db.session.execute(sa.update(Task).where(Task.id == task.id).values(updated_at=max(events)))
    db.session.commit()
    return task


@dataclass
class Quarter:
    """The agencies and tasks of the quarter scenario, by name."""

    noi_vu: Agency
    gia_van: Agency
    tu_phap: Agency
    tasks: dict[str, Task] = field(default_factory=dict)


# Expected counts as of D (30/06/2024): (done on time, done late, open in time, open overdue, postponed,
# cancelled, no deadline), and how many of the open-in-time tasks fall due within 7 days.
EXPECTED_NOI_VU = {"done_on_time": 3, "done_late": 2, "open_in_time": 3, "open_overdue": 1, "postponed": 1,
                   "cancelled": 1, "no_deadline": 1}
EXPECTED_GIA_VAN = {"done_on_time": 1, "done_late": 0, "open_in_time": 0, "open_overdue": 1, "postponed": 0,
                    "cancelled": 0, "no_deadline": 0}


def quarter(make, untouched: bool = False) -> Quarter:
    """Fourteen assigned tasks, one assigned after D and one draft, covering every rule of the report."""
    q = Quarter(noi_vu=make.agency("Phòng Nội vụ", "Phòng NV"),
                gia_van=make.agency("UBND xã Gia Vân", "Xã Gia Vân", AgencyKind.COMMUNE),
                tu_phap=make.agency("Phòng Tư pháp", "Phòng TP"))
    S, Dn, IP, R = TaskStatus.SUBMITTED, TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED
    A, REJ, PEN = ExtensionStatus.APPROVED, ExtensionStatus.REJECTED, ExtensionStatus.PENDING
    a = q.noi_vu
    start = date(2024, 3, 1)

    def add(key, lead=a, **kw):
        q.tasks[key] = history_task(lead, assigned=start, title=f"Nhiệm vụ {key}: theo dõi khắc phục",
                                    untouched=untouched, **kw)

    # Submitted on the deadline day itself, approved after D: open and in time on D, late on 1/7, done on time 2/7.
    add("t1", due=D, moves=[(at(D, 22), S), (at(date(2024, 7, 2)), Dn)], completed_on=D)
    add("t2", due=date(2024, 5, 31), moves=[(at(date(2024, 6, 10)), S), (at(date(2024, 6, 12)), Dn)],
        completed_on=date(2024, 6, 10))
    # Extended before completion: judged against the new deadline.
    add("t3", due=date(2024, 5, 15), moves=[(at(date(2024, 6, 18)), S), (at(date(2024, 6, 19)), Dn)],
        extensions=[(at(date(2024, 5, 10)), date(2024, 6, 20), A)], completed_on=date(2024, 6, 18))
    # Asked for more time before handing in, never decided (the workflow withdraws it at submission, and a
    # finished task's deadline never moves): the deadline at approval was the original one, so late.
    add("t4", due=date(2024, 5, 15), moves=[(at(date(2024, 5, 20)), S), (at(date(2024, 5, 21)), Dn)],
        extensions=[(at(date(2024, 5, 19)), date(2024, 6, 30), PEN)], completed_on=date(2024, 5, 20))
    # Extended between submission and approval: in force at approval, so on time.
    add("t5", due=date(2024, 5, 15), moves=[(at(date(2024, 5, 20)), S), (at(date(2024, 5, 23)), Dn)],
        extensions=[(at(date(2024, 5, 22)), date(2024, 5, 31), A)], completed_on=date(2024, 5, 20))
    # Refused and pending requests move nothing.
    add("t6", due=date(2024, 6, 15), moves=[(at(date(2024, 4, 1)), IP)],
        extensions=[(at(date(2024, 6, 10)), date(2024, 7, 30), REJ), (at(date(2024, 6, 20)), date(2024, 8, 30), PEN)])
    add("t7", due=date(2024, 6, 10), moves=[(at(date(2024, 4, 1)), IP), (at(date(2024, 6, 5)), TaskStatus.POSTPONED),
                                            (at(date(2024, 7, 5)), IP)])
    add("t8", due=date(2024, 6, 1), moves=[(at(date(2024, 4, 1)), IP), (at(date(2024, 6, 20)), TaskStatus.CANCELLED)])
    add("t9", due=None, moves=[(at(date(2024, 4, 1)), IP)])
    add("t10", due=None, moves=[(at(date(2024, 6, 14)), S), (at(date(2024, 6, 15)), Dn)],
        completed_on=date(2024, 6, 14))
    q.tasks["t11"] = history_task(a, assigned=date(2024, 7, 1), due=date(2024, 8, 1),
                                  title="Nhiệm vụ t11: theo dõi khắc phục", untouched=untouched)
    q.tasks["t12"] = Task(title="Nhiệm vụ t12 (dự thảo)", lead_agency=a, lead_agency_name=a.name,
                          status=TaskStatus.DRAFT, due_date=D, original_due_date=D)
    db.session.add(q.tasks["t12"])
    db.session.commit()
    add("t13", due=date(2024, 7, 31), moves=[(at(date(2024, 6, 20)), S), (at(date(2024, 6, 22)), R)])
    # Approved at 00:30 on 1/7 local time, which is still 30/6 in UTC: not done on D.
    add("t14", due=D, moves=[(at(date(2024, 6, 29)), S), (at(date(2024, 7, 1), 0, 30), Dn)],
        completed_on=date(2024, 6, 29))
    add("t15", lead=q.gia_van, due=date(2024, 6, 20), supporting=[q.tu_phap])
    add("t16", lead=q.gia_van, due=D, moves=[(at(date(2024, 6, 25)), S), (at(date(2024, 6, 26)), Dn)],
        supporting=[q.tu_phap, q.noi_vu], completed_on=date(2024, 6, 25))
    return q
