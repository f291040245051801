"""The province in a real browser: every unit ranked (desktop and phone), a unit's dashboard reached by drill-down,
and a one-unit installation that shows nothing of units."""

import re
from datetime import date, timedelta

import pytest

from tests import province_world
from tests.browser.conftest import login, screenshot, sideways_scroll
from tracker.extensions import db
from tracker.models import AgencyKind, TaskStatus
from tracker.services import deadlines

pytestmark = pytest.mark.browser

COMMUNES = ["UBND xã Gia Viễn", "UBND xã Đại Hoàng", "UBND phường Tây Hoa Lư", "UBND xã Yên Mô",
            "UBND đặc khu Kim Sơn"]


def _more_units(make) -> None:
    """Five more communes with a few tasks each, some done, some overdue, so the ranking has something to rank."""
    today = deadlines.today()
    for i, name in enumerate(COMMUNES):
        unit = make.unit(name, f"X{i}")
        office = make.agency(f"Văn phòng HĐND và UBND {name[5:]}", f"VP{i}", AgencyKind.OFFICE, unit=unit)
        for n in range(i + 2):
            if n % 3 == 0:
                make.task(office, title=f"Việc {n}", status=TaskStatus.DONE, due=today - timedelta(days=5),
                          completed_on=today - timedelta(days=6 + (n % 2) * 3), commit=False)
            elif n % 3 == 1 and i % 2 == 0:
                make.task(office, title=f"Việc {n}", status=TaskStatus.IN_PROGRESS, due=today - timedelta(days=n),
                          commit=False)
            else:
                make.task(office, title=f"Việc {n}", status=TaskStatus.IN_PROGRESS, due=today + timedelta(days=20),
                          commit=False)
    db.session.commit()


def test_the_province_ranks_units_and_drills_down_to_one(live_server, new_page, app, make, check_a11y):
    world = province_world.build(make)
    _more_units(make)
    page = new_page()
    login(page, live_server, world.users["province_leader"].username)
    page.get_by_role("heading", name="Theo dõi khắc phục toàn tỉnh").wait_for()
    first = page.locator("#unit-table tbody tr").first
    assert "UBND đặc khu Kim Sơn" in first.inner_text()  # two overdue tasks, the most
    assert page.get_by_role("link", name="Toàn tỉnh").count() >= 1
    screenshot(page, "province-desktop")
    check_a11y(page)
    page.get_by_role("link", name="Tỷ lệ hoàn thành", exact=True).click()
    page.wait_for_url(re.compile(r"sort=completion"))
    screenshot(page, "province-desktop-by-completion")
    check_a11y(page)

    first = page.locator("#unit-table tbody tr").first
    name = first.locator(".unit-name a").inner_text()
    first.locator(".unit-name a").click()
    page.get_by_role("heading", name=f"Tổng quan — {name}").wait_for()
    assert "unit=" in page.url
    screenshot(page, "province-drilldown-dashboard")
    check_a11y(page)
    page.get_by_role("link", name="Toàn tỉnh").first.click()
    page.get_by_role("heading", name="Theo dõi khắc phục toàn tỉnh").wait_for()

    page.goto(f"{live_server}/toan-tinh/bao-cao?as_of={province_world.D.isoformat()}")
    page.get_by_role("heading", name="Báo cáo tổng hợp kết quả khắc phục của các cơ quan, đơn vị").wait_for()
    total = page.locator("#province-report-table tfoot tr td.num").first.inner_text().strip()
    assert total == "9"
    screenshot(page, "province-report-past-day")
    check_a11y(page)


def test_the_province_page_reads_on_a_phone(live_server, new_page, app, make, check_a11y):
    world = province_world.build(make)
    _more_units(make)
    page = new_page(390, 844)
    login(page, live_server, world.users["province_coordinator"].username)
    page.get_by_role("heading", name="Theo dõi khắc phục toàn tỉnh").wait_for()
    screenshot(page, "province-phone")
    check_a11y(page)
    assert sideways_scroll(page) == 0
    row = page.locator("#unit-table tbody tr").first
    assert row.locator(".unit-name").is_visible()
    assert page.locator("#unit-table thead").is_hidden()  # stacked rows, each figure labelled
    assert row.locator("td").nth(1).get_attribute("data-label") == "Quá hạn"
    screenshot(page, "province-phone")
    check_a11y(page)
    page.get_by_role("link", name="Báo cáo toàn tỉnh theo ngày").click()
    page.get_by_role("heading", name="Báo cáo tổng hợp kết quả khắc phục của các cơ quan, đơn vị").wait_for()
    assert sideways_scroll(page) == 0  # the wide table scrolls inside its own box
    screenshot(page, "province-report-phone")
    check_a11y(page)


def test_a_one_unit_installation_shows_nothing_of_units(live_server, new_page, app, make, check_a11y):
    unit = make.agency("UBND xã Gia Hòa", "Xã Gia Hòa")
    office = make.agency("Văn phòng HĐND và UBND xã Gia Hòa", "VP Gia Hòa", AgencyKind.OFFICE)
    make.task(office, title="Gửi báo cáo đúng hạn", due=date.today() - timedelta(days=3),
              status=TaskStatus.IN_PROGRESS)
    leader = make.leader(agency=unit)
    page = new_page()
    login(page, live_server, leader.username)
    page.get_by_role("heading", name="Tổng quan").wait_for()
    nav = page.locator("nav.navbar").inner_text()
    assert "Toàn tỉnh" not in nav
    assert "Tổng quan — " not in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "one-unit-dashboard")
    check_a11y(page)
    page.goto(f"{live_server}/nhiem-vu/")
    assert page.locator("select[name=unit]").count() == 0
    screenshot(page, "one-unit-task-list")
    check_a11y(page)
    assert page.goto(f"{live_server}/toan-tinh/").status == 403
