"""Tokens: stored as hashes, shown once, read-only or read-write, expiring, revocable; never a way into the
HTML pages, and the API never takes a session cookie."""

import re
from datetime import timedelta

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import ApiToken, Role, TaskStatus, TokenKind, User, utcnow
from tracker.services.organisation import tokens


def test_token_is_stored_as_its_hash_with_a_prefix(app, make, token_for):
    secret = token_for(make.officer())
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert secret.startswith("trk_") and len(secret) > 40
    assert token.token_hash == tokens.digest(secret) and secret not in token.token_hash
    assert secret.startswith(token.prefix) and len(token.prefix) == 12


def test_read_token_cannot_write_and_write_token_can(app, make, api_as):
    officer = make.officer()
    task = make.task(officer.agency, status=TaskStatus.IN_PROGRESS, evidence_required=False)
    reader = api_as(officer, "read")
    assert reader.get(f"/api/v1/tasks/{task.id}").status_code == 200
    refused = reader.post(f"/api/v1/tasks/{task.id}/progress", data={"progress": "50"})
    assert refused.status_code == 403
    assert refused.content_type == "application/problem+json"
    assert "chỉ có quyền đọc" in refused.get_json()["detail"]
    writer = api_as(officer, "write")
    assert writer.post(f"/api/v1/tasks/{task.id}/progress", data={"progress": "50"}).status_code == 200


def test_expired_and_revoked_tokens_get_401(app, make, api_as):
    officer = make.officer()
    expired, revoked = api_as(officer), api_as(officer)
    rows = db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id)).all()
    rows[0].expires_at = utcnow() - timedelta(seconds=1)
    tokens.revoke(rows[1], officer)
    db.session.commit()
    for client in (expired, revoked):
        response = client.get("/api/v1/me")
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.content_type == "application/problem+json"


def test_no_token_bad_token_and_deactivated_account_get_401(app, make, api_as, client):
    officer = make.officer()
    api = api_as(officer)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer trk_nope"}).status_code == 401
    officer.active = False
    db.session.commit()
    assert api.get("/api/v1/me").status_code == 401


def test_a_token_never_opens_an_html_page(app, make, token_for, client):
    secret = token_for(make.officer())
    response = client.get("/nhiem-vu/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_a_session_cookie_never_reaches_the_api(app, make, login_as):
    browser = login_as(make.officer())
    response = browser.get("/api/v1/me")
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_last_use_is_noted(app, make, api_as):
    api = api_as(make.officer())
    response = api.get("/api/v1/me")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers  # no session is started
    db.session.expire_all()
    assert db.session.scalars(sa.select(ApiToken)).one().last_used_at is not None


def test_admin_accounts_get_no_token(app, make):
    import pytest

    from tracker.services.errors import ServiceError

    with pytest.raises(ServiceError):
        tokens.create(make.admin(), name="x", scope="read", expires_days=None)


def test_profile_makes_shows_once_and_revokes_a_token(app, make, login_as):
    officer = make.officer()
    browser = login_as(officer)
    page = browser.get("/ho-so").get_data(as_text=True)
    assert "Mã truy cập API" in page and "Lịch thời hạn" in page  # the calendar section stays
    response = browser.post("/ho-so/ma-truy-cap", {"name": "Hệ thống QLVB", "scope": "write", "expires_days": "90"},
                            token_from="/ho-so")
    assert response.status_code == 200
    shown = re.search(r"trk_[A-Za-z0-9_-]{43}", response.get_data(as_text=True)).group(0)
    assert shown not in browser.get("/ho-so").get_data(as_text=True)  # shown once only
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.name == "Hệ thống QLVB" and token.expires_at is not None
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {shown}"}).status_code == 200
    response = browser.post("/ho-so/ma-truy-cap/thu-hoi", {"confirmed": "1", "token_id": str(token.id)},
                            token_from="/ho-so")
    assert response.status_code == 302
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {shown}"}).status_code == 401


def test_one_cannot_revoke_someone_elses_token(app, make, login_as, token_for):
    token_for(make.officer())
    token = db.session.scalars(sa.select(ApiToken)).one()
    browser = login_as(make.officer())
    response = browser.post("/ho-so/ma-truy-cap/thu-hoi", {"confirmed": "1", "token_id": str(token.id)},
                            token_from="/ho-so")
    assert response.status_code == 302
    db.session.expire_all()
    assert token.revoked_at is None


def test_admin_makes_an_integration_token_for_a_unit(app, make, login_as):
    unit = make.unit("UBND xã Gia Viễn", "Xã Gia Viễn")
    browser = login_as(make.admin())
    assert "Mã truy cập tích hợp" in browser.get("/quan-tri/ma-tich-hop").get_data(as_text=True)
    response = browser.post("/quan-tri/ma-tich-hop", {"name": "Hệ thống báo cáo tỉnh", "scope": "read",
                                                       "agency_id": str(unit.id), "expires_days": "0"},
                            token_from="/quan-tri/ma-tich-hop")
    assert response.status_code == 200
    assert re.search(r"trk_[A-Za-z0-9_-]{43}", response.get_data(as_text=True))
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.kind == TokenKind.INTEGRATION and token.expires_at is None
    service = db.session.get(User, token.user_id)
    assert service.role == Role.COORDINATOR and service.agency_id == unit.id
