"""The conclusion reader's two inputs, prepared once per text: the text itself and the word lists.

``Doc`` holds the text in NFC with "\\n" line ends, its lower-case view, and the way back from its
offsets to the caller's (NFD input, Windows line ends). ``Lexicon`` compiles ``ReaderRules`` into the
patterns the reader looks for, on the text as typed or, for text typed without diacritics, on its
folded form. The reading itself is ``conclusion_reader``. Pure Python: no Flask or database imports.
"""

import re
import unicodedata

from tracker.services.conclusions.rules import ReaderRules
from tracker.textutil import fold, nfc

SHORTCOMING, RECOMMENDATION, PRAISE = "shortcoming", "recommendation", "praise"
PASSIVE = ("được", "bị")
WORD = re.compile(r"\w+")


class Doc:
    """The text in NFC with "\\n" line ends, plus the way back to the caller's offsets."""

    def __init__(self, raw: str):
        if "\r" not in raw and unicodedata.is_normalized("NFC", raw):
            self.text, self._starts, self._ends = raw, None, None
        else:
            self.text, self._starts, self._ends = self._normalise(raw)
        lowered = self.text.lower()
        if len(lowered) != len(self.text):  # a few letters lower-case to two; keep offsets aligned
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.text)
        self.low = lowered
        # Text typed without any diacritics is matched against folded word lists.
        self.folded = fold(self.text) == lowered

    @staticmethod
    def _normalise(raw: str) -> tuple[str, list[int], list[int]]:
        # NFC one base character and its combining marks at a time, so that each
        # output character knows the span of input it came from.
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i, n = 0, len(raw)
        while i < n:
            if raw[i] == "\r":
                j = i + 2 if raw.startswith("\r\n", i) else i + 1
                chunk = "\n"
            else:
                j = i + 1
                while j < n and unicodedata.combining(raw[j]):
                    j += 1
                chunk = unicodedata.normalize("NFC", raw[i:j])
            for ch in chunk:
                out.append(ch)
                starts.append(i)
                ends.append(j)
            i = j
        return "".join(out), starts, ends

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self._starts is None or self._ends is None:
            return start, end
        return self._starts[start], self._ends[end - 1]


# --- word lists compiled to patterns -----------------------------------------------------------


Keyword = tuple[re.Pattern, bool, int]  # pattern, matched on folded text, length


