"""Numbers past the database's integer range and NUL bytes answer 404/400 with a message, never 500 or an ERROR log."""

import logging

import pytest

from tests.appraisal_support import district
from tests.web.test_task_edit import _form

TOO_BIG = "2147483648"


@pytest.fixture
def d(make):
    return district(make)


@pytest.fixture
def errors_logged(caplog):
    caplog.set_level(logging.INFO)
    yield lambda: [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("path", [f"/nhiem-vu/{TOO_BIG}", f"/nhiem-vu/tep/{TOO_BIG}", "/nhiem-vu/99999999999999999999",
                                  f"/bao-cao/co-quan/{TOO_BIG}"])
def test_a_path_id_past_the_range_is_404(d, login_as, errors_logged, path):
    response = login_as(d.leader).get(path)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)
    assert errors_logged() == []


def test_an_admin_path_id_past_the_range_is_404(make, login_as, errors_logged):
    response = login_as(make.admin()).get(f"/quan-tri/nguoi-dung/{TOO_BIG}/sua")
    assert response.status_code == 404
    assert errors_logged() == []


@pytest.mark.parametrize("path, message", [
    (f"/bao-cao/?agency={TOO_BIG}", "con số quá lớn"), (f"/tong-quan?unit={TOO_BIG}", "con số quá lớn"),
    ("/tham-dinh/?page=99999999999999999999", "con số quá lớn"),
    ("/bao-cao/co-quan/{agency}?page=99999999999999999999", "con số quá lớn"),
    ("/nhiem-vu/?page=99999999999999999999", "Số trang “99999999999999999999” không hợp lệ"),
])
def test_a_query_number_past_the_range_is_400_with_a_message(d, login_as, errors_logged, path, message):
    response = login_as(d.leader).get(path.format(agency=d.justice.id))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert errors_logged() == []


def test_an_admin_list_page_past_the_range_is_400(make, login_as, errors_logged):
    response = login_as(make.admin()).get("/quan-tri/nguoi-dung?page=99999999999999999999")
    assert response.status_code == 400 and errors_logged() == []


def test_a_posted_id_past_the_range_is_a_field_error(d, login_as, errors_logged):
    web = login_as(d.leader)
    response = web.post("/nhiem-vu/them", _form(d, op="assign", lead_agency_id="99999999999"),
                        token_from="/nhiem-vu/them")
    assert response.status_code in (200, 422)
    assert "Giá trị quá lớn, không hợp lệ." in response.get_data(as_text=True)
    assert errors_logged() == []


def test_a_nul_byte_in_a_query_is_400(d, login_as, errors_logged):
    response = login_as(d.leader).get("/nhiem-vu/?q=a%00b")
    assert response.status_code == 400
    assert "ký tự NUL" in response.get_data(as_text=True)
    assert errors_logged() == []


def test_a_nul_byte_in_a_login_name_is_refused_at_the_field(web, errors_logged):
    response = web.post("/dang-nhap", {"username": "ad\x00min", "password": "whatever1"}, token_from="/dang-nhap")
    assert response.status_code == 400
    assert "Nội dung chứa ký tự điều khiển không hợp lệ." in response.get_data(as_text=True)
    assert errors_logged() == []


def test_a_nul_byte_in_a_path_is_404(d, login_as, errors_logged):
    assert login_as(d.leader).get("/nhiem-vu/a%00b").status_code == 404
    assert errors_logged() == []
