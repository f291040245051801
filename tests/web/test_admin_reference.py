"""Admin reference data: frameworks and fields as data, and the reader's keyword lists edited without code."""

import pytest

from tests.appraisal_support import appraisal, district, seed_text
from tracker.extensions import db
from tracker.models import AuditEvent, Field, Framework, KeywordKind, ReaderKeyword, Role


@pytest.fixture
def d(make):
    return district(make)


@pytest.fixture
def admin(make, login_as):
    return login_as(make.admin())


def test_a_new_framework_with_its_fields_needs_no_code(d, admin):
    response = admin.post("/quan-tri/bo-chi-so/them", {"name": "Bộ chỉ số CCHC cấp xã (Hà Nội)", "year": "2025",
                                                       "issuing_body": "UBND thành phố Hà Nội", "is_active": "y"},
                          token_from="/quan-tri/bo-chi-so/them")
    assert response.status_code == 302
    framework = db.session.execute(db.select(Framework).filter_by(year=2025)).scalar_one()
    url = f"/quan-tri/bo-chi-so/{framework.id}/linh-vuc/them"
    assert admin.post(url, {"code": "nd1", "name": "Công tác chỉ đạo, điều hành", "max_points": "12,5"},
                      token_from=url).status_code == 302
    field = framework.fields[0]
    assert (field.code, str(field.max_points), field.position) == ("ND1", "12.50", 1)
    again = admin.post(url, {"code": "ND1", "name": "Trùng mã", "max_points": "5"}, token_from=url)
    assert again.status_code == 422 and "đã có lĩnh vực mã “ND1”" in again.get_data(as_text=True)
    bad = admin.post(url, {"code": "ND2", "name": "Điểm sai", "max_points": "-3"}, token_from=url)
    assert "không được âm" in bad.get_data(as_text=True)
    page = admin.get(f"/quan-tri/bo-chi-so/{framework.id}/sua").get_data(as_text=True)
    assert "Công tác chỉ đạo, điều hành" in page and "12,50" in page
    # The new framework is offered when recording an appraisal.
    coordinator = admin.client.application.test_client()
    assert framework.is_active and "Bộ chỉ số CCHC cấp xã (Hà Nội) (2025)" in _appraisal_form(d, coordinator)


def _appraisal_form(d, client):
    from tests.conftest import Browser

    web = Browser(client)
    web.login(d.coordinator.username)
    return web.get("/tham-dinh/them").get_data(as_text=True)


def test_copying_a_framework_to_a_new_year_and_guarding_recorded_scores(d, admin):
    a = appraisal(d)
    response = admin.post(f"/quan-tri/bo-chi-so/{d.framework.id}/sao-chep", {"year": "2022"},
                          token_from="/quan-tri/bo-chi-so")
    assert response.status_code == 302
    copy = db.session.execute(db.select(Framework).filter_by(year=2022)).scalar_one()
    assert [(f.code, f.max_points) for f in copy.fields] == [(f.code, f.max_points) for f in d.framework.fields]
    used = a.scores[0].field  # 12,50 recorded against a maximum of 14,50
    url = f"/quan-tri/linh-vuc/{used.id}/sua"
    lower = admin.post(url, {"code": used.code, "name": used.name, "max_points": "12"}, token_from=url)
    assert lower.status_code == 422 and "Đã có điểm 12,50" in lower.get_data(as_text=True)
    delete = f"/quan-tri/linh-vuc/{used.id}/xoa"
    refused = admin.post(delete, {"confirmed": "1"}, token_from="/quan-tri/bo-chi-so")
    assert refused.status_code == 302
    assert db.session.get(Field, used.id) is not None
    spare = copy.fields[-1]
    ask = admin.post(f"/quan-tri/linh-vuc/{spare.id}/xoa", {}, token_from="/quan-tri/bo-chi-so")
    assert "Xác nhận thao tác" in ask.get_data(as_text=True)
    admin.post(f"/quan-tri/linh-vuc/{spare.id}/xoa", {"confirmed": "1"}, token_from="/quan-tri/bo-chi-so")
    db.session.expire_all()
    assert len(db.session.get(Framework, copy.id).fields) == 7
    assert db.session.execute(db.select(AuditEvent).filter_by(action="field_deleted")).one()


