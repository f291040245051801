"""Every main page, as each role sees it, checked by axe-core against WCAG 2.1 A and AA (the brief's bar).

One walk per role collects every page's violations and fails once with the whole readable list, so a fix can be
checked against all pages in one run.
"""

import pytest

from tests.browser.conftest import describe_violations, login
from tests.factories import PASSWORD
from tracker.extensions import db
from tracker.models import Agency, Appraisal, Task
from tracker.services import demo

pytestmark = pytest.mark.browser


def _ids():
    appraisal = db.session.scalars(db.select(Appraisal).order_by(Appraisal.id)).first()
    task = db.session.scalars(db.select(Task).where(Task.parent_id.is_(None)).order_by(Task.id)).first()
    agency = db.session.scalars(db.select(Agency).filter_by(short_name="Xã Gia Hòa")).one()
    return appraisal.id, task.id, agency.id


def _walk(page, base, paths, axe_violations) -> list[str]:
    broken = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, f"{path} answered {response.status}"
        page.wait_for_load_state("load")
        violations = axe_violations(page)
        if violations:
            broken.append(describe_violations(path, violations))
    return broken


@pytest.fixture
def demo_site(app):
    demo.load_demo(password=PASSWORD)
    db.session.commit()
    return _ids()


@pytest.fixture
def axe(axe_available):
    from tests.browser.conftest import axe_violations

    return axe_violations


def test_login_page_meets_wcag_aa(live_server, new_page, app, axe):
    page = new_page()
    broken = _walk(page, live_server, ["/dang-nhap"], axe)
    assert not broken, "\n\n".join(broken)


def test_coordinators_pages_meet_wcag_aa(live_server, new_page, demo_site, axe):
    appraisal_id, task_id, agency_id = demo_site
    page = new_page()
    login(page, live_server, "noivu.cchc")
    paths = ["/tong-quan", "/nhiem-vu/", "/nhiem-vu/cho-duyet", f"/nhiem-vu/{task_id}",
             f"/nhiem-vu/{task_id}/lich-su", f"/nhiem-vu/{task_id}/sua", "/nhiem-vu/them",
             "/nhiem-vu/dinh-ky", "/nhiem-vu/dinh-ky/them",
             "/tham-dinh/", f"/tham-dinh/{appraisal_id}", f"/tham-dinh/{appraisal_id}/ke-hoach",
             f"/tham-dinh/{appraisal_id}/sua", f"/tham-dinh/{appraisal_id}/ket-luan", "/tham-dinh/them",
             "/bao-cao/", f"/bao-cao/co-quan/{agency_id}", "/ho-so", "/doi-mat-khau"]
    broken = _walk(page, live_server, paths, axe)
    assert not broken, "\n\n".join(broken)


def test_chairmans_and_officers_pages_meet_wcag_aa(live_server, new_page, demo_site, axe):
    page = new_page()
    login(page, live_server, "chutich")
    broken = _walk(page, live_server, ["/tong-quan", "/bao-cao/", "/nhiem-vu/"], axe)
    officer = new_page()
    login(officer, live_server, demo.officer_username("Xã Gia Hòa"))
    broken += _walk(officer, live_server, ["/nhiem-vu/", "/tong-quan", "/ho-so"], axe)
    phone = new_page(390, 844)
    login(phone, live_server, "chutich")
    broken += _walk(phone, live_server, ["/tong-quan", "/bao-cao/"], axe)
    assert not broken, "\n\n".join(broken)


def test_admin_pages_meet_wcag_aa(live_server, new_page, demo_site, axe):
    page = new_page()
    login(page, live_server, "admin")
    paths = ["/quan-tri/", "/quan-tri/co-quan", "/quan-tri/co-quan/them", "/quan-tri/nguoi-dung",
             "/quan-tri/nguoi-dung/them", "/quan-tri/nhap-csv", "/quan-tri/nhat-ky", "/quan-tri/bo-chi-so",
             "/quan-tri/tu-khoa", "/quan-tri/tu-khoa/thu", "/quan-tri/thiet-lap-bao-cao",
             "/quan-tri/bo-chi-so/nhap-xlsx"]
    broken = _walk(page, live_server, paths, axe)
    assert not broken, "\n\n".join(broken)
