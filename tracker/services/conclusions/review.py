"""The review of a read conclusion, kept entirely in the form the page posts back.

Nothing is stored between requests: any host may serve the next one. Each item
carries a key so that recommendations can say which shortcomings they answer
across splits, merges and removals. Pure functions, no database.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from ...inputs import fits
from ...textutil import has_control_chars, nfc
from .reader import ReadResult

SHORTCOMING, RECOMMENDATION = "shortcoming", "recommendation"
KINDS = (SHORTCOMING, RECOMMENDATION)
# Well above any real conclusion; about nine form fields each keeps the page under Flask's
# MAX_FORM_PARTS (1 000) when it is posted back.
MAX_ITEMS = 80
MAX_ITEM_TEXT = {SHORTCOMING: 5000, RECOMMENDATION: 1000}  # a recommendation becomes a task title
_KEY = re.compile(r"^i\d{1,4}$")
_SPAN = re.compile(r"^(\d{1,7})-(\d{1,7})$")
FANOUTS = ("communes", "departments", "both")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


@dataclass
class ReviewItem:
    key: str
    kind: str
    text: str
    field_id: int | None = None
    agency_id: int | None = None
    answers: list[str] = field(default_factory=list)  # keys of the shortcomings a recommendation answers
    source: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)  # where it was read, in ``Review.text``
    due: date | None = None  # the deadline the text names (a recommendation's)
    due_text: str = ""  # what was typed when it is not a date, shown again with the refusal
    fanout: str | None = None  # "communes", "departments" or "both": addressed to many at once

    @property
    def due_shown(self) -> str:
        return self.due.strftime("%d/%m/%Y") if self.due else self.due_text


@dataclass
class Review:
    text: str
    items: list[ReviewItem]
    cue_found: bool = True
    dropped: int = 0  # items read beyond MAX_ITEMS, left out (said on the first review only)

    def of_kind(self, kind: str) -> list[ReviewItem]:
        return [i for i in self.items if i.kind == kind]

    def number(self, item: ReviewItem) -> int:
        """1-based position among items of its kind, as the page labels it."""
        return self.of_kind(item.kind).index(item) + 1

    def new_key(self) -> str:
        used = [int(i.key[1:]) for i in self.items if _KEY.match(i.key)]
        return f"i{max(used, default=0) + 1}"

    def find(self, key: str) -> ReviewItem | None:
        return next((i for i in self.items if i.key == key), None)


def from_result(text: str, result: ReadResult, field_ids: dict[str, int], agency_ids: dict[str, int]) -> Review:
    """The first review of a text: the reader's items with its suggested fields, leads, deadlines and links."""
    review = Review(text=text, items=[], cue_found=result.cue_found)
    pairs = [(SHORTCOMING, r) for r in result.shortcomings] + [(RECOMMENDATION, r) for r in result.recommendations]
    review.dropped = max(0, len(pairs) - MAX_ITEMS)
    keys: list[str] = []  # the review key of each shortcoming the reader found, by its index
    for kind, read in pairs[:MAX_ITEMS]:
        is_rec = kind == RECOMMENDATION
        item = ReviewItem(review.new_key(), kind, read.text, field_ids.get(read.field or ""),
                          agency_ids.get(read.lead_agency or "") if is_rec else None,
                          source=read.source, spans=[(read.start, read.end)],
                          due=read.deadline if is_rec else None, fanout=read.fanout if is_rec else None)
        if is_rec:
            item.answers = [keys[i] for i in read.answers if i < len(keys)]
        else:
            keys.append(item.key)
        review.items.append(item)
    return review


def _int(value) -> int | None:
    try:
        number = int(value) if value not in (None, "", "0") else None
    except (TypeError, ValueError):
        return None
    return number if number is None or fits(number) else None


