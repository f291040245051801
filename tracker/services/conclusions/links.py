"""Which shortcomings a recommendation answers: the ones it shares the most content words with.

Vietnamese writes a word as several syllables ("thủ tục hành chính"), so the reader compares pairs of
neighbouring syllables as well as single ones, leaving out function syllables ("các", "của", "việc").
A pair or syllable found in every shortcoming of the text says nothing about which one is answered, so
each counts by how rare it is among this text's shortcomings (an inverse document frequency taken on
the text itself). The same field adds a little; a recommendation with no clear winner answers the
shortcomings of its field, as before. Pure Python, deterministic.
"""

import math
import re

from ...textutil import fold

# Syllables that carry no subject: function words, quantifiers, and the words every conclusion repeats.
_STOP = frozenset(fold(w) for w in """
    các những của và với cho để theo trong tại trên dưới về đối từ đến khi đã đang sẽ còn chưa không có là
    được bị một số nhiều mọi toàn bộ đầy đủ kịp thời thường xuyên nghiêm túc cụ thể việc công tác quy định
    thực hiện tăng cường đẩy mạnh nâng cao bảo đảm đảm bảo theo dõi người dân cơ quan đơn vị
    đúng chậm thấp cao hơn năm quý tháng ngày trước hoàn thành tồn tại hạn chế
    """.split())
_SYLLABLE = re.compile(r"\w+")
MIN_SCORE = 1.0  # about one distinctive pair of syllables, or two distinctive syllables
NEAR_BEST = 0.8  # shortcomings scoring this close to the best are answered too
FIELD_BONUS = 0.5
# Far beyond any real conclusion (80 items fit on the review page); past it, the field rule alone keeps a
# pathological 100,000-character paste from comparing millions of pairs.
MAX_PAIRS = 20_000


def _terms(text: str) -> set[str]:
    syllables = [s for s in _SYLLABLE.findall(fold(text).lower()) if not s.isdigit()]
    terms = {s for s in syllables if s not in _STOP and len(s) > 1}
    terms |= {f"{a} {b}" for a, b in zip(syllables, syllables[1:], strict=False)
              if not (a in _STOP and b in _STOP)}
    return terms


def _weight(term: str, idf: dict[str, float]) -> float:
    return idf[term] * (2.0 if " " in term else 1.0)


def suggest_links(recommendations: list[tuple[str, str | None]],
                  shortcomings: list[tuple[str, str | None]]) -> list[tuple[int, ...]]:
    """For each (text, field) recommendation, the indices of the (text, field) shortcomings it answers."""
    if not shortcomings:
        return [() for _ in recommendations]
    if len(shortcomings) * len(recommendations) > MAX_PAIRS:
        return [tuple(i for i, (_, s_field) in enumerate(shortcomings) if field and s_field == field)
                for _, field in recommendations]
    terms = [_terms(text) for text, _ in shortcomings]
    n = len(terms)
    frequency: dict[str, int] = {}
    for found in terms:
        for term in found:
            frequency[term] = frequency.get(term, 0) + 1
    idf = {term: math.log((n + 1) / (count + 0.5)) for term, count in frequency.items()}
    out = []
    for text, field in recommendations:
        own = _terms(text)
        scores = []
        for (_, s_field), found in zip(shortcomings, terms, strict=True):
            score = sum(_weight(t, idf) for t in own & found)
            if field and s_field == field:
                score += FIELD_BONUS
            scores.append(score)
        best = max(scores)
        if best >= MIN_SCORE:
            out.append(tuple(i for i, s in enumerate(scores) if s >= best * NEAR_BEST))
        else:
            out.append(tuple(i for i, (_, s_field) in enumerate(shortcomings) if field and s_field == field))
    return out
