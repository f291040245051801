"""The lists cost the same number of SQL statements for N and for 10×N agencies and tasks."""

import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.factories import Factory
from tracker.extensions import db
from tracker.models import Agency, Direction, Evidence, Extension, ExtensionStatus, ProgressUpdate, TaskStatus, User
from tracker.services import deadlines

N = 3  # agencies in the small data set; each has four tasks of different shapes


@contextmanager
def counted():
    """Count the statements sent to the database while the block runs (the request's thread included)."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def build(make: Factory, agencies: int) -> None:
    """Per agency: an officer, an overdue task with a new direction, a submission with evidence,
    a supported task with an extension request, and a finished one."""
    today, now = deadlines.today(), datetime.now(UTC)
    leader = make.leader(commit=False)
    unit = leader.agency
    made = []
    for n in range(agencies):
        agency = Agency(name=f"UBND xã Thử Nghiệm {n:03d}", short_name=f"Xã TN {n:03d}", unit=unit)
        db.session.add(agency)
        made.append(agency)
    db.session.flush()
    for n, agency in enumerate(made):
        officer = make.officer(agency, username=f"cb.tn{n:03d}", commit=False)
        other = made[(n + 1) % len(made)]
        late = make.task(agency, title=f"Quá hạn {n}", due=today - timedelta(days=3), owner=officer, commit=False,
                         status=TaskStatus.IN_PROGRESS)
        db.session.add(Direction(task=late, author=leader, text="Khẩn trương"))
        sent = make.task(agency, title=f"Chờ duyệt {n}", owner=officer, commit=False, status=TaskStatus.SUBMITTED,
                         submitted_at=now - timedelta(days=n % 5))
        update = ProgressUpdate(task=sent, author=officer, agency=agency, status_from=TaskStatus.IN_PROGRESS,
                                status_to=TaskStatus.SUBMITTED, note="Đã xong")
        db.session.add(update)
        db.session.add(Evidence(task=sent, progress_update=update, file_name="ds.pdf", stored_name=uuid.uuid4().hex,
                                size=10, content_type="application/pdf", sha256="0" * 64, uploaded_by=officer))
        shared = make.task(agency, title=f"Phối hợp {n}", supporting=[other], commit=False)
        db.session.add(Extension(task=shared, requested_by=officer, previous_due_date=shared.due_date,
                                 requested_due_date=shared.due_date + timedelta(days=10), reason="Thêm thời gian",
                                 status=ExtensionStatus.PENDING))
        make.task(agency, title=f"Xong {n}", status=TaskStatus.DONE, completed_on=today, commit=False)
    db.session.commit()


def user(username: str) -> User:
    return db.session.scalars(sa.select(User).where(User.username == username)).one()


PAGES = {
    "leader list": ("leader", "/nhiem-vu/"),
    "leader filtered": ("leader", "/nhiem-vu/?q=xa+thu&status=open&sort=-deadline&time=overdue"),
    "leader as of": ("leader", f"/nhiem-vu/?as_of={deadlines.today().isoformat()}&sort=agency"),
    "officer list": ("officer", "/nhiem-vu/"),
    "pending": ("leader", "/nhiem-vu/cho-duyet"),
}


def counts_for(make, login_as, agencies: int) -> dict[str, int]:
    build(make, agencies)
    people = {"leader": db.session.scalars(sa.select(User).where(User.role == "leader")).first(),
              "officer": user("cb.tn000")}
    result = {}
    for name, (who, path) in PAGES.items():
        web = login_as(people[who])
        with counted() as statements:
            response = web.get(path)
        assert response.status_code == 200, (name, response.status_code)
        assert 'class="task-title"' in response.get_data(as_text=True), name  # rows were rendered
        result[name] = len(statements)
    return result


@pytest.fixture
def sizes(app, database, make, login_as):
    """Statement counts per page on the small data set, then, from an empty database, on one ten times larger."""
    small = counts_for(make, login_as, N)
    db.session.remove()
    database.empty(db.engine, db.metadata)
    large = counts_for(make, login_as, 10 * N)
    return small, large


def test_list_and_queue_statements_do_not_grow_with_data(sizes):
    small, large = sizes
    print("\nSQL statements per page (N, 10×N):", {k: (small[k], large[k]) for k in small})
    assert small == large
    # The list's page, its markers, its count and the rows' agencies and owners come in one statement, the user
    # and their agency in another (docs/performance.md): 13 and 8 statements before, 7 and 4 now. Every page
    # also counts the bell's unread notifications (one indexed count), and an officer's list asks which of its
    # recently assigned tasks the officer has not opened ("mới", one statement).
    assert all(small[name] <= 8 for name in ("leader list", "leader filtered", "leader as of")), small
    assert small["officer list"] <= 6, small
    assert small["pending"] <= 18, small
