"""The Gia Viễn demo tells the seed's story with the numbers the domain document gives."""

from decimal import Decimal

from tracker.extensions import db
from tracker.models import Appraisal, Finding, Recommendation, Task, TimeStatus
from tracker.services import deadlines, demo


def test_demo_matches_the_seed(app):
    password, logins = demo.load_demo(password="một mật khẩu thử nghiệm")
    db.session.commit()
    a2021 = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    a2020 = db.session.execute(db.select(Appraisal).filter_by(year=2020)).scalar_one()
    assert a2021.total_score == Decimal("87.88")
    assert sum(s.score for s in a2021.scores) == Decimal("87.88")
    assert a2021.total_score - a2020.total_score == Decimal("2.38")
    for score in a2021.scores:
        assert Decimal(0) <= score.score <= score.field.max_points
    assert db.session.scalar(db.select(db.func.count()).select_from(Finding)) == 3
    assert db.session.scalar(db.select(db.func.count()).select_from(Recommendation)) == 3
    assert {u for u, *_ in logins} >= {"admin", "chutich", "noivu.cchc", "cb.xagiahoa"}

    today = deadlines.today()
    states = {deadlines.task_time_status(t, today) for t in db.session.scalars(db.select(Task))}
    assert {TimeStatus.DONE_ON_TIME, TimeStatus.DONE_LATE, TimeStatus.OVERDUE, TimeStatus.DUE_SOON} <= states
    groups = db.session.scalars(db.select(Task).filter_by(is_group=True)).all()
    assert len(groups) == 1 and groups[0].lead_agency is None and len(groups[0].children) == 4
    for task in db.session.scalars(db.select(Task).filter_by(is_group=False)):
        assert task.lead_agency_name == task.lead_agency.name
        if task.recommendation:
            assert task.findings, "every task made from a recommendation answers a shortcoming"
