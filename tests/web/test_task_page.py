"""The task page and its actions over HTTP: what each role sees, evidence in and out, the whole review cycle."""

import hashlib
import io
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from tests import evidence_samples as samples
from tracker.extensions import db
from tracker.models import (
    Appraisal,
    AuditEvent,
    Direction,
    Evidence,
    Extension,
    ExtensionStatus,
    Finding,
    ProgressUpdate,
    Recommendation,
    Task,
    TaskStatus,
)
from tracker.services import deadlines

S = TaskStatus


@pytest.fixture
def w(make, login_as):
    """The seed's story in small: Phòng Nội vụ leads, Phòng TC-KH supports, Xã Gia Vân is unrelated."""
    lead = make.agency(name="Phòng Nội vụ", short_name="Phòng NV")
    support = make.agency(name="Phòng Tài chính - Kế hoạch", short_name="Phòng TC-KH")
    other = make.agency(name="UBND xã Gia Vân", short_name="Xã Gia Vân")
    officer = make.officer(lead, username="cb.noivu")
    framework = make.framework()
    appraisal = Appraisal(unit=lead, year=2021, framework=framework, team="Tổ thẩm định")
    finding = Finding(appraisal=appraisal, text="Đội ngũ công chức xã còn một số chưa đạt chuẩn")
    rec = Recommendation(appraisal=appraisal, text="Rà soát, yêu cầu công chức chưa đạt chuẩn học tập nâng cao",
                         findings=[finding])
    db.session.add_all([appraisal, finding, rec])
    db.session.commit()
    task = make.task(lead, title="Rà soát công chức chưa đạt chuẩn", status=S.IN_PROGRESS, supporting=[support],
                     owner=officer, expected_output="Danh sách công chức chưa đạt chuẩn", recommendation=rec,
                     findings=[finding], appraisal=appraisal, progress=30)
    ns = SimpleNamespace(lead=lead, support=support, other=other, task=task, officer=officer,
                         support_officer=make.officer(support), other_officer=make.officer(other),
                         leader=make.leader(username="chutich"), coordinator=make.coordinator())
    ns.url = f"/nhiem-vu/{task.id}"
    ns.as_ = lambda user: login_as(user)
    return ns


def page(web, url) -> str:
    response = web.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(web, url, data, **kwargs):
    return web.post(url, data, token_from=url.rsplit("/", 1)[0] if url.count("/") > 2 else url, **kwargs)


def act(web, w, path, data, files=None):
    db.session.refresh(w.task)
    prefix = data.pop("_prefix")
    form = {f"{prefix}-{k}": v for k, v in data.items()}
    form[f"{prefix}-version"] = str(w.task.version)
    if files is not None:
        form[f"{prefix}-files"] = files
    return web.post(f"{w.url}/{path}", form, token_from=w.url)


def forms_on(html: str) -> set[str]:
    return set(re.findall(r'action="/nhiem-vu/\d+/([a-z\-/0-9]+)"', html))


def test_the_page_tells_what_was_found_asked_and_by_when(w):
    html = page(w.as_(w.officer), w.url)
    for text in ("Rà soát công chức chưa đạt chuẩn", "Đội ngũ công chức xã còn một số chưa đạt chuẩn",
                 "Rà soát, yêu cầu công chức chưa đạt chuẩn học tập nâng cao", "Phòng Nội vụ",
                 "Phòng Tài chính - Kế hoạch", "Danh sách công chức chưa đạt chuẩn", "Người dùng thử",
                 "Đang thực hiện", "Còn 30 ngày", w.task.due_date.strftime("%d/%m/%Y"), "30%", "Diễn biến",
                 "Lịch sử thay đổi", "Đơn vị bạn chủ trì"):
        assert text in html, text
    assert 'aria-valuenow="30"' in html


def test_each_relation_sees_only_its_actions(w):
    assert forms_on(page(w.as_(w.officer), w.url)) == {"tien-do", "bao-cao-hoan-thanh", "gia-han"}
    assert forms_on(page(w.as_(w.support_officer), w.url)) == {"tien-do"}
    assert "Cập nhật tiến độ phần việc phối hợp" in page(w.as_(w.support_officer), w.url)
    assert forms_on(page(w.as_(w.leader), w.url)) == {"chi-dao", "thoi-han", "giao-lai", "tam-hoan", "huy"}
    # Deadlines move by the leader's decision; the coordinator only where the admin allows it (default: not).
    assert forms_on(page(w.as_(w.coordinator), w.url)) == {"giao-lai", "tam-hoan", "huy"}
    assert w.as_(w.other_officer).get(w.url).status_code == 404