class Lexicon:
    """``ReaderRules`` compiled for one text (with or without diacritics)."""

    def __init__(self, rules: ReaderRules, folded: bool):
        self.rules = rules
        self.folded = folded
        cues = [(p, SHORTCOMING) for p in rules.shortcoming_cues]
        cues += [(p, RECOMMENDATION) for p in rules.recommendation_cues]
        cues += [(p, PRAISE) for p in rules.praise_cues]
        cues = [(self._norm(p), kind) for p, kind in cues if p.strip()]
        if folded:  # once folded, one syllable is ambiguous ("còn"/"con", "chưa"/"chùa")
            cues = [(p, kind) for p, kind in cues if " " in p]
        cues.sort(key=lambda c: -len(c[0]))
        self.cue_kinds = [kind for _, kind in cues]
        self.cue_strong = [" " in p or kind == PRAISE for p, kind in cues]
        conj = "va" if folded else "và"
        self.cue = re.compile("|".join(f"(?<!\\w)({self._body(p)})(?!\\w)" for p, _ in cues) or "(?!)")
        self.ignored = self._words(rules.ignored_phrases)
        self.item_start = self._words(rules.action_verbs + rules.clause_starts + rules.directive_starts,
                                      anchor="start")
        verbs = rules.action_verbs + rules.continuation_verbs
        self.verb = self._words(verbs)
        self.verb_at_end = self._words(verbs, anchor="end")
        self.blocker_at_end = self._words(rules.directive_blockers, anchor="end")
        self.passive_at_end = self._words(PASSIVE, anchor="end")
        self.addressee_head = self._words(rules.addressee_heads, anchor="start")
        self.external = self._words(rules.external_addressees, anchor="start")
        self.subheading = self._words(rules.subheading_starts, anchor="start")
        self.plural_communes = self._words(rules.plural_communes, comma_or_and=True)
        self.plural_agencies = self._words(rules.plural_agencies, comma_or_and=True)
        self.single_commune = self._words(rules.single_communes, anchor="start")
        self.agency_name = self._words(rules.agency_name_heads, anchor="start")
        self.compound = self._words(rules.compounds, comma_or_and=True)
        verb, joiner = self._alt(rules.generic_verbs), rf"(?:\s*,\s*|\s+{conj}\s+)"
        self.generic = re.compile(
            f"(?:{self._alt(('tiếp tục',))}\\s+)?{verb}(?:{joiner}{verb})*"
            f"(?:\\s+{self._alt(rules.generic_fillers)})*\\s+{self._alt(rules.generic_objects)}(?!\\w)"
            f"\\s*(?:{self._alt(rules.generic_tails)}|$)"
        )
        self.separator = re.compile(rf"\s*,\s*(?:{conj}\s+)?|\s+{conj}\s+")
        self.fields = self._keywords(rules.field_keywords)
        self.agencies = self._keywords(rules.agency_keywords)

    def _norm(self, phrase: str) -> str:
        phrase = " ".join(nfc(phrase).lower().split())
        return fold(phrase) if self.folded else phrase

    def _body(self, phrase: str, comma_or_and: bool = False) -> str:
        """A phrase as a regex that tolerates extra spaces (and "và" for a comma when asked)."""
        parts: list[str] = []
        prev_word = False
        for token in re.findall(r"\w+|[^\w\s]", phrase):
            if WORD.fullmatch(token):
                parts.append(("\\s+" if prev_word else "") + re.escape(token))
                prev_word = True
            elif token == "," and comma_or_and:
                parts.append(r"(?:\s*,\s*|\s+(?:và|va)\s+)")
                prev_word = False
            else:
                parts.append(r"\s*" + re.escape(token) + r"\s*")
                prev_word = False
        return "".join(parts)

    def _alt(self, phrases: tuple[str, ...], comma_or_and: bool = False) -> str:
        normed = sorted({self._norm(p) for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
        return "(?:" + ("|".join(self._body(p, comma_or_and) for p in normed) or "(?!)") + ")"

    def _words(self, phrases: tuple[str, ...], anchor: str = "", comma_or_and: bool = False) -> re.Pattern:
        alt = self._alt(phrases, comma_or_and)
        if anchor == "start":
            return re.compile(rf"{alt}(?!\w)")
        if anchor == "end":
            return re.compile(rf"(?<!\w){alt}\s*\Z")
        return re.compile(rf"(?<!\w){alt}(?!\w)")

    def _keywords(self, table: dict[str, tuple[str, ...]]) -> list[tuple[str, list[Keyword]]]:
        # A keyword typed with diacritics matches exactly (so "luồng" never hits
        # "lương"); one typed without them matches the folded text.
        compiled = []
        for code, keywords in table.items():
            entries = []
            for keyword in keywords:
                kw = " ".join(nfc(keyword).lower().split())
                if not kw:
                    continue
                on_folded = self.folded or fold(kw) == kw
                kw = fold(kw) if on_folded else kw
                pattern = re.compile(rf"(?<!\w){self._body(kw, comma_or_and=True)}(?!\w)")
                entries.append((pattern, on_folded, len(kw)))
            compiled.append((code, entries))
        return compiled

    @staticmethod
    def best(table: list, text: str) -> str | None:
        """The code with most keyword hits (then longest), first in table order on a tie.

        A keyword found only inside a longer keyword of the same code ("một cửa" in "bộ phận một cửa")
        is one hit, not two: otherwise nested keywords outvote a longer, more specific one elsewhere.
        """
        low, folded = text.lower(), fold(text)
        best_code, best_score = None, (0, 0)
        for code, entries in table:
            spans = []
            for pattern, on_folded, _n in entries:
                m = pattern.search(folded if on_folded else low)
                if m:
                    spans.append(m.span())
            hits = [b - a for a, b in spans
                    if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans)]
            score = (len(hits), sum(hits))
            if score > best_score:
                best_code, best_score = code, score
        return best_code
