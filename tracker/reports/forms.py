"""The report's filter (plain GET, bookmarkable) and the admin's report settings."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from ..extensions import db
from ..forms import BaseForm, CleanText, date_field, options, required, strip_filter
from ..models import Agency, Appraisal, Field, Framework, Priority
from ..permissions import appraisals_clause
from ..services import deadlines
from ..services.reports.counting import LEAD, SUPPORT


class ReportForm(BaseForm):
    """What the report counts; every field optional, so a bare URL is today's report of everything."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    as_of = date_field(_l("Tính đến hết ngày"))
    appraisal = SelectField(_l("Đợt thẩm định"), coerce=int, default=0, validators=[Optional()])
    field = SelectField(_l("Lĩnh vực"), coerce=int, default=0, validators=[Optional()])
    priority = SelectField(_l("Độ khẩn"), default="", validators=[Optional()])
    assigned_from = date_field(_l("Giao từ ngày"))
    assigned_to = date_field(_l("Giao đến ngày"))
    view = SelectField(_l("Tính cho"), default=LEAD, validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        appraisals = db.session.execute(
            sa.select(Appraisal.id, Agency.name, Appraisal.year).join(Agency, Agency.id == Appraisal.unit_id)
            .where(appraisals_clause(current_user)).order_by(Appraisal.year.desc(), Agency.name)).all()
        self.appraisal.choices = options([(0, _l("Tất cả"))] + [(i, f"{n} {y}") for i, n, y in appraisals])
        fields = db.session.execute(
            sa.select(Field.id, Field.code, Field.name, Framework.year).join(Framework)
            .order_by(Framework.year.desc(), Framework.id, Field.position)).all()
        self.field.choices = options([(0, _l("Tất cả"))] + [(i, f"{c}. {n} ({y})") for i, c, n, y in fields])
        self.priority.choices = options([("", _l("Tất cả"))] + Priority.choices())
        self.view.choices = options([(LEAD, _l("Cơ quan chủ trì")), (SUPPORT, _l("Cơ quan phối hợp"))])

    def validate_as_of(self, field):
        if field.data and field.data > deadlines.today():
            raise ValidationError(_l("Ngày báo cáo không được sau hôm nay; báo cáo tính đến hôm nay."))

    def validate_assigned_to(self, field):
        if field.data and self.assigned_from.data and field.data < self.assigned_from.data:
            raise ValidationError(_l("“Giao đến ngày” phải từ “Giao từ ngày” trở đi; bộ lọc ngày giao đã được bỏ qua."))


SETTING_LABELS = {
    "report.parent_body": (_l("Cơ quan cấp trên (chữ in hoa)"), _l("Ví dụ: UBND TỈNH NINH BÌNH")),
    "report.issuing_body": (_l("Cơ quan ban hành (chữ in hoa)"), _l("Ví dụ: UBND HUYỆN GIA VIỄN")),
    "report.issuing_body_name": (_l("Tên cơ quan ban hành trong câu văn"),
                                 _l("Ví dụ: UBND huyện Gia Viễn. Để trống: lấy tên đơn vị được thẩm định.")),
    "report.place": (_l("Địa danh ghi ngày tháng"), _l("Ví dụ: Gia Viễn")),
    "report.number": (_l("Số văn bản"), _l("Để trống để văn thư ghi số khi đăng ký văn bản.")),
    "report.number_suffix": (_l("Ký hiệu báo cáo"), _l("Ví dụ: BC-UBND")),
    "report.plan_suffix": (_l("Ký hiệu kế hoạch"), _l("Ví dụ: KH-UBND")),
    "report.signer_mandate": (_l("Quyền hạn ký"), _l("Ví dụ: TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH")),
    "report.signer_title": (_l("Chức vụ người ký"), _l("Ví dụ: CHỦ TỊCH hoặc PHÓ CHỦ TỊCH")),
    "report.signer_name": (_l("Họ và tên người ký"), ""),
    "report.recipients": (_l("Nơi nhận (mỗi dòng một nơi)"), _l("Dòng “Lưu: …” được thêm ở cuối.")),
    "report.archive": (_l("Lưu"), _l("Ví dụ: VT, NV")),
}


def _text(key: str, max_len: int = 255, needed: bool = False):
    label, help_text = SETTING_LABELS[key]
    first = required() if needed else Optional()
    return StringField(label, description=help_text, filters=[strip_filter],
                       validators=[first, Length(max=max_len), CleanText()])


class SettingsForm(BaseForm):
    """The report header, signer and recipients; field names are the setting keys with "." as "__"."""

    report__parent_body = _text("report.parent_body")
    report__issuing_body = _text("report.issuing_body", needed=True)
    report__issuing_body_name = _text("report.issuing_body_name")
    report__place = _text("report.place", 100, needed=True)
    report__number = _text("report.number", 20)
    report__number_suffix = _text("report.number_suffix", 40, needed=True)
    report__plan_suffix = _text("report.plan_suffix", 40, needed=True)
    report__signer_mandate = _text("report.signer_mandate")
    report__signer_title = _text("report.signer_title", needed=True)
    report__signer_name = _text("report.signer_name")
    report__recipients = TextAreaField(SETTING_LABELS["report.recipients"][0],
                                       description=SETTING_LABELS["report.recipients"][1], filters=[strip_filter],
                                       validators=[Optional(), Length(max=2000), CleanText()])
    report__archive = _text("report.archive", 100)
    # The province summary report (shown and saved only in an installation of several units).
    province__issuer = SelectField(_l("Cơ quan ban hành báo cáo toàn tỉnh"), default="home_affairs",
                                   choices=options([("home_affairs", _l("Sở Nội vụ")), ("committee", _l("UBND tỉnh"))]))
    province__name = StringField(_l("Tên tỉnh"), description=_l("Ví dụ: Ninh Bình"), filters=[strip_filter],
                                 validators=[Optional(), Length(max=100), CleanText()])
    province__place = StringField(_l("Địa danh ghi ngày tháng"), description=_l("Để trống: lấy tên tỉnh."),
                                  filters=[strip_filter], validators=[Optional(), Length(max=100), CleanText()])
    province__number = StringField(_l("Số văn bản"), description=_l("Để trống để văn thư ghi số khi đăng ký văn bản."),
                                   filters=[strip_filter], validators=[Optional(), Length(max=20), CleanText()])
    province__signer_title = StringField(_l("Chức vụ người ký"),
                                         description=_l("Để trống: GIÁM ĐỐC (Sở Nội vụ) hoặc CHỦ TỊCH (UBND tỉnh)."),
                                         filters=[strip_filter], validators=[Optional(), Length(max=255), CleanText()])
    province__signer_name = StringField(_l("Họ và tên người ký"), filters=[strip_filter],
                                        validators=[Optional(), Length(max=255), CleanText()])
    province__recipients = TextAreaField(_l("Nơi nhận (mỗi dòng một nơi)"),
                                         description=_l("Để trống: nơi nhận thường dùng của cơ quan ban hành."),
                                         filters=[strip_filter], validators=[Optional(), Length(max=2000), CleanText()])

    def values(self, province: bool = False) -> dict[str, str]:
        """The settings to save; the province's only when its fields were on the page."""
        prefixes = ("report", "province") if province else ("report",)
        return {name.replace("__", "."): (f.data or "") for name, f in self._fields.items()
                if name.startswith(prefixes)}
