"""Rules for the JSON API (``/api/v1``) and the pages that make its tokens.

``API`` routes answer 401 to every browser session (the API reads no cookie); with a token they answer as the
underlying kind in ``action`` (``"<kind>"`` or ``"<kind>:<action>"``) says — tests/api/test_api_access.py walks
them all with every role's token. ``form`` is the request's JSON (multipart for progress and submission).
"""

from tests.access import ADMIN, API, LOGIN, PUBLIC, Rule

RULES = {
    "api-docs.openapi_json": Rule(PUBLIC),
    "api_docs.page": Rule(PUBLIC),
    "api_docs.asset": Rule(PUBLIC),
    "auth.token_new": Rule(LOGIN, form={"name": "Hệ thống QLVB", "scope": "read", "expires_days": "30"}),
    "auth.token_revoke": Rule(LOGIN),  # someone's own token only: tests/api/test_tokens.py
    "admin.integration_tokens": Rule(ADMIN),
    "admin.integration_token_revoke": Rule(ADMIN),
    "api_reading.me": Rule(API, "login"),
    "api_reading.agencies": Rule(API, "login"),
    "api_reading.units": Rule(API, "login"),
    "api_tasks.task_list": Rule(API, "login"),
    "api_reading.appraisals": Rule(API, "follower"),
    "api_reading.appraisal": Rule(API, "appraisal:view"),
    "api_reading.agency_report": Rule(API, "agency"),
    "api_reading.unit_report": Rule(API, "unit"),
    "api_tasks.task_detail": Rule(API, "task:view"),
    "api_tasks.task_history": Rule(API, "task:view"),
    "api_tasks.report_progress": Rule(API, "task:report", form={"progress": "40", "note": "Đang soạn dự thảo."}),
    "api_tasks.submit": Rule(API, "task:submit", form={"note": "Đã ban hành kế hoạch."}),
    "api_tasks.withdraw": Rule(API, "task:submit", form={"note": "Rút để bổ sung."}),
    "api_tasks.approve": Rule(API, "task:decide", form={"note": "Đạt yêu cầu."}),
    "api_tasks.return_task": Rule(API, "task:decide", form={"reason": "Thiếu minh chứng."}),
    "api_tasks.request_extension": Rule(API, "task:request_extension",
                                        form={"new_date": "2099-12-31", "reason": "Chờ ý kiến của Sở."}),
    "api_tasks.decide_extension": Rule(API, "task:decide_extension", form={"decision": "approve", "note": ""}),
    "api_tasks.add_direction": Rule(API, "task:direct", form={"text": "Đề nghị hoàn thành sớm."}),
    "api_tasks.acknowledge_direction": Rule(API, "task:acknowledge"),
}
