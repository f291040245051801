"""The task plan: draft tasks of an appraisal edited on one page, fanned out to agencies, assigned at once."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import unconfirmed
from ..extensions import db
from ..models import Agency, AgencyKind, Appraisal, FanoutTarget, Task, TaskStatus, User
from ..permissions import AppraisalAction, appraisal_unit, assigner_required, get_appraisal_or_404
from ..services.appraisals import tree as appraisal_tree
from ..services.conclusions import importing as conclusion_import
from ..services.errors import ServiceError, StaleVersion
from ..services.tasks import planning
from ..tasks.task_form import (
    PlanChildForm,
    PlanTaskForm,
    agency_choices,
    criterion_choices,
    field_choices,
    load_task,
    owner_choices,
    task_fields,
    version_of,
)
from . import bp
from .forms import CsrfForm


class Plan:
    """The page's tasks and one sub-form per draft, filled from the database or from what was posted."""

    def __init__(self, appraisal: Appraisal, posted: bool):
        self.appraisal = appraisal
        tasks = appraisal_tree.appraisal_tasks(appraisal)
        ids = {t.id for t in tasks}
        self.top = [t for t in tasks if t.parent_id is None or t.parent_id not in ids]
        self.drafts = [t for t in tasks if t.status == TaskStatus.DRAFT]
        # What "assign" hands out: the parts of a group, never the group itself (it is counted nowhere).
        self.to_assign = [t for t in self.drafts if not t.is_group]
        unit_id = appraisal_unit(appraisal)
        choices = {"lead_agency_id": agency_choices(str(_("— chọn cơ quan chủ trì —")), unit_id=unit_id),
                   "supporting_ids": agency_choices(unit_id=unit_id, supporting=True),
                   "owner_id": owner_choices(unit_id=unit_id), "field_id": field_choices(appraisal.framework),
                   "criterion_id": criterion_choices(appraisal.framework)}
        self.with_criteria = len(choices["criterion_id"]) > 1
        self.forms: dict[int, PlanTaskForm | PlanChildForm] = {}
        for task in self.drafts:
            child = task.parent_id in ids
            form_class = PlanChildForm if child else PlanTaskForm
            form = form_class(formdata=request.form if posted else None, prefix=f"t{task.id}")
            for name, values in choices.items():
                if name in form:
                    form[name].choices = values
            if not posted:
                if child:
                    form.owner_id.data, form.due_date.data = task.owner_id or 0, task.due_date
                    form.version.data = str(task.version)
                else:
                    load_task(form, task)
            self.forms[task.id] = form
        # A unit fans out to its own agencies (a district to its communes, a commune to its offices).
        self.communes = db.session.scalars(sa.select(Agency).where(Agency.is_active, Agency.kind == AgencyKind.COMMUNE,
                                                                   Agency.unit_id == unit_id, Agency.id != unit_id)
                                           .order_by(Agency.name)).all()
        self.others = db.session.scalars(sa.select(Agency).where(Agency.is_active, Agency.kind != AgencyKind.COMMUNE,
                                                                 Agency.unit_id == unit_id, Agency.id != unit_id)
                                         .order_by(Agency.kind, Agency.name)).all()
        self.unanswered = [r for r in appraisal.recommendations if not any(t.recommendation_id == r.id for t in tasks)]

    def suggested(self, task: Task) -> set[int]:
        """The agencies a recommendation addressed all at once ("UBND các xã, thị trấn"): ticked in advance."""
        rec = task.recommendation
        if rec is None or rec.suggested_fanout is None or task.children:
            return set()
        communes = rec.suggested_fanout in (FanoutTarget.COMMUNES, FanoutTarget.BOTH)
        departments = rec.suggested_fanout in (FanoutTarget.DEPARTMENTS, FanoutTarget.BOTH)
        return {a.id for a in [*self.communes, *self.others] if (a.kind == AgencyKind.COMMUNE and communes) or
                (a.kind in (AgencyKind.DEPARTMENT, AgencyKind.OFFICE) and departments)}

    def validate(self) -> bool:
        return all([form.validate() for form in self.forms.values()])

    def save(self) -> None:
        """Every draft's edits through the planning service (which checks each).

        Parts first: a group passes some of its values on to its draft parts, which would otherwise look
        changed by someone else when their own row of the page is saved after it.
        """
        for task in sorted(self.drafts, key=lambda t: t.parent_id is None):
            form = self.forms[task.id]
            values = task_fields(form) if isinstance(form, PlanTaskForm) else {
                "owner": db.session.get(User, form.owner_id.data) if form.owner_id.data else None,
                "due_date": form.due_date.data}
            if task.is_group:
                # The page shows no lead or owner for a group: its parts have them.
                values.pop("lead_agency", None)
                values.pop("owner", None)
            planning.update_task(task, current_user, expected_version=version_of(form), **values)

    def attach(self, error: ServiceError) -> None:
        """Show a refusal beside the task and field it concerns."""
        task = getattr(error, "task", None)
        form = self.forms.get(task.id) if task is not None else None
        name = {"supporting_agencies": "supporting_ids"}.get(error.field, error.field)
        if form is not None and name in form:
            form[name].errors = [*form[name].errors, str(error)]
        else:
            flash(str(error), "danger")


