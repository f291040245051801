"""Statuses, roles and kinds: one enum each, with the label users read."""

import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

_LABELS: dict[type, dict] = {}


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translatable label."""

    @property
    def label(self) -> str:
        # One dict of lazy strings per enum, built on first use: they translate when read, so it serves every
        # language, and a list of 50 tasks no longer builds 50 dicts of eight lazy strings each.
        labels = _LABELS.get(type(self))
        if labels is None:
            labels = _LABELS[type(self)] = self._labels()
        return str(labels[self])

    @classmethod
    def _labels(cls) -> dict:
        raise NotImplementedError

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


def enum_column(enum_cls: type[enum.Enum]) -> sa.Enum:
    """Store the enum's value as a short string, the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Role(LabelledEnum):
    """Who someone is; what they may see is their role within their unit (permissions.py)."""

    ADMIN = "admin"
    LEADER = "leader"  # the unit's head: Chủ tịch / Phó Chủ tịch UBND, Giám đốc / Phó Giám đốc Sở
    COORDINATOR = "coordinator"  # the unit's reform focal point
    OFFICER = "officer"
    PROVINCE_LEADER = "province_leader"  # Chủ tịch / Phó Chủ tịch UBND tỉnh, Giám đốc Sở Nội vụ: reads, directs
    PROVINCE_COORDINATOR = "province_coord"  # the Sở Nội vụ's reform staff: record appraisals, follow, direct

    @classmethod
    def _labels(cls):
        return {
            cls.ADMIN: _l("Quản trị hệ thống"),
            cls.LEADER: _l("Lãnh đạo UBND"),
            cls.COORDINATOR: _l("Đầu mối CCHC"),
            cls.OFFICER: _l("Cán bộ đơn vị"),
            cls.PROVINCE_LEADER: _l("Lãnh đạo cấp tỉnh"),
            cls.PROVINCE_COORDINATOR: _l("Đầu mối CCHC cấp tỉnh (Sở Nội vụ)"),
        }

    @classmethod
    def unit_roles(cls) -> tuple["Role", ...]:
        """The assigning side of a unit: they plan, assign and decide inside their own unit."""
        return (cls.LEADER, cls.COORDINATOR)

    @classmethod
    def province_roles(cls) -> tuple["Role", ...]:
        """The province's followers of every unit."""
        return (cls.PROVINCE_LEADER, cls.PROVINCE_COORDINATOR)


class AgencyKind(LabelledEnum):
    PROVINCE = "province"  # UBND tỉnh
    PROVINCIAL_DEPARTMENT = "prov_department"  # sở, ban, ngành: appraised as a unit of its own
    COMMITTEE = "committee"  # UBND cấp huyện (before July 2025)
    OFFICE = "office"
    DEPARTMENT = "department"
    PUBLIC_UNIT = "public_unit"
    COMMUNE = "commune"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            cls.PROVINCE: _l("UBND tỉnh"),
            cls.PROVINCIAL_DEPARTMENT: _l("Sở, ban, ngành tỉnh"),
            cls.COMMITTEE: _l("UBND cấp huyện"),
            cls.OFFICE: _l("Văn phòng HĐND và UBND"),
            cls.DEPARTMENT: _l("Phòng chuyên môn"),
            cls.PUBLIC_UNIT: _l("Đơn vị sự nghiệp"),
            cls.COMMUNE: _l("UBND xã, phường, thị trấn, đặc khu"),
            cls.OTHER: _l("Khác"),
        }


class AppraisalStatus(LabelledEnum):
    DRAFT = "draft"
    FINAL = "final"

    @classmethod
    def _labels(cls):
        return {cls.DRAFT: _l("Dự thảo"), cls.FINAL: _l("Chính thức")}


