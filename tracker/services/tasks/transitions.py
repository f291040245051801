"""The task workflow's table: who may move a task from which status to which, and the gate that reads it.

The verbs that obey it live in ``moves`` (status moves) and ``actions`` (extensions, deadlines,
reassignment, directions); callers import every verb from ``workflow``, which gathers them.
"""

import enum
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...extensions import db
from ...models import Extension, ExtensionStatus, Role, Task, TaskStatus, User
from ...permissions import Action, Relation, can, relation
from ...textutil import has_control_chars, nfc
from .. import audit
from ..errors import ServiceError
from ..reference import get_setting


class WorkflowError(ServiceError):
    """A move the workflow does not allow, or one missing what it needs (a reason, a file...)."""


class Move(enum.StrEnum):
    REPORT = "report"  # the lead agency reports progress
    REPORT_SHARE = "report_share"  # a supporting agency reports on its share; the task itself does not move
    SUBMIT = "submit"
    ADD_EVIDENCE = "add_evidence"  # more files for a submission waiting for its decision
    WITHDRAW = "withdraw"  # the lead agency takes back a submission not yet decided
    APPROVE = "approve"
    RETURN = "return"
    POSTPONE = "postpone"
    RESUME = "resume"
    CANCEL = "cancel"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    CHANGE_DEADLINE = "change_deadline"
    REASSIGN = "reassign"
    DIRECT = "direct"
    ACKNOWLEDGE = "acknowledge"


# Resume goes back to the status the task had when it was postponed, read from its history.
PREVIOUS = "previous"


@dataclass(frozen=True)
class Transition:
    to: TaskStatus | str | None  # None: the status stays; PREVIOUS: the status before postponement
    who: frozenset[Relation]


S = TaskStatus
LEAD, SUPPORT, ASSIGNER, FOLLOWER = (frozenset({Relation.LEAD}), frozenset({Relation.SUPPORT}),
                                     frozenset({Relation.ASSIGNER}), frozenset({Relation.FOLLOWER}))
WORKING = (S.NOT_STARTED, S.IN_PROGRESS, S.RETURNED)
OPEN = (*WORKING, S.SUBMITTED)
LIVE = (*OPEN, S.POSTPONED)
ASSIGNED = (*LIVE, S.DONE, S.CANCELLED)


def _rows(statuses, move: Move, to, who) -> dict:
    return {(status, move): Transition(to, who) for status in statuses}


# THE table: (status, move) -> new status and who may make the move. Anything absent is refused.
TRANSITIONS: dict[tuple[TaskStatus, Move], Transition] = {
    (S.NOT_STARTED, Move.REPORT): Transition(S.IN_PROGRESS, LEAD),
    (S.IN_PROGRESS, Move.REPORT): Transition(None, LEAD),
    (S.RETURNED, Move.REPORT): Transition(S.IN_PROGRESS, LEAD),
    **_rows(OPEN, Move.REPORT_SHARE, None, SUPPORT),
    **_rows(WORKING, Move.SUBMIT, S.SUBMITTED, LEAD),
    (S.SUBMITTED, Move.ADD_EVIDENCE): Transition(None, LEAD),
    (S.SUBMITTED, Move.WITHDRAW): Transition(S.IN_PROGRESS, LEAD),
    (S.SUBMITTED, Move.APPROVE): Transition(S.DONE, ASSIGNER),
    (S.SUBMITTED, Move.RETURN): Transition(S.RETURNED, ASSIGNER),
    **_rows(OPEN, Move.POSTPONE, S.POSTPONED, ASSIGNER),
    (S.POSTPONED, Move.RESUME): Transition(PREVIOUS, ASSIGNER),
    **_rows(LIVE, Move.CANCEL, S.CANCELLED, ASSIGNER),
    **_rows(WORKING, Move.REQUEST_EXTENSION, None, LEAD),
    **_rows(LIVE, Move.DECIDE_EXTENSION, None, ASSIGNER),
    **_rows(LIVE, Move.CHANGE_DEADLINE, None, ASSIGNER),
    **_rows(LIVE, Move.REASSIGN, None, ASSIGNER),
    **_rows(ASSIGNED, Move.DIRECT, None, ASSIGNER | FOLLOWER),
    **_rows(ASSIGNED, Move.ACKNOWLEDGE, None, LEAD),
}

