"""The English catalogue: every message in the code is translated, compiled, and shown to users who choose English.

Vietnamese is the source language (the msgids); tracker/translations/en holds what English users read.
Refresh it with `make translations` (extract, update, compile), translate the new empty entries, run it again.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tracker.services import deadlines

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "tracker" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
SOURCES = ("tracker", "templates")
# The same keywords as the Makefile's `pybabel extract -k _l -k lazy_gettext -k lazy_pgettext:1c,2`.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2)}
Key = tuple[str | None, str]  # (msgctxt, msgid); a context tells apart words such as "Hủy": Cancel / Cancelled


def _key(msgid) -> str:
    return msgid[0] if isinstance(msgid, list | tuple) else msgid


def _show(key: Key) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" [context {context!r}]" if context else "")


def _where(found: dict, key: Key) -> str:
    return ", ".join(f"{path}:{line}" for path, line in found[key][:2])


@pytest.fixture(scope="module")
def extracted() -> tuple[dict[Key, list[tuple[str, int]]], set[Key]]:
    """(message -> where it occurs, the messages used with a plural), read from the code now, not from a .pot."""
    with open(TRANSLATIONS / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[Key, list[tuple[str, int]]] = {}
    plural: set[Key] = set()
    for source in SOURCES:
        for filename, lineno, message, _comments, context in extract_from_dir(
                str(ROOT / source), method_map, options_map, keywords=KEYWORDS):
            if not _key(message):
                continue
            key = (context, _key(message))
            found.setdefault(key, []).append((f"{source}/{filename}", lineno))
            if isinstance(message, tuple):
                plural.add(key)
    assert len(found) > 100, "extraction found almost nothing: is babel.cfg still matching the sources?"
    return found, plural


@pytest.fixture(scope="module")
def catalog():
    with open(PO, "rb") as f:
        return read_po(f, locale="en")


def test_every_message_in_the_code_has_an_english_translation(extracted, catalog):
    found, plural = extracted
    missing, empty, fuzzy, wrong_shape = [], [], [], []
    for key in sorted(found, key=lambda k: (k[1], k[0] or "")):
        entry = catalog.get(key[1], context=key[0])
        where = f"{_show(key)} ({_where(found, key)})"
        if entry is None:
            missing.append(where)
            continue
        if entry.fuzzy:
            fuzzy.append(where)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(s and s.strip() for s in strings):
            empty.append(where)
        if (key in plural) != isinstance(entry.id, tuple):
            wrong_shape.append(where)
    hint = "run `make translations` and translate the new entries in " + str(PO.relative_to(ROOT))
    assert not missing, f"{len(missing)} message(s) not in the English catalogue; {hint}:\n" + "\n".join(missing)
    assert not empty, f"{len(empty)} message(s) without English text; {hint}:\n" + "\n".join(empty)
    assert not fuzzy, "fuzzy entries are not used at run time; review and unmark them:\n" + "\n".join(fuzzy)
    assert not wrong_shape, "singular/plural form differs from the code; run `make translations`:\n" + "\n".join(
        wrong_shape)


def test_translations_keep_the_placeholders_and_the_plural_forms(catalog):
    assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)"
    problems = [f"{m.id!r}: {error}" for m, errors in catalog.check() for error in errors]
    assert not problems, "\n".join(problems)
    for message in catalog:
        if not message.id:
            continue
        names = set(re.findall(r"%\((\w+)\)", _key(message.id)))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in filter(None, strings):  # empty ones are reported by the test above
            assert set(re.findall(r"%\((\w+)\)", text)) == names, f"{message.id!r} -> {text!r}"


def test_compiled_catalogue_matches_the_po(catalog):
    """The app reads the .mo: after editing the .po, `make translations` must have compiled it again."""
    with open(MO, "rb") as f:
        compiled = read_mo(f)
    def entries(messages) -> dict:
        """Translated entries only: the compiler leaves out empty and fuzzy ones."""
        out = {}
        for m in messages:
            strings = tuple(m.string) if isinstance(m.string, list | tuple) else (m.string,)
            if m.id and not m.fuzzy and all(strings):
                out[(m.context, _key(m.id))] = strings
        return out

    expected, actual = entries(catalog), entries(compiled)
    stale = sorted(_show(k) for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))
    assert not stale, f"{MO.name} is out of date for {len(stale)} message(s), e.g. {stale[:5]}; run `make translations`"


# Through the web: English per user, Vietnamese by default -------------------------------------------------------


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _landing(web) -> str:
    """The page a user lands on after "/" (officers are sent on to their agency's task list)."""
    response = web.get("/")
    for _hop in range(3):
        if response.status_code not in (301, 302, 303):
            break
        response = web.get(urlsplit(response.headers["Location"]).path)
    return _page(response)


def test_user_who_chooses_english_reads_english(make, login_as):
    officer = make.officer()
    today = deadlines.today()
    make.task(officer.agency, title="Rà soát công chức", due=today - timedelta(days=1))
    make.task(officer.agency, title="Xây dựng kế hoạch đào tạo", due=today - timedelta(days=3))
    web = login_as(officer)
    saved = web.post("/ho-so", {"email": "", "locale": "en"}, token_from="/ho-so")
    assert saved.status_code == 302
    assert "Profile saved." in _page(web.get("/ho-so"))

    page = _landing(web)
    assert 'lang="en"' in page
    assert "Log out" in page and "Đăng xuất" not in page
    assert re.search(r"Overdue by 1 day(?!s)", page) and "Overdue by 3 days" in page
    assert "Quá hạn" not in page
    assert "Xây dựng kế hoạch đào tạo" in page, "data stays as entered"


def test_login_page_in_english_after_choosing_english(web):
    response = web.post("/ngon-ngu/en", {"next": "/dang-nhap"}, token_from="/dang-nhap")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dang-nhap")
    page = _page(web.get("/dang-nhap"))
    assert 'lang="en"' in page
    assert "Log in" in page and "Username" in page and "Password" in page
    assert "Đăng nhập" not in page and "Tên đăng nhập" not in page


def test_vietnamese_is_the_default(make, login_as, client):
    login = _page(client.get("/dang-nhap"))
    assert 'lang="vi"' in login and "Đăng nhập" in login and "Log in" not in login

    officer = make.officer()
    make.task(officer.agency, due=deadlines.today() - timedelta(days=3))
    page = _landing(login_as(officer))
    assert 'lang="vi"' in page
    assert "Việc của đơn vị" in page and "Đăng xuất" in page and "Quá hạn 3 ngày" in page
    assert "Log out" not in page and "Overdue" not in page



def test_a_status_and_the_button_with_the_same_vietnamese_words_differ_in_english(app):
    from flask_babel import force_locale, gettext

    from tracker.models import ExtensionStatus, TaskStatus

    with app.test_request_context(), force_locale("en"):
        assert (TaskStatus.CANCELLED.label, gettext("Hủy")) == ("Cancelled", "Cancel")
        assert (TaskStatus.RETURNED.label, gettext("Trả lại")) == ("Returned", "Return")
        assert (ExtensionStatus.REJECTED.label, gettext("Không đồng ý")) == ("Rejected", "Reject")
    with app.test_request_context(), force_locale("vi"):
        assert (TaskStatus.CANCELLED.label, gettext("Hủy")) == ("Hủy", "Hủy")