class TaskStatus(LabelledEnum):
    DRAFT = "draft"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    DONE = "done"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls):
        return {
            cls.DRAFT: _l("Dự thảo"),
            cls.NOT_STARTED: _l("Chưa thực hiện"),
            cls.IN_PROGRESS: _l("Đang thực hiện"),
            cls.SUBMITTED: _l("Chờ duyệt hoàn thành"),
            # Context "status": the same Vietnamese words are also verbs on buttons; English needs two words
            # ("Trả lại" Return / Returned, "Tạm hoãn" Postpone / Postponed, "Hủy" Cancel / Cancelled).
            cls.RETURNED: lazy_pgettext("status", "Trả lại"),
            cls.DONE: _l("Đã hoàn thành"),
            cls.POSTPONED: lazy_pgettext("status", "Tạm hoãn"),
            cls.CANCELLED: lazy_pgettext("status", "Hủy"),
        }

    @classmethod
    def open_statuses(cls) -> tuple["TaskStatus", ...]:
        """Assigned and not yet finished, postponed or cancelled."""
        return (cls.NOT_STARTED, cls.IN_PROGRESS, cls.SUBMITTED, cls.RETURNED)


class Priority(LabelledEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    FLASH = "flash"

    @classmethod
    def _labels(cls):
        return {cls.NORMAL: _l("Thường"), cls.URGENT: _l("Khẩn"), cls.FLASH: _l("Hỏa tốc")}


class Recurrence(LabelledEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @classmethod
    def _labels(cls):
        return {cls.MONTHLY: _l("Hằng tháng"), cls.QUARTERLY: _l("Hằng quý"), cls.YEARLY: _l("Hằng năm")}


class ExtensionStatus(LabelledEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @classmethod
    def _labels(cls):
        return {
            cls.PENDING: _l("Chờ quyết định"),
            cls.APPROVED: lazy_pgettext("status", "Đồng ý"),
            cls.REJECTED: lazy_pgettext("status", "Không đồng ý"),
            cls.WITHDRAWN: _l("Đã rút"),
        }


class KeywordKind(LabelledEnum):
    """The lists the conclusion reader uses, editable by the admin."""

    SHORTCOMING_CUE = "shortcoming_cue"
    RECOMMENDATION_CUE = "recommendation_cue"
    PRAISE_CUE = "praise_cue"
    COMPOUND = "compound"
    ITEM_START = "item_start"
    FIELD = "field"
    CRITERION = "criterion"  # the phrase points at a criterion code (kept in ReaderKeyword.field_code)
    AGENCY = "agency"

    @classmethod
    def _labels(cls):
        return {
            cls.SHORTCOMING_CUE: _l("Từ báo hiệu tồn tại, hạn chế"),
            cls.RECOMMENDATION_CUE: _l("Từ báo hiệu đề nghị, kiến nghị"),
            cls.PRAISE_CUE: _l("Từ báo hiệu ưu điểm (bỏ qua)"),
            cls.COMPOUND: _l("Cụm từ có dấu phẩy không tách"),
            cls.ITEM_START: _l("Từ mở đầu một mục mới"),
            cls.FIELD: _l("Từ khóa lĩnh vực"),
            cls.CRITERION: _l("Từ khóa tiêu chí"),
            cls.AGENCY: _l("Từ khóa cơ quan chủ trì"),
        }


class FanoutTarget(LabelledEnum):
    """Whom a recommendation addresses at once, so that its task is split one part per body."""

    COMMUNES = "communes"
    DEPARTMENTS = "departments"
    BOTH = "both"

    @classmethod
    def _labels(cls):
        return {
            cls.COMMUNES: _l("các xã, phường, thị trấn"),
            cls.DEPARTMENTS: _l("các cơ quan chuyên môn"),
            cls.BOTH: _l("các cơ quan chuyên môn và các xã, phường, thị trấn"),
        }


class TimeStatus(LabelledEnum):
    """Where a task stands against its deadline; computed, never stored."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NO_DEADLINE = "no_deadline"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    DRAFT = "draft"

    @classmethod
    def _labels(cls):
        return {
            cls.ON_TRACK: _l("Trong hạn"),
            cls.DUE_SOON: _l("Sắp đến hạn"),
            cls.OVERDUE: _l("Quá hạn"),
            cls.NO_DEADLINE: _l("Không thời hạn"),
            cls.DONE_ON_TIME: _l("Hoàn thành đúng hạn"),
            cls.DONE_LATE: _l("Hoàn thành quá hạn"),
            cls.POSTPONED: lazy_pgettext("status", "Tạm hoãn"),
            cls.CANCELLED: lazy_pgettext("status", "Hủy"),
            cls.DRAFT: _l("Dự thảo"),
        }
