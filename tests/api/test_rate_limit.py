"""Requests are counted per token: one token over its limit gets 429 (as a problem), another token does not."""

from tracker import create_app
from tracker.extensions import db
from tracker.services.organisation import tokens


def test_each_token_has_its_own_rate_limit(database, tmp_path, make):
    limited = create_app("test", {"SQLALCHEMY_DATABASE_URI": database.url, "UPLOAD_FOLDER": str(tmp_path / "up"),
                                  "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "2 per minute"})
    officer = make.officer()
    _t1, first = tokens.create(officer, name="một", scope="read", expires_days=None)
    _t2, second = tokens.create(officer, name="hai", scope="read", expires_days=None)
    db.session.commit()
    client = limited.test_client()
    with limited.app_context():
        answers = [client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
                   for secret in (first, first, first, second)]
        db.session.remove()
    assert [r.status_code for r in answers] == [200, 200, 429, 200]
    assert answers[2].content_type == "application/problem+json"
