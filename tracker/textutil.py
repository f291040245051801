"""Small text helpers shared by search, the conclusion reader and imports."""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form Vietnamese is stored in."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics ("Gia Viễn" -> "gia vien").

    Used for diacritic-insensitive search and keyword matching; "đ" is not a
    combining mark in Unicode, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d")


def has_control_chars(text: str) -> bool:
    """True when ``text`` holds control characters other than tab and newlines."""
    return bool(_CONTROL.search(text))


def with_agency(name: str, short_name: str | None, *other_names: str | None, sep: str = " · ") -> str:
    """``name`` followed by the agency's short name, unless the name already says it: demo and real accounts are
    often named after their post ("Công chức đầu mối CCHC, Phòng Nội vụ"), and "… Phòng Nội vụ · Phòng NV" reads
    as a stutter."""
    names = [n for n in (short_name, *other_names) if n]
    if not short_name or any(n.casefold() in name.casefold() for n in names):
        return name
    return f"{name}{sep}{short_name}"
