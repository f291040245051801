"""One appraisal, the same counts everywhere: pages, exports and the DOCX text, as of today and a past day.

The appraisal has a task fanned out to three communes. Each commune's part is one task, led and counted by that
commune; the group that holds the parts is counted nowhere (docs/reports.md, "What is counted"). Before this rule
the group was counted as one more task of its lead agency and the pages disagreed (1/8 here, 1/9 there).
"""

import csv
import io
import json
import re
from datetime import timedelta

import openpyxl
import pytest
import sqlalchemy as sa
from docx import Document

from tests.appraisal_support import appraisal, district, seed_text
from tracker.extensions import db
from tracker.models import AuditEvent, Extension, ProgressUpdate, Task, TaskStatus
from tracker.services import deadlines
from tracker.services.conclusions import importing as conclusion_import
from tracker.services.tasks import planning, workflow

SHIFT = 10  # the plan was assigned this many days ago


def _shift_history(days: int) -> None:
    """Move everything that happened so far ``days`` back, keeping the invariants of docs/development.md."""
    delta = timedelta(days=days)
    moved = {Task: ("assigned_at", "submitted_at", "created_at", "updated_at", "completed_on", "start_date"),
             ProgressUpdate: ("created_at",), AuditEvent: ("at",), Extension: ("requested_at", "decided_at")}
    for model, attrs in moved.items():
        for row in db.session.scalars(sa.select(model)):
            for attr in attrs:
                if getattr(row, attr) is not None:
                    # Set explicitly, updated_at included: an explicit value wins over its onupdate.
                    setattr(row, attr, getattr(row, attr) - delta)
    db.session.commit()


@pytest.fixture
def story(make):
    """Assigned 10 days ago: two tasks and a group of three communes' parts; one part done then, one today."""
    d = district(make)
    a = appraisal(d)
    conclusion_import.save_conclusion(a, conclusion_import.start_review(a, seed_text()), d.coordinator)
    db.session.commit()
    tops = db.session.scalars(sa.select(Task).order_by(Task.id)).all()
    today = deadlines.today()
    for task in tops:
        task.due_date = today + timedelta(days=20)
    group = tops[1]
    planning.fan_out(group, d.communes[:3], d.coordinator)
    parts = group.children
    parts[2].due_date = today + timedelta(days=30)
    planning.assign_tasks([t for t in db.session.scalars(sa.select(Task)) if t.status == TaskStatus.DRAFT],
                          d.coordinator)
    db.session.commit()
    hoa, hung, _van = parts
    officer = d.officers[hoa.lead_agency.short_name]
    hoa.evidence_required = False
    workflow.submit(hoa, officer, note="Đã rà soát xong")
    workflow.approve(hoa, d.leader)
    workflow.report_progress(hung, d.officers[hung.lead_agency.short_name], progress=40, note="Đã rà soát 6/15")
    db.session.commit()
    _shift_history(SHIFT)
    # Today: Gia Hưng finishes too.
    hung.evidence_required = False
    workflow.submit(hung, d.officers[hung.lead_agency.short_name], note="Xong")
    workflow.approve(hung, d.leader)
    db.session.commit()
    return d, a, group


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _report_total(web, query: str) -> tuple[int, int]:
    page = _text(web.get(f"/bao-cao/?{query}"))
    row = re.search(r'<tr class="total-row">(.*?)</tr>', page).group(1)
    numbers = [int(re.sub(r"<[^>]+>", "", c).strip() or 0)
               for c in re.findall(r'<td class="num">(.*?)</td>', row)[:3]]
    return numbers[0], numbers[1] + numbers[2]


def _list_count(web, query: str) -> int:
    page = _text(web.get(f"/nhiem-vu/?{query}"))
    return int(re.search(r"(\d+) nhiệm vụ", page.split('class="list-summary', 1)[1]).group(1))


