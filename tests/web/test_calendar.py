"""Calendar feeds, parsed back with the icalendar library: whose deadlines, one stable event per task, SEQUENCE
raised when a deadline moves, finished work gone, and a private address that a new one revokes."""

from datetime import timedelta

import icalendar
import pytest

from tests.appraisal_support import district
from tracker.extensions import db
from tracker.models import TaskStatus
from tracker.services import deadlines
from tracker.services.tasks import actions, calendar


@pytest.fixture
def d(make):
    return district(make)


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(response.data).walk("VEVENT")}


def _key_url(login_as, user):
    web = login_as(user)
    web.post("/nhiem-vu/lich/tao", {}, token_from="/ho-so")
    db.session.refresh(user)
    page = web.get("/ho-so").get_data(as_text=True)
    key = calendar.feed_key(user)
    assert key and key in page, "the profile page shows the address"
    web.logout()
    return f"/nhiem-vu/lich/{key}.ics"


def test_an_officer_feed_holds_the_open_deadlines_of_their_agency_only(d, make, login_as, client):
    officer = d.officers["Phòng TP"]
    today = deadlines.today()
    led = make.task(d.justice, title="Rà soát thủ tục hành chính", due=today + timedelta(days=9))
    supported = make.task(d.office, title="Báo cáo văn bản đi", supporting=[d.justice], due=today + timedelta(days=4))
    done = make.task(d.justice, title="Đã xong", status=TaskStatus.DONE, completed_on=today)
    cancelled = make.task(d.justice, title="Đã hủy", status=TaskStatus.CANCELLED)
    other = make.task(d.office, title="Việc của văn phòng")
    other_unit = make.task(make.agency(unit=make.unit()), title="Việc của xã khác")
    url = _key_url(login_as, officer)

    events = _feed(client, url)
    titles = {str(e["summary"]) for e in events.values()}
    assert titles == {"Hạn: Rà soát thủ tục hành chính", "Hạn: Báo cáo văn bản đi"}
    event = events[next(u for u in events if u.startswith(f"task-{led.id}@"))]
    assert event["dtstart"].dt == led.due_date and event["dtend"].dt == led.due_date + timedelta(days=1)
    assert int(event["sequence"]) == 0
    assert f"/nhiem-vu/{led.id}" in str(event["url"])
    assert "Chủ trì: Phòng Tư pháp" in str(event["description"])
    assert all(f"task-{t.id}@" not in "".join(events) for t in (done, cancelled, other, other_unit))
    assert supported.id in {int(u.split("@")[0].removeprefix("task-")) for u in events}


def test_a_moved_deadline_keeps_the_uid_and_raises_the_sequence_and_a_finished_task_leaves(d, make, login_as,
                                                                                          client):
    today = deadlines.today()
    task = make.task(d.justice, title="Rà soát thủ tục hành chính", due=today + timedelta(days=9))
    url = _key_url(login_as, d.coordinator)
    [before] = [e for u, e in _feed(client, url).items() if u.startswith(f"task-{task.id}@")]

    actions.change_deadline(task, d.leader, new_date=today + timedelta(days=20), reason="Chờ hướng dẫn của tỉnh")
    db.session.commit()
    [after] = [e for u, e in _feed(client, url).items() if u.startswith(f"task-{task.id}@")]
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after["dtstart"].dt == today + timedelta(days=20)

    task.status, task.completed_on = TaskStatus.DONE, today
    db.session.commit()
    assert not [u for u in _feed(client, url) if u.startswith(f"task-{task.id}@")]


def test_a_new_address_revokes_the_old_and_turning_it_off_revokes_it(d, login_as, client):
    officer = d.officers["Phòng TP"]
    old = _key_url(login_as, officer)
    web = login_as(officer)
    asked = web.post("/nhiem-vu/lich/tao", {}, token_from="/ho-so")
    assert asked.status_code == 200 and "địa chỉ cũ" in asked.get_data(as_text=True), "asks before revoking"
    assert client.get(old).status_code == 200
    web.post("/nhiem-vu/lich/tao", {"confirmed": "1"}, token_from="/ho-so")
    db.session.refresh(officer)
    new = f"/nhiem-vu/lich/{calendar.feed_key(officer)}.ics"
    assert new != old
    web.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    web = login_as(officer)
    web.post("/nhiem-vu/lich/tat", {"confirmed": "1"}, token_from="/ho-so")
    web.logout()
    assert client.get(new).status_code == 404


@pytest.mark.parametrize("key", ["x", "abc.def", "", "a" * 40 + ".b", "%00", "..", "a.b.c"])
def test_a_guessed_or_forged_address_answers_404(d, client, key):
    assert client.get(f"/nhiem-vu/lich/{key}.ics").status_code == 404


def test_the_feed_of_a_deactivated_account_stops(d, login_as, client):
    officer = d.officers["Phòng TP"]
    url = _key_url(login_as, officer)
    officer.active = False
    db.session.commit()
    assert client.get(url).status_code == 404


def test_the_coordinator_subscribes_to_an_agency_and_an_officer_cannot(d, make, login_as, client):
    today = deadlines.today()
    make.task(d.justice, title="Rà soát thủ tục hành chính", due=today + timedelta(days=9))
    make.task(d.office, title="Báo cáo văn bản đi", due=today + timedelta(days=4))
    url = _key_url(login_as, d.coordinator)
    key = url.removeprefix("/nhiem-vu/lich/").removesuffix(".ics")
    page = login_as(d.coordinator).get("/ho-so").get_data(as_text=True)
    assert f"/nhiem-vu/lich/{key}/co-quan/{d.justice.id}.ics" in page
    titles = {str(e["summary"]) for e in _feed(client, f"/nhiem-vu/lich/{key}/co-quan/{d.justice.id}.ics").values()}
    assert titles == {"Hạn: Rà soát thủ tục hành chính"}
    foreign = make.agency(unit=make.unit())
    assert client.get(f"/nhiem-vu/lich/{key}/co-quan/{foreign.id}.ics").status_code == 404

    officer_url = _key_url(login_as, d.officers["Phòng TP"])
    officer_key = officer_url.removeprefix("/nhiem-vu/lich/").removesuffix(".ics")
    assert client.get(f"/nhiem-vu/lich/{officer_key}/co-quan/{d.justice.id}.ics").status_code == 404


def test_the_feed_speaks_the_users_language(d, make, login_as, client):
    officer = d.officers["Phòng TP"]
    officer.locale = "en"
    db.session.commit()
    make.task(d.justice, title="Rà soát thủ tục hành chính")
    events = _feed(client, _key_url(login_as, officer))
    [event] = events.values()
    assert str(event["summary"]).startswith("Due: ")
