"""The history of a task reads as a clerk would write it: labels, names of people and agencies, in the reader's
language; automatic moves are credited to nobody, in the history and the timeline alike (issue 9, item 5)."""

import re

import pytest

from tests.appraisal_support import appraisal, district, seed_text
from tracker.extensions import db
from tracker.models import Task
from tracker.services.conclusions import importing as conclusion_import
from tracker.services.tasks import planning, workflow

# What the history showed before: internal keys, ids, codes, booleans, enum values, English event names.
RAW = ["parent:", "description:", "start_date", "evidence_required", "appraisal:", "recommendation:", ": True",
       ": False", "normal", "urgent", "task fanned out", "task_", "LV", "Mức độ", "None"]


@pytest.fixture
def fanned(make):
    """The seed's plan, its second recommendation fanned out to two communes, everything assigned."""
    d = district(make)
    a = appraisal(d)
    conclusion_import.save_conclusion(a, conclusion_import.start_review(a, seed_text()), d.coordinator)
    db.session.commit()
    group = db.session.scalars(db.select(Task).order_by(Task.id)).all()[1]
    planning.fan_out(group, d.communes[:2], d.coordinator)
    drafts = db.session.scalars(db.select(Task).where(Task.status == "draft")).all()
    for draft in drafts:
        if draft.lead_agency is None and not draft.is_group:
            draft.lead_agency = d.home_affairs
    planning.assign_tasks(drafts, d.coordinator)
    db.session.commit()
    part = group.children[0]
    workflow.report_progress(part, d.officers[part.lead_agency.short_name], progress=40, note="Đã rà soát 8/20")
    db.session.commit()
    return d, group, part


def _history(web, task) -> str:
    html = web.get(f"/nhiem-vu/{task.id}/lich-su").get_data(as_text=True)
    # Without the page's hidden inputs: a random CSRF token may contain "LV" or "None".
    html = re.sub(r'<input type="hidden"[^>]*>', "", html)
    return re.sub(r"\s+", " ", html.split('class="history', 1)[1])


def test_the_history_has_no_internals(fanned, login_as):
    d, group, part = fanned
    web = login_as(d.coordinator)
    for task in (group, part):
        text = _history(web, task)
        for raw in RAW:
            assert raw not in text, f"{raw!r} in the history of {task.title}"
        assert d.coordinator.username not in text and d.officers["Xã Gia Hòa"].username not in text
    group_text = _history(web, group)
    assert "Chia cho các đơn vị" in group_text and "UBND xã Gia Hòa; UBND xã Gia Hưng" in group_text
    part_text = _history(web, part)
    assert "Thuộc nhiệm vụ chung" in part_text and group.title[:40] in part_text
    assert "Phải có minh chứng khi báo hoàn thành: Có" in part_text
    assert "Lĩnh vực: Xây dựng, nâng cao chất lượng đội ngũ" in part_text, "the field by its name, not its code"


def test_automatic_moves_are_credited_the_same_way_in_history_and_timeline(fanned, login_as):
    d, group, part = fanned
    page = re.sub(r"\s+", " ", login_as(d.coordinator).get(f"/nhiem-vu/{group.id}").get_data(as_text=True))
    timeline = page.split('id="dien-bien"', 1)[1].split('id="lich-su"', 1)[0]
    history = page.split('id="lich-su"', 1)[1]
    assert "<strong>Hệ thống</strong>" in timeline and "Tự động cập nhật theo phần việc của các đơn vị" in timeline
    assert "<strong>Hệ thống</strong>: Chưa thực hiện → Đang thực hiện (tự động cập nhật theo phần việc" in history
    automatic = r'<li class="history-line">((?:(?!</li>).)*tự động cập nhật(?:(?!</li>).)*)</li>'
    line = re.search(automatic, history).group(1)
    assert "Hệ thống" in line and "·" not in line, "the officer's report set it off; the move is not theirs"


def test_english_readers_get_the_history_in_english(fanned, login_as):
    d, group, part = fanned
    d.coordinator.locale = "en"
    db.session.commit()
    web = login_as(d.coordinator)
    text = _history(web, part)
    assert "Assign" in text or "Assigned" in text
    for vietnamese in ("Giao nhiệm vụ", "Thuộc nhiệm vụ chung", "Tạo nhiệm vụ", "Cơ quan chủ trì"):
        assert vietnamese not in text, vietnamese
