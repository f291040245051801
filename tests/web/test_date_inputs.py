"""Every date the app asks for is typed as dd/mm/yyyy in the same text box; no browser date picker (which shows
mm/dd/yyyy under an English Chrome and reads "06/05" as June)."""

import importlib
import pkgutil
import re
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from wtforms import DateField
from wtforms.fields.core import UnboundField
from wtforms.widgets import TextInput

import tracker
from tests.web.test_task_page import act, page, w  # noqa: F401 (the fixture)
from tracker.extensions import db
from tracker.forms import BaseForm
from tracker.models import Extension

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _form_classes():
    for info in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if ".services" in info.name or info.name.endswith(("cli", "startup")):
            continue
        importlib.import_module(info.name)
    seen, todo = set(), [BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def test_every_date_field_is_the_dd_mm_yyyy_text_box():
    wrong = []
    for form in _form_classes():
        for name in dir(form):
            unbound = getattr(form, name, None)
            if not isinstance(unbound, UnboundField) or not issubclass(unbound.field_class, DateField):
                continue
            widget, formats = unbound.kwargs.get("widget"), unbound.kwargs.get("format")
            if not isinstance(widget, TextInput) or not formats or formats[0] != "%d/%m/%Y":
                wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert not wrong, f"date fields that are not the dd/mm/yyyy text box: {wrong}"


def test_no_template_asks_the_browser_for_its_date_picker():
    pickers = [str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
               if re.search(r"""type\s*=\s*["']date["']""", p.read_text(encoding="utf-8"))]
    assert not pickers


def test_extension_request_and_decision_take_dd_mm_yyyy(w):  # noqa: F811
    officer, leader = w.as_(w.officer), w.as_(w.leader)
    html = page(officer, w.url)
    box = re.search(r'<input[^>]*name="extension-new_date"[^>]*>', html).group(0)
    assert 'type="text"' in box and 'placeholder="dd/mm/yyyy"' in box
    asked = w.task.due_date + timedelta(days=20)
    assert act(officer, w, "gia-han", {"_prefix": "extension", "new_date": asked.strftime("%d/%m/%Y"),
                                       "reason": "Chờ số liệu của các xã"}).status_code == 302
    html = page(leader, w.url)
    box = re.search(r'<input[^>]*name="decision-new_date"[^>]*>', html).group(0)
    assert 'type="text"' in box and 'placeholder="dd/mm/yyyy"' in box
    ext = db.session.execute(sa.select(Extension)).scalar_one()
    assert ext.requested_due_date == asked
