"""The conclusion reader's accuracy on the measured texts, per suggestion kind.

    .venv/bin/python -m tests.unit.reader_accuracy            # the held-out texts (the table in the docs)
    .venv/bin/python -m tests.unit.reader_accuracy tuning     # the texts the reader was tuned on

Each expected item is matched to the read item with the same text, else to the unmatched read item sharing most
words (at least half of them); an expected item with no match counts as wrong for every kind. Fields are counted
on shortcomings and recommendations; leads, fan-out, deadlines and links on recommendations. "named" counts only
the items whose expected value is set (a lead, a fan-out, a deadline); "proposed wrongly" counts read values set
where the expected one is empty. Uses the built-in word lists (``DEFAULT_RULES``).
"""

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tests.unit.reader_expected import HELD_OUT, TUNING, Case
from tracker.services.conclusions.reader import ReadItem, read_conclusion

MEASURED = Path(__file__).parent / "conclusion_texts" / "measured"
SETS = {"held-out": HELD_OUT, "tuning": TUNING}
KINDS = ("items", "fields", "leads", "fan-out", "deadlines", "links")


@dataclass
class Score:
    right: int = 0
    total: int = 0
    named_right: int = 0
    named_total: int = 0
    wrongly_proposed: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, named: bool = False, proposed: bool = False, note: str = "") -> None:
        self.right += ok
        self.total += 1
        if named:
            self.named_right += ok
            self.named_total += 1
        elif proposed and not ok:
            self.wrongly_proposed += 1
        if not ok and note:
            self.misses.append(note)


def _words(text: str) -> set[str]:
    return set(text.lower().replace(",", " ").split())


def _overlap(text: str, item: ReadItem) -> float:
    a, b = _words(text), _words(item.text)
    return len(a & b) / max(len(a | b), 1)


def _match(expected: list[str], read: list[ReadItem]) -> list[ReadItem | None]:
    """For each expected text, the read item it corresponds to (or None)."""
    free = list(read)
    out: list[ReadItem | None] = []
    for text in expected:
        same = next((r for r in free if " ".join(r.text.split()).lower() == " ".join(text.split()).lower()), None)
        if same is None:
            best = max(free, key=lambda r: _overlap(text, r), default=None)
            same = best if best is not None and _overlap(text, best) >= 0.5 else None
        if same is not None:
            free.remove(same)
        out.append(same)
    return out


def measure(cases: dict[str, Case], folder: str) -> dict[str, Score]:
    scores = {kind: Score() for kind in KINDS}
    for name, case in cases.items():
        result = read_conclusion((MEASURED / folder / name).read_text(encoding="utf-8"))
        shortcomings = _match([t for t, _ in case.shortcomings], result.shortcomings)
        recommendations = _match([r.text for r in case.recommendations], result.recommendations)
        exact = [r.text for r in result.shortcomings] == [t for t, _ in case.shortcomings] and \
            [r.text for r in result.recommendations] == [r.text for r in case.recommendations]
        scores["items"].add(exact, note=f"{name}: {len(result.shortcomings)}+{len(result.recommendations)} read, "
                                        f"{len(case.shortcomings)}+{len(case.recommendations)} expected")
        for (text, want), got in zip(case.shortcomings, shortcomings, strict=True):
            scores["fields"].add(got is not None and got.field == want, named=True,
                                 note=f"{name}: “{text[:50]}” {want} ≠ {got.field if got else 'not read'}")
        positions = {id(item): n for n, item in enumerate(result.shortcomings, start=1)}
        by_read = {id(got): n for n, got in enumerate(shortcomings, start=1) if got is not None}
        for want, got in zip(case.recommendations, recommendations, strict=True):
            label = f"{name}: “{want.text[:50]}”"
            if got is None:
                for kind in KINDS[1:]:
                    scores[kind].add(False, named=True, note=f"{label} not read")
                continue
            scores["fields"].add(got.field == want.field, named=True, note=f"{label} {want.field} ≠ {got.field}")
            scores["leads"].add(got.lead_agency == want.lead, named=want.lead is not None,
                                proposed=got.lead_agency is not None, note=f"{label} {want.lead} ≠ {got.lead_agency}")
            scores["fan-out"].add(got.fanout == want.fanout, named=want.fanout is not None,
                                  proposed=got.fanout is not None, note=f"{label} {want.fanout} ≠ {got.fanout}")
            wanted_day = date.fromisoformat(want.deadline) if want.deadline else None
            scores["deadlines"].add(got.deadline == wanted_day, named=wanted_day is not None,
                                    proposed=got.deadline is not None, note=f"{label} {wanted_day} ≠ {got.deadline}")
            # Links are compared as the expected shortcoming numbers the read links point at.
            linked = set()
            for index in got.answers:
                item = result.shortcomings[index]
                linked.add(by_read.get(id(item), -positions[id(item)]))
            scores["links"].add(linked == set(want.links), named=bool(want.links),
                                proposed=bool(linked), note=f"{label} {sorted(want.links)} ≠ {sorted(linked)}")
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = ["| kind | right / total | named: right / total | proposed wrongly |", "|---|---|---|---|"]
    for kind, s in scores.items():
        named = f"{s.named_right} / {s.named_total}" if kind in ("leads", "fan-out", "deadlines", "links") else "—"
        wrong = str(s.wrongly_proposed) if kind in ("leads", "fan-out", "deadlines", "links") else "—"
        lines.append(f"| {kind} | {s.right} / {s.total} ({100 * s.right / max(s.total, 1):.0f}%) | {named} | {wrong} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    which = argv[0] if argv else "held-out"
    scores = measure(SETS[which], which)
    print(f"{which}: {len(SETS[which])} texts")
    print(table(scores))
    if "-v" in argv:
        for kind, s in scores.items():
            for miss in s.misses:
                print(f"  {kind}: {miss}")


if __name__ == "__main__":
    main(sys.argv[1:])