# Moves that change a deadline: the leader's, and the coordinator's only when the admin allows it.
DEADLINE_MOVES = frozenset({Move.DECIDE_EXTENSION, Move.CHANGE_DEADLINE})

# The permission each move needs as well (permissions.py narrows further, e.g. directions: leader only).
MOVE_ACTION = {
    Move.REPORT: Action.REPORT, Move.REPORT_SHARE: Action.REPORT, Move.SUBMIT: Action.SUBMIT,
    Move.ADD_EVIDENCE: Action.SUBMIT, Move.WITHDRAW: Action.SUBMIT,
    Move.APPROVE: Action.DECIDE, Move.RETURN: Action.DECIDE, Move.POSTPONE: Action.POSTPONE,
    Move.RESUME: Action.POSTPONE, Move.CANCEL: Action.CANCEL, Move.REQUEST_EXTENSION: Action.REQUEST_EXTENSION,
    Move.DECIDE_EXTENSION: Action.DECIDE_EXTENSION, Move.CHANGE_DEADLINE: Action.EDIT,
    Move.REASSIGN: Action.ASSIGN, Move.DIRECT: Action.DIRECT, Move.ACKNOWLEDGE: Action.ACKNOWLEDGE,
}

MOVE_LABELS = {
    Move.REPORT: _l("cập nhật tiến độ"), Move.REPORT_SHARE: _l("cập nhật tiến độ"),
    Move.SUBMIT: _l("báo cáo hoàn thành"), Move.ADD_EVIDENCE: _l("bổ sung minh chứng"),
    Move.WITHDRAW: _l("rút báo cáo hoàn thành"), Move.APPROVE: _l("duyệt hoàn thành"), Move.RETURN: _l("trả lại"),
    Move.POSTPONE: _l("tạm hoãn"), Move.RESUME: _l("cho tiếp tục thực hiện"), Move.CANCEL: _l("hủy"),
    Move.REQUEST_EXTENSION: _l("đề nghị gia hạn"), Move.DECIDE_EXTENSION: _l("quyết định gia hạn"),
    Move.CHANGE_DEADLINE: _l("điều chỉnh thời hạn"), Move.REASSIGN: _l("giao lại"),
    Move.DIRECT: _l("cho ý kiến chỉ đạo"), Move.ACKNOWLEDGE: _l("xác nhận đã đọc ý kiến chỉ đạo"),
}

MAX_TEXT = 5000


def _who_message(move: Move) -> str:
    if move in (Move.REPORT, Move.REPORT_SHARE):
        return _("Chỉ cơ quan chủ trì và cơ quan phối hợp được cập nhật tiến độ nhiệm vụ.")
    if move == Move.DIRECT:
        return _("Chỉ lãnh đạo UBND (và lãnh đạo, đầu mối CCHC cấp tỉnh) được cho ý kiến chỉ đạo.")
    if move in (Move.SUBMIT, Move.ADD_EVIDENCE, Move.WITHDRAW, Move.REQUEST_EXTENSION, Move.ACKNOWLEDGE):
        return _("Chỉ cán bộ cơ quan chủ trì được %(action)s.", action=MOVE_LABELS[move])
    return _("Chỉ bên giao nhiệm vụ (lãnh đạo UBND, đầu mối CCHC) được %(action)s.", action=MOVE_LABELS[move])


