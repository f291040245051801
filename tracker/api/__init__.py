"""The JSON API at ``/api/v1`` for the province's other systems, described by OpenAPI 3.1.

flask-smorest (MIT) generates the document from the marshmallow schemas the views already validate with, so the
description cannot drift from the code. Errors are ``application/problem+json`` (``problems.py``); callers
authenticate with Bearer tokens only (``auth.py``). Reading docs: ``docs/api.md``.
"""

import http

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from ..extensions import csrf, limiter
from . import auth
from .problems import MEDIA_TYPE
from .schemas import ProblemSchema


class TrackerApi(Api):
    """flask-smorest, with its errors left to ``tracker/errors.py`` and described as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        # The app answers errors itself: HTML for pages, problem+json on /api/ (errors.py -> problems.py).
        pass

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Problem details (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


api = TrackerApi()

DESCRIPTION = """\
JSON API of the appraisal follow-up tracker (theo dõi khắc phục sau thẩm định Chỉ số CCHC).

Authenticate with a personal or integration token: `Authorization: Bearer trk_…`. A read token may only GET.
Errors are `application/problem+json` (RFC 9457) with `detail` in the account's language and the `field` at fault.
Writes on a task take `If-Match` with the task's version (its `ETag`): a stale version answers 412.
"""


def register(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Theo dõi khắc phục sau thẩm định — API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", auth.PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    spec = {"info": {"description": DESCRIPTION, "license": {"name": "MIT", "identifier": "MIT"}},
            "servers": [{"url": "/"}], "security": [{"bearer": []}]}
    api.init_app(app, spec_kwargs=spec)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer",
                                                   "description": "A token from the profile page or the admin."})
    from . import docs, reading, task_actions, tasks  # noqa: F401  (the action views join the tasks blueprint)

    for blp in (tasks.blp, reading.blp):
        csrf.exempt(blp)  # no cookie is read on /api/, so there is no session to forge requests with
        limiter.limit(auth.rate_limit, key_func=auth.rate_key)(blp)
        api.register_blueprint(blp, url_prefix=auth.PREFIX)
    app.register_blueprint(docs.bp, url_prefix=auth.PREFIX)
    auth.register(app)
