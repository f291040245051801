"""Points remediation aims at: lost on criteria, at stake in open tasks, covered by finished ones.

- A criterion's points lost = its maximum − its appraised points (a criterion with sub-criteria: their sum).
- A task points at one criterion (or sub-criterion) of its appraisal. The points it has at stake are the points
  lost on that criterion, shared equally among the tasks that address it on the day (counted tasks, not
  cancelled): cent by cent, the remainder to the earliest tasks, so the shares add up exactly.
- Where tasks aim at a criterion and at one of its sub-criteria too, the most specific wins: the criterion's share
  excludes what its targeted sub-criteria lost, so no point is counted twice.
- Per agency (the lead, as the reports count): points at stake in unfinished tasks (in time, overdue, without
  deadline, postponed) and points covered by finished ones. They add up, over a unit's agencies, to the unit's
  points lost on the criteria its tasks address.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Appraisal, Criterion, Framework, Task, TaskStatus
from ..appraisals import scoring
from . import as_of

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
INACTIVE = (TaskStatus.CANCELLED.value, TaskStatus.DRAFT.value)


@dataclass(frozen=True)
class Share:
    points: Decimal
    done: bool
    agency_id: int


def _effective_losses(appraisal: Appraisal, targeted: set[int]) -> dict[int, Decimal]:
    """Points lost per targeted criterion of ``appraisal``, a parent's without its targeted children's."""
    scored = scoring.scored(appraisal)
    losses = {}
    for cid in targeted:
        s = scored.get(cid)
        if s is None or s.lost is None:
            losses[cid] = ZERO
            continue
        lost = s.lost
        for child in s.criterion.children:
            if child.id in targeted and (cs := scored.get(child.id)) is not None and cs.lost is not None:
                lost -= cs.lost
        losses[cid] = max(lost, ZERO)
    return losses


def split(total: Decimal, task_ids: list[int]) -> dict[int, Decimal]:
    """``total`` shared cent by cent among ``task_ids`` (the earliest take the remainder)."""
    if not task_ids:
        return {}
    ordered = sorted(task_ids)
    base = (total / len(ordered)).quantize(CENT, rounding=ROUND_FLOOR)
    left = int(((total - base * len(ordered)) / CENT).to_integral_value())
    return {tid: base + (CENT if i < left else ZERO) for i, tid in enumerate(ordered)}


def shares(day, conditions=()) -> dict[int, Share]:
    """Each task aiming at a criterion, on ``day``: its share of the points at stake, and whether it is done.

    ``conditions`` narrow the tasks whose shares are returned, not those the points are shared among (a report
    of one agency must not give its tasks a bigger share than they have).
    """
    state = as_of.task_state(day, [Task.criterion_id.is_not(None), Task.appraisal_id.is_not(None)])
    rows = db.session.execute(
        sa.select(state.c.task_id, state.c.status, state.c.agency_id, Task.appraisal_id, Task.criterion_id)
        .join(Task, Task.id == state.c.task_id)).all()
    if not rows:
        return {}
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    info = {}
    for task_id, status, agency_id, appraisal_id, criterion_id in rows:
        if status is None or status in INACTIVE:
            continue
        groups[(appraisal_id, criterion_id)].append(task_id)
        info[task_id] = (status == TaskStatus.DONE.value, agency_id)
    appraisals = db.session.scalars(
        sa.select(Appraisal).where(Appraisal.id.in_({a for a, _c in groups}))
        .options(selectinload(Appraisal.criterion_scores),
                 selectinload(Appraisal.framework).selectinload(Framework.fields))).all()
    targeted: dict[int, set[int]] = defaultdict(set)
    for appraisal_id, criterion_id in groups:
        targeted[appraisal_id].add(criterion_id)
    result: dict[int, Share] = {}
    wanted = _narrowed(conditions) if conditions else None
    for appraisal in appraisals:
        losses = _effective_losses(appraisal, targeted[appraisal.id])
        for criterion_id, lost in losses.items():
            for task_id, points in split(lost, groups[(appraisal.id, criterion_id)]).items():
                if wanted is None or task_id in wanted:
                    done, agency_id = info[task_id]
                    result[task_id] = Share(points, done, agency_id)
    return result


def _narrowed(conditions) -> set[int]:
    return set(db.session.scalars(sa.select(Task.id).where(Task.criterion_id.is_not(None), *conditions)))


@dataclass
class AgencyPoints:
    at_stake: Decimal = ZERO
    covered: Decimal = ZERO


def per_agency(day, conditions=()) -> dict[int, AgencyPoints]:
    """Points at stake and covered per lead agency, on ``day``, over the tasks meeting ``conditions``."""
    result: dict[int, AgencyPoints] = defaultdict(AgencyPoints)
    for share in shares(day, conditions).values():
        row = result[share.agency_id]
        if share.done:
            row.covered += share.points
        else:
            row.at_stake += share.points
    return dict(result)


@dataclass
class Gain:
    """What an appraisal's tasks can win back: covered by finished ones, at stake in the others."""

    covered: Decimal = ZERO
    at_stake: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.covered + self.at_stake


def gain(appraisal: Appraisal, day) -> Gain:
    """The points lost on the criteria ``appraisal``'s tasks address ("điểm có thể đạt nếu khắc phục xong")."""
    result = Gain()
    for share in shares(day, [Task.appraisal_id == appraisal.id]).values():
        if share.done:
            result.covered += share.points
        else:
            result.at_stake += share.points
    return result


def criterion_of(task: Task) -> Criterion | None:
    """The criterion a task aims at: its own, else its recommendation's, else its first shortcoming's."""
    if task.criterion is not None:
        return task.criterion
    if task.recommendation is not None and task.recommendation.criterion is not None:
        return task.recommendation.criterion
    return next((f.criterion for f in task.findings if f.criterion is not None), None)
