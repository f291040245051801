"""Appraisal pages: recording scores as typed, refusals naming the field, the list, the page with its tree."""

import re

import pytest

from tests.appraisal_support import SCORES_2021, appraisal, district
from tracker.extensions import db
from tracker.models import Appraisal, AuditEvent, Role, Task
from tracker.services import demo


@pytest.fixture
def d(make):
    return district(make)


def _form(d, scores, **extra):
    data = {"unit_id": d.unit.id, "year": "2021", "framework_id": d.framework.id, "drawn_framework": d.framework.id,
            "team": "Tổ thẩm định xác định Chỉ số CCHC năm 2021", "team_head": "Phó Giám đốc Sở Nội vụ",
            "appraised_on": "06/05/2022", "conclusion_number": "Biên bản ngày 06/5/2022", "status": "final"}
    for field, score in zip(d.framework.fields, scores, strict=True):
        data[f"score-{field.id}"] = score
        data[f"self-{field.id}"] = ""
    data.update(extra)
    return data


def test_coordinator_records_an_appraisal_with_comma_decimals(d, login_as):
    appraisal(d, 2020)
    web = login_as(d.coordinator)
    page = web.get("/tham-dinh/them").get_data(as_text=True)
    assert "Cải cách thủ tục hành chính" in page and "14,00" in page, "fields and maxima come from the framework"
    response = web.post("/tham-dinh/them", _form(d, SCORES_2021), token_from="/tham-dinh/them")
    assert response.status_code == 302
    saved = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    assert response.headers["Location"].endswith(f"/tham-dinh/{saved.id}/ket-luan"), "next step: the conclusion"
    assert str(saved.total_score) == "87.88" and saved.appraised_on.isoformat() == "2022-05-06"
    page = web.get(f"/tham-dinh/{saved.id}").get_data(as_text=True)
    assert "87,88" in page and "+2,38" in page and "so với năm 2020" in page
    assert page.count('class="bar ') == 8, "one bar per field, drawn on the server"
    assert 'aria-label="12,50 trên 14,50 điểm (86%)"' in page
    assert db.session.execute(db.select(AuditEvent).filter_by(action="appraisal_created", entity_id=saved.id)).one()


@pytest.mark.parametrize("index, typed, words", [
    (2, "14,25", "Điểm thẩm định lĩnh vực “Cải cách thủ tục hành chính” là 14,25, vượt quá điểm tối đa 14,00."),
    (6, "-0,5", "Điểm thẩm định lĩnh vực “Hiện đại hóa hành chính”: điểm không được âm."),
    (0, "abc", "không phải là số điểm"),
])
def test_a_bad_score_is_refused_beside_its_field_and_nothing_is_saved(d, login_as, index, typed, words):
    web = login_as(d.coordinator)
    scores = list(SCORES_2021)
    scores[index] = typed
    response = web.post("/tham-dinh/them", _form(d, scores), token_from="/tham-dinh/them")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and words in page
    field_id = d.framework.fields[index].id
    assert re.search(rf'id="score-{field_id}"[^>]*value="{re.escape(typed)}"', page.replace("\n", " ")) or \
        f'value="{typed}"' in page, "what she typed is kept"
    assert f'is-invalid score-main" id="score-{field_id}"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Appraisal)) == 0


def test_editing_keeps_the_scores_and_changing_the_framework_redraws_the_fields(d, login_as):
    a = appraisal(d)
    web = login_as(d.coordinator)
    page = web.get(f"/tham-dinh/{a.id}/sua").get_data(as_text=True)
    assert 'value="12,50"' in page and 'value="11,38"' in page
    scores = list(SCORES_2021)
    scores[0] = "13"
    assert web.post(f"/tham-dinh/{a.id}/sua", _form(d, scores), token_from=f"/tham-dinh/{a.id}/sua").status_code == 302
    db.session.refresh(a)
    assert str(a.total_score) == "88.38"
    response = web.post(f"/tham-dinh/{a.id}/sua", _form(d, scores, framework_id=d.framework_2020.id),
                        token_from=f"/tham-dinh/{a.id}/sua")
    assert response.status_code == 200 and "Đã đổi bộ chỉ số" in response.get_data(as_text=True)
    db.session.refresh(a)
    assert a.framework_id == d.framework.id, "nothing saved until the new fields are filled"


