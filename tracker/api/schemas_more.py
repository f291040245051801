"""Response shapes of the API's reading side: appraisals and reports."""

from marshmallow import Schema, fields, validate

from ..models import Priority
from .schemas import MAX_ID, Day, NamedSchema, StrictSchema, TaskSummarySchema

Points = lambda **kw: fields.Float(allow_none=True, required=True, **kw)  # noqa: E731


class ScoreSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "The field's or criterion's id."})
    code = fields.String(required=True, metadata={"example": "1"})
    name = fields.String(required=True, metadata={"example": "Công tác chỉ đạo, điều hành CCHC"})
    max_points = Points()
    self_score = Points()
    score = Points()


class FindingSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True, metadata={"example": "Chưa ban hành kế hoạch tuyên truyền CCHC."})
    field_id = fields.Integer(allow_none=True, required=True)
    criterion_id = fields.Integer(allow_none=True, required=True)


class RecommendationSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True, metadata={"example": "Ban hành kế hoạch tuyên truyền CCHC."})
    field_id = fields.Integer(allow_none=True, required=True)
    criterion_id = fields.Integer(allow_none=True, required=True)
    finding_ids = fields.List(fields.Integer(), required=True)
    suggested_agency = fields.Nested(NamedSchema, allow_none=True, required=True)
    suggested_due_date = fields.Date(allow_none=True, required=True)


class AppraisalSummarySchema(Schema):
    id = fields.Integer(required=True)
    unit = fields.Nested(NamedSchema, required=True)
    year = fields.Integer(required=True, metadata={"example": 2024})
    status = fields.String(required=True, metadata={"example": "handed_over"})
    conclusion_number = fields.String(required=True, metadata={"example": "125/KL-SNV"})
    conclusion_date = fields.Date(allow_none=True, required=True)
    self_total = Points()
    total_score = Points()


class AppraisalSchema(AppraisalSummarySchema):
    team = fields.String(required=True)
    appraised_on = fields.Date(allow_none=True, required=True)
    field_scores = fields.List(fields.Nested(ScoreSchema), required=True)
    criterion_scores = fields.List(fields.Nested(ScoreSchema), required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
    recommendations = fields.List(fields.Nested(RecommendationSchema), required=True)
    tasks = fields.List(fields.Nested(TaskSummarySchema), required=True)


class CountsSchema(Schema):
    total = fields.Integer(required=True, metadata={"example": 20})
    done_on_time = fields.Integer(required=True, metadata={"example": 8})
    done_late = fields.Integer(required=True, metadata={"example": 2})
    open_in_time = fields.Integer(required=True, metadata={"example": 6})
    open_overdue = fields.Integer(required=True, metadata={"example": 3})
    postponed = fields.Integer(required=True, metadata={"example": 0})
    cancelled = fields.Integer(required=True, metadata={"example": 1})
    no_deadline = fields.Integer(required=True, metadata={"example": 0})
    completion_rate = fields.Float(allow_none=True, required=True, metadata={"example": 52.63})
    on_time_rate = fields.Float(allow_none=True, required=True, metadata={"example": 80.0})


class AgencyReportSchema(Schema):
    as_of = fields.Date(required=True)
    agency = fields.Nested(NamedSchema, required=True)
    lead = fields.Nested(CountsSchema, required=True, metadata={"description": "Tasks it leads."})
    support = fields.Nested(CountsSchema, required=True, metadata={"description": "Tasks it supports."})


class UnitReportRowSchema(CountsSchema):
    agency = fields.Nested(NamedSchema, required=True)
    points_at_stake = fields.Float(required=True)
    points_covered = fields.Float(required=True)


class UnitReportSchema(Schema):
    as_of = fields.Date(required=True)
    unit = fields.Nested(NamedSchema, required=True)
    rows = fields.List(fields.Nested(UnitReportRowSchema), required=True)
    totals = fields.Nested(CountsSchema, required=True)
    points_at_stake = fields.Float(required=True)
    points_covered = fields.Float(required=True)


class ReportArgs(StrictSchema):
    as_of = Day(metadata={"description": "Count as at the end of that day; default today."})
    appraisal = fields.Integer(validate=validate.Range(1, MAX_ID))
    field = fields.Integer(validate=validate.Range(1, MAX_ID))
    priority = fields.Enum(Priority, by_value=True)