def test_progress_with_a_vietnamese_pdf_round_trips_byte_identical(app, w):
    web = w.as_(w.officer)
    data = samples.pdf("Danh sach cong chuc")
    response = act(web, w, "tien-do", {"_prefix": "progress", "progress": "50", "note": "Đã rà soát 12/20 công chức"},
                   files=[(io.BytesIO(data), samples.VIETNAMESE_PDF_NAME)])
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    html = page(web, w.url)
    digest = hashlib.sha256(data).hexdigest()
    assert samples.VIETNAMESE_PDF_NAME in html and digest in html and "Đã rà soát 12/20 công chức" in html
    db.session.refresh(w.task)
    assert (w.task.progress, w.task.status) == (50, S.IN_PROGRESS)
    item = db.session.execute(sa.select(Evidence)).scalar_one()
    assert item.sha256 == digest
    for viewer in (w.officer, w.support_officer, w.leader, w.coordinator):
        download = w.as_(viewer).get(f"/nhiem-vu/tep/{item.id}")
        assert download.status_code == 200
        assert download.data == data
        disposition = download.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote(samples.VIETNAMESE_PDF_NAME)}" in disposition
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert download.headers["Content-Type"] == "application/pdf"
    assert w.as_(w.other_officer).get(f"/nhiem-vu/tep/{item.id}").status_code == 404


@pytest.mark.parametrize("name, make_bytes, message", [
    ("Quyết định.pdf", samples.exe, "nội dung không phải tệp PDF thật"),
    ("../../etc/passwd", lambda: b"root:x:0:0::/root:/bin/sh\n", "Tệp “passwd”: không nhận loại tệp này"),
    ("báo cáo.html", samples.html, "không nhận loại tệp này"),
    ("trống.pdf", lambda: b"", "rỗng (0 byte)"),
])
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_kept(app, w, name, make_bytes, message):
    web = w.as_(w.officer)
    files = [(io.BytesIO(samples.pdf()), "hợp lệ.pdf"), (io.BytesIO(make_bytes()), name)]
    response = act(web, w, "tien-do", {"_prefix": "progress", "progress": "60", "note": "Báo cáo kèm tệp"},
                   files=files)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert "Báo cáo kèm tệp" in html, "the note typed is kept"
    db.session.refresh(w.task)
    assert w.task.progress == 30
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or list(folder.iterdir()) == [], "the valid file of the refused report is gone too"
    assert not Path("/etc/passwd").read_bytes().startswith(b"root:x:0:0::/root:/bin/sh")


def test_a_30_mb_file_gets_the_413_page_in_vietnamese(app, w):
    web = w.as_(w.officer)
    big = samples.pdf() + b"0" * (30 * 1024 * 1024)
    response = act(web, w, "tien-do", {"_prefix": "progress", "progress": "60", "note": "Tệp lớn"},
                   files=[(io.BytesIO(big), "lớn.pdf")])
    assert response.status_code == 413
    assert "Tệp gửi lên vượt quá giới hạn 20 MB" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0


def test_the_whole_review_cycle_and_the_history_in_words(w):
    officer, leader = w.as_(w.officer), w.as_(w.leader)
    assert act(officer, w, "tien-do", {"_prefix": "progress", "progress": "50", "note": "Đã rà soát 12/20"},
               files=[(io.BytesIO(samples.pdf()), "Danh sách.pdf")]).status_code == 302
    # The 50% file is not the final evidence: a submission brings its own (issue 9, item 4).
    refused = act(officer, w, "bao-cao-hoan-thanh", {"_prefix": "submit", "note": "Đã rà soát xong 20/20"})
    assert refused.status_code == 422
    assert "tệp đã gửi ở các lần cập nhật trước không tính" in refused.get_data(as_text=True)
    assert act(officer, w, "bao-cao-hoan-thanh", {"_prefix": "submit", "note": "Đã rà soát xong 20/20"},
               files=[(io.BytesIO(samples.pdf()), "Kết quả rà soát.pdf")]).status_code == 302
    html = page(officer, w.url)
    assert {"bo-sung-minh-chung", "rut-bao-cao-hoan-thanh"} <= forms_on(html), "while it waits"
    assert '<strong>100%</strong>' in html, "a submission shows 100%"
    assert act(officer, w, "bo-sung-minh-chung", {"_prefix": "add_evidence", "note": "Bổ sung quyết định"},
               files=[(io.BytesIO(samples.pdf()), "Quyết định.pdf")]).status_code == 302
    html = page(leader, w.url)
    assert "Báo cáo hoàn thành, chờ duyệt" in html and "Đã rà soát xong 20/20" in html
    assert {"duyet", "tra-lai"} <= forms_on(html)
    refused = act(leader, w, "tra-lai", {"_prefix": "return", "reason": ""})
    assert refused.status_code == 422 and "Vui lòng ghi lý do." in refused.get_data(as_text=True)
    assert act(leader, w, "tra-lai", {"_prefix": "return", "reason": "Thiếu danh sách xã Gia Vân"}).status_code == 302
    html = page(officer, w.url)
    assert "Nhiệm vụ bị trả lại" in html and "Thiếu danh sách xã Gia Vân" in html
    assert act(officer, w, "bao-cao-hoan-thanh", {"_prefix": "submit", "note": "Đã bổ sung xã Gia Vân"},
               files=[(io.BytesIO(samples.pdf()), "Bổ sung.pdf")]).status_code == 302
    assert act(leader, w, "duyet", {"_prefix": "approve", "note": "Đồng ý"}).status_code == 302
    db.session.refresh(w.task)
    assert w.task.status == S.DONE and w.task.completed_on == deadlines.today()
    html = page(officer, w.url)
    assert "Hoàn thành đúng hạn" in html and "Đã hoàn thành" in html
    assert "Phòng Nội vụ</strong>: Đang thực hiện → Chờ duyệt hoàn thành" in html
    assert "Chờ duyệt hoàn thành → Trả lại" in html and "Chờ duyệt hoàn thành → Đã hoàn thành" in html
    assert forms_on(html) == set(), "a finished task offers the lead agency nothing more to do"
    full = page(officer, f"{w.url}/lich-su")
    assert "Đính kèm minh chứng" in full and "Danh sách.pdf" in full


