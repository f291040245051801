"""The task workflow, in one import: the transition table and every verb that obeys it.

Each verb calls ``transitions.check`` first, changes the task, writes a ``ProgressUpdate`` for every
status move and an audit event with before/after values, and never commits (the view does). The table
lives in ``transitions``, the status moves in ``moves``, the other actions (extensions, deadlines,
reassignment, directions) in ``actions``; both verb modules import the table, never this module.
"""

from .actions import (
    acknowledge_direction,
    add_direction,
    change_deadline,
    decide_extension,
    reassign,
    request_extension,
)
from .moves import (
    add_evidence,
    approve,
    cancel,
    postpone,
    report_progress,
    resume,
    return_task,
    roll_up,
    submit,
    withdraw_submission,
)
from .transitions import (
    MOVE_ACTION,
    MOVE_LABELS,
    PREVIOUS,
    TRANSITIONS,
    Move,
    Transition,
    WorkflowError,
    available_moves,
    check,
    deadline_refusal,
    may_move_deadlines,
    pending_extension,
    withdraw_pending,
)

__all__ = [
    "MOVE_ACTION", "MOVE_LABELS", "PREVIOUS", "TRANSITIONS", "Move", "Transition", "WorkflowError",
    "acknowledge_direction", "add_direction", "add_evidence", "approve", "available_moves", "cancel",
    "change_deadline", "check",
    "deadline_refusal", "decide_extension", "may_move_deadlines", "pending_extension", "postpone", "reassign",
    "report_progress", "request_extension", "resume", "return_task", "roll_up", "submit", "withdraw_pending",
    "withdraw_submission",
]
