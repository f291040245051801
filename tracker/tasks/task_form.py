"""The task form of the assigning side, shared by single-task create/edit and the appraisal's task plan."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..forms import BaseForm, CleanText, date_field, length, options, required, strip_filter
from ..models import Agency, AgencyKind, Criterion, Field, Framework, Priority, Role, Task, User
from ..services.appraisals import criteria


class TaskForm(BaseForm):
    title = TextAreaField(_l("Tên nhiệm vụ"), [required(_l("Vui lòng nhập tên nhiệm vụ.")), length(1000),
                                               CleanText()], filters=[strip_filter], render_kw={"rows": 2})
    description = TextAreaField(_l("Nội dung, yêu cầu"), [length(20000), CleanText()], filters=[strip_filter],
                                render_kw={"rows": 3})
    expected_output = TextAreaField(_l("Sản phẩm"), [length(1000), CleanText()], filters=[strip_filter],
                                    render_kw={"rows": 2},
                                    description=_l("Kết quả phải có khi hoàn thành, ví dụ “Quyết định phân công”."))
    # Agencies and owners are checked by the planning service, which names what is wrong (an agency
    # deactivated since the page was loaded, an owner of another agency) instead of "invalid choice".
    lead_agency_id = SelectField(_l("Cơ quan chủ trì"), coerce=int, validate_choice=False)
    supporting_ids = SelectMultipleField(_l("Cơ quan phối hợp"), coerce=int, validate_choice=False)
    owner_id = SelectField(_l("Người phụ trách"), coerce=int, validate_choice=False,
                           description=_l("Cán bộ của cơ quan chủ trì; để trống để cán bộ của cơ quan tự nhận."))
    start_date = date_field(_l("Ngày bắt đầu"), _l("Để trống: tính từ ngày giao."))
    due_date = date_field(_l("Thời hạn hoàn thành"), _l("Để trống nếu nhiệm vụ không có thời hạn."))
    priority = SelectField(_l("Độ khẩn"), choices=lambda: options(Priority))
    field_id = SelectField(_l("Lĩnh vực"), coerce=int)
    # Checked by the planning service (a criterion of the task's framework), not as a WTForms choice: the pages
    # leave it out where the framework has no criteria.
    criterion_id = SelectField(_l("Tiêu chí bị trừ điểm"), coerce=int, validate_choice=False,
                               description=_l("Tiêu chí (hoặc tiêu chí thành phần) mà nhiệm vụ nhằm khắc phục."))
    evidence_required = BooleanField(_l("Phải có minh chứng khi báo hoàn thành"), default=True)
    version = HiddenField()


class PlanTaskForm(TaskForm):
    """One draft of the task plan: a sub-form of the page's single form (the page carries the CSRF token)."""

    class Meta:
        csrf = False

    description = None
    evidence_required = None


class PlanChildForm(BaseForm):
    """One agency's share of a fanned-out task: only who and by when differ from the parent."""

    class Meta:
        csrf = False

    owner_id = SelectField(_l("Người phụ trách"), coerce=int, validate_choice=False)
    due_date = date_field(_l("Thời hạn"))
    version = HiddenField()


def kind_order():
    """The unit's own bodies first, communes last: the order people scan an agency list in."""
    ranks = {AgencyKind.PROVINCE: 0, AgencyKind.COMMITTEE: 1, AgencyKind.OFFICE: 2, AgencyKind.DEPARTMENT: 3,
             AgencyKind.PUBLIC_UNIT: 4, AgencyKind.COMMUNE: 5, AgencyKind.PROVINCIAL_DEPARTMENT: 6,
             AgencyKind.OTHER: 7}
    return sa.case(*[(Agency.kind == kind, rank) for kind, rank in ranks.items()], else_=9)


def helpers_from_outside():
    """Agencies outside a unit that may support its tasks: the province level and the departments (a department
    helping a commune), never another commune's offices."""
    department = sa.and_(Agency.unit_id == Agency.id, Agency.kind == AgencyKind.PROVINCIAL_DEPARTMENT)
    return sa.or_(Agency.unit_id.is_(None), department)


def agency_choices(blank: str | None = None, keep: tuple[int, ...] = (), *, unit_id: int | None = None,
                   supporting: bool = False) -> list[SelectChoice]:
    """Active agencies of ``unit_id`` (plus ``keep``, so an existing task still shows its own), by kind then name.

    A unit's tasks are led by its own agencies; ``supporting`` adds those that may help from outside it.
    """
    scope = sa.true()
    if unit_id is not None:
        scope = sa.or_(Agency.unit_id == unit_id, helpers_from_outside()) if supporting else Agency.unit_id == unit_id
    stmt = (sa.select(Agency.id, Agency.name).where(sa.or_(sa.and_(Agency.is_active, scope), Agency.id.in_(keep)))
            .order_by(Agency.unit_id != (unit_id or 0), kind_order(), Agency.name))
    rows = [(i, n) for i, n in db.session.execute(stmt)]
    return options(([(0, blank)] if blank is not None else []) + rows)