def test_a_refused_move_says_why(w):
    response = act(w.as_(w.leader), w, "duyet", {"_prefix": "approve"})
    assert response.status_code == 422
    assert "Không thể duyệt hoàn thành khi nhiệm vụ đang ở trạng thái “Đang thực hiện”." in response.get_data(
        as_text=True)
    db.session.refresh(w.task)
    assert w.task.status == S.IN_PROGRESS


def test_officers_cannot_set_fields_of_other_roles(w):
    other_day = (deadlines.today() + timedelta(days=300)).isoformat()
    sneaky = {"status": "done", "due_date": other_day, "lead_agency_id": str(w.other.id), "progress": "100",
              "completed_on": other_day, "progress-status": "done", "progress-due_date": other_day,
              "progress-lead_agency_id": str(w.other.id), "original_due_date": other_day}
    before = (w.task.status, w.task.due_date, w.task.original_due_date, w.task.lead_agency_id)
    web = w.as_(w.officer)
    db.session.refresh(w.task)
    response = web.post(f"{w.url}/tien-do", {**sneaky, "progress-version": str(w.task.version),
                                             "progress-progress": "40", "progress-note": "Cập nhật"},
                        token_from=w.url)
    assert response.status_code == 302
    db.session.refresh(w.task)
    assert (w.task.status, w.task.due_date, w.task.original_due_date, w.task.lead_agency_id) == before
    assert w.task.progress == 40
    for path in ("duyet", "huy", "giao-lai", "thoi-han", "tam-hoan"):
        assert web.post(f"{w.url}/{path}", sneaky, token_from=w.url).status_code == 403, path


def test_directions_are_highlighted_for_the_lead_until_read(w):
    leader, officer = w.as_(w.leader), w.as_(w.officer)
    assert act(leader, w, "chi-dao", {"_prefix": "direction",
                                      "text": "Đề nghị Phòng Nội vụ hoàn thành trước 30/6"}).status_code == 302
    html = page(officer, w.url)
    assert "direction-new" in html and "Đề nghị Phòng Nội vụ hoàn thành trước 30/6" in html
    direction = db.session.execute(sa.select(Direction)).scalar_one()
    assert act(officer, w, f"chi-dao/{direction.id}/da-doc", {"_prefix": "ack"}).status_code == 302
    html = page(officer, w.url)
    assert "direction-new" not in html and "Cơ quan chủ trì đã đọc lúc" in html
    db.session.refresh(direction)
    assert direction.acknowledged_by_id == w.officer.id


