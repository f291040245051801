"""Read a Vietnamese conclusion text into shortcomings and recommendations.

Deterministic and offline: no model, only the word lists in ``ReaderRules``
(``conclusion_rules``). It understands the two shapes such texts come in:

* inline: an intro holding a cue and ending in a colon ("... một số tồn tại,
  hạn chế ... như: A, B, C."), or a directive without a colon ("đề nghị UBND
  huyện phân công ...; rà soát ...; xây dựng ...");
* one item a line ("- ...;", "+ ...", "a) ...", "1. ...") under a heading
  line that holds a cue ("Tồn tại, hạn chế:", "II. KIẾN NGHỊ", "Đề nghị UBND
  xã:"). Praise headings ("1. Ưu điểm", "Kết quả đạt được") switch items off.
  A "+" line under a "-" line is an item of its own; a "-" line ending with
  ":" is a group heading, not an item.

Inline lists are cut at ";" first, then at a comma or "và" only where the
next words open a new clause (a quantifier such as "một số" or a directive
verb), both sides are long enough to be items, the left side does not end
in a verb (a verb series such as "rà soát, đề nghị ..." shares one object),
and the comma is not inside a known compound ("cán bộ, công chức").

Not items: praise, narrative ("đã chỉ đạo", "được giao", a cue whose
"addressee" is not one), generic exhortations ("phát huy những ưu điểm",
"khắc phục những tồn tại, hạn chế nêu trên") and verbs with no object
("nghiêm túc triển khai thực hiện"). The field is the group heading's
("- Về hiện đại hóa hành chính:") or the best keyword match, else the field
of the shortcoming the recommendation answers. The lead agency and fan-out
come from ``addressees`` (the item's actor, an agency it names, its
addressee, its heading's, else keywords); a recommendation's deadline from
``deadline_phrases`` (its own, else its intro's or heading's); which
shortcomings it answers from ``links``. docs/conclusion-reader.md has the
whole story and the measured accuracy.

The text and the compiled word lists come from ``lexicon``; clause cutting from ``clauses``; this module
is the reading itself, one algorithm over lines, headings and clauses. Pure Python: no Flask or database.
"""

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date

from tracker.services.conclusions.addressees import Addressees, Region
from tracker.services.conclusions.clauses import Clauses
from tracker.services.conclusions.deadline_phrases import find_deadline
from tracker.services.conclusions.lexicon import PRAISE, RECOMMENDATION, SHORTCOMING, WORD, Doc, Lexicon
from tracker.services.conclusions.links import suggest_links
from tracker.services.conclusions.rules import DEFAULT_RULES, ReaderRules

__all__ = [
    "DEFAULT_RULES", "MAX_TEXT_LENGTH", "ConclusionTooLong", "EmptyConclusion", "ReadItem", "ReadResult",
    "ReaderRules", "read_conclusion",
]

MAX_TEXT_LENGTH = 100_000
_ITEM_KINDS = (SHORTCOMING, RECOMMENDATION)
FANOUTS = ("communes", "departments", "both")
# "kiểm tra ... tại UBND xã Gia Hòa": the text is about one commune, whose own work the tasks are.
_COMMUNE_SUBJECT = re.compile(r"(?<!\w)tại\s+(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:xã|phường|thị trấn)\s+"
                              r"|(?<!\w)tai\s+(?:ubnd|uy ban nhan dan)\s+(?:xa|phuong|thi tran)\s+")
_MARKER = re.compile(
    r"(?:(?P<roman>[IVXLC]{1,6}[.)])|(?P<num>\d{1,2}(?:\.\d{1,2})*[.)])|(?P<letter>[a-zđ][.)]))\s+"
    r"|(?P<plus>\+)\s*|(?P<bullet>[-–—•*·●○▪◦])\s*"
)
_MAX_INTRO = 400  # characters an intro ("... một số tồn tại, hạn chế ... như:") may span


class ConclusionTooLong(ValueError):
    """The text is longer than ``MAX_TEXT_LENGTH`` characters."""


class EmptyConclusion(ValueError):
    """The text is empty or only whitespace."""


