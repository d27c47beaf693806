"""Property-based run of schemathesis against the served OpenAPI document: valid and invalid inputs, no 500s.

Driven through Hypothesis directly (schemathesis' pytest plugin does not work with this pytest version).
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

pytestmark = pytest.mark.slow
EXAMPLES = 30  # per operation and mode: the whole run stays well under two minutes


def _operations(server):
    schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json")
    schema.config.update(base_url=server.url)
    ops = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in ops} >= {
        "POST /api/v1/aanmeldingen", "GET /api/v1/aanmeldingen", "GET /api/v1/aanmeldingen/{aanmelding_id}",
        "POST /api/v1/uitkomsten", "GET /api/v1/statistieken"}
    return ops


@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
def test_the_api_never_answers_500(server, mode):
    failures: list[str] = []
    unsatisfiable: list[str] = []
    for op in _operations(server):
        token = server.service() if op.method.upper() == "POST" else server.read()

        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)
        def check(case):
            response = case.call(headers=token, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{op.method.upper()} {op.path}: {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
                assert set(response.json()) == {"fout", "velden"}, response.text

        try:
            check()
        except Unsatisfiable:
            # Negative mode: an operation with nothing that can be made invalid (e.g. no body, no parameters).
            assert mode == schemathesis.GenerationMode.NEGATIVE
            unsatisfiable.append(op.path)
    assert failures == []
    assert len(unsatisfiable) < 3
