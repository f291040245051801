"""Cutting a region of a conclusion into items: at ";", then at "," or "và" where a new clause starts.

A mixin of ``reader._Reader`` with the small span helpers it shares; pure Python.
"""

import bisect
import re

from tracker.services.conclusions.lexicon import WORD

_SENTENCE_END = re.compile(r"\./\.|[.!?…]+")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of ``spans``."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


class Clauses:
    """Splitting and trimming spans; expects the reader's ``text``, ``view``, ``lex`` and ``rules``."""

    def _split(self, s: int, e: int) -> list[tuple[int, int]]:
        pieces = []
        start = s
        for m in re.finditer(";", self.text[s:e]):
            pieces.extend(self._split_clauses(*self._strip(start, s + m.start())))
            start = s + m.end()
        pieces.extend(self._split_clauses(*self._strip(start, e)))
        return pieces

    def _split_clauses(self, s: int, e: int) -> list[tuple[int, int]]:
        """Cut at a comma or "và" only where a new clause starts (see the module docstring)."""
        if s >= e:
            return []
        spans = [m.span() for m in self.lex.compound.finditer(self.view, s, e)]
        spans += [(s + m.start(), s + m.end()) for m in re.finditer(r"\([^()]*\)", self.text[s:e])]
        protected = _merge(spans)
        protected_starts = [a for a, _ in protected]
        minimum = self.rules.min_item_words
        pieces, start = [], s
        for m in self.lex.separator.finditer(self.view, s, e):
            cut, resume = m.span()
            inside = bisect.bisect_right(protected_starts, cut) - 1
            if inside >= 0 and cut < protected[inside][1]:
                continue
            if not self.lex.item_start.match(self.view, resume, e):
                continue
            if self._words_after(start, cut, minimum) > cut or self._words_after(resume, e, minimum) > e:
                continue
            # Only the tail can hold the verb; looking at it alone keeps long lists linear.
            if self.lex.verb_at_end.search(self.view, max(start, cut - 40), cut):
                continue
            pieces.append((start, cut))
            start = resume
        pieces.append((start, e))
        return pieces

    def _sentences(self, s: int, e: int) -> list[tuple[int, int]]:
        spans, start = [], s
        for m in _SENTENCE_END.finditer(self.text, s, e):
            nxt = self._skip_space(m.end(), e)
            if nxt == m.end() or nxt >= e:
                continue
            ch = self.text[nxt]
            if ch.isupper() or ch.isdigit() or ch in "\"“'(":
                spans.append((start, m.end()))
                start = nxt
        spans.append((start, e))
        return spans

    def _words_after(self, s: int, e: int, count: int) -> int:
        """The offset just after the ``count``-th word from ``s``; past ``e`` when there are fewer."""
        if count <= 0:
            return s
        found = 0
        for m in WORD.finditer(self.view, s, e):
            found += 1
            if found == count:
                return m.end()
        return e + 1

    def _skip_space(self, s: int, e: int) -> int:
        while s < e and self.text[s].isspace():
            s += 1
        return s

    def _strip(self, s: int, e: int) -> tuple[int, int]:
        """Trim spaces and list punctuation (trailing ".", ";", ",", "./.") from a span."""
        while s < e and (self.text[s].isspace() or self.text[s] in ",;:"):
            s += 1
        while e > s and (self.text[e - 1].isspace() or self.text[e - 1] in ".;,:/…!?"):
            e -= 1
        return s, e

    @staticmethod
    def _clean(text: str) -> str:
        text = re.sub(r"\s+([,;:.)])", r"\1", " ".join(text.split()))
        return text[:1].upper() + text[1:]
