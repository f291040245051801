"""The framework as a tree: field → criterion (tiêu chí) → sub-criterion (tiêu chí thành phần), with maximum points.

The admin edits it criterion by criterion, or imports it from the XLSX a province publishes (criteria_import.py).
The tree's rules, checked on every change: a code is unique in its framework; a sub-criterion's parent is a
criterion (two levels under a field, no more); what a criterion's sub-criteria may score together never exceeds
its own maximum, nor do a field's criteria exceed the field's; a maximum never drops below a score recorded.
A framework whose fields have no criteria works as before.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import Criterion, CriterionScore, Field, Finding, Framework, Recommendation, Task, User
from ...textutil import has_control_chars, nfc
from .. import audit
from ..errors import ServiceError
from ..organisation.accounts import name_problem
from .records import parse_points, points

MAX_NOTE = 5000


@dataclass
class Node:
    """One criterion of the tree with its sub-criteria (in order)."""

    criterion: Criterion
    children: list["Node"] = field(default_factory=list)


@dataclass
class FieldNode:
    field: Field
    criteria: list[Node] = field(default_factory=list)


def tree(framework: Framework) -> list[FieldNode]:
    """Fields in order, each with its criteria and their sub-criteria, in one query."""
    rows = db.session.scalars(sa.select(Criterion).where(Criterion.framework_id == framework.id)
                              .order_by(Criterion.position, Criterion.id)).all()
    by_parent: dict[int | None, list[Criterion]] = {}
    for c in rows:
        by_parent.setdefault(c.parent_id, []).append(c)
    result = []
    for f in framework.fields:
        top = [c for c in by_parent.get(None, []) if c.field_id == f.id]
        result.append(FieldNode(f, [Node(c, [Node(s) for s in by_parent.get(c.id, [])]) for c in top]))
    return result


def leaves(framework: Framework) -> list[Criterion]:
    """The criteria that are scored directly: sub-criteria, and criteria without sub-criteria, in tree order."""
    out = []
    for f in tree(framework):
        for node in f.criteria:
            out.extend([child.criterion for child in node.children] or [node.criterion])
    return out


def has_criteria(framework: Framework) -> bool:
    return bool(db.session.scalar(sa.select(sa.func.count()).select_from(Criterion)
                                  .where(Criterion.framework_id == framework.id)))


def _siblings_total(field_obj: Field, parent: Criterion | None, exclude: Criterion | None) -> Decimal:
    stmt = sa.select(sa.func.coalesce(sa.func.sum(Criterion.max_points), 0)).where(
        Criterion.field_id == field_obj.id,
        Criterion.parent_id == parent.id if parent is not None else Criterion.parent_id.is_(None))
    if exclude is not None and exclude.id is not None:
        stmt = stmt.where(Criterion.id != exclude.id)
    return Decimal(db.session.scalar(stmt))


def highest_score(criterion: Criterion) -> Decimal | None:
    row = db.session.execute(sa.select(sa.func.max(CriterionScore.score), sa.func.max(CriterionScore.self_score))
                             .where(CriterionScore.criterion_id == criterion.id)).one()
    present = [v for v in row if v is not None]
    return max(present) if present else None


def check_fits(field_obj: Field, parent: Criterion | None, maximum: Decimal, current: Criterion | None) -> None:
    """Refuse a maximum that would let children exceed their parent (criterion or field), or one that is lower
    than what its own children or recorded scores already need."""
    limit = parent.max_points if parent is not None else field_obj.max_points
    what = _("tiêu chí “%(c)s”", c=parent.code) if parent is not None else _("lĩnh vực “%(f)s”", f=field_obj.name)
    taken = _siblings_total(field_obj, parent, current)
    if taken + maximum > limit:
        raise ServiceError(_("Tổng điểm tối đa của các tiêu chí thuộc %(w)s sẽ là %(t)s, vượt quá %(m)s của %(w)s.",
                             w=what, t=points(taken + maximum), m=points(limit)), field="max_points")
    if current is not None and current.children:
        needed = sum((c.max_points for c in current.children), Decimal(0))
        if maximum < needed:
            raise ServiceError(_("Các tiêu chí thành phần của “%(c)s” có tổng điểm tối đa %(n)s; điểm tối đa của nó "
                                 "không thể thấp hơn.", c=current.code, n=points(needed)), field="max_points")
    if current is not None and (top := highest_score(current)) is not None and top > maximum:
        raise ServiceError(_("Đã có điểm %(s)s được ghi cho tiêu chí này; điểm tối đa không thể thấp hơn.",
                             s=points(top)), field="max_points")


def _check_texts(code: str, name: str, note: str) -> None:
    if problem := name_problem(code, _("mã tiêu chí"), 20):
        raise ServiceError(problem, field="code")
    if problem := name_problem(name, _("tên tiêu chí"), 1000):
        raise ServiceError(problem, field="name")
    if len(note) > MAX_NOTE or has_control_chars(note.replace("\n", "").replace("\r", "")):
        raise ServiceError(_("Ghi chú cách chấm dài quá %(n)d ký tự hoặc có ký tự không hợp lệ.", n=MAX_NOTE),
                           field="note")


def save_criterion(actor: User, field_obj: Field, criterion: Criterion | None, *, parent: Criterion | None,
                   code: str, name: str, max_points: str, note: str = "", position: int | None = None) -> Criterion:
    """Add or change a criterion of ``field_obj`` (a sub-criterion when ``parent`` is given)."""
    code, name, note = nfc((code or "").strip()), nfc((name or "").strip()), nfc((note or "").strip())
    _check_texts(code, name, note)
    if parent is not None and (parent.parent_id is not None or parent.field_id != field_obj.id):
        raise ServiceError(_("Tiêu chí thành phần chỉ thuộc một tiêu chí của cùng lĩnh vực (không quá hai cấp)."),
                           field="parent_id")
    if criterion is not None and criterion.children and parent is not None:
        raise ServiceError(_("Tiêu chí đã có tiêu chí thành phần nên không thể là tiêu chí thành phần."),
                           field="parent_id")
    maximum = parse_points(max_points, _("Điểm tối đa"), "max_points")
    if maximum is None or maximum <= 0:
        raise ServiceError(_("Điểm tối đa phải lớn hơn 0."), field="max_points")
    clash = db.session.scalars(sa.select(Criterion).where(
        Criterion.framework_id == field_obj.framework_id, Criterion.code == code,
        Criterion.id != (criterion.id if criterion is not None else -1))).first()
    if clash is not None:
        raise ServiceError(_("Bộ chỉ số đã có tiêu chí mã “%(c)s”.", c=code), field="code")
    check_fits(field_obj, parent, maximum, criterion)
    created = criterion is None
    if created:
        last = db.session.scalar(sa.select(sa.func.max(Criterion.position))
                                 .where(Criterion.framework_id == field_obj.framework_id)) or 0
        criterion = Criterion(framework_id=field_obj.framework_id, field=field_obj, position=last + 1)
        db.session.add(criterion)
    before = {} if created else {"code": criterion.code, "name": criterion.name,
                                 "max_points": str(criterion.max_points), "note": criterion.note,
                                 "parent": criterion.parent.code if criterion.parent else None}
    criterion.code, criterion.name, criterion.max_points, criterion.note = code, name, maximum, note
    criterion.parent = parent
    if position is not None:
        criterion.position = position
    db.session.flush()
    after = {"code": code, "name": name, "max_points": str(maximum), "note": note,
             "parent": parent.code if parent else None}
    if created or (changes := audit.diff(before, after)):
        audit.record("criterion_created" if created else "criterion_updated", "criterion", criterion.id,
                     after if created else changes, actor=actor)
    return criterion


def criterion_in_use(criterion: Criterion) -> bool:
    """Whether a score, a shortcoming, a recommendation or a task points at ``criterion``."""
    for model in (CriterionScore, Finding, Recommendation, Task):
        if db.session.scalar(sa.select(sa.func.count()).select_from(model)
                             .where(model.criterion_id == criterion.id)):
            return True
    return False


def delete_criterion(actor: User, criterion: Criterion) -> None:
    """Remove a criterion nothing refers to and that has no sub-criteria."""
    if criterion.children:
        raise ServiceError(_("Tiêu chí “%(c)s” còn tiêu chí thành phần; hãy xóa các tiêu chí thành phần trước.",
                             c=criterion.code))
    if criterion_in_use(criterion):
        raise ServiceError(_("Tiêu chí “%(c)s” đã có điểm, tồn tại hoặc nhiệm vụ gắn với nó nên không xóa được.",
                             c=criterion.code))
    audit.record("criterion_deleted", "criterion", criterion.id, {"code": criterion.code, "name": criterion.name},
                 actor=actor)
    db.session.delete(criterion)
    db.session.flush()


def copy_criteria(source: Framework, target: Framework) -> int:
    """Copy ``source``'s criteria under ``target``'s fields of the same codes (a framework copied for a new year)."""
    fields = {f.code: f for f in target.fields}
    made: dict[int, Criterion] = {}
    count = 0
    for f in tree(source):
        new_field = fields.get(f.field.code)
        if new_field is None:
            continue
        for node in f.criteria:
            for item, parent in [(node.criterion, None), *[(c.criterion, node.criterion) for c in node.children]]:
                copy = Criterion(framework_id=target.id, field=new_field, code=item.code, name=item.name,
                                 parent=made.get(parent.id) if parent else None, max_points=item.max_points,
                                 note=item.note, position=item.position)
                db.session.add(copy)
                made[item.id] = copy
                count += 1
    db.session.flush()
    return count


def by_code(framework: Framework) -> dict[str, Criterion]:
    return {c.code: c for c in db.session.scalars(sa.select(Criterion).where(Criterion.framework_id == framework.id))}


def choices(framework: Framework | None) -> list[tuple[int, str]]:
    """(id, "1.2.1. Name") of every criterion of ``framework``, in tree order (sub-criteria indented)."""
    if framework is None:
        return []
    out = []
    for f in tree(framework):
        for node in f.criteria:
            out.append((node.criterion.id, f"{node.criterion.code}. {node.criterion.name}"))
            out.extend((c.criterion.id, f"— {c.criterion.code}. {c.criterion.name}") for c in node.children)
    return out
