"""From a conclusion text (pasted, .txt or .docx) to saved shortcomings, recommendations and draft tasks."""

import io
import re
import zipfile
from pathlib import PurePath

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _

from ...extensions import db
from ...models import Agency, Appraisal, FanoutTarget, Finding, Recommendation, User
from ...textutil import nfc
from .. import audit, deadlines
from ..appraisals import repeats
from ..errors import ServiceError
from ..tasks import planning
from . import keywords as reader_config
from .deadline_phrases import without_deadline
from .keywords import suggest_criterion
from .reader import MAX_TEXT_LENGTH, ConclusionTooLong, EmptyConclusion, ReadResult, read_conclusion
from .review import RECOMMENDATION, SHORTCOMING, Review, from_result, problems

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = (".txt", ".docx")
# A .docx is a zip: refuse archives that would inflate far beyond any real conclusion.
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\u2028\u2029]")  # Word's soft line breaks are line ends too
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def limit_text() -> str:
    """The documented paste limit, formatted for messages ("100.000")."""
    return format_decimal(MAX_TEXT_LENGTH, format="#,##0")


def clean_text(text: str) -> str:
    """NFC, "\\n" line ends, no control characters: the text as the page shows and stores it."""
    return _CONTROL.sub("", _BREAKS.sub("\n", nfc(text)))


def check_text(text: str) -> str:
    """The text if it can be read; a Vietnamese refusal for an empty or over-long one."""
    if not text.strip():
        raise ServiceError(_("Văn bản kết luận đang trống. Hãy dán nội dung kết luận hoặc chọn tệp."), field="text")
    if len(text) > MAX_TEXT_LENGTH:
        raise ServiceError(_("Văn bản dài %(n)s ký tự, vượt giới hạn %(max)s ký tự. Hãy chỉ dán phần kết luận "
                             "(tồn tại, hạn chế và đề nghị).", n=format_decimal(len(text), format="#,##0"),
                             max=limit_text()), field="text")
    return text


def _docx_text(data: bytes) -> str:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_DOCX_UNPACKED:
                raise ServiceError(_("Tệp .docx quá lớn sau khi giải nén."), field="file")
            if "word/document.xml" not in archive.namelist():
                raise zipfile.BadZipFile
        document = docx.Document(io.BytesIO(data))
    except ServiceError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged or disguised file
        raise ServiceError(_("Không đọc được tệp .docx: tệp hỏng hoặc không phải văn bản Word."), field="file") \
            from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # conclusions are sometimes laid out in a table
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def _txt_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ServiceError(_("Tệp .txt không phải mã UTF-8 (lỗi ở byte thứ %(pos)d). Hãy lưu lại tệp với mã "
                             "UTF-8 rồi thử lại.", pos=exc.start + 1), field="file") from exc


