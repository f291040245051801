"""Helpers of the API tests: a token for a user, and a client that sends it."""

import pytest

from tracker.extensions import db
from tracker.services.organisation import tokens


class ApiClient:
    def __init__(self, client, secret: str):
        self.client, self.secret = client, secret

    def _headers(self, extra=None):
        return {"Authorization": f"Bearer {self.secret}", **(extra or {})}

    def get(self, path, **kw):
        return self.client.get(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, path, json=None, data=None, **kw):
        headers = self._headers(kw.pop("headers", None))
        if data is not None:
            return self.client.post(path, data=data, headers=headers, content_type="multipart/form-data", **kw)
        return self.client.post(path, json=json if json is not None else {}, headers=headers, **kw)


@pytest.fixture
def token_for(app):
    """token_for(user, scope="write", expires_days=None) -> the token's secret."""

    def _make(user, scope="write", expires_days=None):
        _token, secret = tokens.create(user, name="Thử nghiệm", scope=scope, expires_days=expires_days)
        db.session.commit()
        return secret

    return _make


@pytest.fixture
def api_as(app, token_for):
    """api_as(user, scope="write") -> a client calling the API with a new token of ``user``."""

    def _client(user, scope="write"):
        return ApiClient(app.test_client(), token_for(user, scope))

    return _client
