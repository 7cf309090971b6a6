"""The JSON search API under generated input (schemathesis): whatever a client sends to any
operation of /api/v1/openapi.json (search, suggest, and any operation added later: they
are read from the schema), the answer is one the schema documents — a 200 with the
documented shape or a 400 with {"error": "…"} — and never a 500, on the database the run
uses (CI runs it on SQLite and on PostgreSQL).

Wagtail's page API (/api/v2/) publishes no schema: tests/test_fuzz_public.py fuzzes its
addresses and parameters with every other public address.

The requests go in-process to the WSGI application inside the test's transaction (no
server, nothing written survives the test). Generation is derandomised, so a run is
reproducible and a failure is reported with the request that caused it.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

SCHEMA_URL = "/api/v1/openapi.json"
# Generated requests per operation and generation mode; the test checks the total reached.
EXAMPLES = {GenerationMode.POSITIVE: 3_500, GenerationMode.NEGATIVE: 1_500}
MINIMUM_REQUESTS = 5_000  # per operation


class CountingApp:
    """The Django WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.requests = 0
        self.statuses = {}

    def __call__(self, environ, start_response):
        self.requests += 1

        def counting_start_response(status, headers, *args):
            code = int(status.split()[0])
            self.statuses[code] = self.statuses.get(code, 0) + 1
            return start_response(status, headers, *args)

        return self.handler(environ, counting_start_response)


@pytest.fixture
def app():
    # Django closes the database connection around each request (as its test client
    # prevents too); the test's transaction, with the renewed certificates, must outlive them.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield CountingApp()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_generated_requests_get_documented_answers(app):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/products/search", "/api/v1/products/suggest"}

    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=list(HealthCheck),
            )
            def answers_as_documented(case):
                # Every default check (no server error; status code, content type, headers
                # and body as documented; negative data rejected) but the one expecting a 2xx
                # for any schema-valid request: the parameters are documented as text whose
                # valid values the descriptions give, and a wrong one is a documented 400.
                response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
                assert response.status_code < 500, response.text
                if response.status_code >= 400:
                    assert response.json()["error"], response.text

            answers_as_documented()

    assert app.requests >= MINIMUM_REQUESTS * len(operations), app.statuses
    # Both kinds of answer were exercised: the fuzzing reached real searches, not only errors.
    assert app.statuses.get(200, 0) > 1000 and app.statuses.get(400, 0) > 1000, app.statuses
    assert max(app.statuses) < 500, app.statuses
    print(f"{app.requests} requests: {app.statuses}")