def owner_choices(keep: int | None = None, *, unit_id: int | None = None) -> list[SelectChoice]:
    """Active users of ``unit_id`` who can take up a task, grouped by agency; the page script hides other
    agencies' groups."""
    stmt = (sa.select(User).join(User.agency).options(sa.orm.contains_eager(User.agency))
            .where(sa.or_(sa.and_(User.active, User.role.in_([Role.OFFICER, Role.COORDINATOR]),
                                  Agency.unit_id == unit_id if unit_id is not None else sa.true()),
                          User.id == (keep or -1)))
            .order_by(Agency.name, User.full_name))
    choices = [SelectChoice(0, str(_l("— Để trống —")))]
    for user in db.session.scalars(stmt):
        choices.append(SelectChoice(user.id, user.display_name, {"data-agency": str(user.agency_id)},
                                    user.agency.short_name))
    return choices


def criterion_choices(framework: Framework | None) -> list[SelectChoice]:
    """The framework's criteria in tree order; an empty choice first."""
    return options([(0, str(_l("— Chưa xác định —")))] + criteria.choices(framework))


def _criterion(criterion_id: int | None) -> Criterion | None:
    return db.session.get(Criterion, criterion_id) if criterion_id else None


def field_choices(framework: Framework | None) -> list[SelectChoice]:
    rows = [(f.id, f"{f.code}. {f.name}") for f in framework.fields] if framework else []
    return options([(0, str(_l("— Chưa xác định —")))] + rows)


def setup_choices(form: TaskForm, task: Task | None, framework: Framework | None, unit_id: int | None) -> None:
    """Fill a task form's selects with the unit's agencies and people, keeping a task's current (maybe since
    deactivated) agencies visible."""
    keep = tuple(a.id for a in ([task.lead_agency, *task.supporting_agencies] if task else []) if a)
    form.lead_agency_id.choices = agency_choices(None if task and task.lead_agency else str(_l("— Chọn cơ quan —")),
                                                 keep, unit_id=unit_id)
    form.supporting_ids.choices = agency_choices(keep=keep, unit_id=unit_id, supporting=True)
    form.owner_id.choices = owner_choices(task.owner_id if task else None, unit_id=unit_id)
    form.field_id.choices = field_choices(framework)
    form.criterion_id.choices = criterion_choices(framework)


def load_task(form: TaskForm, task: Task) -> None:
    """Put a task's values into the form for a GET (only the fields the form has)."""
    values = {"title": task.title, "description": task.description, "expected_output": task.expected_output,
              "start_date": task.start_date, "due_date": task.due_date,
              "evidence_required": task.evidence_required, "lead_agency_id": task.lead_agency_id or 0,
              "supporting_ids": [a.id for a in task.supporting_agencies], "owner_id": task.owner_id or 0,
              "priority": task.priority.value, "field_id": task.field_id or 0,
              "criterion_id": task.criterion_id or 0, "version": str(task.version)}
    for name, value in values.items():
        if name in form:
            form[name].data = value


def task_fields(form: TaskForm) -> dict:
    """The service's keyword arguments from a validated form: only the fields the form has."""
    def agency(i):
        return db.session.get(Agency, i) if i else None

    readers = {
        "title": lambda: form.title.data,
        "description": lambda: form.description.data or "",
        "expected_output": lambda: form.expected_output.data or "",
        "lead_agency_id": lambda: ("lead_agency", agency(form.lead_agency_id.data)),
        "supporting_ids": lambda: ("supporting_agencies",
                                   [a for a in map(agency, form.supporting_ids.data or []) if a]),
        "owner_id": lambda: ("owner", db.session.get(User, form.owner_id.data) if form.owner_id.data else None),
        "start_date": lambda: form.start_date.data,
        "due_date": lambda: form.due_date.data,
        "priority": lambda: Priority(form.priority.data),
        "field_id": lambda: ("field", db.session.get(Field, form.field_id.data) if form.field_id.data else None),
        "criterion_id": lambda: ("criterion", _criterion(form.criterion_id.data)),
        "evidence_required": lambda: bool(form.evidence_required.data),
    }
    values = {}
    for name, read in readers.items():
        if name in form:
            value = read()
            key, value = value if name.endswith(("_id", "_ids")) else (name, value)
            values[key] = value
    return values


def version_of(form) -> int | None:
    try:
        return int(form.version.data) if form.version.data else None
    except ValueError:
        return -1  # a tampered version never matches, so the save is refused as stale
