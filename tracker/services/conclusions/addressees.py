"""The conclusion reader's addressees: who an order is given to, and so the lead agency or fan-out it suggests.

"Đề nghị UBND huyện | phân công ...": the addressee runs from the cue to the first directive verb. An
addressee is an agency (its keywords name it), many bodies at once ("UBND các xã, thị trấn", "Thủ trưởng
các cơ quan chuyên môn": a fan-out), one commune doing its own work ("UBND xã Gia Hưng"), or a body
outside the district ("Sở Nội vụ"). A mixin of ``reader._Reader``; pure Python.
"""

import re
from dataclasses import dataclass
from datetime import date

from tracker.services.conclusions.lexicon import RECOMMENDATION, WORD

EXTERNAL = "<external>"  # an addressee outside the district: no lead agency
SELF = "<self>"  # one commune, the appraised unit itself: no district office leads
MANY = "<many:"  # "<many:communes>": many bodies at once, one task each (a fan-out)
_WITH = re.compile(r"^(?:với|voi)\s+")  # "kiến nghị với UBND tỉnh ..." addresses UBND tỉnh


@dataclass
class Region:
    """A stretch of text that holds items of one kind."""

    kind: str
    start: int
    end: int
    split: bool = True  # cut into items at ";", "," and "và"
    field: str | None = None
    agency: str | None = None  # an agency short name, EXTERNAL, SELF, MANY... or None
    deadline: date | None = None  # from the intro ("..., hoàn thành trước ngày 30/6/2026:")