def _exports(web, query: str) -> dict[str, tuple[int, int]]:
    """(total, done) from the JSON totals, CSV rows, the XLSX task sheet, and the DOCX text."""
    found = {}
    data = json.loads(web.get(f"/bao-cao/xuat?format=json&{query}").get_data(as_text=True))
    t = data["totals"]
    found["json"] = (t["total"], t["done_on_time"] + t["done_late"])
    assert sum(r["total"] for r in data["rows"]) == t["total"], "the rows add up to the totals"
    rows = list(csv.DictReader(io.StringIO(web.get(f"/bao-cao/xuat?format=csv&{query}").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    status = next(k for k in rows[0] if "Tình trạng" in k) if rows else None
    found["csv"] = (len(rows), sum(1 for r in rows if r[status].startswith("Hoàn thành")))
    book = openpyxl.load_workbook(io.BytesIO(web.get(f"/bao-cao/xuat?format=xlsx&{query}").data), read_only=True)
    sheet_rows = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(sheet_rows) if r and "Mã" in r)
    body = [r for r in sheet_rows[header + 1:] if r and r[0] is not None]
    found["xlsx"] = (len(body), None)
    docx = Document(io.BytesIO(web.get(f"/bao-cao/bao-cao.docx?{query}").data))
    text = " ".join(p.text for p in docx.paragraphs)
    giao = re.search(r"đã giao (\d+) nhiệm vụ khắc phục cho \d+ cơ quan, đơn vị chủ trì thực hiện; đã hoàn thành "
                     r"(\d+) nhiệm vụ", text)
    found["docx"] = (int(giao.group(1)), int(giao.group(2)))
    return found


def test_every_page_and_export_gives_the_same_counts_today_and_on_a_past_day(story, login_as):
    d, a, group = story
    web = login_as(d.leader)
    today = deadlines.today()
    past = today - timedelta(days=SHIFT - 2)  # after the plan was assigned and Gia Hòa finished
    expected = {today: (5, 2), past: (5, 1)}  # 2 tasks + 3 communes' parts; the group is not a sixth task
    for day, (total, done) in expected.items():
        query = f"as_of={day.isoformat()}&appraisal={a.id}"
        assert _report_total(web, query) == (total, done), day
        assert _list_count(web, f"as_of={day.isoformat()}&appraisal={a.id}") == total, day
        assert _list_count(web, f"as_of={day.isoformat()}&appraisal={a.id}&status=done") == done, day
        for name, (n, n_done) in _exports(web, query).items():
            assert n == total, (name, day)
            assert n_done in (None, done), (name, day)
    # Pages that only speak of today.
    dashboard = _text(web.get("/tong-quan"))
    assert re.search(r'data-stat="total"> <span class="stat-value">5</span>', dashboard)
    assert "đã hoàn thành 2/5 nhiệm vụ" in dashboard
    listing = _text(web.get("/tham-dinh/"))
    assert "2/5" in listing, "the appraisal list counts the parts, not the group"
    detail = _text(web.get(f"/tham-dinh/{a.id}"))
    assert re.search(r'<div class="stat-value">2<span class="stat-of">/5</span>', detail)
    assert "2/4 nhiệm vụ hoàn thành" in detail, "shortcoming 3: three communes' parts and the training plan"
    # The group itself: its status follows its parts, and it is in no list.
    db.session.refresh(group)
    assert group.status == TaskStatus.IN_PROGRESS and group.progress == round((100 + 100 + 0) / 3)
    assert f"/nhiem-vu/{group.id}\"" not in _text(web.get(f"/nhiem-vu/?appraisal={a.id}"))


def test_an_officer_of_a_commune_sees_its_part_and_not_the_group(story, login_as):
    d, a, group = story
    web = login_as(d.officers["Xã Gia Vân"])
    assert web.get(f"/nhiem-vu/{group.id}").status_code == 404
    part = next(c for c in group.children if c.lead_agency.short_name == "Xã Gia Vân")
    page = _text(web.get(f"/nhiem-vu/{part.id}"))
    assert "Phần việc của đơn vị trong nhiệm vụ chung" in page
    assert f'href="/nhiem-vu/{group.id}"' not in page
    assert _list_count(web, "") == 1