def extract_text(filename: str, data: bytes) -> str:
    """The text of an uploaded .txt or .docx, refused with a reason for anything else."""
    extension = PurePath(filename or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ServiceError(_("Chỉ nhận tệp .txt hoặc .docx (tệp “%(f)s” không đúng loại). Tệp .doc cũ hãy mở bằng "
                             "Word và lưu lại dạng .docx.", f=PurePath(filename or "").name[:100]), field="file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ServiceError(_("Tệp lớn quá %(n)d MB.", n=MAX_UPLOAD_BYTES // (1024 * 1024)), field="file")
    if not data:
        raise ServiceError(_("Tệp “%(f)s” không có nội dung.", f=PurePath(filename).name[:100]), field="file")
    return decode_file(filename, data)


def decode_file(filename: str, data: bytes) -> str:
    """The checked text of a file: a .docx is read as Word, anything else as UTF-8 text."""
    text = _docx_text(data) if PurePath(filename or "").suffix.lower() == ".docx" else _txt_text(data)
    return check_text(clean_text(text))


def read(text: str) -> ReadResult:
    """Read ``text`` with the word lists the admin keeps."""
    try:
        return read_conclusion(text, reader_config.reader_rules())
    except EmptyConclusion as exc:
        raise ServiceError(_("Văn bản kết luận đang trống."), field="text") from exc
    except ConclusionTooLong as exc:
        raise ServiceError(_("Văn bản vượt giới hạn %(max)s ký tự.", max=limit_text()), field="text") from exc


def active_agency_ids(appraisal: Appraisal | None = None) -> dict[str, int]:
    """Agencies a suggestion may name, by short name: the active agencies of the appraisal's unit (a unit's tasks
    are led by its own agencies), or every active agency."""
    stmt = sa.select(Agency.short_name, Agency.id).where(Agency.is_active)
    unit = appraisal.unit.unit_id if appraisal is not None and appraisal.unit is not None else None
    if unit is not None:
        stmt = stmt.where(Agency.unit_id == unit)
    return dict(db.session.execute(stmt).all())


def start_review(appraisal: Appraisal, text: str) -> Review:
    """Read the text and map the reader's field codes and agency names onto this appraisal's choices."""
    text = check_text(clean_text(text))
    field_ids = {f.code: f.id for f in appraisal.framework.fields}
    return from_result(text, read(text), field_ids, active_agency_ids(appraisal))


def review_problems(appraisal: Appraisal, review: Review) -> dict[str, str]:
    """What stops saving the review, by item key ("" for the review as a whole)."""
    return problems(review, {f.id for f in appraisal.framework.fields}, set(active_agency_ids(appraisal).values()))


def already_saved(appraisal: Appraisal, review: Review) -> bool:
    """Every item is already recorded on the appraisal: a second click, or the back button and confirm again."""
    saved = {(SHORTCOMING, f.text) for f in appraisal.findings} | {
        (RECOMMENDATION, r.text) for r in appraisal.recommendations}
    return bool(review.items) and all((i.kind, i.text) in saved for i in review.items)


def save_conclusion(appraisal: Appraisal, review: Review, actor: User) -> list:
    """Save the reviewed items and one draft task per recommendation; returns the draft tasks."""
    fields = {f.id: f for f in appraisal.framework.fields}
    agencies = {a.id: a for a in db.session.scalars(sa.select(Agency).where(Agency.is_active))}
    errors = review_problems(appraisal, review)
    if errors:
        key, message = next(iter(errors.items()))
        raise ServiceError(message, field=key or None)
    first = len(appraisal.findings) + 1
    findings: dict[str, Finding] = {}
    for position, item in enumerate(review.of_kind(SHORTCOMING), start=first):
        finding = Finding(text=item.text, source=item.source, field=fields.get(item.field_id), position=position)
        appraisal.findings.append(finding)
        findings[item.key] = finding
    recommendations = []
    for position, item in enumerate(review.of_kind(RECOMMENDATION), start=len(appraisal.recommendations) + 1):
        rec = Recommendation(text=item.text, source=item.source, field=fields.get(item.field_id),
                             suggested_agency=agencies.get(item.agency_id), position=position,
                             suggested_due_date=item.due,
                             suggested_fanout=FanoutTarget(item.fanout) if item.fanout else None,
                             findings=[findings[k] for k in item.answers if k in findings])
        appraisal.recommendations.append(rec)
        recommendations.append(rec)
    if review.text.strip():
        existing = appraisal.conclusion_text or ""
        appraisal.conclusion_text = f"{existing}\n\n{review.text}".strip() if review.text not in existing else existing
    db.session.flush()
    for item in [*findings.values(), *recommendations]:
        if item.criterion is None:  # the admin's keyword lists suggest the criterion that lost points
            item.criterion = suggest_criterion(item.text, appraisal.framework)
    repeats.flag_repeats(appraisal)
    tasks = [draft_for(rec, actor) for rec in recommendations]
    audit.record("conclusion_imported", "appraisal", appraisal.id,
                 {"findings": len(findings), "recommendations": len(recommendations)}, actor=actor)
    return tasks


def draft_title(rec: Recommendation) -> str:
    """The recommendation's text without the deadline it names: the task's own deadline says when."""
    return without_deadline(rec.text)[:planning.MAX_TITLE]


def _in_unit(agency: Agency | None, appraisal: Appraisal) -> Agency | None:
    """A suggested lead is kept only if it is an agency of the appraised unit (a unit leads its own tasks)."""
    if agency is None or appraisal.unit is None or agency.unit_id == appraisal.unit.unit_id:
        return agency
    return None


def draft_for(rec: Recommendation, actor: User):
    """The draft task a recommendation starts as: its text, shortcomings, field, lead agency and deadline.

    With no suggestion the draft waits for its lead: the plan page asks the coordinator to choose one (or to
    fan the task out), and refuses to assign until every task has one. Making the appraised unit itself the
    lead would quietly give the People's Committee a task of its own. A deadline the conclusion named that
    has already passed is not proposed (a new deadline cannot be in the past): the coordinator sets one.
    """
    appraisal = rec.appraisal
    due = rec.suggested_due_date
    return planning.create_task(
        actor, title=draft_title(rec), appraisal=appraisal, recommendation=rec, findings=list(rec.findings),
        field=rec.field, criterion=rec.criterion or next((f.criterion for f in rec.findings if f.criterion), None),
        lead_agency=_in_unit(rec.suggested_agency, appraisal),
        due_date=due if due and due >= deadlines.today() else None)
