"""Deadlines written inside a recommendation: "trước ngày 31/12/2022", "trong quý III/2026", "năm 2026" ...

``find_deadline`` proposes the day a task is due: a date as written, a month's or a quarter's last day, the
31st of December of a year. Only a time written after a deadline word counts ("trước", "trong", "chậm nhất",
"hoàn thành", "đến hết", "thời hạn"): "kế hoạch năm 2023" names the plan's year, not a deadline, and a date
without a year ("trước ngày 15/12 hằng năm") is left alone. ``without_deadline`` is the text with that phrase
taken out, so that a task title does not carry a date its deadline may contradict. Pure Python.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ...textutil import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*[/.\-]\s*"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
# "/2026", "-2026", " năm 2026"
_OF_YEAR = rf"(?:{_SEP}|\s+nam\s+){_YEAR}"
_DAY = (rf"(?:ngay\s+)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}{_YEAR.format('y')}"
        rf"|(?:ngay\s+)?(?P<d2>\d{{1,2}})\s+thang\s+(?P<m2>\d{{1,2}})\s+nam\s+{_YEAR.format('y2')}")
_MONTH = rf"thang\s+(?P<mo>\d{{1,2}}){_OF_YEAR.format('moy')}"
_QUARTER = rf"quy\s+(?P<q>iv|i{{1,3}}|[1-4]){_OF_YEAR.format('qy')}"
_WHOLE_YEAR = rf"(?:het\s+)?nam\s+{_YEAR.format('yy')}"
# What may open the phrase; "hoàn thành", "xong" and "là" may come before or between the words.
_LEAD = r"(?:(?:va\s+)?(?:phai\s+)?(?:hoan\s+thanh|thuc\s+hien\s+xong|xong|trinh|gui)\s+)?"
_WORD = (r"(?:truoc|trong|cham\s+nhat(?:\s+la)?(?:\s+(?:vao|trong))?|han\s+chot|den(?:\s+het)?|"
         r"toi\s+da|thoi\s+han(?:\s+hoan\s+thanh)?\s*:?|thoi\s+gian\s+hoan\s+thanh\s*:?)")
_PHRASE = re.compile(
    rf"(?<!\w)(?P<lead>{_LEAD}(?P<word>{_WORD}|hoan\s+thanh)\s+)"
    rf"(?:{_DAY}|{_MONTH}|{_QUARTER}|{_WHOLE_YEAR})(?!\w|\s*[/.\-]\s*\d)"
)


@dataclass(frozen=True)
class Deadline:
    """A deadline found in a text: the proposed day and where its phrase lies."""

    day: date
    start: int
    end: int


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_of(m: re.Match) -> date | None:
    before = m.group("word").startswith("truoc")
    try:
        if m.group("d") or m.group("d2"):
            d, mo, y = (int(m.group(k)) for k in (("d", "m", "y") if m.group("d") else ("d2", "m2", "y2")))
            return date(y, mo, d)
        if m.group("mo"):
            year, month = int(m.group("moy")), int(m.group("mo"))
            if before:  # "trước tháng 10/2026": by the end of September
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            return _last_day(year, month)
        if m.group("q"):
            q = m.group("q")
            quarter, year = (int(q) if q.isdigit() else _ROMAN[q]), int(m.group("qy"))
            if before:
                quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
            return _last_day(year, quarter * 3)
        year = int(m.group("yy"))
        return date(year - 1 if before else year, 12, 31)
    except ValueError:  # 31/6, month 13: not a date
        return None


def find_all(text: str) -> list[Deadline]:
    """Every deadline phrase in ``text`` with a real date, in order."""
    found = []
    for m in _PHRASE.finditer(fold(text).lower()):
        day = _day_of(m)
        if day is not None:
            found.append(Deadline(day, m.start(), m.end()))
    return found


def find_deadline(text: str) -> Deadline | None:
    """The latest deadline the text gives (the task is done when its last part is), or None."""
    found = find_all(text)
    return max(found, key=lambda d: d.day) if found else None


_DANGLING_END = re.compile(r"[\s,;:(–-]*(?:\bvà|\bva)?[\s,;:(–-]*$")
_DANGLING_START = re.compile(r"^[\s,;:)]+")


def without_deadline(text: str) -> str:
    """``text`` with its deadline phrases taken out, still reading as a sentence ("…, hoàn thành trước … " goes)."""
    found = find_all(text)
    if not found:
        return text
    out, position = [], 0
    for d in found:
        before = text[position:d.start]
        opened = before.rstrip().endswith("(")
        # A comma, "và" or "(" that only introduced the deadline goes with it.
        out.append(_DANGLING_END.sub("", before) if before.strip() else before)
        position = d.end
        if opened and text[position:].lstrip().startswith(")"):  # "(hoàn thành trước 30/6/2026)"
            position = text.index(")", position) + 1
    rest = text[position:]
    joined = "".join(out)
    if not joined.strip():
        rest = _DANGLING_START.sub("", rest)
    elif rest.strip() and rest.lstrip()[:1] not in ",;.:)":
        joined = joined.rstrip() + " "
        rest = rest.lstrip()
    result = " ".join((joined + rest).split())
    result = re.sub(r"\s+([,;:.)])", r"\1", result).strip(" ,;:")
    if len(result.split()) < 2:  # the phrase was the whole text: keep it as written
        return text
    return result[:1].upper() + result[1:]
