"""Planning tasks on the assigning side: drafts, edits, fan-out to many agencies, and assignment.

A draft is invisible to officers and may change freely. Once assigned, the deadline
and the lead agency move only through ``workflow.change_deadline`` / ``workflow.reassign``
(so the original deadline stays on record), and the status only through the workflow.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...extensions import db
from ...models import Agency, NotificationKind, Priority, ProgressUpdate, Task, TaskStatus, User, utcnow
from ...permissions import may_support
from ...textutil import has_control_chars, nfc
from .. import audit, deadlines
from ..errors import ServiceError, check_version
from ..notifications import outbox
from ..organisation.accounts import name_problem

# What the assigning side may still change on an assigned task through the edit form.
EDITABLE_WHEN_ASSIGNED = frozenset({"title", "description", "expected_output", "priority", "owner",
                                    "supporting_agencies", "field", "criterion", "evidence_required"})
DRAFT_FIELDS = EDITABLE_WHEN_ASSIGNED | {"lead_agency", "start_date", "due_date"}
# Links to the appraisal are set when a task is created and never edited afterwards.
CREATE_FIELDS = DRAFT_FIELDS | {"appraisal", "recommendation", "findings", "parent", "unit"}
MAX_TITLE = 1000
FIELD_LABELS = {"start_date": _l("ngày bắt đầu"), "appraisal": _l("đợt thẩm định"),
                "recommendation": _l("đề nghị"), "findings": _l("tồn tại"), "parent": _l("nhiệm vụ cha")}
MAX_DESCRIPTION = 20_000


class TaskError(ServiceError):
    """A refusal about one task of a batch (the plan page shows it beside that task)."""

    def __init__(self, message: str, field: str | None = None, task: Task | None = None):
        super().__init__(message, field)
        self.task = task


def _clean(fields: dict) -> dict:
    for key in ("title", "description", "expected_output"):
        if key in fields:
            fields[key] = nfc((fields[key] or "").strip())
    if "supporting_agencies" in fields:
        fields["supporting_agencies"] = list(dict.fromkeys(fields["supporting_agencies"] or ()))
    return fields


def _check_texts(task: Task) -> None:
    problem = name_problem(task.title, _("tên nhiệm vụ"), MAX_TITLE)
    if problem:
        raise TaskError(problem, "title", task)
    for value, limit, name, label in ((task.description, MAX_DESCRIPTION, "description", _("Nội dung")),
                                      (task.expected_output, MAX_TITLE, "expected_output", _("Sản phẩm"))):
        if len(value or "") > limit:
            raise TaskError(_("%(l)s dài quá %(n)d ký tự.", l=label, n=limit), name, task)
        if has_control_chars((value or "").replace("\r", "").replace("\n", "")):
            raise TaskError(_("%(l)s chứa ký tự điều khiển không hợp lệ.", l=label), name, task)


def _check_agencies(task: Task, new_agencies: set[int], *, lead_required: bool = False) -> None:
    """Lead present (once the task is assigned) and active, never also supporting; the owner works in the lead.

    A draft may wait for its lead to be chosen; a group has none (its parts lead).
    """
    lead = task.lead_agency
    if lead is None:
        if lead_required and not task.is_group:
            raise TaskError(_("Nhiệm vụ “%(t)s” chưa có cơ quan chủ trì: vui lòng chọn cơ quan chủ trì hoặc chia "
                              "cho các đơn vị.", t=_short(task.title)), "lead_agency_id", task)
        if task.owner is not None:
            raise TaskError(_("Vui lòng chọn cơ quan chủ trì trước khi chọn người phụ trách."), "lead_agency_id", task)
    for agency in [*([lead] if lead else []), *task.supporting_agencies]:
        if agency.id in new_agencies and not agency.is_active:
            raise TaskError(_("Cơ quan “%(a)s” đã ngừng hoạt động, không giao việc mới được.", a=agency.name),
                            "lead_agency_id" if agency is lead else "supporting_ids", task)
    # A task being built has its unit object but not yet its key (set when it is flushed).
    unit_id = task.unit_id if task.unit_id is not None else (task.unit.id if task.unit is not None else None)
    for agency in task.supporting_agencies:
        if agency.id in new_agencies and not may_support(agency, unit_id):
            raise TaskError(_("“%(a)s” thuộc một đơn vị khác, không phối hợp được: chỉ cơ quan của đơn vị, cơ quan "
                              "cấp tỉnh và các sở, ban, ngành phối hợp được.", a=agency.name), "supporting_ids", task)
    if lead is None:
        return
    if unit_id is not None and lead.unit_id != unit_id:
        # A unit assigns to its own offices; another unit's agency may only support (a department helping).
        raise TaskError(_("“%(a)s” không thuộc %(u)s: chỉ giao chủ trì cho cơ quan của đơn vị; cơ quan của đơn "
                          "vị khác có thể là cơ quan phối hợp.", a=lead.name, u=task.unit.name if task.unit else ""),
                        "lead_agency_id", task)
    if any(a.id == lead.id for a in task.supporting_agencies):
        raise TaskError(_("“%(a)s” đã là cơ quan chủ trì, không đồng thời là cơ quan phối hợp.", a=lead.name),
                        "supporting_ids", task)
    owner = task.owner
    if owner is not None and (owner.agency_id != lead.id or not owner.active):
        raise TaskError(_("Người phụ trách “%(u)s” không phải cán bộ đang làm việc tại %(a)s.",
                          u=owner.display_name, a=lead.name), "owner_id", task)


def _short(title: str) -> str:
    return title if len(title) <= 80 else title[:79] + "…"


def _check_dates(task: Task, due_is_new: bool) -> None:
    """A new deadline is not in the past, and never before the start date."""
    if task.due_date and task.start_date and task.due_date < task.start_date:
        raise TaskError(_("Thời hạn (%(d)s) không được trước ngày bắt đầu (%(s)s).", d=_day(task.due_date),
                          s=_day(task.start_date)), "due_date", task)
    if due_is_new and task.due_date and task.due_date < deadlines.today():
        raise TaskError(_("Thời hạn %(d)s đã qua; vui lòng chọn từ hôm nay trở đi.", d=_day(task.due_date)),
                        "due_date", task)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _snapshot(task: Task) -> dict:
    """What people read in the history: names of agencies, people and fields as they were then."""
    return {"title": task.title, "description": task.description, "expected_output": task.expected_output,
            "priority": task.priority, "lead_agency": task.lead_agency.name if task.lead_agency else None,
            "supporting_agencies": sorted(a.name for a in task.supporting_agencies),
            "owner": task.owner.display_name if task.owner else None, "start_date": task.start_date,
            "due_date": task.due_date, "field": task.field.name if task.field else None,
            "criterion": f"{task.criterion.code}. {task.criterion.name}" if task.criterion else None,
            "evidence_required": task.evidence_required}


def _unit_of_new_task(actor: User, fields: dict) -> Agency:
    """A task belongs to the unit of its appraisal (or group), else of the person who creates it; a recurring
    task's occurrence to its series' unit (``unit``), whoever made the series and wherever they work now."""
    if fields.get("unit") is not None:
        return fields["unit"]
    if fields.get("parent") is not None:
        return fields["parent"].unit
    appraisal = fields.get("appraisal")
    if appraisal is not None and appraisal.unit is not None:
        return appraisal.unit.unit or appraisal.unit
    unit = actor.agency.unit if actor.agency is not None else None
    if unit is None and fields.get("lead_agency") is not None:
        unit = fields["lead_agency"].unit
    if unit is None:
        raise TaskError(_("Không xác định được đơn vị của nhiệm vụ: tài khoản của bạn chưa thuộc đơn vị nào."))
    return unit


def create_task(actor: User, **fields) -> Task:
    """A new draft task; nobody outside the assigning side sees it until it is assigned."""
    task = build_task(actor, **fields)
    db.session.add(task)
    db.session.flush()
    record_created(task, actor)
    return task


def record_created(task: Task, actor: User) -> None:
    """The audit event of a new task (once it has its id)."""
    group = {"group": task.parent.title} if task.parent else {}
    audit.record("task_created", "task", task.id, _snapshot(task) | group, actor=actor)


def build_task(actor: User, **fields) -> Task:
    """A new draft task, checked but not yet added: a batch (the plan from Excel) adds many, then flushes once."""
    unknown = set(fields) - CREATE_FIELDS
    if unknown:
        raise ServiceError(_("Không được đặt các trường: %(f)s.", f=", ".join(sorted(unknown))))
    fields = _clean(fields)
    values = {"title": "", "priority": Priority.NORMAL} | {
        k: v for k, v in fields.items() if k not in ("supporting_agencies", "findings", "unit")}
    task = Task(status=TaskStatus.DRAFT, created_by=actor, unit=_unit_of_new_task(actor, fields), **values)
    task.supporting_agencies = list(fields.get("supporting_agencies") or ())
    task.findings = list(fields.get("findings") or ())
    with db.session.no_autoflush:  # a half-built task must not reach the database before it is checked
        _check_texts(task)
        _check_agencies(task, {a.id for a in [task.lead_agency, *task.supporting_agencies] if a is not None})
        _check_dates(task, due_is_new=True)
    return task


def update_task(task: Task, actor: User, *, expected_version: int | None, **fields) -> None:
    """Change a task from the assigning side; an assigned task keeps its deadline, lead agency and status."""
    check_version(task, expected_version)
    if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise TaskError(_("Nhiệm vụ đã ở trạng thái “%(s)s”, không sửa được.", s=task.status.label), None, task)
    fields = _clean(fields)
    allowed = DRAFT_FIELDS if task.status == TaskStatus.DRAFT else EDITABLE_WHEN_ASSIGNED
    if task.is_group:
        # A group has no lead or owner of its own: its parts do.
        for key in ("lead_agency", "owner"):
            if fields.get(key) is not None:
                raise TaskError(_("Nhiệm vụ chung không có cơ quan chủ trì, người phụ trách riêng: mỗi đơn vị chủ "
                                  "trì phần việc của mình."), "lead_agency_id" if key == "lead_agency" else "owner_id",
                                task)
            fields.pop(key, None)
    for key, value in fields.items():
        if key in allowed:
            continue
        current = getattr(task, key, None)
        if key == "due_date" and value != current:
            raise TaskError(_("Nhiệm vụ đã giao chỉ đổi thời hạn qua chức năng gia hạn, để giữ hạn ban đầu."),
                            "due_date", task)
        if key == "lead_agency" and value != current:
            raise TaskError(_("Nhiệm vụ đã giao chỉ đổi cơ quan chủ trì qua chức năng giao lại."),
                            "lead_agency_id", task)
        if value != current:
            if key == "status":
                raise TaskError(_("Trạng thái nhiệm vụ chỉ thay đổi qua các thao tác báo cáo, duyệt, tạm hoãn, hủy."),
                                None, task)
            raise TaskError(_("Nhiệm vụ đã giao không sửa được “%(f)s” ở đây.", f=FIELD_LABELS.get(key, key)),
                            None, task)
    before = _snapshot(task)
    old_agencies = {a.id for a in [task.lead_agency, *task.supporting_agencies] if a}
    old_due = task.due_date
    for key, value in fields.items():
        if key in allowed:
            setattr(task, key, value)
    if task.is_group:
        _pass_on_to_draft_parts(task, fields)
    new_agencies = {a.id for a in [task.lead_agency, *task.supporting_agencies] if a} - old_agencies
    _check_texts(task)
    _check_agencies(task, new_agencies)
    _check_dates(task, due_is_new=task.due_date != old_due)
    changes = audit.diff(before, _snapshot(task))
    if changes:
        db.session.flush()
        audit.record("task_updated", "task", task.id, changes, actor=actor)


# What a group's draft parts take from it when it changes (the rest is set on each part).
PASSED_ON = ("expected_output", "priority", "field", "criterion", "evidence_required", "description")


def _pass_on_to_draft_parts(group: Task, fields: dict) -> None:
    """Draft parts follow their group's output, priority, field and supporting agencies."""
    for part in group.children:
        if part.status != TaskStatus.DRAFT:
            continue
        # Only real changes: each one moves the part's version, and the same page also saves the part.
        for key in PASSED_ON:
            if key in fields and getattr(part, key) != fields[key]:
                setattr(part, key, fields[key])
        if "supporting_agencies" in fields:
            helpers = [a for a in group.supporting_agencies if a.id != part.lead_agency_id]
            if {a.id for a in helpers} != {a.id for a in part.supporting_agencies}:
                part.supporting_agencies = helpers


