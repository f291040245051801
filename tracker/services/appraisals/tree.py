"""The appraisal page's tree: shortcomings → recommendations → tasks, with a roll-up per shortcoming."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Appraisal, Finding, Recommendation, Task, TaskStatus
from .. import deadlines


@dataclass
class Rollup:
    """Counts over counted tasks (a group counts through its parts), as the reports count."""

    total: int = 0  # assigned and not cancelled
    done: int = 0
    overdue: int = 0
    drafts: int = 0

    def add(self, task: Task, today: date) -> None:
        if task.status == TaskStatus.DRAFT:
            self.drafts += 1
        elif task.status != TaskStatus.CANCELLED:
            self.total += 1
            if task.status == TaskStatus.DONE:
                self.done += 1
            elif (task.status in TaskStatus.open_statuses() and task.due_date is not None
                  and task.due_date < today):
                self.overdue += 1

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


@dataclass
class TaskNode:
    task: Task
    children: list[Task] = field(default_factory=list)


@dataclass
class RecNode:
    rec: Recommendation
    tasks: list[TaskNode] = field(default_factory=list)


@dataclass
class FindingNode:
    finding: Finding
    recs: list[RecNode] = field(default_factory=list)
    # Tasks answering the shortcoming directly, without a recommendation (the chairman's own).
    tasks: list[TaskNode] = field(default_factory=list)
    rollup: Rollup = field(default_factory=Rollup)


@dataclass
class Tree:
    findings: list[FindingNode]
    loose_recs: list[RecNode]  # recommendations that answer no recorded shortcoming
    loose_tasks: list[TaskNode]  # tasks of the appraisal tied to neither
    rollup: Rollup

    @property
    def empty(self) -> bool:
        return not (self.findings or self.loose_recs or self.loose_tasks)


def appraisal_tasks(appraisal: Appraisal) -> list[Task]:
    """Every task of the appraisal with what the tree shows preloaded."""
    stmt = (sa.select(Task).where(Task.appraisal_id == appraisal.id).order_by(Task.id)
            .options(selectinload(Task.lead_agency), selectinload(Task.findings), selectinload(Task.children),
                     selectinload(Task.owner)))
    return list(db.session.scalars(stmt))


def build_tree(appraisal: Appraisal, today: date | None = None) -> Tree:
    """Shortcomings in order, each with the recommendations answering it and their tasks."""
    today = today or deadlines.today()
    tasks = appraisal_tasks(appraisal)
    ids = {t.id for t in tasks}
    top = [t for t in tasks if t.parent_id is None or t.parent_id not in ids]
    nodes = {t.id: TaskNode(t, [c for c in t.children if c.appraisal_id == appraisal.id]) for t in top}
    leaves = [t for t in tasks if not t.is_group]

    def rec_node(rec: Recommendation) -> RecNode:
        return RecNode(rec, [nodes[t.id] for t in top if t.recommendation_id == rec.id])

    findings = []
    for finding in appraisal.findings:
        node = FindingNode(finding, [rec_node(r) for r in sorted(finding.recommendations, key=_pos)])
        node.tasks = [nodes[t.id] for t in top if t.recommendation_id is None and finding in t.findings]
        rec_ids = {r.id for r in finding.recommendations}
        for leaf in leaves:
            if finding in leaf.findings or leaf.recommendation_id in rec_ids:
                node.rollup.add(leaf, today)
        findings.append(node)
    loose_recs = [rec_node(r) for r in appraisal.recommendations if not r.findings]
    loose_tasks = [nodes[t.id] for t in top if t.recommendation_id is None and not t.findings]
    total = Rollup()
    for leaf in leaves:
        total.add(leaf, today)
    return Tree(findings, loose_recs, loose_tasks, total)


def _pos(rec: Recommendation) -> tuple[int, int]:
    return rec.position, rec.id
