"""Correcting a saved shortcoming or recommendation: text, field, suggested agency; stale forms; who may."""

import html

import pytest

from tests.appraisal_support import appraisal, district
from tracker.extensions import db
from tracker.models import AuditEvent, Finding, Recommendation, Task
from tracker.services.conclusions import importing as conclusion_import


@pytest.fixture
def d(make):
    return district(make)


@pytest.fixture
def items(d):
    """A 2021 appraisal with one shortcoming and the recommendation answering it."""
    a = appraisal(d)
    finding = Finding(appraisal=a, text="Báo cáo còn gửi chậm so với qui định.\nChưa đầy đủ.",
                      field=d.framework.fields[0], position=1)
    rec = Recommendation(appraisal=a, text="Gửi báo cáo đúng hạn.", field=d.framework.fields[0],
                         suggested_agency=d.home_affairs, position=1, findings=[finding])
    db.session.add_all([finding, rec])
    db.session.commit()
    return a, finding, rec


def _finding_url(finding, appraisal_id=None):
    return f"/tham-dinh/{appraisal_id or finding.appraisal_id}/ton-tai/{finding.id}/sua"


def _rec_url(rec, appraisal_id=None):
    return f"/tham-dinh/{appraisal_id or rec.appraisal_id}/de-nghi/{rec.id}/sua"


def _finding_form(finding, **changes):
    data = {"text": finding.text, "field_id": finding.field_id or 0,
            "original_text": finding.text, "original_field_id": finding.field_id or ""}
    return {**data, **changes}


def _rec_form(rec, **changes):
    data = {"text": rec.text, "field_id": rec.field_id or 0, "agency_id": rec.suggested_agency_id or 0,
            "original_text": rec.text, "original_field_id": rec.field_id or "",
            "original_agency_id": rec.suggested_agency_id or ""}
    return {**data, **changes}


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_coordinator_corrects_a_shortcoming_and_sees_it_on_the_appraisal_page(d, items, login_as):
    a, finding, _rec = items
    web = login_as(d.coordinator)
    page = _page(web.get(f"/tham-dinh/{a.id}"))
    assert _finding_url(finding) in page and _rec_url(_rec) in page, "the page links to each item's edit page"
    form = _page(web.get(_finding_url(finding)))
    assert "Sửa tồn tại, hạn chế" in form and "Báo cáo còn gửi chậm" in form
    field = d.framework.fields[2]
    # A browser posts line breaks as CRLF; the hidden copy of the stored text must still match it.
    data = _finding_form(finding, text="  Báo cáo còn gửi chậm so với quy định.  ", field_id=field.id,
                         original_text=finding.text.replace("\n", "\r\n"))
    response = web.post(_finding_url(finding), data, token_from=_finding_url(finding))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/tham-dinh/{a.id}")
    page = _page(web.get(f"/tham-dinh/{a.id}"))
    assert "Đã cập nhật tồn tại, hạn chế." in page
    assert "Báo cáo còn gửi chậm so với quy định." in page and field.name in page
    db.session.expire_all()
    assert finding.text == "Báo cáo còn gửi chậm so với quy định." and finding.field_id == field.id
    event = db.session.execute(db.select(AuditEvent).filter_by(action="finding_updated", entity_id=finding.id)
                               ).scalar_one()
    assert event.actor_id == d.coordinator.id and event.entity == "finding"
    assert event.changes["text"] == ["Báo cáo còn gửi chậm so với qui định.\nChưa đầy đủ.",
                                     "Báo cáo còn gửi chậm so với quy định."]
    assert event.changes["field"] == [d.framework.fields[0].code, field.code]


def test_leader_changes_a_recommendations_agency_and_its_tasks_keep_their_text(d, items, login_as):
    a, _finding, rec = items
    task = conclusion_import.draft_for(rec, d.coordinator)
    db.session.commit()
    web = login_as(d.leader)
    form = _page(web.get(_rec_url(rec)))
    assert "Sửa đề nghị" in form and "Các nhiệm vụ đã lập từ đề nghị này không thay đổi" in form
    data = _rec_form(rec, text="Gửi báo cáo định kỳ đúng hạn.", agency_id=d.justice.id)
    response = web.post(_rec_url(rec), data, token_from=_rec_url(rec))
    assert response.status_code == 302
    page = _page(web.get(f"/tham-dinh/{a.id}"))
    assert "Đã cập nhật đề nghị." in page and "gợi ý chủ trì: Phòng TP" in page
    db.session.expire_all()
    assert rec.suggested_agency_id == d.justice.id and rec.text == "Gửi báo cáo định kỳ đúng hạn."
    assert db.session.get(Task, task.id).title == "Gửi báo cáo đúng hạn.", "a task keeps the text it was made with"
    event = db.session.execute(db.select(AuditEvent).filter_by(action="recommendation_updated")).scalar_one()
    assert event.entity_id == rec.id and event.changes["agency"] == ["Phòng NV", "Phòng TP"]


def test_only_the_assigning_side_edits_items(d, items, login_as, make):
    _a, finding, rec = items
    for user in (d.officers["Phòng NV"], make.admin()):
        web = login_as(user)
        for url, data in ((_finding_url(finding), _finding_form(finding, text="Đổi")),
                          (_rec_url(rec), _rec_form(rec, text="Đổi"))):
            assert web.get(url).status_code == 403
            assert web.post(url, data, token_from="/ho-so").status_code == 403
    db.session.expire_all()
    assert finding.text.startswith("Báo cáo còn gửi chậm") and rec.text == "Gửi báo cáo đúng hạn."
    assert not db.session.execute(db.select(AuditEvent).filter(AuditEvent.action.like("%_updated"),
                                                               AuditEvent.entity != "appraisal")).first()