def _day(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _posted(form, name: str) -> str:
    # Browsers send textarea line ends as CRLF; offsets were taken on "\n" text.
    return nfc(form.get(name, "")).replace("\r\n", "\n")


def parse_form(form) -> Review:
    """Rebuild the review from what the page posted; malformed parts are dropped, never trusted."""
    text = _posted(form, "text")
    items: list[ReviewItem] = []
    count = min(_int(form.get("count")) or 0, MAX_ITEMS)
    for i in range(count):
        prefix = f"item-{i}-"
        kind, key = form.get(prefix + "kind"), form.get(prefix + "key", "")
        if kind not in KINDS or not _KEY.match(key) or any(it.key == key for it in items):
            continue
        spans = []
        for part in form.get(prefix + "spans", "").split(","):
            m = _SPAN.match(part.strip())
            if m and int(m[1]) < int(m[2]) <= len(text):
                spans.append((int(m[1]), int(m[2])))
        is_rec = kind == RECOMMENDATION
        due_text = " ".join(_posted(form, prefix + "due").split())[:40] if is_rec else ""
        fanout = form.get(prefix + "fanout") if is_rec else None
        items.append(ReviewItem(
            key, kind, _posted(form, prefix + "text").strip(), _int(form.get(prefix + "field")),
            _int(form.get(prefix + "agency")) if is_rec else None,
            [k for k in form.getlist(prefix + "answers") if _KEY.match(k)] if is_rec else [],
            _posted(form, prefix + "source"), spans, due=_day(due_text) if due_text else None,
            due_text=due_text, fanout=fanout if fanout in FANOUTS else None))
    shortcomings = {i.key for i in items if i.kind == SHORTCOMING}
    for item in items:
        item.answers = [k for k in dict.fromkeys(item.answers) if k in shortcomings]
    return Review(text=text, items=items, cue_found=form.get("cue_found", "1") == "1")


def _split_parts(text: str) -> list[str]:
    parts = [p.strip(" \t;") for p in text.splitlines()]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        parts = [p.strip() for p in text.split(";") if p.strip()]
    return parts


def split(review: Review, key: str) -> str | None:
    """Cut an item where the user pressed Enter (or at ";"); returns a message when there is nowhere to cut."""
    item = review.find(key)
    if item is None:
        return None
    parts = _split_parts(item.text)
    if len(parts) < 2:
        return _("Muốn tách mục, hãy xuống dòng (Enter) tại chỗ cần tách trong ô nội dung rồi bấm “Tách”.")
    index = review.items.index(item)
    new_items = [item]
    item.text = parts[0]
    for part in parts[1:]:
        copy = ReviewItem(review.new_key(), item.kind, part[:1].upper() + part[1:], item.field_id, item.agency_id,
                          list(item.answers), item.source, list(item.spans), item.due, item.due_text, item.fanout)
        review.items.insert(index + len(new_items), copy)
        new_items.append(copy)
    if item.kind == SHORTCOMING:  # what answered the whole still answers each part
        for rec in review.of_kind(RECOMMENDATION):
            if key in rec.answers:
                rec.answers += [c.key for c in new_items[1:]]
    return None


def merge(review: Review, key: str) -> str | None:
    """Join an item with the next one of its kind."""
    item = review.find(key)
    if item is None:
        return None
    same = review.of_kind(item.kind)
    position = same.index(item)
    if position + 1 >= len(same):
        return _("Đây là mục cuối cùng, không có mục nào bên dưới để gộp.")
    other = same[position + 1]
    tail = other.text[:1].lower() + other.text[1:] if other.text[1:2].islower() else other.text
    item.text = f"{item.text.rstrip(' ;.')}; {tail}" if item.text else other.text
    item.field_id = item.field_id or other.field_id
    item.agency_id = item.agency_id or other.agency_id
    # The merged task is done when both parts are.
    item.due = max(filter(None, (item.due, other.due)), default=None)
    item.fanout = item.fanout or other.fanout
    item.answers = list(dict.fromkeys(item.answers + other.answers))
    if other.source and other.source != item.source:
        item.source = f"{item.source}\n{other.source}".strip()
    item.spans = sorted(set(item.spans + other.spans))
    review.items.remove(other)
    for rec in review.of_kind(RECOMMENDATION):
        rec.answers = list(dict.fromkeys(key if k == other.key else k for k in rec.answers))
    return None


def remove(review: Review, key: str) -> None:
    item = review.find(key)
    if item is not None:
        review.items.remove(item)
        for rec in review.of_kind(RECOMMENDATION):
            rec.answers = [k for k in rec.answers if k != key]


def add(review: Review, kind: str) -> None:
    if kind in KINDS and len(review.items) < MAX_ITEMS:
        review.items.append(ReviewItem(review.new_key(), kind, ""))


def apply(review: Review, op: str) -> str | None:
    """Carry out one button of the review page ("split:i3", "add:shortcoming"...); a message if it cannot."""
    verb, _sep, arg = op.partition(":")
    if verb == "split":
        return split(review, arg)
    if verb == "merge":
        return merge(review, arg)
    if verb == "remove":
        remove(review, arg)
    elif verb == "add":
        add(review, arg)
    return None


def problems(review: Review, field_ids: set[int], agency_ids: set[int]) -> dict[str, str]:
    """What stops saving, by item key ("" for the review as a whole)."""
    errors: dict[str, str] = {}
    if not review.items:
        errors[""] = _("Chưa có tồn tại hay đề nghị nào để lưu. Hãy thêm ít nhất một mục.")
    for item in review.items:
        limit = MAX_ITEM_TEXT[item.kind]
        if not item.text:
            errors[item.key] = _("Nội dung không được để trống; nếu không cần mục này, hãy bấm “Bỏ”.")
        elif len(item.text) > limit:
            errors[item.key] = _("Nội dung dài %(n)d ký tự, quá giới hạn %(max)d ký tự.", n=len(item.text), max=limit)
        elif has_control_chars(item.text.replace("\n", " ")):
            errors[item.key] = _("Nội dung chứa ký tự điều khiển không hợp lệ.")
        elif item.field_id is not None and item.field_id not in field_ids:
            errors[item.key] = _("Lĩnh vực đã chọn không thuộc bộ chỉ số của đợt thẩm định này.")
        elif item.agency_id is not None and item.agency_id not in agency_ids:
            errors[item.key] = _("Cơ quan đã chọn không còn hoạt động.")
        elif item.due_text and item.due is None:
            errors[item.key] = _("Thời hạn “%(d)s” không đúng dạng ngày/tháng/năm (ví dụ 31/12/2026).", d=item.due_text)
    return errors


@dataclass
class Segment:
    text: str
    item: ReviewItem | None = None
    label: str = ""


def segments(review: Review) -> list[Segment]:
    """The original text cut into plain and recognised parts, for highlighting (escaped by the template)."""
    marks = sorted(((start, end, item) for item in review.items for start, end in item.spans),
                   key=lambda mark: mark[:2])
    out: list[Segment] = []
    position = 0
    for start, end, item in marks:
        start = max(start, position)
        if start >= end:
            continue
        if start > position:
            out.append(Segment(review.text[position:start]))
        prefix = _("TT") if item.kind == SHORTCOMING else _("ĐN")
        out.append(Segment(review.text[start:end], item, f"{prefix}{review.number(item)}"))
        position = end
    if position < len(review.text):
        out.append(Segment(review.text[position:]))
    return out
