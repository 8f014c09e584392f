"""Schema-based fuzzing of /api/ (schemathesis, in-process through the WSGI app).

Every operation of the OpenAPI schema gets generated requests, as a signed-in carrier (so the
write operations are reached too, with valid and invalid bodies); no answer may be a server error
or break the schema it documents. The Hypothesis profile bounds the examples per operation and
derandomises them, so the run takes well under a minute and fails the same way every time.
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
)

settings.register_profile(
    "api-fuzz",
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


def _load_schema():
    """The schema as /api/schema/ serves it, built without a request (no database at collection;
    schemathesis' lazy `from_fixture` loader does not work with pytest 9)."""
    from django.core.wsgi import get_wsgi_application
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def _keep_test_connection():
    """The WSGI app closes the database connection after each request (`close_old_connections`);
    inside a test that would end the test's transaction (PostgreSQL). Django's test client
    disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def carrier_token(world, _keep_test_connection) -> str:
    return Token.objects.create(user=world["carrier"]).key


schema = _load_schema()


@pytest.mark.django_db
@schema.parametrize()
@settings(parent=settings.get_profile("api-fuzz"))
def test_api_answers_within_its_schema_and_never_with_a_server_error(case, world, carrier_token):
    case.call_and_validate(headers={"Authorization": f"Token {carrier_token}"}, checks=CHECKS)
