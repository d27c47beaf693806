"""200 concurrent creations over real HTTP → 200 rows, unique referenties, no 500s (SQLite and PostgreSQL)."""
from __future__ import annotations

import asyncio
import secrets

import httpx
import pytest

from tests.inbox.conftest import BACKENDS, PgSchema, body, pg_available, start_server, stop_server


@pytest.fixture(scope="module", params=BACKENDS)
def backend_server(request, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp(f"inbox-{request.param}")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{var_dir / 'inbox.sqlite3'}"
    else:
        if not pg_available():
            pytest.skip("PostgreSQL op 127.0.0.1:5432 niet bereikbaar")
        schema = PgSchema()
        url = schema.url
    srv = start_server(var_dir, url)
    yield srv
    stop_server(srv)
    if schema:
        schema.drop()


async def _post_all(server, bodies_and_keys):
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as client:
        return await asyncio.gather(*[
            client.post("/api/v1/aanmeldingen", json=b, headers={**server.service(), "Idempotency-Key": k})
            for b, k in bodies_and_keys])


@pytest.mark.slow
def test_200_concurrent_creations_make_200_distinct_aanmeldingen(backend_server):
    conv = f"load-{secrets.token_hex(4)}"
    responses = asyncio.run(_post_all(backend_server, [(body(conversation_id=conv), secrets.token_hex(12))
                                                       for _ in range(200)]))
    assert sorted({r.status_code for r in responses}) == [201], [r.text for r in responses if r.status_code != 201][:3]
    refs = {r.json()["referentie"] for r in responses}
    ids = {r.json()["id"] for r in responses}
    assert len(refs) == 200 and len(ids) == 200
    listed = httpx.get(f"{backend_server.url}/api/v1/aanmeldingen", params={"conversation_id": conv, "limit": 1},
                       headers=backend_server.read()).json()
    assert listed["totaal"] == 200


def test_concurrent_retries_with_one_key_make_exactly_one_aanmelding(backend_server):
    key, conv = secrets.token_hex(12), f"retry-{secrets.token_hex(4)}"
    responses = asyncio.run(_post_all(backend_server, [(body(conversation_id=conv), key) for _ in range(20)]))
    assert {r.status_code for r in responses} <= {200, 201}
    assert [r.status_code for r in responses].count(201) == 1
    assert len({r.json()["id"] for r in responses}) == 1
    listed = httpx.get(f"{backend_server.url}/api/v1/aanmeldingen", params={"conversation_id": conv},
                       headers=backend_server.read()).json()
    assert listed["totaal"] == 1
