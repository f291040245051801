"""Rules for the task page and its actions (tracker/tasks/views.py).

Form values may say "{version}": the access-matrix test puts the task's current version there,
so allowed users reach the real code path instead of a stale-form answer.
"""

from tests.access import EVIDENCE, TASK, Rule

V = "{version}"

RULES = {
    "tasks.detail": Rule(TASK, "view"),
    "tasks.history": Rule(TASK, "view"),
    "tasks.evidence": Rule(EVIDENCE),
    "tasks.report_progress": Rule(TASK, "report", form={"progress-version": V, "progress-progress": "60",
                                                        "progress-note": "Đã rà soát 12/20 công chức"}),
    "tasks.submit": Rule(TASK, "submit", form={"submit-version": V, "submit-note": "Đã hoàn thành"}),
    "tasks.add_evidence": Rule(TASK, "submit", form={"add_evidence-version": V}),
    "tasks.withdraw_submission": Rule(TASK, "submit", form={"withdraw-version": V}),
    "tasks.approve": Rule(TASK, "decide", form={"approve-version": V}),
    "tasks.return_task": Rule(TASK, "decide", form={"return-version": V, "return-reason": "Thiếu danh sách"}),
    "tasks.postpone": Rule(TASK, "postpone", form={"postpone-version": V, "postpone-reason": "Chờ hướng dẫn"}),
    "tasks.resume": Rule(TASK, "postpone", form={"resume-version": V}),
    "tasks.cancel": Rule(TASK, "cancel", form={"cancel-version": V, "cancel-reason": "Không còn phù hợp",
                                               "confirmed": "1"}),
    "tasks.request_extension": Rule(TASK, "request_extension",
                                    form={"extension-version": V, "extension-new_date": "2099-12-31",
                                          "extension-reason": "Cần thêm thời gian"}),
    "tasks.decide_extension": Rule(TASK, "decide_extension", form={"decision-version": V,
                                                                   "decision-decision": "approve"}),
    "tasks.change_deadline": Rule(TASK, "edit", form={"deadline-version": V, "deadline-new_date": "2099-12-31",
                                                      "deadline-reason": "Điều chỉnh kế hoạch"}),
    "tasks.reassign": Rule(TASK, "assign", form={"reassign-version": V}),
    "tasks.add_direction": Rule(TASK, "direct", form={"direction-version": V,
                                                      "direction-text": "Đề nghị hoàn thành sớm"}),
    "tasks.acknowledge_direction": Rule(TASK, "acknowledge", form={"ack-version": V}),
}