@dataclass
class ReadItem:
    """One shortcoming or recommendation found in the text."""

    kind: str
    text: str
    field: str | None
    lead_agency: str | None
    source: str
    start: int
    end: int
    deadline: date | None = None  # a recommendation's proposed deadline
    fanout: str | None = None  # "communes", "departments" or "both": addressed to many at once
    answers: tuple[int, ...] = ()  # the indices of the shortcomings a recommendation answers


@dataclass
class ReadResult:
    """What ``read_conclusion`` found."""

    shortcomings: list[ReadItem]
    recommendations: list[ReadItem]
    cue_found: bool

    def to_json(self) -> dict:
        """The items as plain data for the review page and the API."""
        return {
            "shortcomings": [
                {"text": i.text, "field": i.field, "source": i.source} for i in self.shortcomings
            ],
            "recommendations": [
                {"text": i.text, "field": i.field, "lead_agency": i.lead_agency, "source": i.source,
                 "deadline": i.deadline.isoformat() if i.deadline else None, "fanout": i.fanout,
                 "answers": [n + 1 for n in i.answers]}
                for i in self.recommendations
            ],
        }


def read_conclusion(text: str, rules: ReaderRules = DEFAULT_RULES) -> ReadResult:
    """Find the shortcomings and recommendations in a conclusion ``text``.

    The text may be NFD, use Windows line endings or lack diacritics; items
    come back in NFC with their offsets in the text as given. ``source`` is
    the sentence (or list line) an item came from, in NFC. Raises
    ``EmptyConclusion`` for blank text and ``ConclusionTooLong`` above
    ``MAX_TEXT_LENGTH`` characters.
    """
    if len(text) > MAX_TEXT_LENGTH:
        raise ConclusionTooLong(f"conclusion text is longer than {MAX_TEXT_LENGTH} characters")
    if not text.strip():
        raise EmptyConclusion("conclusion text is empty")
    doc = Doc(text)
    return _Reader(doc, Lexicon(rules, folded=doc.folded)).run()


def _level(marker: str | None, marker_text: str) -> int:
    """How deep a list marker sits: "II." 0, "1." 1, "1.1." 2, "a)" 4, "-" 5, "+" 6 (unmarked: 0)."""
    if marker == "num":
        return 1 + marker_text.strip().count(".", 0, -1)
    return {"roman": 0, "letter": 4, "bullet": 5, "plus": 6}.get(marker or "", 0)


# --- the reader --------------------------------------------------------------------------------


