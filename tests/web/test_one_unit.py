"""A commune or department that installs the tracker for itself alone notices nothing of units or the province:
no unit picker, no unit column, no province page or menu entry, on any page its people open."""

import pytest

from tracker.extensions import db
from tracker.models import AgencyKind, Appraisal, TaskStatus

# What would betray units: the task list's unit picker, the admin's unit column and picker, the province's words.
MARKERS = ('name="unit"', ">Đơn vị</th>", 'name="unit_id"', "Toàn tỉnh", "Cấp tỉnh", "Lãnh đạo cấp tỉnh")
# The admin's own units pages are how a one-unit installation grows into a province; the appraisal form's
# "unit_id" is the appraised agency, as it was before units existed.
NOT_CHECKED = {"admin.unit_list", "admin.unit_edit", "admin.unit_import"}
ALLOWED_UNIT_ID = {"appraisals.new"}


@pytest.fixture
def one_unit(make):
    unit = make.unit("UBND xã Gia Hòa", "Xã Gia Hòa")
    office = make.agency("Văn phòng HĐND và UBND xã Gia Hòa", "VP Gia Hòa", AgencyKind.OFFICE, unit=unit)
    people = {"leader": make.leader(agency=unit), "coordinator": make.coordinator(agency=office),
              "officer": make.officer(office), "admin": make.admin()}
    make.task(office, title="Niêm yết thủ tục hành chính", status=TaskStatus.IN_PROGRESS)
    db.session.add(Appraisal(unit=unit, year=2025, framework=make.framework(), team="Tổ thẩm định"))
    db.session.commit()
    return people


def _pages(app):
    return sorted((rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.arguments and rule.endpoint not in NOT_CHECKED
                  and not rule.endpoint.startswith(("static", "bootstrap")) and rule.endpoint != "main.healthz"
                  and not rule.rule.endswith((".docx", "/xuat")))


@pytest.mark.parametrize("who", ["leader", "coordinator", "officer", "admin"])
def test_no_page_of_a_one_unit_installation_shows_units_or_the_province(app, one_unit, login_as, who):
    web = login_as(one_unit[who])
    province_paths = {rule.rule.split("<", 1)[0] for rule in app.url_map.iter_rules()
                      if rule.endpoint.startswith("province.")}
    opened = 0
    for endpoint, path in _pages(app):
        response = web.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue  # a page this role may not open, or not a page (the favicon)
        opened += 1
        html = response.get_data(as_text=True)
        for marker in MARKERS:
            if marker == 'name="unit_id"' and endpoint in ALLOWED_UNIT_ID:
                continue
            assert marker not in html, f"{path} as {who} shows {marker}"
        for province_path in province_paths:
            assert f'href="{province_path}' not in html, f"{path} as {who} links to the province's {province_path}"
    assert opened >= (3 if who == "officer" else 5), "the main pages were opened"
