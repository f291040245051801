"""The task lists through HTTP: "Việc của đơn vị", the filtered list of the assigning side, "Chờ duyệt"."""

import html
import io
import re
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests import evidence_samples
from tracker.extensions import db
from tracker.models import Appraisal, Direction, Priority, ProgressUpdate, TaskStatus
from tracker.services import deadlines
from tracker.services.tasks import workflow
from tracker.textutil import fold

TITLE = re.compile(r'class="task-title"[^>]*>([^<]+)<')


def titles(response) -> list[str]:
    return [html.unescape(t) for t in TITLE.findall(response.get_data(as_text=True))]


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def world(make):
    """Two agencies with tasks in every state that matters, a leader, and an officer of each agency."""
    today = deadlines.today()
    day = lambda n: today + timedelta(days=n)  # noqa: E731
    w = type("World", (), {})()
    w.a = make.agency("UBND xã Gia Viễn", "Xã Gia Viễn")
    w.b = make.agency("Phòng Nội vụ", "Phòng NV")
    w.leader, w.officer_a, w.officer_b = make.leader(), make.officer(w.a), make.officer(w.b)
    framework = make.framework()
    w.field = framework.fields[4]
    w.appraisal = Appraisal(unit=w.a, year=2021, framework=framework)
    db.session.add(w.appraisal)
    w.late3 = make.task(w.a, title="A quá hạn ba ngày", due=day(-3), status=TaskStatus.IN_PROGRESS, progress=20)
    w.late9 = make.task(w.a, title="A quá hạn chín ngày", due=day(-9), owner=w.officer_a, priority=Priority.URGENT)
    w.soon = make.task(w.a, title="A còn hai ngày", due=day(2), field=w.field, appraisal=w.appraisal)
    w.later = make.task(w.a, title="A còn nhiều thời gian", due=day(40), progress=70, status=TaskStatus.IN_PROGRESS)
    w.done = make.task(w.a, title="A đã xong đúng hạn", due=day(-20), status=TaskStatus.DONE,
                       completed_on=day(-25), progress=100)
    w.support = make.task(w.b, title="B đào tạo, A phối hợp", due=day(10), supporting=[w.a])
    w.b_only = make.task(w.b, title="B riêng, A không thấy", due=day(-1))
    w.draft = make.task(w.b, title="B dự thảo", status=TaskStatus.DRAFT)
    db.session.add(Direction(task=w.soon, author=w.leader, text="Đề nghị khẩn trương"))
    db.session.commit()
    return w


def test_officer_sees_own_agency_work_most_urgent_first(world, login_as):
    response = login_as(world.officer_a).get("/nhiem-vu/")
    assert response.status_code == 200
    page = text(response)
    assert "Việc của đơn vị — UBND xã Gia Viễn" in page
    assert titles(response) == ["A quá hạn chín ngày", "A quá hạn ba ngày", "A còn hai ngày",
                                "B đào tạo, A phối hợp", "A còn nhiều thời gian", "A đã xong đúng hạn"]
    assert "Quá hạn 9 ngày" in page and "Còn 2 ngày" in page and "Hoàn thành đúng hạn" in page
    assert page.count("Có ý kiến chỉ đạo mới") == 1 and "Phối hợp" in page and "Chủ trì: Phòng Nội vụ" in page
    assert 'name="task_ids"' not in page  # bulk actions are the assigning side's


def test_officer_cannot_widen_the_list_with_parameters(world, login_as):
    web = login_as(world.officer_a)
    assert titles(web.get(f"/nhiem-vu/?agency={world.b.id}")) == ["B đào tạo, A phối hợp"]
    assert titles(web.get("/nhiem-vu/?status=draft")) == []
    assert "B riêng" not in text(web.get("/nhiem-vu/?q=rieng"))


def test_leader_sees_every_assigned_task_and_drafts_only_on_request(world, login_as):
    web = login_as(world.leader)
    response = web.get("/nhiem-vu/")
    assert "Danh sách nhiệm vụ" in text(response)
    assert len(titles(response)) == 7 and "B dự thảo" not in titles(response)
    assert titles(web.get("/nhiem-vu/?status=draft")) == ["B dự thảo"]
    assert text(response).count('name="task_ids"') == 7
    assert "Chỉ đạo chưa được tiếp nhận" in text(response)


