"""Rules for the appraisal pages, single-task create/edit, and the admin's reference data.

Appraisals are recorded by a unit's assigning side or the province coordinator, read by the province leader too,
and planned by the unit alone; the province coordinator hands a reviewed conclusion to the unit. The task edit page
is the task's EDIT action (an officer of the lead agency gets 403, of another agency 404).
Form values may say "{version}": the access-matrix test puts the task's current version there.
"""

from tests.access import ADMIN, APPRAISAL, ASSIGNER, FOLLOWER, RECORDER, TASK, UNIT, Rule

RULES = {
    "appraisals.index": Rule(FOLLOWER),
    "appraisals.new": Rule(RECORDER, form={"unit_id": "0", "year": "2021"}),
    "appraisals.detail": Rule(APPRAISAL, "view"),
    "appraisals.edit": Rule(APPRAISAL, "record", form={"year": "2021"}),
    "appraisals.import_conclusion": Rule(APPRAISAL, "record",
                                         form={"text": "Tồn tại, hạn chế:\n- Báo cáo còn gửi chậm."}),
    # Nothing to confirm: an allowed user gets the review page back.
    "appraisals.review": Rule(APPRAISAL, "record", form={"text": "", "count": "0", "op": "refresh"}),
    "appraisals.plan": Rule(APPRAISAL, "plan", form={"op": "save"}),
    "appraisals.plan_discard": Rule(APPRAISAL, "plan"),
    # Unconfirmed: an allowed user is asked once, nothing changes yet.
    "appraisals.hand_over": Rule(APPRAISAL, "hand_over"),
    # An empty form saves nothing new (no score typed): an allowed user is sent back to the appraisal.
    "appraisals.criterion_scores": Rule(APPRAISAL, "record"),
    "appraisals.unit_history": Rule(UNIT),
    # The item's own page; stale hidden values make an allowed POST answer 409, never save.
    "appraisals.edit_finding": Rule(APPRAISAL, "record", form={"text": "Báo cáo còn gửi chậm."}),
    "appraisals.edit_recommendation": Rule(APPRAISAL, "record", form={"text": "Gửi báo cáo đúng hạn."}),
    "tasks.new": Rule(ASSIGNER, form={"title": "Nhiệm vụ thử", "lead_agency_id": "0"}),
    "tasks.edit": Rule(TASK, "edit", form={"version": "{version}", "title": "Nhiệm vụ thử nghiệm"}),
    "admin.framework_list": Rule(ADMIN),
    "admin.framework_edit": Rule(ADMIN),
    "admin.framework_copy": Rule(ADMIN),
    "admin.field_edit": Rule(ADMIN),
    "admin.field_delete": Rule(ADMIN),
    "admin.criterion_edit": Rule(ADMIN),
    "admin.criterion_delete": Rule(ADMIN),
    "admin.framework_import": Rule(ADMIN),
    "admin.framework_import_confirm": Rule(ADMIN),
    "admin.keyword_list": Rule(ADMIN),
    "admin.keyword_add": Rule(ADMIN),
    "admin.keyword_delete": Rule(ADMIN),
    "admin.keyword_restore": Rule(ADMIN),
    "admin.keyword_try": Rule(ADMIN),
}
