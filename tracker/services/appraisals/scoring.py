"""Scores per criterion (self-assessed and appraised), rolled up to criteria, fields and the appraisal's total.

Only leaves are typed (sub-criteria, and criteria without sub-criteria); a criterion with sub-criteria scores
their sum, a field with criteria the sum of its criteria, the total the sum of the fields. A score above its
maximum, or children summing above their parent's maximum, is refused with the row named. Fields without
criteria keep the score typed on the appraisal form.
"""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from ...extensions import db
from ...models import Appraisal, Criterion, CriterionScore, FieldScore, User
from .. import audit
from ..errors import ServiceError
from . import criteria
from .records import parse_pair, points


@dataclass
class Scored:
    """A criterion's maximum and its points: typed for a leaf, summed for a criterion with sub-criteria."""

    criterion: Criterion
    self_score: Decimal | None
    score: Decimal | None

    @property
    def lost(self) -> Decimal | None:
        return None if self.score is None else self.criterion.max_points - self.score


def _sum(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def parse(appraisal: Appraisal, raw: dict[int, tuple[str, str]]) -> dict[int, tuple]:
    """Each leaf's (self, appraised) points from the typed text, refused when out of 0..max."""
    parsed = {}
    for leaf in criteria.leaves(appraisal.framework):
        parsed[leaf.id] = parse_pair(raw.get(leaf.id, ("", "")), (f"cself-{leaf.id}", f"cscore-{leaf.id}"),
                                     leaf.max_points,
                                     lambda kind, leaf=leaf: _("%(kind)s tiêu chí %(code)s", kind=kind, code=leaf.code))
    return parsed


def roll_up(appraisal: Appraisal, leaf_scores: dict[int, tuple]) -> tuple[dict[int, Scored], dict[int, tuple]]:
    """Every criterion's scores and every field-with-criteria's (self, appraised), checked against maxima."""
    scored: dict[int, Scored] = {}
    fields: dict[int, tuple] = {}
    for f in criteria.tree(appraisal.framework):
        if not f.criteria:
            continue
        tops = []
        for node in f.criteria:
            c = node.criterion
            if node.children:
                kids = [leaf_scores.get(k.criterion.id, (None, None)) for k in node.children]
                for k in node.children:
                    s = leaf_scores.get(k.criterion.id, (None, None))
                    scored[k.criterion.id] = Scored(k.criterion, *s)
                value = (_sum(s for s, _a in kids), _sum(a for _s, a in kids))
                for total in value:
                    if total is not None and total > c.max_points:
                        raise ServiceError(_("Tổng điểm các tiêu chí thành phần của %(c)s là %(t)s, vượt quá điểm "
                                             "tối đa %(m)s của tiêu chí.", c=c.code, t=points(total),
                                             m=points(c.max_points)), field=f"cscore-{node.children[0].criterion.id}")
            else:
                value = leaf_scores.get(c.id, (None, None))
            scored[c.id] = Scored(c, *value)
            tops.append(value)
        field_value = (_sum(s for s, _a in tops), _sum(a for _s, a in tops))
        for total in field_value:
            if total is not None and total > f.field.max_points:
                raise ServiceError(_("Tổng điểm các tiêu chí của lĩnh vực “%(f)s” là %(t)s, vượt quá điểm tối đa "
                                     "%(m)s.", f=f.field.name, t=points(total), m=points(f.field.max_points)))
        fields[f.field.id] = field_value
    return scored, fields


def save_scores(actor: User, appraisal: Appraisal, raw: dict[int, tuple[str, str]]) -> None:
    """Store the leaves' scores, and the fields' and the appraisal's totals they add up to."""
    leaf_scores = parse(appraisal, raw)
    _scored, fields = roll_up(appraisal, leaf_scores)
    existing = {s.criterion_id: s for s in appraisal.criterion_scores}
    before = {k: [str(v) if v is not None else None for v in (s.self_score, s.score)] for k, s in existing.items()}
    for leaf_id, (self_score, score) in leaf_scores.items():
        row = existing.get(leaf_id)
        if self_score is None and score is None:
            if row is not None:
                appraisal.criterion_scores.remove(row)
            continue
        if row is None:
            row = CriterionScore(criterion_id=leaf_id)
            appraisal.criterion_scores.append(row)
        row.self_score, row.score = self_score, score
    by_field = {s.field_id: s for s in appraisal.scores}
    for field_id, (self_score, score) in fields.items():
        row = by_field.get(field_id)
        if row is None:
            row = FieldScore(field_id=field_id)
            appraisal.scores.append(row)
        row.self_score, row.score = self_score, score
    appraisal.self_total = _sum(s.self_score for s in appraisal.scores)
    appraisal.total_score = _sum(s.score for s in appraisal.scores)
    db.session.flush()
    after = {k: [str(v) if v is not None else None for v in values] for k, values in leaf_scores.items()
             if any(v is not None for v in values)}
    changes = audit.diff(before, after)
    if changes:
        audit.record("criterion_scores_saved", "appraisal", appraisal.id,
                     {"criteria": len(changes), "total": str(appraisal.total_score)}, actor=actor)


def scored(appraisal: Appraisal) -> dict[int, Scored]:
    """Every criterion of the appraisal's framework with its stored (or summed) scores."""
    stored = {s.criterion_id: (s.self_score, s.score) for s in appraisal.criterion_scores}
    result, _fields = roll_up_unchecked(appraisal, stored)
    return result


def roll_up_unchecked(appraisal: Appraisal, leaf_scores: dict[int, tuple]):
    """``roll_up`` for reading what is stored (a framework edited since may no longer fit; still show it)."""
    try:
        return roll_up(appraisal, leaf_scores)
    except ServiceError:
        result = {}
        for leaf in criteria.leaves(appraisal.framework):
            result[leaf.id] = Scored(leaf, *leaf_scores.get(leaf.id, (None, None)))
        return result, {}


def raw_of(appraisal: Appraisal) -> dict[int, tuple[str, str]]:
    """What the criterion score inputs show for a saved appraisal: "12,50" or empty."""
    return {s.criterion_id: (points(s.self_score), points(s.score)) for s in appraisal.criterion_scores}