@pytest.mark.parametrize("args, expected", [
    ("time=overdue", {"A quá hạn chín ngày", "A quá hạn ba ngày", "B riêng, A không thấy"}),
    ("time=due_soon", {"A còn hai ngày"}),
    ("time=on_track", {"A còn nhiều thời gian", "B đào tạo, A phối hợp"}),
    ("time=done_on_time", {"A đã xong đúng hạn"}),
    ("time=done_late", set()),
    ("status=in_progress", {"A quá hạn ba ngày", "A còn nhiều thời gian"}),
    ("status=open&time=overdue&priority=urgent", {"A quá hạn chín ngày"}),
    ("q=gia+vien&time=overdue", {"A quá hạn chín ngày", "A quá hạn ba ngày"}),
    ("q=%C4%90%C3%80O+T%E1%BA%A0O", {"B đào tạo, A phối hợp"}),  # "ĐÀO TẠO"
])
def test_leader_filters(world, login_as, args, expected):
    assert set(titles(login_as(world.leader).get(f"/nhiem-vu/?{args}"))) == expected


def test_filters_by_id_and_deadline_range(world, login_as):
    web = login_as(world.leader)
    today = deadlines.today()
    assert set(titles(web.get(f"/nhiem-vu/?agency={world.b.id}"))) == {"B đào tạo, A phối hợp", "B riêng, A không thấy"}
    assert titles(web.get(f"/nhiem-vu/?appraisal={world.appraisal.id}")) == ["A còn hai ngày"]
    assert titles(web.get(f"/nhiem-vu/?field={world.field.id}")) == ["A còn hai ngày"]
    assert titles(web.get(f"/nhiem-vu/?owner={world.officer_a.id}")) == ["A quá hạn chín ngày"]
    frm, to = (today - timedelta(days=3)).strftime("%d/%m/%Y"), (today + timedelta(days=2)).isoformat()
    assert titles(web.get(f"/nhiem-vu/?due_from={frm}&due_to={to}")) == [
        "A quá hạn ba ngày", "B riêng, A không thấy", "A còn hai ngày"]


def _history(task, *moves):
    """Give ``task`` the timeline it would have had: assigned 30 days ago, then each (days ago, status)."""
    today = deadlines.today()
    at = lambda n: datetime.combine(today - timedelta(days=n), time(10),  # noqa: E731
                                    tzinfo=deadlines.local_zone()).astimezone(UTC)
    for update in db.session.scalars(sa.select(ProgressUpdate).where(ProgressUpdate.task_id == task.id)):
        update.created_at = at(30)
    task.assigned_at = at(30)  # the assignment and its move share one instant, as the workflow writes them
    previous = TaskStatus.NOT_STARTED
    for days_ago, status in moves:
        db.session.add(ProgressUpdate(task=task, created_at=at(days_ago), status_from=previous, status_to=status))
        previous = status


def test_report_link_counts_as_of_a_day(world, login_as):
    """The reports link here with agency, time and as_of: each task is judged by its history on that day."""
    for task in (world.late9, world.soon, world.later):
        _history(task)
    _history(world.late3, (10, TaskStatus.IN_PROGRESS))
    _history(world.done, (26, TaskStatus.IN_PROGRESS), (25, TaskStatus.SUBMITTED), (24, TaskStatus.DONE))
    db.session.commit()
    web = login_as(world.leader)
    day = lambda n: (deadlines.today() - timedelta(days=n)).isoformat()  # noqa: E731
    base = f"/nhiem-vu/?agency={world.a.id}"
    response = web.get(f"{base}&time=overdue&as_of={day(5)}")
    assert response.status_code == 200 and titles(response) == ["A quá hạn chín ngày"]
    assert "Trạng thái và thời hạn tính đến hết ngày" in text(response)
    assert "Quá hạn 4 ngày" in text(response)  # days late on that day, not today
    assert titles(web.get(f"{base}&time=due_soon&as_of={day(5)}")) == ["A quá hạn ba ngày"]
    assert titles(web.get(f"{base}&time=done_on_time&as_of={day(5)}")) == ["A đã xong đúng hạn"]
    # Before its approval the finished task was still open, with five days left.
    assert "A đã xong đúng hạn" in titles(web.get(f"{base}&time=on_track&as_of={day(25)}"))
    assert titles(web.get(f"{base}&as_of={day(31)}")) == []  # nothing was assigned yet
    assert set(titles(web.get(f"{base}&time=overdue&as_of={day(0)}"))) == {"A quá hạn chín ngày", "A quá hạn ba ngày"}


