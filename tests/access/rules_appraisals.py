"""Rules for the appraisal pages, single-task create/edit, and the admin's reference data.

Appraisals are the assigning side's work: leader and coordinator only. The task edit page
is the task's EDIT action (an officer of the lead agency gets 403, of another agency 404).
Form values may say "{version}": the access-matrix test puts the task's current version there.
"""

from tests.access import ADMIN, APPRAISAL, ASSIGNER, TASK, Rule

RULES = {
    "appraisals.index": Rule(ASSIGNER),
    "appraisals.new": Rule(ASSIGNER, form={"unit_id": "0", "year": "2021"}),
    "appraisals.detail": Rule(APPRAISAL),
    "appraisals.edit": Rule(APPRAISAL, form={"year": "2021"}),
    "appraisals.import_conclusion": Rule(APPRAISAL, form={"text": "Tồn tại, hạn chế:\n- Báo cáo còn gửi chậm."}),
    # Nothing to confirm: an allowed user gets the review page back.
    "appraisals.review": Rule(APPRAISAL, form={"text": "", "count": "0", "op": "refresh"}),
    "appraisals.plan": Rule(APPRAISAL, form={"op": "save"}),
    "appraisals.plan_discard": Rule(APPRAISAL),
    # The item's own page; stale hidden values make an allowed POST answer 409, never save.
    "appraisals.edit_finding": Rule(APPRAISAL, form={"text": "Báo cáo còn gửi chậm."}),
    "appraisals.edit_recommendation": Rule(APPRAISAL, form={"text": "Gửi báo cáo đúng hạn."}),
    "tasks.new": Rule(ASSIGNER, form={"title": "Nhiệm vụ thử", "lead_agency_id": "0"}),
    "tasks.edit": Rule(TASK, "edit", form={"version": "{version}", "title": "Nhiệm vụ thử nghiệm"}),
    "admin.framework_list": Rule(ADMIN),
    "admin.framework_edit": Rule(ADMIN),
    "admin.framework_copy": Rule(ADMIN),
    "admin.field_edit": Rule(ADMIN),
    "admin.field_delete": Rule(ADMIN),
    "admin.keyword_list": Rule(ADMIN),
    "admin.keyword_add": Rule(ADMIN),
    "admin.keyword_delete": Rule(ADMIN),
    "admin.keyword_restore": Rule(ADMIN),
    "admin.keyword_try": Rule(ADMIN),
}