def check(task: Task, actor: User, move: Move) -> Transition:
    """The table's transition for ``move`` on ``task`` by ``actor``, or WorkflowError saying why not."""
    if task.is_group:
        # A group is followed through its parts: each agency reports on its own, and is decided on its own.
        raise WorkflowError(_("Đây là nhiệm vụ chung của nhiều đơn vị, được theo dõi qua nhiệm vụ của từng đơn vị: "
                              "hãy mở nhiệm vụ của đơn vị để %(action)s.", action=MOVE_LABELS[move]))
    rel = relation(actor, task)
    transition = TRANSITIONS.get((task.status, move))
    allowed_somewhere = any(rel in t.who for (_s, m), t in TRANSITIONS.items() if m == move)
    if not allowed_somewhere or not can(actor, MOVE_ACTION[move], task):
        raise WorkflowError(_who_message(move))
    if transition is None or rel not in transition.who:
        raise WorkflowError(_("Không thể %(action)s khi nhiệm vụ đang ở trạng thái “%(status)s”.",
                              action=MOVE_LABELS[move], status=task.status.label))
    if move in DEADLINE_MOVES and not may_move_deadlines(actor):
        # A deadline moves only by the leader's decision (domain.md); a direct change is one, recorded as an
        # approved extension, so the coordinator may make it only where they may decide extensions.
        if move == Move.DECIDE_EXTENSION:
            raise WorkflowError(_("Chỉ lãnh đạo UBND được quyết định gia hạn. Đầu mối CCHC chỉ quyết định khi "
                                  "quản trị hệ thống cho phép."))
        raise WorkflowError(deadline_refusal())
    return transition


def deadline_refusal() -> str:
    """Why a coordinator may not move a deadline here (in the language of the request)."""
    return _("Chỉ lãnh đạo UBND được điều chỉnh thời hạn. Đầu mối CCHC chỉ điều chỉnh khi quản trị hệ thống cho "
             "phép quyết định gia hạn.")


def may_move_deadlines(actor: User) -> bool:
    """Whether ``actor``'s role lets them decide extensions and change deadlines, on the tasks they assign."""
    return actor.role != Role.COORDINATOR or coordinator_decides_extensions()


def coordinator_decides_extensions() -> bool:
    """Whether the admin lets the coordinator decide extension requests as well as the leader."""
    return get_setting("workflow.coordinator_decides_extensions") == "1"


def pending_extension(task: Task) -> Extension | None:
    """The task's extension request waiting for a decision (there is at most one)."""
    stmt = sa.select(Extension).where(Extension.task_id == task.id, Extension.status == ExtensionStatus.PENDING)
    return db.session.execute(stmt.order_by(Extension.id.desc())).scalars().first()


def available_moves(user: User, task: Task) -> set[Move]:
    """The moves ``user`` may make on ``task`` now: the page shows only these forms."""
    moves = set()
    for move in Move:
        try:
            check(task, user, move)
        except WorkflowError:
            continue
        moves.add(move)
    pending = pending_extension(task) if moves & {Move.REQUEST_EXTENSION, Move.DECIDE_EXTENSION} else None
    if pending is not None or task.due_date is None:
        moves.discard(Move.REQUEST_EXTENSION)
    if pending is None:
        moves.discard(Move.DECIDE_EXTENSION)
    return moves


def clean_text(value: str | None, label: str, *, required: bool, field: str, max_length: int = MAX_TEXT) -> str:
    """Trimmed NFC text; refuses missing required text, control characters and overlong text."""
    text = nfc((value or "").strip())
    if required and not text:
        raise WorkflowError(_("Vui lòng nhập %(label)s.", label=label), field=field)
    if len(text) > max_length:
        raise WorkflowError(_("Nội dung dài quá %(n)d ký tự.", n=max_length), field=field)
    if has_control_chars(text.replace("\r", "").replace("\n", "").replace("\t", "")):
        raise WorkflowError(_("Nội dung chứa ký tự điều khiển không hợp lệ."), field=field)
    return text


def withdraw_pending(task: Task, actor: User, now: datetime, note: str) -> None:
    """Close the pending extension request, if any: a finished task or a direct deadline change ends it."""
    pending = pending_extension(task)
    if pending is not None:
        pending.status, pending.decided_by, pending.decided_at = ExtensionStatus.WITHDRAWN, actor, now
        pending.decision_note = note
        audit.record("extension_withdrawn", "task", task.id, {"extension_id": pending.id, "note": note}, actor=actor)
