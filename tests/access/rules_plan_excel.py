"""Rules for the plan in Excel: its download (like the DOCX plan) and the upload with its preview and confirmation."""

from tests.access import APPRAISAL, Rule

RULES = {
    "appraisals.plan_xlsx": Rule(APPRAISAL, "view"),
    "appraisals.plan_upload": Rule(APPRAISAL, "plan"),
    "appraisals.plan_upload_confirm": Rule(APPRAISAL, "plan"),
}
