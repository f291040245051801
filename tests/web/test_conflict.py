"""No lost updates: two people save the same task from forms loaded at the same version."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import evidence_samples as samples
from tracker.extensions import db
from tracker.models import Evidence, Extension, ProgressUpdate, TaskStatus
from tracker.services import deadlines


@pytest.fixture
def task(make):
    agency = make.agency(name="UBND xã Gia Hưng", short_name="Xã Gia Hưng")
    return make.task(agency, status=TaskStatus.IN_PROGRESS, progress=20)


def officer_of(make, task):
    return make.officer(task.lead_agency)


def loaded_version(web, url: str, prefix: str) -> str:
    """The version a form on the page carries, as the browser would send it back."""
    html = web.get(url).get_data(as_text=True)
    match = re.search(rf'name="{prefix}-version" value="(\d+)"', html)
    assert match, f"no {prefix} form on the page"
    return match.group(1)


def test_second_save_from_a_stale_form_gets_409_and_keeps_its_text(app, make, login_as, task):
    url = f"/nhiem-vu/{task.id}"
    first, second = login_as(officer_of(make, task)), login_as(officer_of(make, task))
    v_first, v_second = loaded_version(first, url, "progress"), loaded_version(second, url, "progress")
    assert v_first == v_second

    saved = first.post(f"{url}/tien-do", {"progress-version": v_first, "progress-progress": "50",
                                          "progress-note": "Đã rà soát 8/15 công chức"}, token_from=url)
    assert saved.status_code == 302

    stale = second.post(f"{url}/tien-do", {"progress-version": v_second, "progress-progress": "70",
                                           "progress-note": "Ghi chú của người thứ hai, đừng làm mất",
                                           "progress-files": [(io.BytesIO(samples.pdf()), "Danh sách.pdf")]},
                        token_from=url)
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Người khác vừa cập nhật nhiệm vụ này" in html
    assert "Ghi chú của người thứ hai, đừng làm mất" in html, "the user's text is kept"
    assert "Tình trạng hiện tại" in html and "<strong>50%</strong>" in html, "the current state is shown"
    db.session.refresh(task)
    assert task.progress == 50, "nothing overwritten"
    notes = db.session.scalars(sa.select(ProgressUpdate.note).where(ProgressUpdate.task_id == task.id)).all()
    assert "Ghi chú của người thứ hai, đừng làm mất" not in notes
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or not list(folder.iterdir()), "the stale form's file was not kept"

    # The kept form carries the current version: after reading, saving again goes through.
    current = re.search(r'name="progress-version" value="(\d+)"', html).group(1)
    assert current == str(task.version)
    again = second.post(f"{url}/tien-do", {"progress-version": current, "progress-progress": "70",
                                           "progress-note": "Ghi chú của người thứ hai, đừng làm mất"},
                        token_from=url)
    assert again.status_code == 302
    db.session.refresh(task)
    assert task.progress == 70


def test_a_decision_made_meanwhile_makes_the_officers_form_stale(make, login_as, task):
    url = f"/nhiem-vu/{task.id}"
    officer, leader = login_as(officer_of(make, task)), login_as(make.leader())
    version = loaded_version(officer, url, "submit")
    assert leader.post(f"{url}/tam-hoan", {"postpone-version": loaded_version(leader, url, "postpone"),
                                           "postpone-reason": "Chờ hướng dẫn của Sở Nội vụ"},
                       token_from=url).status_code == 302
    stale = officer.post(f"{url}/bao-cao-hoan-thanh", {"submit-version": version, "submit-note": "Đã hoàn thành"},
                         token_from=url)
    assert stale.status_code == 409
    assert "Tạm hoãn" in stale.get_data(as_text=True)
    db.session.refresh(task)
    assert task.status == TaskStatus.POSTPONED and task.submitted_at is None


def test_an_extension_request_from_a_stale_page_is_refused(make, login_as, task):
    url = f"/nhiem-vu/{task.id}"
    officer, leader = login_as(officer_of(make, task)), login_as(make.leader())
    version = loaded_version(officer, url, "extension")
    new_due = deadlines.today() + timedelta(days=5)
    assert leader.post(f"{url}/thoi-han", {"deadline-version": loaded_version(leader, url, "deadline"),
                                           "deadline-new_date": new_due.isoformat(),
                                           "deadline-reason": "Đẩy nhanh theo chỉ đạo của tỉnh"},
                       token_from=url).status_code == 302
    stale = officer.post(f"{url}/gia-han", {"extension-version": version, "extension-reason": "Cần thêm thời gian",
                                            "extension-new_date": (new_due + timedelta(days=60)).isoformat()},
                         token_from=url)
    assert stale.status_code == 409
    assert "Cần thêm thời gian" in stale.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Extension)) == 1  # the direct change only


def test_a_form_without_its_version_is_refused(make, login_as, task):
    url = f"/nhiem-vu/{task.id}"
    officer = login_as(officer_of(make, task))
    response = officer.post(f"{url}/tien-do", {"progress-progress": "90", "progress-note": "Không có phiên bản"},
                            token_from=url)
    assert response.status_code == 422
    assert "Biểu mẫu thiếu thông tin phiên bản" in response.get_data(as_text=True)
    db.session.refresh(task)
    assert task.progress == 20
