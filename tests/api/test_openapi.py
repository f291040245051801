"""The OpenAPI document: it is OpenAPI 3.1, and schemathesis, run in-process over the whole document with all its
checks, finds nothing wrong. Examples stay few (``max_examples``) so ``make test`` stays quick on both databases."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.web import test_access_matrix as matrix
from tracker.services.organisation import tokens

MAX_EXAMPLES = 8

@pytest.fixture
def api_schema(app, make):
    world = matrix.build_world(make)
    _token, secret = tokens.create(world.users["leader"], name="schemathesis", scope="write", expires_days=1)
    app.config["SCHEMATHESIS_TOKEN"] = secret
    from tracker.extensions import db

    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_document_is_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    document = json.loads(response.get_data(as_text=True))
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "/api/v1/tasks" in document["paths"] and "/api/v1/reports/units/{unit_id}" in document["paths"]
    schemathesis.openapi.from_dict(document)  # loads and validates as an OpenAPI document


def test_docs_page_is_served_from_local_files(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in html and "https://" not in html
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_api_conforms_to_its_document(app, api_schema):
    """Every operation, a few valid and a few invalid generated requests each, every check schemathesis has."""
    headers = {"Authorization": f"Bearer {app.config['SCHEMATHESIS_TOKEN']}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 19

    runs = [(operation, mode) for operation in operations
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    for operation, mode in runs:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=headers)

        check()