def fan_out(task: Task, agencies: list[Agency], actor: User) -> list[Task]:
    """Make ``task`` a group of parts, one draft per agency (skipping agencies that already have one).

    Each part is a task of its own, led and counted by its agency; the group is counted nowhere and takes
    its status and progress from its parts. Its lead agency, if one was chosen, supports every part, and
    so do its supporting agencies. A task already assigned to one lead cannot become a group: it was counted
    as that agency's task, and the reports of past days must keep saying so.
    """
    if task.parent_id is not None:
        raise TaskError(_("Nhiệm vụ của một đơn vị trong nhiệm vụ chung không chia tiếp được."), None, task)
    if not task.is_group and task.status != TaskStatus.DRAFT:
        raise TaskError(_("Nhiệm vụ đã giao cho một cơ quan chủ trì, không chia cho nhiều đơn vị được nữa. Có thể "
                          "giao lại, hoặc hủy và lập nhiệm vụ mới."), "fanout", task)
    if task.status not in (TaskStatus.DRAFT, *TaskStatus.open_statuses()):
        raise TaskError(_("Nhiệm vụ đang “%(s)s”, không chia thêm được.", s=task.status.label), None, task)
    if not agencies:
        raise TaskError(_("Vui lòng chọn ít nhất một cơ quan, đơn vị để chia nhiệm vụ."), "fanout", task)
    taken = {c.lead_agency_id for c in task.children if c.status != TaskStatus.CANCELLED}
    fresh = [a for a in dict.fromkeys(agencies) if a.id not in taken]
    if not fresh:
        raise TaskError(_("Các đơn vị đã chọn đều đã có nhiệm vụ."), "fanout", task)
    if not task.is_group:
        helpers = [*([task.lead_agency] if task.lead_agency else []), *task.supporting_agencies]
        task.is_group, task.lead_agency, task.owner = True, None, None
        task.supporting_agencies = list(dict.fromkeys(helpers))
    children = []
    for agency in fresh:
        suffix = f" — {agency.name}"
        children.append(create_task(
            actor, title=task.title[:MAX_TITLE - len(suffix)] + suffix, description=task.description,
            expected_output=task.expected_output, priority=task.priority, lead_agency=agency,
            supporting_agencies=[a for a in task.supporting_agencies if a.id != agency.id],
            start_date=task.start_date, due_date=task.due_date, field=task.field, criterion=task.criterion,
            appraisal=task.appraisal,
            recommendation=task.recommendation, findings=list(task.findings), parent=task,
            evidence_required=task.evidence_required))
    audit.record("task_fanned_out", "task", task.id, {"agencies": [a.name for a in fresh]}, actor=actor)
    return children