class _Reader(Addressees, Clauses):
    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex, self.rules = doc, lex, lex.rules
        self.text, self.view = doc.text, doc.low
        masked = lex.ignored.sub(lambda m: "#" * len(m.group()), doc.low)
        # Found once for the whole text, then looked up by offset: linear however many colons a text has.
        self.all_cues = [
            (m.start(), m.end(), lex.cue_kinds[m.lastindex - 1], lex.cue_strong[m.lastindex - 1])
            for m in lex.cue.finditer(masked)
        ]
        self.cue_starts = [cue[0] for cue in self.all_cues]
        self.items: list[ReadItem] = []
        self.mode: str | None = None  # the kind of the section we are in
        self.level = 0  # the heading level that opened the section
        self.list_started = False
        self.section_agency: str | None = None
        self.section_deadline: date | None = None
        self.sub_field: str | None = None
        self.sub_agency: str | None = None
        self.sub_deadline: date | None = None
        match = _COMMUNE_SUBJECT.search(self.view)
        self.commune_subject = bool(match and self.text[match.end():match.end() + 1].isupper())
        self.sub_level = -1  # the level of the group heading the hints above came from

    def run(self) -> ReadResult:
        start = 0
        for line in self.text.split("\n"):
            s = self._skip_space(start, start + len(line))
            e = s + len(self.text[s:start + len(line)].rstrip())
            if s < e:
                self._line(s, e)
            start += len(line) + 1
        cue_found = any(kind != PRAISE for _, _, kind, _ in self._cues(0, len(self.text)))
        seen: set[tuple[str, str]] = set()
        unique = []
        for item in self.items:
            if (item.kind, item.text) not in seen:
                seen.add((item.kind, item.text))
                unique.append(item)
        shortcomings = [i for i in unique if i.kind == SHORTCOMING]
        recommendations = [i for i in unique if i.kind == RECOMMENDATION]
        links = suggest_links([(r.text, r.field) for r in recommendations], [(s.text, s.field) for s in shortcomings])
        for n, (rec, answers) in enumerate(zip(recommendations, links, strict=True)):
            # A recommendation with no field keyword of its own takes the field of what it answers.
            field = rec.field or next((shortcomings[i].field for i in answers if shortcomings[i].field), None)
            recommendations[n] = replace(rec, answers=answers, field=field)
        return ReadResult(shortcomings=shortcomings, recommendations=recommendations, cue_found=cue_found)

    # lines and headings

    def _line(self, s: int, e: int) -> None:
        marker = _MARKER.match(self.text, s, e)
        kind = marker.lastgroup if marker else None
        body = marker.end() if marker else s
        if body >= e:
            return
        level = _level(kind, self.text[s:body])
        if self._is_heading(kind, body, e):
            self._heading(kind, level, body, e)
            return
        if kind and level <= self.sub_level:  # a sibling of the group heading ends the group
            self.sub_field = self.sub_agency = self.sub_deadline = None
        if self.mode in _ITEM_KINDS:
            if kind:  # one item a line
                self.list_started = True
                self._section_content(body, e, (s, e), whole=True)
                return
            if not self.list_started:  # the section's body is prose
                for ss, se in self._sentences(body, e):
                    self._section_content(ss, se, (ss, se), whole=False)
                return
            self._leave_section()  # prose after a list closes it
        for ss, se in self._sentences(body, e):
            regions = self._colon_regions(ss, se, None)
            if not regions and self.mode != PRAISE:
                directive = self._directive(ss, se, at_start=False)
                regions = [directive] if directive else []
            self._emit(regions, (ss, se))

    def _is_heading(self, marker: str | None, s: int, e: int) -> bool:
        body = self.text[s:e]
        if body.endswith(":"):
            return True
        if body[-1] in ".;,!?" or marker in ("bullet", "plus"):
            return False
        letters = [c for c in body if c.isalpha()]
        if marker == "roman" or (len(letters) >= 4 and all(c.isupper() for c in letters)):
            return True
        if len(WORD.findall(body)) > 8:
            return False
        return any(strong for *_, strong in self._cues(s, e)) or bool(self.lex.subheading.match(self.view, s))

    def _heading(self, marker: str | None, level: int, s: int, e: int) -> None:
        end = e - 1 if self.text[e - 1] == ":" else e
        cues = self._cues(s, end)
        if cues:
            self.mode, self.level, self.list_started = cues[-1][2], level, False
            self.sub_field = self.sub_agency = self.sub_deadline = None
            self.sub_level = -1
            addressed = self.mode == RECOMMENDATION
            self.section_agency = self._addressee_agency(cues[-1][1], end) if addressed else None
            self.section_deadline = self._deadline(s, end) if addressed else None
            return
        text = self.text[s:end]
        top = marker == "roman" or text.upper() == text
        subheading = self.lex.subheading.match(self.view, s)
        child = level > self.level or subheading or (not top and self.lex.best(self.lex.fields, text))
        addressee = self.mode == RECOMMENDATION and not subheading and self._heading_addressee(s, end)
        if self.mode is not None and (child or addressee):
            self.list_started, self.sub_level = False, level
            self.sub_field = self.lex.best(self.lex.fields, text)
            named = subheading and self.mode == RECOMMENDATION
            self.sub_agency = addressee or (self._addressee_agency(subheading.end(), end) if named else None)
            self.sub_deadline = self._deadline(s, end) if self.mode == RECOMMENDATION else None
        else:
            self._leave_section()

    def _leave_section(self) -> None:
        self.mode, self.level, self.list_started, self.sub_level = None, 0, False, -1
        self.section_agency = self.sub_field = self.sub_agency = None
        self.section_deadline = self.sub_deadline = None

    def _deadline(self, s: int, e: int) -> date | None:
        found = find_deadline(self.text[s:e])
        return found.day if found else None

    def _section_content(self, s: int, e: int, source: tuple[int, int], whole: bool) -> None:
        regions = self._colon_regions(s, e, self.mode)
        if not regions:
            directive = self._directive(s, e, at_start=True)
            if directive:
                directive.split = not whole
                regions = [directive]
            else:
                regions = [Region(self.mode or SHORTCOMING, s, e, split=not whole)]
        self._emit(regions, source)

    # finding the regions that hold items

    def _cues(self, s: int, e: int) -> list[tuple[int, int, str, bool]]:
        """Cues lying within ``[s, e)``: (start, end, kind, strong)."""
        found = []
        for i in range(bisect.bisect_left(self.cue_starts, s), len(self.cue_starts)):
            cue = self.all_cues[i]
            if cue[0] >= e:
                break
            if cue[1] <= e:
                found.append(cue)
        return found

    def _colon_regions(self, s: int, e: int, section: str | None) -> list[Region]:
        """Items after "intro:" where the intro holds a cue (or is "Về ...:" inside a section)."""
        regions: list[Region] = []
        clause_floor = s
        for m in re.finditer(r":(?=\s|$)", self.text[s:e]):
            colon = s + m.start()
            # An intro is the clause just before its colon; a bounded look-back keeps this linear.
            clause_floor = max(clause_floor, colon - _MAX_INTRO)
            semicolon = self.text.rfind(";", clause_floor, colon)
            clause = semicolon + 1 if semicolon >= 0 else clause_floor
            cues = self._cues(clause, colon)
            region = None
            if cues:
                kind, cue_end = cues[-1][2], cues[-1][1]
                agency = self._addressee_agency(cue_end, colon) if kind == RECOMMENDATION else None
                deadline = self._deadline(clause, colon) if kind == RECOMMENDATION else None
                region = Region(kind, colon + 1, e, agency=agency, deadline=deadline)
            elif section and (sub := self.lex.subheading.match(self.view, self._skip_space(clause, colon))):
                field = self.lex.best(self.lex.fields, self.text[clause:colon])
                agency = self._addressee_agency(sub.end(), colon) if section == RECOMMENDATION else None
                region = Region(section, colon + 1, e, field=field, agency=agency)
            elif section == RECOMMENDATION and (agency := self._heading_addressee(clause, colon)):
                region = Region(section, colon + 1, e, agency=agency)
            # A colon of the same kind inside a list ("... chưa đạt yêu cầu: 05 hồ sơ") is item text.
            if region is None or (regions and regions[-1].kind == region.kind):
                continue
            if regions:
                regions[-1].end = clause
            regions.append(region)
            clause_floor = colon + 1
        return regions

    # cutting regions into items

    def _emit(self, regions: list[Region], source: tuple[int, int]) -> None:
        source_text = self.text[source[0]:source[1]]
        for region in regions:
            if region.kind == PRAISE:
                continue
            s, e = self._strip(region.start, region.end)
            pieces = self._split(s, e) if region.split else [(s, e)]
            for ps, pe in pieces:
                ps, pe = self._strip(ps, pe)
                piece = region
                if region.kind == RECOMMENDATION and region.split:
                    # "...; giao Phòng Tư pháp chủ trì ... và yêu cầu UBND các xã thực hiện ...": each piece
                    # has its own addressee, which leaves the task's text and becomes its lead.
                    inner = self._directive(ps, pe, at_start=True, keep=("chỉ đạo",))
                    if inner is not None and inner.start > ps:
                        piece = replace(region, agency=inner.agency or region.agency)
                        ps = inner.start
                text = self._clean(self.text[ps:pe])
                if not self._is_task(text):
                    continue
                field = region.field or self.sub_field or self.lex.best(self.lex.fields, text)
                lead = fanout = deadline = None
                if region.kind == RECOMMENDATION:
                    lead, fanout = self._lead(text, piece, ps, pe)
                    deadline = self._deadline(ps, pe) or piece.deadline or self.sub_deadline or self.section_deadline
                start, end = self.doc.original_span(ps, pe)
                self.items.append(ReadItem(region.kind, text, field, lead, source_text, start, end,
                                           deadline=deadline, fanout=fanout))

    def _is_task(self, text: str) -> bool:
        """False for fragments, generic exhortations and verbs with nothing to act on."""
        low = self.lex._norm(text)
        if len(WORD.findall(text)) < 2 or self.lex.generic.match(low):
            return False
        # "Nghiêm túc triển khai thực hiện" names no object: the closing formula, not a task.
        return bool(WORD.search(self.lex.verb.sub(" ", low)))
