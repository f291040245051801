"""Search, time status in SQL and "as of" state of the task list, on whichever database the run uses."""

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from tracker.extensions import db
from tracker.models import Extension, ExtensionStatus, ProgressUpdate, Task, TaskStatus, TimeStatus
from tracker.services import deadlines
from tracker.services.tasks import search as task_search


def _found(text: str) -> set[str]:
    clause = task_search.search_clause(text)
    return set(db.session.scalars(sa.select(Task.title).where(clause)))


@pytest.fixture
def searchable(make):
    gia_vien = make.agency("UBND xã Gia Viễn", "Xã Gia Viễn")
    noi_vu = make.agency("Phòng Nội vụ", "Phòng NV")
    make.task(gia_vien, title="Rà soát hồ sơ công chức")
    make.task(noi_vu, title="Xây dựng kế hoạch đào tạo, bồi dưỡng", expected_output="Kế hoạch năm 2022")
    make.task(noi_vu, title="Đạt 50% hồ sơ trực tuyến", expected_output="Báo cáo tỷ lệ")
    make.task(noi_vu, title="Sửa mã_số văn bản đi")


def test_without_diacritics_finds_agency_and_title(searchable):
    assert _found("gia vien") == {"Rà soát hồ sơ công chức"}
    assert _found("dao tao") == {"Xây dựng kế hoạch đào tạo, bồi dưỡng"}


def test_case_and_diacritics_of_the_query_do_not_matter(searchable):
    for query in ("Đào Tạo", "ĐÀO TẠO", "đào tạo", "dao TAO", "đa\u0300o ta\u0323o"):  # the last one decomposed (NFD)
        assert _found(query) == {"Xây dựng kế hoạch đào tạo, bồi dưỡng"}, query


def test_every_word_must_match_title_output_or_lead_agency(searchable):
    assert _found("ke hoach noi vu") == {"Xây dựng kế hoạch đào tạo, bồi dưỡng"}
    assert _found("nam 2022") == {"Xây dựng kế hoạch đào tạo, bồi dưỡng"}  # the expected output
    assert _found("dao tao gia vien") == set()
    assert task_search.search_clause("   ") is None  # nothing to search for narrows nothing


def test_like_wildcards_are_plain_characters(searchable):
    assert _found("%") == {"Đạt 50% hồ sơ trực tuyến"}
    assert _found("50%") == {"Đạt 50% hồ sơ trực tuyến"}
    assert _found("_") == {"Sửa mã_số văn bản đi"}
    assert _found("ma_so") == {"Sửa mã_số văn bản đi"}
    assert _found("h_ sơ") == set()


def test_sql_time_status_agrees_with_the_badges(make):
    """Every combination the badges know, classified by the SQL CASE and by deadlines.time_status."""
    agency = make.agency()
    today = deadlines.today()
    soon = 3
    cases = []
    for status in TaskStatus:
        for due_offset in (None, -4, -1, 0, 1, 3, 4, 30):
            for done_offset in ((None, -10, 0, 2) if status == TaskStatus.DONE else (None,)):
                due = today + timedelta(days=due_offset) if due_offset is not None else None
                done = (due or today) + timedelta(days=done_offset) if done_offset is not None else None
                task = Task(title="t", lead_agency=agency, status=status, due_date=due, completed_on=done)
                db.session.add(task)
                cases.append(task)
    db.session.flush()
    expr = task_search.time_status_expr(task_search.current_state(today), soon)
    in_sql = dict(db.session.execute(sa.select(Task.id, expr).where(Task.lead_agency_id == agency.id)).all())
    for task in cases:
        expected = deadlines.time_status(task.status, task.due_date, task.completed_on, today, soon)
        assert in_sql[task.id] == expected.value, (task.status, task.due_date, task.completed_on)


def _at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=deadlines.local_zone()).astimezone(UTC)


