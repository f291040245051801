"""Each report page issues the same number of SQL statements on a data set ten times larger."""

from datetime import date

import sqlalchemy as sa

from tests.services.report_cases import at, history_task
from tracker.extensions import db
from tracker.models import AgencyKind, Appraisal, ExtensionStatus, Finding, Task, TaskStatus

S, Dn, IP = TaskStatus.SUBMITTED, TaskStatus.DONE, TaskStatus.IN_PROGRESS


def _build(make, scale: int) -> dict:
    """``scale`` × (3 agencies, 12 tasks of every kind, 2 appraisals with shortcomings)."""
    framework = make.framework()
    agencies, appraisals = [], []
    for n in range(3 * scale):
        agencies.append(make.agency(kind=AgencyKind.COMMUNE if n % 3 else AgencyKind.DEPARTMENT))
    for n in range(2):
        appraisal = Appraisal(unit=agencies[0], year=2020 + n, framework=framework, total_score=80 + n)
        db.session.add(appraisal)
        db.session.flush()
        for position, field in enumerate(framework.fields[:3]):
            db.session.add(Finding(appraisal=appraisal, field=field, text=f"Tồn tại {position}", position=position))
        appraisals.append(appraisal)
    db.session.commit()
    start = date(2024, 1, 10)
    for i, agency in enumerate(agencies):
        helper = agencies[(i + 1) % len(agencies)]
        common = {"appraisal_id": appraisals[i % 2].id, "field_id": framework.fields[i % 3].id}
        history_task(agency, assigned=start, due=date(2024, 3, 1), moves=[(at(date(2024, 2, 1)), S),
                                                                          (at(date(2024, 2, 2)), Dn)],
                     completed_on=date(2024, 2, 1), supporting=[helper], **common)
        history_task(agency, assigned=start, due=date(2024, 3, 1), moves=[(at(date(2024, 2, 1)), IP)],
                     extensions=[(at(date(2024, 2, 20)), date(2024, 4, 1), ExtensionStatus.APPROVED)], **common)
        history_task(agency, assigned=start, due=date(2024, 3, 1), moves=[(at(date(2024, 3, 5)), S)],
                     extensions=[(at(date(2024, 3, 6)), date(2099, 1, 1), ExtensionStatus.PENDING)], **common)
        history_task(agency, assigned=start, due=None, **common)
    return {"agency": agencies[1].id, "appraisal": appraisals[0].id}


PAGES = ["/", "/tong-quan", "/bao-cao/", "/bao-cao/?as_of=2024-02-15&view=support", "/bao-cao/co-quan/{agency}",
         "/bao-cao/co-quan/{agency}?as_of=2024-03-10&loai=open_overdue", "/bao-cao/xuat?format=json",
         "/bao-cao/xuat?format=csv", "/bao-cao/xuat?format=xlsx&as_of=2024-02-15", "/bao-cao/bao-cao.docx",
         "/bao-cao/ke-hoach/{appraisal}"]


def _counts(app, make, login_as, scale: int) -> dict[str, int]:
    ids = _build(make, scale)
    web = login_as(make.leader())
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    counts = {}
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        for path in PAGES:
            url = path.format(**ids)
            statements.clear()
            response = web.get(url)
            assert response.status_code == 200, url
            counts[path] = len(statements)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return counts


def test_statement_counts_do_not_grow_with_the_data(app, make, login_as):
    small = _counts(app, make, login_as, 1)
    db.session.remove()
    for table in reversed(db.metadata.sorted_tables):  # start again, on an empty database
        db.session.execute(table.delete())
    db.session.commit()
    large = _counts(app, make, login_as, 10)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Task)) == 10 * 12
    assert large == small
    assert max(small.values()) <= 40, small
