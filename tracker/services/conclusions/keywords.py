"""The conclusion reader's word lists as data: seeded once from ``DEFAULT_RULES``, then edited by the admin.

Only the lists an admin can reason about live in the database (cue words,
compounds, item starts, field and agency keywords); the reader's grammar
(verbs, addressees, generic phrases) stays in ``conclusion_rules``.
"""

import dataclasses

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, Criterion, Field, KeywordKind, ReaderKeyword, Setting, User
from ...textutil import fold, has_control_chars, nfc
from .. import audit
from ..errors import ServiceError
from .rules import DEFAULT_RULES, ReaderRules

# Which ReaderRules attribute each plain list feeds.
LIST_ATTRIBUTES = {
    KeywordKind.SHORTCOMING_CUE: "shortcoming_cues",
    KeywordKind.RECOMMENDATION_CUE: "recommendation_cues",
    KeywordKind.PRAISE_CUE: "praise_cues",
    KeywordKind.COMPOUND: "compounds",
    KeywordKind.ITEM_START: "clause_starts",
}
# Seeding is remembered here, so a default the admin deleted is not put back by the next
# `flask tracker init-data`; agency defaults wait until an agency with that short name exists.
SEEDED_KEY = "reader.seeded"
LISTS_MARK = "lists"
MAX_PHRASE = 255


def _seeded() -> set[str]:
    row = db.session.get(Setting, SEEDED_KEY)
    return set(filter(None, row.value.split("\n"))) if row else set()


def _mark_seeded(marks: set[str]) -> None:
    row = db.session.get(Setting, SEEDED_KEY)
    if row is None:
        row = Setting(key=SEEDED_KEY, value="")
        db.session.add(row)
    row.value = "\n".join(sorted(marks))


def _norm(phrase: str) -> str:
    """The form duplicates are compared in: NFC, lower case, single spaces (diacritics matter)."""
    return " ".join(nfc(phrase).lower().split())


def _existing() -> set[tuple]:
    rows = db.session.execute(sa.select(ReaderKeyword.kind, ReaderKeyword.phrase, ReaderKeyword.field_code,
                                        ReaderKeyword.agency_id))
    return {(kind, _norm(phrase), code, agency) for kind, phrase, code, agency in rows}


def _list_rows():
    """(kind, phrase, field_code, agency) for every default plain list and field keyword."""
    for kind, attribute in LIST_ATTRIBUTES.items():
        for phrase in getattr(DEFAULT_RULES, attribute):
            yield kind, phrase, None, None
    for code, phrases in DEFAULT_RULES.field_keywords.items():
        for phrase in phrases:
            yield KeywordKind.FIELD, phrase, code, None


def _agency_rows(agencies: dict[str, Agency]):
    """The default keywords of the given agencies (by short name)."""
    for short_name, phrases in DEFAULT_RULES.agency_keywords.items():
        if short_name in agencies:
            for phrase in phrases:
                yield KeywordKind.AGENCY, phrase, None, agencies[short_name]


def _add_missing(rows) -> int:
    existing = _existing()
    added = 0
    for kind, phrase, code, agency in rows:
        key = (kind, _norm(phrase), code, agency.id if agency else None)
        if key not in existing:
            db.session.add(ReaderKeyword(kind=kind, phrase=phrase, field_code=code, agency=agency))
            existing.add(key)
            added += 1
    return added


def _agencies_by_short_name() -> dict[str, Agency]:
    names = list(DEFAULT_RULES.agency_keywords)
    return {a.short_name: a for a in db.session.scalars(sa.select(Agency).where(Agency.short_name.in_(names)))}


def seed_reader_keywords() -> None:
    """Add the default word lists once, and each agency's defaults once that agency exists."""
    marks = _seeded()
    agencies = _agencies_by_short_name()
    if LISTS_MARK not in marks:
        _add_missing(_list_rows())
        marks.add(LISTS_MARK)
    pending = {name: a for name, a in agencies.items() if f"agency:{name}" not in marks}
    _add_missing(_agency_rows(pending))
    _mark_seeded(marks | {f"agency:{name}" for name in agencies})
    db.session.flush()


def restore_defaults(actor: User) -> int:
    """Put back every default the lists lack (the admin asked for it); returns how many were added."""
    agencies = _agencies_by_short_name()
    added = _add_missing(_list_rows()) + _add_missing(_agency_rows(agencies))
    _mark_seeded(_seeded() | {LISTS_MARK} | {f"agency:{name}" for name in agencies})
    audit.record("reader_keywords_restored", "reader_keyword", None, {"added": added}, actor=actor)
    db.session.flush()
    return added