def _task_of(appraisal: Appraisal, task_id: int | None) -> Task:
    task = db.session.get(Task, task_id or 0)
    if task is None or task.appraisal_id != appraisal.id:
        abort(404)
    return task


def _carry_out(plan: Plan, op: str) -> str:
    """Save the page, then do what the pressed button asks; returns the flash message."""
    verb, _sep, arg = op.partition(":")
    plan.save()
    if verb == "assign":
        if not plan.drafts:
            return _("Không có nhiệm vụ dự thảo nào để giao.")
        assigned = planning.assign_tasks(plan.drafts, current_user)
        return _("Đã giao %(n)d nhiệm vụ. Các cơ quan chủ trì, phối hợp đã thấy nhiệm vụ trong danh sách việc của "
                 "đơn vị.", n=len(assigned))
    if verb in ("fanout", "communes"):
        task = _task_of(plan.appraisal, int(arg) if arg.isdigit() else None)
        if verb == "communes":
            chosen = plan.communes
        else:
            wanted = {int(v) for v in request.form.getlist(f"fanout-{task.id}") if v.isdigit()}
            chosen = db.session.scalars(sa.select(Agency).where(Agency.id.in_(wanted))).all()
        children = planning.fan_out(task, list(chosen), current_user)
        return _("Đã chia cho %(n)d đơn vị, mỗi đơn vị chủ trì phần việc của mình; kiểm tra người phụ trách, thời "
                 "hạn của từng đơn vị rồi giao.",
                 n=len(children))
    if verb == "drafts":
        created = [conclusion_import.draft_for(rec, current_user) for rec in plan.unanswered]
        return _("Đã lập %(n)d nhiệm vụ dự thảo từ các đề nghị chưa có nhiệm vụ.", n=len(created))
    return _("Đã lưu kế hoạch (các nhiệm vụ vẫn là dự thảo, chưa giao).")


@bp.route("/<int:appraisal_id>/ke-hoach", methods=["GET", "POST"])
@assigner_required
def plan(appraisal_id: int):
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.PLAN)
    posted = request.method == "POST"
    page = Plan(appraisal, posted)
    csrf_form = CsrfForm()
    status = 200
    if posted:
        if not csrf_form.validate_on_submit():
            abort(400)
        op = request.form.get("op", "save")
        if op == "assign" and page.drafts:
            # Assigning cannot be taken back: the agencies see the tasks at once. Ask once (the page's
            # fields travel with the confirmation).
            ask = unconfirmed(_("Giao %(n)d nhiệm vụ cho các cơ quan? Cơ quan chủ trì, phối hợp sẽ thấy nhiệm vụ "
                                "ngay; sau đó thời hạn và cơ quan chủ trì chỉ đổi được qua gia hạn, giao lại.",
                                n=len(page.to_assign)), _("Giao nhiệm vụ"),
                              url_for("appraisals.plan", appraisal_id=appraisal.id))
            if ask:
                return ask
        if page.validate():
            try:
                message = _carry_out(page, op)
            except StaleVersion as exc:
                db.session.rollback()
                flash(str(exc), "danger")
                status = 409
            except ServiceError as exc:
                db.session.rollback()
                page.attach(exc)
                status = 422
            else:
                db.session.commit()
                flash(message, "success")
                return redirect(url_for("appraisals.plan", appraisal_id=appraisal.id))
        else:
            flash(_("Chưa lưu: vui lòng sửa các ô được đánh dấu."), "danger")
            status = 422
    return render_template("appraisals/plan.html", appraisal=appraisal, plan=page, csrf_form=csrf_form), status


@bp.post("/<int:appraisal_id>/ke-hoach/bo")
@assigner_required
def plan_discard(appraisal_id: int):
    appraisal = get_appraisal_or_404(appraisal_id, AppraisalAction.PLAN)
    if not CsrfForm().validate_on_submit():
        abort(400)
    back = url_for("appraisals.plan", appraisal_id=appraisal.id)
    task = db.session.get(Task, request.args.get("task_id", 0, type=int))
    if task is None or task.appraisal_id != appraisal.id:
        # Most often a second click after the draft was already dropped: say so, back on the plan.
        flash(_("Không còn nhiệm vụ dự thảo này trong kế hoạch."), "warning")
        return redirect(back)
    ask = unconfirmed(_("Bỏ nhiệm vụ dự thảo “%(t)s”%(c)s? Nhiệm vụ chưa giao nên không ai khác thấy nó; thao tác "
                        "được ghi vào nhật ký.", t=task.title[:120],
                        c=_(" cùng %(n)d nhiệm vụ con", n=len(task.children)) if task.children else ""),
                      _("Bỏ nhiệm vụ"), back)
    if ask:
        return ask
    try:
        planning.discard_draft(task, current_user)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back)
    db.session.commit()
    flash(_("Đã bỏ nhiệm vụ dự thảo."), "success")
    return redirect(back)