def assign_tasks(tasks: list[Task], actor: User, *, deadline_may_have_passed: bool = False) -> list[Task]:
    """Assign drafts all at once, or none: each is checked before any changes.

    A group goes with its draft parts, and a part with its draft group: the group is assigned when its
    parts are, and follows them from then on. Returns the tasks that count (groups left out).
    """
    tasks = list(dict.fromkeys(tasks))
    for task in tasks:
        if task.status != TaskStatus.DRAFT:
            raise TaskError(_("Nhiệm vụ “%(t)s” đã được giao trước đó.", t=task.title[:80]), None, task)
    for task in list(tasks):
        related = task.children if task.is_group else ([task.parent] if task.parent else [])
        tasks += [t for t in related if t.status == TaskStatus.DRAFT and t not in tasks]
    for task in tasks:
        _check_texts(task)
        _check_agencies(task, {a.id for a in [task.lead_agency, *task.supporting_agencies] if a}, lead_required=True)
        # A recurring task's occurrence keeps its period's deadline even when created late in the period.
        _check_dates(task, due_is_new=not deadline_may_have_passed)
    now, today = utcnow(), deadlines.today()
    for task in tasks:
        task.status = TaskStatus.NOT_STARTED
        task.assigned_at, task.assigned_by = now, actor
        task.start_date = task.start_date or today
        task.original_due_date = task.due_date
        # Agencies merge and rename; history keeps the name the task was given under.
        task.lead_agency_name = task.lead_agency.name if task.lead_agency else ""
        db.session.add(ProgressUpdate(task=task, author=actor, agency=actor.agency, created_at=now,
                                      status_from=TaskStatus.DRAFT, status_to=TaskStatus.NOT_STARTED, note=""))
    db.session.flush()
    for task in tasks:
        audit.record("task_assigned", "task", task.id, {
            "lead_agency": task.lead_agency.name if task.lead_agency else None,
            "owner": task.owner.display_name if task.owner else None,
            "supporting_agencies": [a.name for a in task.supporting_agencies], "due_date": task.due_date},
            actor=actor)
        if not task.is_group:
            outbox.emit(NotificationKind.ASSIGNED, task, actor=actor, data={"due_date": task.due_date})
    return [t for t in tasks if not t.is_group]


def discard_draft(task: Task, actor: User) -> None:
    """Drop a draft that was never assigned, with its draft parts; assigned tasks are cancelled instead.

    A draft group left with no part is a task again, waiting for its lead agency to be chosen.
    """
    drafts = [task, *task.children]
    if any(t.status != TaskStatus.DRAFT for t in drafts):
        raise TaskError(_("Chỉ bỏ được nhiệm vụ dự thảo chưa giao; nhiệm vụ đã giao thì dùng chức năng hủy."),
                        None, task)
    group = task.parent
    audit.record("task_discarded", "task", task.id, _snapshot(task) | {
        "children": [c.lead_agency.name for c in task.children if c.lead_agency]}, actor=actor)
    for t in reversed(drafts):
        db.session.delete(t)
    db.session.flush()
    if group is not None and group.status == TaskStatus.DRAFT:
        db.session.refresh(group, ["children"])
        if not group.children:
            group.is_group = False