class Addressees:
    """Reading addressees and actors; expects the reader's ``text``, ``view``, ``lex``, ``rules`` and cues."""

    def _directive(self, s: int, e: int, at_start: bool, keep: tuple[str, ...] = ()) -> Region | None:
        """Items after "<recommendation cue> [addressee] <verb> ..." written without a colon.

        A cue in ``keep`` ("chỉ đạo") is an action of the item itself, not an order to its addressee.
        """
        s = self._skip_space(s, e)
        for start, cue_end, kind, _ in self._cues(s, e):
            if at_start and start != s:
                return None
            if kind != RECOMMENDATION or self.lex.blocker_at_end.search(self.view, max(0, start - 30), start):
                continue
            if self.lex._norm(self.text[start:cue_end]) in {self.lex._norm(k) for k in keep}:
                return None
            verb = self._addressee_end(cue_end, e)
            if verb is None:
                continue
            addressee = self.text[cue_end:verb].strip(" ,")
            if addressee and not self._is_addressee(addressee):
                continue
            agency = self._addressee_agency(cue_end, verb) if addressee else None
            return Region(RECOMMENDATION, verb, e, agency=agency)
        return None

    def _addressee_end(self, s: int, e: int) -> int | None:
        """Where the first directive verb after an addressee starts, if it comes soon enough."""
        window = min(e, self._words_after(s, e, self.rules.max_addressee_words + 1) + 40)
        for m in self.lex.verb.finditer(self.view, s, window):
            gap = self.text[s:m.start()]
            if re.search(r"[;:.!?]", gap) or len(WORD.findall(gap)) > self.rules.max_addressee_words:
                return None
            # A capitalised verb is part of a name ("Ban Chỉ đạo"); "được phân công" is passive.
            if gap.strip() and not self.text[m.start()].islower():
                continue
            if self.lex.passive_at_end.search(self.view, s, m.start()):
                continue
            return m.start()
        return None

    def _is_addressee(self, text: str) -> bool:
        low = _WITH.sub("", self.lex._norm(text))
        short = len(WORD.findall(low)) <= self.rules.max_addressee_words
        return short and bool(self.lex.addressee_head.match(low))

    def _addressee_agency(self, s: int, e: int) -> str | None:
        """The agency named by the addressee starting at ``s`` ("Phòng Nội vụ"; "Sở Nội vụ" is EXTERNAL).

        The addressee ends at its verb ("Đề nghị UBND xã | thực hiện ..."); a topic
        ("Về công tác chỉ đạo") or an action ("Đề nghị tăng cường ...") names no agency.
        """
        verb = self._addressee_end(s, e)
        addressee = self.text[s : e if verb is None else verb].strip(" ,:")
        if not addressee or not self._is_addressee(addressee):
            return None
        return self._classify(addressee)

    def _classify(self, addressee: str) -> str | None:
        """An addressee as a lead: an agency short name, MANY..., EXTERNAL, SELF, or None."""
        low = _WITH.sub("", self.lex._norm(addressee))
        many = self._plural(low)
        if many:
            return f"{MANY}{many}>"
        if self.lex.external.match(low):
            return EXTERNAL
        agency = self.lex.best(self.lex.agencies, addressee)
        if agency is None and self.lex.single_commune.match(low):
            return SELF
        return agency

    def _plural(self, low: str) -> str | None:
        """"communes", "departments" or "both" when an addressee names many bodies at once."""
        communes = bool(self.lex.plural_communes.search(low))
        agencies = bool(self.lex.plural_agencies.search(low))
        if communes and agencies:
            return "both"
        return "communes" if communes else "departments" if agencies else None

    def _actor(self, item: str) -> str | None:
        """The agency an item names as its actor ("Văn phòng HĐND và UBND huyện theo dõi ...")."""
        low = self.lex._norm(item)
        if len(low) != len(item) or not self.lex.addressee_head.match(low):
            return None
        for m in self.lex.verb.finditer(low, 0, 300):
            if not item[m.start()].islower():
                continue
            prefix = item[: m.start()]
            if len(WORD.findall(prefix)) > self.rules.max_addressee_words or re.search(r"[;:]", prefix):
                return None
            return self._classify(prefix)
        return None

    def _lead(self, text: str, region: Region, s: int, e: int) -> tuple[str | None, str | None]:
        """The suggested lead agency and fan-out of a recommendation.

        Most specific first: the item's own actor ("Phòng Nội vụ tham mưu ..."), an agency it gives the
        work to ("chỉ đạo Phòng Tư pháp ...", "Phòng Tư pháp chủ trì"), the intro's addressee, the
        heading's. Many addressees suggest a fan-out and no lead; one commune, or a body outside the
        district, no lead. Otherwise the agency whose keywords the text matches best, unless the text is
        about one commune's own work.
        """
        candidates = (self._actor(text), self._named(s, e), region.agency, self.sub_agency, self.section_agency)
        for candidate in candidates:
            if candidate is None:
                continue
            if candidate.startswith(MANY):
                return None, candidate[len(MANY):-1]
            if candidate in (EXTERNAL, SELF):
                return None, None
            return candidate, None
        if self.commune_subject:
            return None, None
        return self.lex.best(self.lex.agencies, text), None

    def _named(self, s: int, e: int) -> str | None:
        """An agency an item gives the work to: "chỉ đạo|giao <Phòng ...> <verb>", "<Phòng ...> chủ trì"."""
        low = self.view
        for m in re.finditer(r"(?<!\w)(?:chỉ đạo|giao|chi dao)\s+", low[s:e]):
            start = s + m.end()
            if not self.lex.agency_name.match(low, start):
                continue
            verb = self._addressee_end(start, e)
            if verb is not None:
                return self.lex.best(self.lex.agencies, self.text[start:verb])
        for m in re.finditer(r"(?<!\w)(?:chủ trì|chu tri)(?!\w)", low[s:e]):
            before = low[max(s, s + m.start() - 60):s + m.start()]
            name = re.search(r"(?:^|[,;]\s*|\s)((?:phòng|văn phòng|trung tâm|phong|van phong)\s[^,;]*?)\s*$", before)
            if name:
                return self.lex.best(self.lex.agencies, name.group(1))
        return None

    def _heading_addressee(self, s: int, e: int) -> str | None:
        """A recommendation sub-heading that is only an addressee ("- Chủ tịch UBND các xã, thị trấn:")."""
        text = self.text[s:e].strip(" ,")
        if not text or not self._is_addressee(text) or self.lex.verb.search(self.lex._norm(text)):
            return None
        agency = self._addressee_agency(s, e)
        return agency if agency and agency != EXTERNAL else None
