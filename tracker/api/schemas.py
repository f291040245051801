"""The API's request and response shapes (marshmallow), from which the OpenAPI document is generated."""

from datetime import date

from marshmallow import Schema, fields, validate

from ..models import Priority, Role, TaskStatus, TimeStatus
from ..services.tasks import search as task_search

MAX_ID = task_search.MAX_ID
# The days the app accepts (1900–2199), said so the document tells callers and generated requests obey it.
DAY_PATTERN = r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def Day(**kw):  # noqa: N802  (a field factory, named like the fields it makes)
    metadata = {"pattern": DAY_PATTERN, "example": "2026-06-30", **kw.pop("metadata", {})}
    return fields.Date(validate=validate.Range(date(1900, 1, 1), date(2199, 12, 31)), metadata=metadata, **kw)
Id = lambda **kw: fields.Integer(validate=validate.Range(1, MAX_ID), **kw)  # noqa: E731


class StrictSchema(Schema):
    class Meta:
        unknown = "raise"


class ProblemSchema(Schema):
    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(metadata={"example": "Dữ liệu không hợp lệ"})
    status = fields.Integer(metadata={"example": 422})
    detail = fields.String(metadata={"example": "Trường “progress”: nằm ngoài khoảng cho phép."})
    instance = fields.String(metadata={"example": "/api/v1/tasks/12/progress"})
    field = fields.String(metadata={"description": "The request field that caused the error, when one did."})
    errors = fields.List(fields.Dict(keys=fields.String(), values=fields.String()))


class NamedSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class AgencySchema(Schema):
    id = fields.Integer(required=True, metadata={"example": 3})
    name = fields.String(required=True, metadata={"example": "Phòng Nội vụ"})
    short_name = fields.String(required=True, metadata={"example": "Phòng NV"})
    kind = fields.String(required=True, metadata={"example": "department"})
    unit_id = fields.Integer(allow_none=True, required=True,
                             metadata={"description": "The appraised unit it works in; null at province level."})
    is_unit = fields.Boolean(required=True)
    is_active = fields.Boolean(required=True)


class TokenInfoSchema(Schema):
    name = fields.String(required=True)
    scope = fields.String(required=True, metadata={"example": "read"})
    kind = fields.String(required=True, metadata={"example": "personal"})
    prefix = fields.String(required=True, metadata={"example": "trk_Ab12Cd34"})
    expires_at = fields.DateTime(allow_none=True, required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True, metadata={"example": "nv.canbo"})
    full_name = fields.String(required=True, metadata={"example": "Nguyễn Văn An"})
    role = fields.Enum(Role, by_value=True, required=True)
    locale = fields.String(required=True, metadata={"example": "vi"})
    agency = fields.Nested(AgencySchema, allow_none=True, required=True)
    token = fields.Nested(TokenInfoSchema, required=True)


class TaskSummarySchema(Schema):
    id = fields.Integer(required=True, metadata={"example": 12})
    title = fields.String(required=True, metadata={"example": "Ban hành kế hoạch CCHC năm 2025"})
    status = fields.Enum(TaskStatus, by_value=True, required=True)
    time_status = fields.Enum(TimeStatus, by_value=True, allow_none=True, required=True)
    badge = fields.String(required=True, metadata={"example": "Còn 5 ngày"})
    progress = fields.Integer(required=True, metadata={"example": 40})
    priority = fields.Enum(Priority, by_value=True, required=True)
    due_date = fields.Date(allow_none=True, required=True)
    original_due_date = fields.Date(allow_none=True, required=True)
    completed_on = fields.Date(allow_none=True, required=True)
    unit_id = fields.Integer(required=True)
    appraisal_id = fields.Integer(allow_none=True, required=True)
    field_id = fields.Integer(allow_none=True, required=True)
    lead_agency = fields.Nested(NamedSchema, allow_none=True, required=True)
    supporting_agencies = fields.List(fields.Nested(NamedSchema), required=True)
    owner = fields.Nested(NamedSchema, allow_none=True, required=True)
    new_direction = fields.Boolean(required=True, metadata={"description": "A direction is waiting to be read."})
    version = fields.Integer(required=True, metadata={"description": "Send it back in If-Match when writing."})
    updated_at = fields.DateTime(required=True)
    web_url = fields.String(allow_none=True, required=True)


class TaskPageSchema(Schema):
    total = fields.Integer(required=True, metadata={"example": 57})
    page = fields.Integer(required=True, metadata={"example": 1})
    per_page = fields.Integer(required=True, metadata={"example": 50})
    pages = fields.Integer(required=True, metadata={"example": 2})
    items = fields.List(fields.Nested(TaskSummarySchema), required=True)


SORTS = [s for key in task_search.SORT_KEYS for s in (key, f"-{key}")]