def test_the_list_is_paginated_and_searchable_without_diacritics(d, login_as, app):
    app.config["APPRAISALS_PER_PAGE"] = 5
    for year in range(2014, 2022):
        appraisal(d, year)
    web = login_as(d.leader)
    first = web.get("/tham-dinh/").get_data(as_text=True)
    assert "Trang 1/2" in first and first.count('href="/tham-dinh/') >= 5
    assert "2021" in first and "+0,00" not in first
    second = web.get("/tham-dinh/?page=2").get_data(as_text=True)
    assert "Trang 2/2" in second
    assert "Gia Viễn" in web.get("/tham-dinh/?q=gia vien").get_data(as_text=True)
    assert "Không có đợt thẩm định nào" in web.get("/tham-dinh/?q=nho quan").get_data(as_text=True)


def test_empty_states_say_what_to_do_next(d, login_as):
    web = login_as(d.coordinator)
    assert "Chưa có đợt thẩm định nào" in web.get("/tham-dinh/").get_data(as_text=True)
    a = appraisal(d)
    page = web.get(f"/tham-dinh/{a.id}").get_data(as_text=True)
    assert "Chưa ghi nhận tồn tại, đề nghị nào" in page and "Chưa có kết quả năm trước" in page


def test_the_demo_page_shows_the_tree_with_roll_ups(app, make, login_as):
    demo.load_demo(password="một mật khẩu thử nghiệm")
    db.session.commit()
    a = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    web = login_as(make.leader())
    page = web.get(f"/tham-dinh/{a.id}").get_data(as_text=True)
    assert "87,88" in page and "+2,38" in page
    for words in ("1/1 nhiệm vụ hoàn thành", "0/1 nhiệm vụ hoàn thành", "1/5 nhiệm vụ hoàn thành", "2 quá hạn",
                  "Đề nghị 1", "Đề nghị 3", "Nhiệm vụ khác", "Quá hạn 5 ngày", "UBND thị trấn Me"):
        assert words in page, words
    titles = [t.title for t in db.session.scalars(db.select(Task).filter_by(appraisal_id=a.id))]
    assert all(t in page for t in titles), "every task appears under its shortcoming"
    assert "Tải Kế hoạch khắc phục (DOCX)" in page or "reports.plan_docx" not in app.view_functions


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ADMIN])
def test_appraisal_pages_are_refused_to_officers_and_admins(d, make, login_as, app, role):
    a = appraisal(d)
    web = login_as(make.user(role, agency=d.office if role == Role.OFFICER else None))
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("appraisals."):
            continue
        # Other ids (a shortcoming, a recommendation) need not exist: the role is refused before any lookup.
        url = re.sub(r"<int:\w+>", "1", rule.rule.replace("<int:appraisal_id>", str(a.id)))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = web.get(url) if method == "GET" else web.post(url, {"confirmed": "1", "op": "assign"},
                                                                     token_from="/ho-so")
            assert response.status_code == 403, (method, url)
    assert db.session.scalar(db.select(db.func.count()).select_from(Task)) == 0


def test_every_endpoint_of_this_area_declares_its_access_rule(app):
    from tests.access import all_rules

    rules = all_rules()
    mine = [r.endpoint for r in app.url_map.iter_rules()
            if r.endpoint.startswith("appraisals.") or r.endpoint in ("tasks.new", "tasks.edit")
            or r.endpoint.startswith(("admin.framework", "admin.field", "admin.keyword"))]
    assert len(mine) >= 20 and [e for e in mine if e not in rules] == []
