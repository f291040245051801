"""A unit's coordinator manages that unit's accounts when the admin allows it: officers and coordinators of the
unit's agencies, never a leader's role, never another unit."""

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import AgencyKind, Role, User


@pytest.fixture
def two_units(make):
    w = type("Units", (), {})()
    w.a = make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    w.b = make.unit("UBND xã Đại Hoàng", "Xã Đại Hoàng")
    w.office_a = make.agency("Văn phòng HĐND và UBND xã Gia Hưng", "VP Gia Hưng", AgencyKind.OFFICE, unit=w.a)
    w.office_b = make.agency("Văn phòng HĐND và UBND xã Đại Hoàng", "VP Đại Hoàng", AgencyKind.OFFICE, unit=w.b)
    w.coordinator_a = make.coordinator(agency=w.office_a)
    w.coordinator_b = make.coordinator(agency=w.office_b)
    w.leader_a = make.leader(agency=w.a)
    w.officer_a = make.officer(w.office_a)
    w.officer_b = make.officer(w.office_b)
    w.a.coordinator_manages_accounts = w.b.coordinator_manages_accounts = True
    db.session.commit()
    return w


def test_without_the_admins_leave_a_coordinator_manages_no_account(two_units, make, login_as):
    two_units.a.coordinator_manages_accounts = False
    db.session.commit()
    web = login_as(two_units.coordinator_a)
    assert web.get("/tai-khoan-don-vi/").status_code == 403
    assert "/tai-khoan-don-vi/" not in web.get("/ho-so").get_data(as_text=True), "no menu entry"
    assert "/tai-khoan-don-vi/" in login_as(two_units.coordinator_b).get("/ho-so").get_data(as_text=True)


def test_unit_bs_coordinator_gets_404_on_unit_as_users(two_units, login_as):
    web = login_as(two_units.coordinator_b)
    for target in (two_units.officer_a, two_units.coordinator_a, two_units.leader_a):
        assert web.get(f"/tai-khoan-don-vi/{target.id}/sua").status_code == 404
        for verb in ("trang-thai", "cap-lai-mat-khau"):
            response = web.post(f"/tai-khoan-don-vi/{target.id}/{verb}", {"confirmed": "1"},
                                token_from="/tai-khoan-don-vi/")
            assert response.status_code == 404, verb
    db.session.refresh(two_units.officer_a)
    assert two_units.officer_a.active
    listing = web.get("/tai-khoan-don-vi/").get_data(as_text=True)
    assert two_units.officer_b.username in listing and two_units.officer_a.username not in listing


def test_a_coordinator_creates_edits_and_disables_accounts_of_the_unit(two_units, login_as):
    w = two_units
    web = login_as(w.coordinator_a)
    form = web.get("/tai-khoan-don-vi/them").get_data(as_text=True)
    roles = form.split('name="role"', 1)[1].split("</select>", 1)[0]
    assert 'value="officer"' in roles and 'value="coordinator"' in roles
    assert 'value="leader"' not in roles and 'value="admin"' not in roles and "province" not in roles
    agencies = form.split('name="agency_id"', 1)[1].split("</select>", 1)[0]
    assert w.office_a.name in agencies and w.office_b.name not in agencies
    created = web.post("/tai-khoan-don-vi/them", {"username": "cb.moi", "full_name": "Trần Thị Mới", "email": "",
                                                  "role": "officer", "agency_id": str(w.office_a.id)},
                       token_from="/tai-khoan-don-vi/them")
    assert created.status_code == 200 and "chỉ hiện một lần" in created.get_data(as_text=True)
    new = db.session.execute(sa.select(User).filter_by(username="cb.moi")).scalar_one()
    assert new.agency_id == w.office_a.id and new.role == Role.OFFICER
    edited = web.post(f"/tai-khoan-don-vi/{new.id}/sua", {"full_name": "Trần Thị Mới", "email": "",
                                                         "role": "coordinator", "agency_id": str(w.a.id)},
                      token_from="/tai-khoan-don-vi/")
    assert edited.status_code == 302
    db.session.refresh(new)
    assert new.role == Role.COORDINATOR and new.agency_id == w.a.id
    disabled = web.post(f"/tai-khoan-don-vi/{w.officer_a.id}/trang-thai", {"confirmed": "1"},
                        token_from="/tai-khoan-don-vi/")
    assert disabled.status_code == 302
    db.session.refresh(w.officer_a)
    assert not w.officer_a.active


def test_a_coordinator_never_gives_a_role_above_coordinator_nor_another_units_agency(two_units, login_as):
    w = two_units
    web = login_as(w.coordinator_a)
    for role, agency in (("leader", w.office_a), ("admin", w.office_a), ("province_leader", w.office_a),
                         ("officer", w.office_b)):
        response = web.post("/tai-khoan-don-vi/them", {"username": f"x.{role}", "full_name": "Người Lạ",
                                                      "role": role, "agency_id": str(agency.id)},
                            token_from="/tai-khoan-don-vi/them")
        assert response.status_code in (200, 403), role
        assert db.session.execute(sa.select(User).filter_by(username=f"x.{role}")).first() is None, role
    promoted = web.post(f"/tai-khoan-don-vi/{w.officer_a.id}/sua", {"full_name": "Cán bộ", "role": "leader",
                                                                   "agency_id": str(w.office_a.id)},
                        token_from="/tai-khoan-don-vi/")
    assert promoted.status_code in (200, 403)
    db.session.refresh(w.officer_a)
    assert w.officer_a.role == Role.OFFICER
    # The unit's leader is listed but managed by the admin only.
    assert web.get(f"/tai-khoan-don-vi/{w.leader_a.id}/sua").status_code == 404
    assert "Do quản trị hệ thống quản lý" in web.get("/tai-khoan-don-vi/").get_data(as_text=True)
