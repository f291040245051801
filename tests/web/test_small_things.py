"""Issue 9, item 11: the small things a new user saw — upload help without its types, no favicon, a user label
and dashboard lines naming the agency twice, English pages that read badly or mix date forms."""

import re
from datetime import timedelta

import sqlalchemy as sa

from tests.factories import PASSWORD
from tests.web.test_task_page import act, page, w  # noqa: F401 (the fixture)
from tracker.extensions import db
from tracker.models import Appraisal, Extension, User
from tracker.services import demo


def _demo_user(username: str, locale: str = "vi") -> User:
    demo.load_demo(password=PASSWORD)
    user = db.session.scalars(sa.select(User).filter_by(username=username)).one()
    user.locale = locale
    db.session.commit()
    return user


def test_the_upload_help_lists_the_allowed_types(w):  # noqa: F811
    html = page(w.as_(w.officer), w.url)
    assert "Có thể chọn nhiều tệp (PDF, DOC, XLS, DOCX, XLSX, ODT, ODS, JPG, PNG)" in html
    assert "tệp ()" not in html


def test_the_favicon_is_served_and_linked(app, login_as, make):
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00", "an ICO file"
    html = login_as(make.coordinator()).get("/tong-quan").get_data(as_text=True)
    assert re.search(r'<link rel="icon" href="/static/favicon.ico', html)


def test_the_user_label_does_not_name_the_agency_twice(app, login_as):
    coordinator = _demo_user("noivu.cchc")
    html = page(login_as(coordinator), "/tong-quan")
    assert "Công chức đầu mối CCHC, Phòng Nội vụ</a>" in html
    assert "Phòng Nội vụ · Phòng NV" not in html


def test_the_dashboard_names_a_communes_part_once(app, login_as):
    html = page(login_as(_demo_user("chutich")), "/tong-quan")
    assert "UBND xã Gia Hưng — UBND xã Gia Hưng" not in re.sub(r"\s*<[^>]+>\s*", " ", html).replace("  ", " ")
    assert "— UBND xã Gia Hưng</a>" in html


def test_english_pages_read_naturally_with_one_date_form(app, login_as):
    coordinator = _demo_user("noivu.cchc", "en")
    web = login_as(coordinator)
    appraisal = db.session.scalars(sa.select(Appraisal).filter_by(year=2021)).one()
    html = page(web, f"/tham-dinh/{appraisal.id}")
    assert "shortcomings · 3 recommendations" in html and "recommendations: 3" not in html
    dashboard = page(web, "/tong-quan")
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d", dashboard + html), \
        "dates are dd/mm/yyyy in English too, as the date boxes take them"
    assert re.search(r"\d\d/\d\d/\d{4}", dashboard)


def test_english_extension_decisions_read_as_one_sentence(w):  # noqa: F811
    officer, leader = w.as_(w.officer), w.as_(w.leader)
    asked = w.task.due_date + timedelta(days=20)
    assert act(officer, w, "gia-han", {"_prefix": "extension", "new_date": asked.strftime("%d/%m/%Y"),
                                       "reason": "Chờ số liệu"}).status_code == 302
    ext = db.session.execute(sa.select(Extension)).scalar_one()
    assert act(leader, w, f"gia-han/{ext.id}", {"_prefix": "decision", "decision": "approve"}).status_code == 302
    w.officer.locale = "en"
    db.session.commit()
    html = page(officer, w.url)
    assert f"Extension approved until <strong>{asked.strftime('%d/%m/%Y')}</strong>" in html
    assert "extended to" not in html
    w.officer.locale = "vi"
    db.session.commit()
    assert f"Đồng ý gia hạn đến <strong>{asked.strftime('%d/%m/%Y')}</strong>" in page(officer, w.url)
