"""Shortcomings that come back ("tồn tại lặp lại"): flagged when a unit's next appraisal is recorded.

A finding repeats last year's when its criterion already lost points in the unit's previous appraisal (matched by
the criterion's code: frameworks are copied year to year), or when its text closely matches a finding of that
appraisal (the share of content words they have in common). It then points at last year's finding, whose tasks
the appraisal page lists, and says why ("criterion", "text" or "both").
"""

import re

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Appraisal, Finding
from ...textutil import fold
from . import scoring
from .records import previous_appraisal

# Two findings say the same when this share of the shorter one's content words is in the other.
SIMILAR = 0.6
# Words every finding has, which say nothing of what is wrong.
STOP = set("va cac cua con mot so chua duoc theo quy dinh trong viec cong tac the nhung da dang co la thuc hien "
           "nhu tai voi doi cho ve nam ban hanh tren duoi don vi co quan".split())
WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> set[str]:
    return {w for w in WORD.findall(fold(text)) if len(w) > 1 and w not in STOP}


def similarity(a: str, b: str) -> float:
    """The share of the shorter text's content words found in the other (0 to 1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _lost_codes(appraisal: Appraisal) -> set[str]:
    """Codes of the criteria that lost points in ``appraisal``."""
    return {s.criterion.code for s in scoring.scored(appraisal).values() if s.lost is not None and s.lost > 0}


def flag_repeats(appraisal: Appraisal) -> int:
    """Flag ``appraisal``'s findings that repeat the unit's previous appraisal's; returns how many repeat."""
    previous = previous_appraisal(appraisal.unit_id, appraisal.year, appraisal.id) if appraisal.year else None
    if previous is None:
        previous = db.session.scalars(
            sa.select(Appraisal).where(Appraisal.unit_id == appraisal.unit_id, Appraisal.year < (appraisal.year or 0))
            .order_by(Appraisal.year.desc(), Appraisal.id.desc()).limit(1)).first()
    findings = list(appraisal.findings)
    if previous is None:
        for f in findings:
            f.repeat_of, f.repeat_reason = None, ""
        return 0
    old = db.session.scalars(sa.select(Finding).where(Finding.appraisal_id == previous.id)
                             .options(selectinload(Finding.criterion))).all()
    lost = _lost_codes(previous)
    repeated = 0
    for f in findings:
        code = f.criterion.code if f.criterion is not None else None
        by_criterion = code is not None and (code in lost or any(o.criterion and o.criterion.code == code for o in old))
        best = max(old, key=lambda o: similarity(f.text, o.text), default=None)
        by_text = best is not None and similarity(f.text, best.text) >= SIMILAR
        match = None
        if by_criterion:
            match = next((o for o in old if o.criterion is not None and o.criterion.code == code), None)
        if match is None and by_text:
            match = best
        f.repeat_of = match
        f.repeat_reason = "both" if by_criterion and by_text else "criterion" if by_criterion else \
            "text" if by_text else ""
        repeated += bool(f.repeat_reason)
    db.session.flush()
    return repeated


def count_repeats(appraisal_ids: list[int]) -> dict[int, int]:
    """How many findings of each appraisal repeat last year's."""
    if not appraisal_ids:
        return {}
    rows = db.session.execute(sa.select(Finding.appraisal_id, sa.func.count())
                              .where(Finding.appraisal_id.in_(appraisal_ids), Finding.repeat_reason != "")
                              .group_by(Finding.appraisal_id)).all()
    return dict(rows)