def test_an_extension_request_and_a_decision_for_another_date(w):
    officer, leader = w.as_(w.officer), w.as_(w.leader)
    original = w.task.due_date
    asked, granted = original + timedelta(days=20), original + timedelta(days=10)
    assert act(officer, w, "gia-han", {"_prefix": "extension", "new_date": asked.isoformat(),
                                       "reason": "Chờ số liệu của các xã"}).status_code == 302
    html = page(leader, w.url)
    assert "Đề nghị gia hạn chờ quyết định" in html and asked.strftime("%d/%m/%Y") in html
    assert "gia-han" not in forms_on(page(officer, w.url)), "one pending request at a time"
    ext = db.session.execute(sa.select(Extension)).scalar_one()
    refused = act(leader, w, f"gia-han/{ext.id}", {"_prefix": "decision", "decision": "other"})
    assert refused.status_code == 422 and "Vui lòng chọn ngày gia hạn khác." in refused.get_data(as_text=True)
    assert act(leader, w, f"gia-han/{ext.id}", {"_prefix": "decision", "decision": "other",
                                                "new_date": granted.strftime("%d/%m/%Y")}).status_code == 302
    db.session.refresh(w.task)
    db.session.refresh(ext)
    assert ext.status == ExtensionStatus.APPROVED and w.task.due_date == granted
    assert w.task.original_due_date == original
    html = page(officer, w.url)
    assert "Thời hạn ban đầu" in html and original.strftime("%d/%m/%Y") in html and granted.strftime("%d/%m/%Y") in html


def test_cancel_asks_once_and_keeps_the_reason(w):
    leader = w.as_(w.leader)
    ask = act(leader, w, "huy", {"_prefix": "cancel", "reason": "Trùng với nhiệm vụ khác"})
    html = ask.get_data(as_text=True)
    assert ask.status_code == 200 and "Xác nhận thao tác" in html and "Trùng với nhiệm vụ khác" in html
    db.session.refresh(w.task)
    assert w.task.status == S.IN_PROGRESS, "nothing happens before the confirmation"
    done = act(leader, w, "huy", {"_prefix": "cancel", "reason": "Trùng với nhiệm vụ khác"} | {})
    assert done.status_code == 200  # still asks: this post did not say it was confirmed
    form = {"cancel-reason": "Trùng với nhiệm vụ khác", "cancel-version": str(w.task.version), "confirmed": "1"}
    assert leader.post(f"{w.url}/huy", form, token_from=w.url).status_code == 302
    db.session.refresh(w.task)
    assert w.task.status == S.CANCELLED


def test_reassign_keeps_the_name_as_assigned(w):
    leader = w.as_(w.leader)
    new_owner = w.other_officer
    response = act(leader, w, "giao-lai", {"_prefix": "reassign", "lead_agency_id": str(w.other.id),
                                           "owner_id": str(new_owner.id), "reason": "Đúng thẩm quyền xã"})
    assert response.status_code == 302
    db.session.refresh(w.task)
    assert w.task.lead_agency_id == w.other.id and w.task.lead_agency_name == "UBND xã Gia Vân"
    assert w.task.owner_id == new_owner.id
    assert w.as_(w.officer).get(w.url).status_code == 404, "the old lead no longer sees it"
    assert "Cơ quan chủ trì: Phòng Nội vụ → UBND xã Gia Vân" in page(w.as_(w.other_officer), w.url)


def test_ids_of_another_task_are_not_found_through_this_one(make, w):
    other_task = make.task(w.other, status=S.IN_PROGRESS)
    db.session.add(Direction(task=other_task, author=w.leader, text="Chỉ đạo khác"))
    db.session.add(Extension(task=other_task, requested_due_date=deadlines.today() + timedelta(days=60),
                             reason="x", previous_due_date=other_task.due_date))
    db.session.commit()
    direction = db.session.execute(sa.select(Direction)).scalar_one()
    ext = db.session.execute(sa.select(Extension)).scalar_one()
    assert act(w.as_(w.officer), w, f"chi-dao/{direction.id}/da-doc", {"_prefix": "ack"}).status_code == 404
    assert act(w.as_(w.leader), w, f"gia-han/{ext.id}", {"_prefix": "decision", "decision": "approve"}
               ).status_code == 404
    assert direction.acknowledged_at is None


def test_a_draft_is_not_shown_to_its_lead_agency(make, w):
    draft = make.task(w.lead, status=S.DRAFT)
    assert w.as_(w.officer).get(f"/nhiem-vu/{draft.id}").status_code == 404


def test_the_page_counts_every_change_in_the_audit_trail(w):
    officer = w.as_(w.officer)
    act(officer, w, "tien-do", {"_prefix": "progress", "progress": "45", "note": "Tiếp tục"})
    events = db.session.execute(sa.select(AuditEvent).where(AuditEvent.entity == "task")).scalars().all()
    assert [e.action for e in events] == ["task_progress"]
    assert events[0].changes["progress"] == [30, 45] and events[0].remote_addr
    update = db.session.execute(sa.select(ProgressUpdate).order_by(ProgressUpdate.id.desc())).scalars().first()
    assert update.agency_id == w.lead.id and update.author_id == w.officer.id
    assert db.session.get(Task, w.task.id).progress == 45