@pytest.mark.parametrize("sort", ["urgency", "deadline", "-deadline", "title", "-title", "agency", "-agency",
                                  "status", "-status", "progress", "-progress", "updated", "-updated"])
def test_every_sort_answers(world, login_as, sort):
    response = login_as(world.leader).get(f"/nhiem-vu/?sort={sort}")
    assert response.status_code == 200 and len(titles(response)) == 7


def test_sorting_orders_as_it_says(world, login_as):
    web = login_as(world.leader)
    by_progress = titles(web.get("/nhiem-vu/?sort=-progress"))
    assert by_progress[:2] == ["A đã xong đúng hạn", "A còn nhiều thời gian"]
    by_title = titles(web.get("/nhiem-vu/?sort=title"))
    assert by_title == sorted(by_title, key=fold)  # "Đ" sorts with "D" on both databases
    by_deadline = titles(web.get("/nhiem-vu/?sort=-deadline"))
    assert by_deadline[0] == "A còn nhiều thời gian"
    assert titles(web.get("/nhiem-vu/?sort=agency"))[0].startswith("B")  # "Phòng Nội vụ" before "UBND xã ..."


def test_pagination_follows_config(world, login_as, app):
    app.config["TASKS_PER_PAGE"] = 3
    web = login_as(world.leader)
    pages = [titles(web.get(f"/nhiem-vu/?page={n}")) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert len({t for p in pages for t in p}) == 7
    assert "Trang 1/3 · 7 mục" in text(web.get("/nhiem-vu/"))
    assert titles(web.get("/nhiem-vu/?page=99")) == []


@pytest.mark.parametrize("args, message", [
    ("agency=abc", "Mã cơ quan “abc” không hợp lệ"),
    ("agency=99999999999999999999", "Mã cơ quan “99999999999999999999” không hợp lệ"),
    ("agency=424242", "Không tìm thấy cơ quan đã chọn (mã 424242)"),
    ("owner=7777", "Không tìm thấy người phụ trách đã chọn"),
    ("status=xong", "Trạng thái “xong” không có trong danh sách"),
    ("time=soon", "Tình trạng thời hạn “soon” không có trong danh sách"),
    ("due_from=31/02/2022", "“31/02/2022” không phải một ngày hợp lệ"),
    ("due_from=30/06/2022&due_to=01/06/2022", "Khoảng thời hạn không hợp lệ"),
    ("sort=id;drop", "Không sắp xếp được theo “id;drop”"),
    ("page=99999999999999999999", "Số trang “99999999999999999999” không hợp lệ"),
    ("as_of=9999-99-99", "Ngày tính tình trạng “9999-99-99” không phải một ngày hợp lệ"),
])
def test_bad_filter_values_are_named_not_500(world, login_as, args, message):
    response = login_as(world.leader).get(f"/nhiem-vu/?{args}")
    assert response.status_code == 400
    assert message in text(response)
    assert len(titles(response)) == 7  # the rest of the list still shows


def test_search_text_with_wildcards_and_quotes_is_harmless(world, login_as):
    web = login_as(world.leader)
    for q in ("%", "_", "' OR 1=1 --", '"; DROP TABLE task; --', "a" * 500):
        response = web.get("/nhiem-vu/", query_string={"q": q})
        assert response.status_code == 200 and titles(response) == []


def test_empty_states_say_what_to_do(make, world, login_as):
    assert "Không có nhiệm vụ nào khớp bộ lọc" in text(login_as(world.leader).get("/nhiem-vu/?q=khong+ton+tai"))
    assert "Đơn vị chưa được giao nhiệm vụ nào" in text(login_as(make.officer()).get("/nhiem-vu/"))
    admin_page = login_as(make.admin()).get("/nhiem-vu/")
    assert admin_page.status_code == 200 and "không thuộc cơ quan nào được giao nhiệm vụ" in text(admin_page)


def test_empty_list_for_the_assigning_side(make, login_as):
    assert "Chưa có nhiệm vụ nào được giao" in text(login_as(make.coordinator()).get("/nhiem-vu/"))


# Chờ duyệt ----------------------------------------------------------------------------------------


@pytest.fixture
def queue(world):
    """Two submissions (the older first) and an extension request, made through the workflow."""
    first, second = world.later, world.late3
    for task, note in ((first, "Đã hoàn thành, gửi kế hoạch"), (second, "Đã xong phần việc")):
        task.evidence_required = False
        workflow.submit(task, world.officer_a, note=note)
    first.submitted_at = datetime.now(UTC) - timedelta(days=3)
    workflow.request_extension(world.support, world.officer_b, new_date=deadlines.today() + timedelta(days=30),
                               reason="Chờ ý kiến Sở Nội vụ")
    db.session.commit()
    return world


def test_pending_is_for_the_assigning_side_only(queue, make, login_as):
    assert login_as(queue.officer_a).get("/nhiem-vu/cho-duyet").status_code == 403
    assert login_as(make.admin()).get("/nhiem-vu/cho-duyet").status_code == 403
    assert login_as(make.coordinator()).get("/nhiem-vu/cho-duyet").status_code == 200


def test_pending_shows_who_when_what_oldest_first(queue, login_as):
    response = login_as(queue.leader).get("/nhiem-vu/cho-duyet")
    page = text(response)
    assert titles(response) == ["A còn nhiều thời gian", "A quá hạn ba ngày", "B đào tạo, A phối hợp"]
    assert "Đã hoàn thành, gửi kế hoạch" in page and "đã chờ 3 ngày" in page
    assert "Gửi sau hạn 3 ngày" in page and "Gửi đúng hạn" in page
    assert "Chờ ý kiến Sở Nội vụ" in page and "thêm 20 ngày" in page
    assert f'href="/nhiem-vu/{queue.later.id}"' in page and f'href="/nhiem-vu/{queue.support.id}"' in page
    assert page.count('name="task_ids"') == 2  # only submissions can be approved in bulk


def test_pending_empty_states(world, login_as):
    page = text(login_as(world.leader).get("/nhiem-vu/cho-duyet"))
    assert "Không có báo cáo hoàn thành nào chờ duyệt" in page
    assert "Không có đề nghị gia hạn nào chờ quyết định" in page


def test_list_filter_status_submitted_matches_the_queue(queue, login_as):
    assert set(titles(login_as(queue.leader).get("/nhiem-vu/?status=submitted"))) == {
        "A còn nhiều thời gian", "A quá hạn ba ngày"}


def test_pending_links_each_file_of_the_submission_and_shows_the_whole_note(world, login_as):
    """The files handed in with the submission (and added while it waits), not those of earlier reports."""

    def pdf(name):
        return FileStorage(io.BytesIO(evidence_samples.pdf()), name)

    task = world.later
    workflow.report_progress(task, world.officer_a, progress=50, note="Một nửa", files=[pdf("50%.pdf")])
    note = "Đã hoàn thành. " + "Chi tiết kết quả từng xã. " * 30 + "Hết."
    workflow.submit(task, world.officer_a, note=note, files=[pdf("Kết quả.pdf")])
    workflow.add_evidence(task, world.officer_a, files=[pdf("Quyết định.pdf")])
    db.session.commit()
    page = text(login_as(world.leader).get("/nhiem-vu/cho-duyet"))
    assert "Hết." in page, "the whole note, not its first 300 characters"
    links = re.findall(r'<a href="/nhiem-vu/tep/(\d+)" download>([^<]+)</a>', page)
    assert [name for _id, name in links] == ["Kết quả.pdf", "Quyết định.pdf"]
