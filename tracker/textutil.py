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