def test_keyword_edits_change_what_the_reader_suggests(d, admin, login_as):
    a = appraisal(d)
    page = admin.get("/quan-tri/tu-khoa?kind=agency").get_data(as_text=True)
    assert "Văn phòng HĐND và UBND huyện" in page and "văn bản đi/đến" in page
    # The admin moves "văn bản đi/đến" from the office to the justice office.
    for keyword in db.session.scalars(db.select(ReaderKeyword).where(
            ReaderKeyword.kind == KeywordKind.AGENCY, ReaderKeyword.agency_id == d.office.id)).all():
        admin.post(f"/quan-tri/tu-khoa/{keyword.id}/xoa", {"confirmed": "1"}, token_from="/quan-tri/tu-khoa")
    for phrase in ("văn bản đi/đến", "luồng"):
        added = admin.post("/quan-tri/tu-khoa/them", {"kind": "agency", "phrase": phrase,
                                                       "agency_id": d.justice.id}, token_from="/quan-tri/tu-khoa")
        assert added.status_code == 302
    coordinator = login_as(d.coordinator)
    url = f"/tham-dinh/{a.id}/ket-luan"
    review = coordinator.post(url, {"text": seed_text()}, token_from=url, content_type="multipart/form-data")
    page = review.get_data(as_text=True)
    assert f'<option value="{d.justice.id}" selected>Phòng Tư pháp</option>' in page
    duplicate = admin.post("/quan-tri/tu-khoa/them", {"kind": "agency", "phrase": "Văn bản đi/đến",
                                                       "agency_id": d.justice.id}, token_from="/quan-tri/tu-khoa")
    assert duplicate.status_code == 422 and "đã có trong danh sách" in duplicate.get_data(as_text=True)


def test_a_new_cue_word_and_restoring_defaults(d, admin):
    text = "Lưu ý: hồ sơ lưu trữ chưa được số hóa đầy đủ."
    tried = admin.post("/quan-tri/tu-khoa/thu", {"text": text}, token_from="/quan-tri/tu-khoa/thu")
    assert "Tồn tại, hạn chế <span class=\"badge text-bg-light\">0</span>" in tried.get_data(as_text=True)
    admin.post("/quan-tri/tu-khoa/them", {"kind": "shortcoming_cue", "phrase": "lưu ý"},
               token_from="/quan-tri/tu-khoa")
    tried = admin.post("/quan-tri/tu-khoa/thu", {"text": text}, token_from="/quan-tri/tu-khoa/thu")
    assert "Hồ sơ lưu trữ chưa được số hóa đầy đủ" in tried.get_data(as_text=True)
    keyword = db.session.execute(db.select(ReaderKeyword).filter_by(phrase="tồn tại")).scalar_one()
    admin.post(f"/quan-tri/tu-khoa/{keyword.id}/xoa", {"confirmed": "1"}, token_from="/quan-tri/tu-khoa")
    assert db.session.execute(db.select(ReaderKeyword).filter_by(phrase="tồn tại")).first() is None
    restored = admin.post("/quan-tri/tu-khoa/khoi-phuc", {"confirmed": "1"}, token_from="/quan-tri/tu-khoa")
    assert "Đã thêm lại 1 từ khóa mặc định" in admin.get(restored.headers["Location"]).get_data(as_text=True)
    assert db.session.execute(db.select(ReaderKeyword).filter_by(phrase="lưu ý")).first(), "her own words stay"


@pytest.mark.parametrize("role", [Role.LEADER, Role.COORDINATOR, Role.OFFICER])
def test_reference_pages_are_for_the_admin_only(d, make, login_as, role, app):
    web = login_as(make.user(role, agency=d.office))
    keyword = db.session.scalars(db.select(ReaderKeyword)).first()
    ids = {"framework_id": d.framework.id, "field_id": d.framework.fields[0].id, "keyword_id": keyword.id}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("admin.framework", "admin.field", "admin.keyword")):
            continue
        url = rule.rule
        for name, value in ids.items():
            url = url.replace(f"<int:{name}>", str(value))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = web.get(url) if method == "GET" else web.post(url, {"confirmed": "1", "year": "2030",
                                                                            "phrase": "x"}, token_from="/ho-so")
            assert response.status_code == 403, (method, url)
    assert db.session.get(ReaderKeyword, keyword.id) is not None
    assert len(db.session.get(Framework, d.framework.id).fields) == 8