def test_an_item_of_another_appraisal_is_not_found(d, items, login_as):
    _a, finding, rec = items
    other = appraisal(d, 2020)
    web = login_as(d.coordinator)
    assert web.get(_finding_url(finding, other.id)).status_code == 404
    assert web.get(_rec_url(rec, other.id)).status_code == 404
    url = _finding_url(finding, other.id)
    assert web.post(url, _finding_form(finding, text="Đổi"), token_from="/ho-so").status_code == 404
    assert web.get(f"/tham-dinh/{finding.appraisal_id}/ton-tai/{rec.id + 1000}/sua").status_code == 404
    db.session.expire_all()
    assert finding.text.startswith("Báo cáo còn gửi chậm")


def test_empty_text_is_refused_beside_the_field(d, items, login_as):
    _a, finding, rec = items
    web = login_as(d.coordinator)
    for url, data in ((_finding_url(finding), _finding_form(finding, text="   ")),
                      (_rec_url(rec), _rec_form(rec, text=""))):
        response = web.post(url, data, token_from=url)
        assert response.status_code == 422 and "Vui lòng nhập nội dung." in _page(response)
    db.session.expire_all()
    assert finding.text.startswith("Báo cáo còn gửi chậm") and rec.text == "Gửi báo cáo đúng hạn."


@pytest.mark.parametrize("change, words", [
    ("field", "Lĩnh vực đã chọn không thuộc bộ chỉ số của đợt thẩm định này."),
    ("agency", "Cơ quan đã chọn không còn hoạt động."),
    ("text", "Không được dài quá 1000 ký tự."),
    ("control", "Nội dung chứa ký tự điều khiển không hợp lệ."),
])
def test_a_field_of_another_framework_an_inactive_agency_or_bad_text_is_refused(d, items, login_as, change, words):
    _a, _finding, rec = items
    d.communes[0].is_active = False
    db.session.commit()
    values = {"field": {"field_id": d.framework_2020.fields[1].id}, "agency": {"agency_id": d.communes[0].id},
              "text": {"text": "Đề nghị " * 200}, "control": {"text": "Gửi báo cáo\x07 đúng hạn."}}[change]
    web = login_as(d.coordinator)
    response = web.post(_rec_url(rec), _rec_form(rec, **values), token_from=_rec_url(rec))
    assert response.status_code == 422 and words in _page(response)
    db.session.expire_all()
    assert (rec.text, rec.field_id, rec.suggested_agency_id) == (
        "Gửi báo cáo đúng hạn.", d.framework.fields[0].id, d.home_affairs.id)
    assert not db.session.execute(db.select(AuditEvent).filter_by(action="recommendation_updated")).first()


def test_a_stale_form_is_refused_with_409_and_keeps_what_was_typed(d, items, login_as):
    _a, finding, _rec = items
    web = login_as(d.coordinator)
    data = _finding_form(finding, text="Nội dung tôi vừa gõ lại.")
    finding.text = "Người khác đã sửa tồn tại này."
    db.session.commit()
    response = web.post(_finding_url(finding), data, token_from=_finding_url(finding))
    page = _page(response)
    assert response.status_code == 409
    assert "Người khác vừa sửa mục này" in page and "“Người khác đã sửa tồn tại này.”" in page
    assert "Nội dung tôi vừa gõ lại.</textarea>" in page, "what she typed stays in the box"
    assert 'name="original_text" type="hidden" value="Người khác đã sửa tồn tại này."' in page
    db.session.expire_all()
    assert finding.text == "Người khác đã sửa tồn tại này."
    assert not db.session.execute(db.select(AuditEvent).filter_by(action="finding_updated")).first()
    # Having seen the current text, she saves again over it on purpose.
    data["original_text"] = "Người khác đã sửa tồn tại này."
    assert web.post(_finding_url(finding), data, token_from=_finding_url(finding)).status_code == 302
    db.session.expire_all()
    assert finding.text == "Nội dung tôi vừa gõ lại."


def test_a_changed_agency_alone_makes_the_form_stale(d, items, login_as):
    _a, _finding, rec = items
    web = login_as(d.leader)
    data = _rec_form(rec, text="Gửi báo cáo đúng hạn, đầy đủ.")
    rec.suggested_agency = d.justice
    db.session.commit()
    response = web.post(_rec_url(rec), data, token_from=_rec_url(rec))
    assert response.status_code == 409 and "gợi ý chủ trì: Phòng TP" in _page(response)
    db.session.expire_all()
    assert rec.text == "Gửi báo cáo đúng hạn." and rec.suggested_agency_id == d.justice.id


def test_a_shortcoming_as_long_as_the_importer_allows_can_be_saved_again(d, items, login_as):
    _a, finding, _rec = items
    finding.text = "Báo cáo còn gửi chậm. " * 200  # 4,400 characters, as a long conclusion may hold
    db.session.commit()
    web = login_as(d.coordinator)
    field = d.framework.fields[3]
    response = web.post(_finding_url(finding), _finding_form(finding, field_id=field.id),
                        token_from=_finding_url(finding))
    assert response.status_code == 302
    db.session.expire_all()
    assert finding.field_id == field.id


@pytest.mark.parametrize("name", ["field_id", "agency_id"])
def test_an_id_no_database_could_hold_is_refused_not_an_error(d, items, login_as, name):
    _a, _finding, rec = items
    web = login_as(d.leader)
    response = web.post(_rec_url(rec), _rec_form(rec, **{name: "99999999999999999999"}), token_from=_rec_url(rec))
    assert response.status_code == 422
    db.session.expire_all()
    assert rec.field_id == d.framework.fields[0].id and rec.suggested_agency_id == d.home_affairs.id