class TaskListArgs(StrictSchema):
    """The web list's filters (tracker/services/tasks/search.py), typed."""

    agency = Id(metadata={"description": "Lead agency id."})
    unit = Id(metadata={"description": "The province's drill-down into one unit."})
    status = fields.String(validate=validate.OneOf([s.value for s in TaskStatus] + [task_search.OPEN]),
                           metadata={"description": "A status, or `open` for every unfinished one."})
    time = fields.String(validate=validate.OneOf([t.value for t in TimeStatus if t != TimeStatus.DRAFT]))
    appraisal = Id()
    field = Id()
    owner = Id()
    priority = fields.Enum(Priority, by_value=True)
    due_from = Day()
    due_to = Day()
    q = fields.String(validate=validate.Length(max=task_search.MAX_QUERY),
                      metadata={"description": "Words; case and Vietnamese diacritics are ignored.",
                                "example": "gia vien"})
    as_of = Day(metadata={"description": "The state at the end of that day, as reports count it."})
    sort = fields.String(validate=validate.OneOf(SORTS), load_default="urgency")
    page = fields.Integer(validate=validate.Range(1, task_search.MAX_PAGE), load_default=1)
    per_page = fields.Integer(validate=validate.Range(1, 100), load_default=50)


class HistoryLineSchema(Schema):
    at = fields.DateTime(required=True)
    who = fields.String(required=True)
    person = fields.String(required=True)
    summary = fields.String(required=True)
    details = fields.List(fields.List(fields.String()), required=True)


class DirectionSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    author = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    acknowledged_at = fields.DateTime(allow_none=True, required=True)


class ExtensionSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"example": "pending"})
    requested_due_date = fields.Date(required=True)
    previous_due_date = fields.Date(allow_none=True, required=True)
    decided_due_date = fields.Date(allow_none=True, required=True)
    reason = fields.String(required=True)
    decision_note = fields.String(required=True)
    requested_at = fields.DateTime(required=True)


class EvidenceSchema(Schema):
    id = fields.Integer(required=True)
    file_name = fields.String(required=True)
    size = fields.Integer(required=True)
    content_type = fields.String(required=True)
    sha256 = fields.String(required=True)
    uploaded_at = fields.DateTime(required=True)


class TaskDetailSchema(TaskSummarySchema):
    description = fields.String(required=True)
    expected_output = fields.String(required=True)
    evidence_required = fields.Boolean(required=True)
    start_date = fields.Date(allow_none=True, required=True)
    is_group = fields.Boolean(required=True)
    actions = fields.List(fields.String(), required=True,
                          metadata={"description": "What the caller may do now (workflow moves)."})
    directions = fields.List(fields.Nested(DirectionSchema), required=True)
    extensions = fields.List(fields.Nested(ExtensionSchema), required=True)
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)
    history = fields.List(fields.Nested(HistoryLineSchema), required=True)


# Writes -------------------------------------------------------------------------------------------------------

Note = lambda **kw: fields.String(**{"validate": validate.Length(max=5000), **kw})  # noqa: E731


Files = lambda: fields.List(  # noqa: E731  (documented here, read from request.files by the view)
    fields.Raw(metadata={"type": "string", "format": "binary"}),
    metadata={"description": "Evidence files (PDF, Office documents, images), as file parts named `files`."})


class ProgressForm(StrictSchema):
    progress = fields.Integer(required=True, validate=validate.Range(0, 100), metadata={"example": 60})
    note = Note(load_default="", metadata={"example": "Đã trình dự thảo kế hoạch."})
    files = Files()


class SubmitForm(StrictSchema):
    note = Note(required=True, validate=validate.Length(min=1, max=5000),
                metadata={"example": "Đã ban hành Kế hoạch số 12/KH-UBND."})
    files = Files()



class NoteBody(StrictSchema):
    note = Note(load_default="")


class ReasonBody(StrictSchema):
    reason = Note(required=True, validate=validate.Length(min=1, max=5000),
                  metadata={"example": "Minh chứng chưa có chữ ký."})


class ExtensionRequestBody(StrictSchema):
    new_date = Day(required=True)
    reason = Note(required=True, validate=validate.Length(min=1, max=5000),
                  metadata={"example": "Chờ ý kiến của Sở Nội vụ."})


class ExtensionDecisionBody(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "reject", "other"]),
                             metadata={"description": "`other`: approve with `new_date` instead of the asked day."})
    new_date = Day(allow_none=True, load_default=None)
    note = Note(load_default="")


class DirectionBody(StrictSchema):
    text = Note(required=True, validate=validate.Length(min=1, max=5000),
                metadata={"example": "Đề nghị hoàn thành trước ngày 15."})


class VersionHeader(Schema):
    if_match = fields.String(data_key="If-Match", validate=validate.Regexp(r'^(W/)?"?\d{1,9}"?$'),
                             metadata={"description": "The task's version (its ETag) the change was based on.",
                                       "example": '"3"'})
