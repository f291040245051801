"""The bulk-action form of the task lists (filters are plain GET parameters, see services.tasks.search)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields import Field
from wtforms.validators import ValidationError

from ..forms import BaseForm, CleanText, date_field, length, options, strip_filter
from ..services.tasks import bulk as bulk_actions
from ..services.tasks.search import MAX_ID


class TaskRefsField(Field):
    """The ticked checkboxes: each "id" or "id:version" (the version the list showed)."""

    def _value(self):
        return ""

    def process_formdata(self, valuelist):
        refs = []
        for raw in valuelist:
            ident, _sep, version = raw.partition(":")
            if not ident.isdigit() or not 0 < int(ident) <= MAX_ID or (version and not version.isdigit()):
                self.data = None
                raise ValueError(_l("Danh sách nhiệm vụ đã chọn không hợp lệ."))
            refs.append((int(ident), int(version) if version else None))
        self.data = refs

    def pre_validate(self, form):
        if not self.data:
            raise ValidationError(_l("Vui lòng đánh dấu ít nhất một nhiệm vụ."))
        if len({i for i, _v in self.data}) > bulk_actions.MAX_SELECTED:
            raise ValidationError(_l("Mỗi lần chỉ xử lý được tối đa %(n)d nhiệm vụ.", n=bulk_actions.MAX_SELECTED))


class BulkForm(BaseForm):
    """One POST for the checked rows; the pressed button names the action."""

    task_ids = TaskRefsField()
    action = SelectField(choices=lambda: options(bulk_actions.action_labels().items()))
    new_date = date_field(_l("Thời hạn mới"))
    lead_agency_id = SelectField(_l("Cơ quan chủ trì mới"), coerce=int, validate_choice=False,
                                 default=0)
    reason = StringField(_l("Lý do"), [length(1000), CleanText()], filters=[strip_filter])
    back = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        """Fields each action needs; an empty optional field would stop its own validators early."""
        ok = super().validate(extra_validators)
        needed = {
            bulk_actions.DEADLINE: [(self.new_date, _l("Vui lòng chọn thời hạn mới (ngày/tháng/năm).")),
                                    (self.reason, _l("Vui lòng ghi lý do đổi thời hạn."))],
            bulk_actions.REASSIGN: [(self.lead_agency_id, _l("Vui lòng chọn cơ quan chủ trì mới."))],
        }
        for field, message in needed.get(self.action.data, []):
            if not field.data and not field.errors:
                field.errors.append(message)
                ok = False
        return ok

    @property
    def ids(self) -> list[int]:
        return sorted({i for i, _v in self.task_ids.data or []})

    @property
    def versions(self) -> dict[int, int]:
        return {i: v for i, v in self.task_ids.data or [] if v is not None}

    def first_error(self) -> str:
        for field in (self.csrf_token, self.task_ids, self.action, self.new_date, self.reason, self.lead_agency_id):
            if field.errors:
                return str(field.errors[0])
        return str(_l("Yêu cầu không hợp lệ. Vui lòng tải lại trang và thử lại."))