def test_state_as_of_a_past_day_comes_from_the_history(make):
    """Assigned T-10, started T-8, extension approved T-6 (T-5 -> T-2), submitted T-3, approved T-1."""
    t = deadlines.today()
    day = lambda n: t - timedelta(days=n)  # noqa: E731
    task = make.task(make.agency(), title="Có lịch sử", due=day(5), status=TaskStatus.DONE, completed_on=day(3))
    assigned = db.session.scalars(sa.select(ProgressUpdate).where(ProgressUpdate.task_id == task.id)).one()
    assigned.created_at = task.assigned_at = _at(day(10))  # as the workflow writes them: the same instant
    for n, old, new in ((8, TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS),
                        (3, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED), (1, TaskStatus.SUBMITTED, TaskStatus.DONE)):
        db.session.add(ProgressUpdate(task=task, created_at=_at(day(n)), status_from=old, status_to=new))
    db.session.add(Extension(task=task, requested_at=_at(day(7)), previous_due_date=day(5), requested_due_date=day(2),
                             reason="cần thêm thời gian", status=ExtensionStatus.APPROVED, decided_at=_at(day(6)),
                             decided_due_date=day(2)))
    db.session.add(Extension(task=task, requested_at=_at(day(2)), previous_due_date=day(2), requested_due_date=day(0),
                             reason="xin nữa", status=ExtensionStatus.REJECTED, decided_at=_at(day(2), 15)))
    task.due_date = day(2)
    db.session.commit()

    def state(n):
        s = task_search.state_as_of(day(n))
        row = db.session.execute(s.join(sa.select(s.status, s.due, s.completed_on, task_search.time_status_expr(s, 3))
                                        .select_from(Task)).where(Task.id == task.id)).one_or_none()
        return tuple(row) if row else None

    assert state(11) is None  # not assigned yet: the list leaves it out
    assert state(7) == (TaskStatus.IN_PROGRESS, day(5), None, TimeStatus.DUE_SOON.value)
    assert state(4) == (TaskStatus.IN_PROGRESS, day(2), None, TimeStatus.DUE_SOON.value)
    assert state(2) == (TaskStatus.SUBMITTED, day(2), None, TimeStatus.DUE_SOON.value)
    assert state(1) == (TaskStatus.DONE, day(2), day(3), TimeStatus.DONE_ON_TIME.value)
    assert state(0) == (TaskStatus.DONE, day(2), day(3), TimeStatus.DONE_ON_TIME.value)


def test_parse_args_keeps_good_values_and_names_bad_ones():
    query = task_search.parse_args(MultiDict({
        "agency": "12", "status": "open", "time": "overdue", "priority": "urgent", "due_from": "01/06/2022",
        "due_to": "2022-06-30", "q": "  gia   vien ", "sort": "-progress", "page": "3", "as_of": "30/06/2022"}))
    assert (query.agency, query.status, query.time, query.priority.value) == (12, "open", TimeStatus.OVERDUE, "urgent")
    assert (query.due_from.isoformat(), query.due_to.isoformat(), query.as_of.isoformat()) == (
        "2022-06-01", "2022-06-30", "2022-06-30")
    assert (query.q, query.sort, query.descending, query.page, query.errors) == ("gia vien", "progress", True, 3, [])

    bad = task_search.parse_args(MultiDict({
        "agency": "abc", "field": "99999999999999999999", "status": "xong", "time": "draft", "priority": "1",
        "due_from": "31/02/2022", "due_to": "x", "sort": "password", "page": "-1", "as_of": "hôm qua"}))
    assert (bad.agency, bad.field, bad.status, bad.time, bad.priority, bad.due_from, bad.due_to, bad.as_of) == (
        None, None, None, None, None, None, None, None)
    assert (bad.sort, bad.page) == ("urgency", 1)
    assert len(bad.errors) == 10
    assert any("“31/02/2022” không phải một ngày hợp lệ" in e for e in bad.errors)

    swapped = task_search.parse_args(MultiDict({"due_from": "30/06/2022", "due_to": "01/06/2022"}))
    assert swapped.due_from is None and "sau “đến ngày”" in swapped.errors[0]