def reader_rules() -> ReaderRules:
    """The rules the reader uses now; the built-in defaults until the lists have been seeded."""
    if LISTS_MARK not in _seeded():
        return DEFAULT_RULES
    lists: dict[KeywordKind, list[str]] = {kind: [] for kind in LIST_ATTRIBUTES}
    fields: dict[str, list[str]] = {}
    agencies: dict[str, list[str]] = {}
    stmt = (sa.select(ReaderKeyword.kind, ReaderKeyword.phrase, ReaderKeyword.field_code, Agency.short_name)
            .outerjoin(Agency, ReaderKeyword.agency_id == Agency.id).order_by(ReaderKeyword.id))
    for kind, phrase, code, short_name in db.session.execute(stmt):
        if kind in lists:
            lists[kind].append(phrase)
        elif kind == KeywordKind.FIELD and code:
            fields.setdefault(code, []).append(phrase)
        elif kind == KeywordKind.AGENCY and short_name:
            agencies.setdefault(short_name, []).append(phrase)
    active = set(db.session.scalars(sa.select(Agency.short_name).where(Agency.is_active)))
    return dataclasses.replace(
        DEFAULT_RULES,
        **{LIST_ATTRIBUTES[kind]: tuple(phrases) for kind, phrases in lists.items()},
        field_keywords={code: tuple(p) for code, p in fields.items()},
        # A deactivated agency gets no new tasks, so it is never suggested as lead.
        agency_keywords={name: tuple(p) for name, p in agencies.items() if name in active},
    )


def field_codes() -> list[tuple[str, str]]:
    """(code, name) of the fields of every framework, newest framework's name first."""
    rows = db.session.execute(sa.select(Field.code, Field.name).join(Field.framework)
                              .order_by(Field.code, Field.framework_id.desc()))
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return list(seen.items())


def criterion_codes() -> list[tuple[str, str]]:
    """(code, name) of the criteria of every framework, newest framework's name first."""
    rows = db.session.execute(sa.select(Criterion.code, Criterion.name).order_by(Criterion.code,
                                                                                 Criterion.framework_id.desc()))
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return list(seen.items())


def suggest_criterion(text: str, framework) -> Criterion | None:
    """The criterion of ``framework`` whose keyword (the longest one found) ``text`` contains, if any."""
    folded = fold(text)
    rows = db.session.execute(sa.select(ReaderKeyword.phrase, ReaderKeyword.field_code)
                              .where(ReaderKeyword.kind == KeywordKind.CRITERION)).all()
    found = sorted(((len(p), code) for p, code in rows if code and fold(p) in folded), reverse=True)
    if not found:
        return None
    codes = {c.code: c for c in db.session.scalars(sa.select(Criterion).where(Criterion.framework_id == framework.id))}
    return next((codes[code] for _n, code in found if code in codes), None)


def add_keyword(kind: KeywordKind, phrase: str, actor: User, *, field_code: str | None = None,
                agency: Agency | None = None) -> ReaderKeyword:
    """Add one phrase to a list, refusing blanks, duplicates and a missing field or agency."""
    phrase = " ".join(nfc(phrase or "").split())
    if not phrase:
        raise ServiceError(_("Vui lòng nhập từ hoặc cụm từ."), field="phrase")
    if len(phrase) > MAX_PHRASE or has_control_chars(phrase):
        raise ServiceError(_("Cụm từ dài quá %(n)d ký tự hoặc chứa ký tự không hợp lệ.", n=MAX_PHRASE),
                           field="phrase")
    if kind == KeywordKind.FIELD:
        if not field_code or field_code not in dict(field_codes()):
            raise ServiceError(_("Vui lòng chọn lĩnh vực cho từ khóa."), field="field_code")
    elif kind == KeywordKind.CRITERION:
        # The criterion's code is kept in the same column: codes are shared by a framework's yearly copies.
        if not field_code or field_code not in dict(criterion_codes()):
            raise ServiceError(_("Vui lòng chọn tiêu chí cho từ khóa."), field="field_code")
    else:
        field_code = None
    if kind == KeywordKind.AGENCY:
        if agency is None:
            raise ServiceError(_("Vui lòng chọn cơ quan cho từ khóa."), field="agency_id")
    else:
        agency = None
    key = (kind, _norm(phrase), field_code, agency.id if agency else None)
    if key in _existing():
        raise ServiceError(_("Cụm từ “%(p)s” đã có trong danh sách này.", p=phrase), field="phrase")
    keyword = ReaderKeyword(kind=kind, phrase=phrase, field_code=field_code, agency=agency)
    db.session.add(keyword)
    db.session.flush()
    audit.record("reader_keyword_added", "reader_keyword", keyword.id,
                 {"kind": kind.value, "phrase": phrase, "field": field_code,
                  "agency": agency.short_name if agency else None}, actor=actor)
    return keyword


def delete_keyword(keyword: ReaderKeyword, actor: User) -> None:
    """Remove one phrase; the audit event keeps what it was."""
    audit.record("reader_keyword_deleted", "reader_keyword", keyword.id,
                 {"kind": keyword.kind.value, "phrase": keyword.phrase, "field": keyword.field_code,
                  "agency": keyword.agency.short_name if keyword.agency else None}, actor=actor)
    db.session.delete(keyword)
    db.session.flush()
