"""Every API route with every role's token answers as its rule's underlying kind says (tests/access/rules_api.py),
and a refused request changes nothing. The admin has no token (tokens.create refuses it)."""

import pytest

from tests import access
from tests.api.conftest import ApiClient
from tests.web import test_access_matrix as matrix

API_ENDPOINTS = sorted(e for e in matrix.ENDPOINTS if matrix.RULES.get(e) and matrix.RULES[e].kind == access.API)
MULTIPART = {"api_tasks.report_progress", "api_tasks.submit"}


@pytest.mark.parametrize("endpoint", API_ENDPOINTS)
def test_api_route_answers_every_role_by_token(app, make, token_for, endpoint):
    decl = matrix.RULES[endpoint]
    kind, _sep, action = decl.action.partition(":")
    world = matrix.build_world(make)
    clients = {who: ApiClient(app.test_client(), token_for(user)) for who, user in world.users.items()
               if user.role.value != "admin"}
    for client in clients.values():
        client.get("/api/v1/me")  # notes the first use now, so the snapshots below compare only the request
    agency_id = world.agencies["lead"].id if kind == access.AGENCY else None

    def refused_first(item):
        who, _client = item
        return 0 if matrix.expected(kind, action or None, who, world.users[who], world) != matrix.ALLOWED else 1

    for url_rule in matrix.ENDPOINTS[endpoint]:
        url = matrix.url_for_rule(url_rule, world, agency_id)
        method = "POST" if "POST" in url_rule.methods else "GET"
        for who, client in sorted(clients.items(), key=refused_first):
            user = world.users[who]
            want = matrix.expected(kind, action or None, who, user, world)
            before = matrix.snapshot(app)
            if method == "GET":
                response = client.get(url)
            elif endpoint in MULTIPART:
                response = client.post(url, data=dict(decl.form))
            else:
                response = client.post(url, json=dict(decl.form))
            got = matrix.answer(response)
            ok = got in want if isinstance(want, set) else got == want
            assert ok, f"{method} {url} as {who}: expected {want}, got {got} ({response.status_code})"
            if got != matrix.ALLOWED:
                assert response.content_type == "application/problem+json"
                after = matrix.snapshot(app)
                assert after == before, f"{method} {url} as {who}: refused but changed " \
                                        f"{matrix.changed_tables(before, after)}"
