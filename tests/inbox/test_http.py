"""HTTP tests against a real `python -m inbox` process (SQLite): contract, tokens, limits, Dutch errors."""
from __future__ import annotations

import secrets

import httpx
import pytest

from tests.inbox.conftest import body

BSN = "111222333"


def test_creation_returns_201_and_the_same_key_returns_200_with_the_same_body(server):
    key = secrets.token_hex(8)
    first = server.post(body(), key)
    again = server.post(body(samenvatting="anders"), key)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["referentie"].startswith("VMK-") and "verwacht_contact_voor" in first.json()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer fout"}, {"Authorization": "Basic eDp5"},
                                     {"Authorization": "Bearer"}])
def test_missing_or_wrong_service_token_is_401_in_dutch(server, headers):
    r = httpx.post(f"{server.url}/api/v1/aanmeldingen", json=body(), headers={**headers, "Idempotency-Key": "x"})
    assert r.status_code == 401 and r.json()["fout"].startswith("Niet geautoriseerd")
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_missing_idempotency_key_is_422(server):
    r = server.post(body())
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["velden"]


def test_malformed_bodies_get_dutch_field_errors(server):
    bad = body(kanaal="fax", onderwerpen=["paspoort"], kern="Amsterdam",
               contact={"naam": "", "telefoon": "0612345678"})
    del bad["wet"]
    r = server.post(bad, secrets.token_hex(8))
    velden = r.json()["velden"]
    assert r.status_code == 422 and r.json()["fout"] == "De aanvraag bevat ongeldige velden."
    assert velden["wet"] == "Dit veld is verplicht."
    assert velden["kanaal"].startswith("Onbekende code") and velden["onderwerpen.0"].startswith("Onbekende code")
    assert velden["kern"].startswith("Onbekende code") and "E.164" in velden["contact.telefoon"]


@pytest.mark.parametrize("raw", [b"{niet json", b"[]", b"", "\"tekst\"".encode()])
def test_non_object_bodies_are_422(server, raw):
    r = httpx.post(f"{server.url}/api/v1/aanmeldingen", content=raw,
                   headers={**server.service(), "Idempotency-Key": secrets.token_hex(8),
                            "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["fout"]


def test_an_oversized_body_is_413(server):
    r = server.post(body(samenvatting="x" * 300_000), secrets.token_hex(8))
    assert r.status_code == 413 and "te groot" in r.json()["fout"]


def test_samenvatting_over_10000_characters_is_rejected_and_10000_emoji_text_is_kept(server):
    too_long = server.post(body(samenvatting="a" * 10_001), secrets.token_hex(8))
    assert too_long.status_code == 422 and "10000" in too_long.json()["velden"]["samenvatting"]
    text = ("Zoë 🙂 ' OR 1=1; -- <img src=x onerror=alert(1)> " * 250)[:10_000]
    created = server.post(body(samenvatting=text), secrets.token_hex(8))
    assert created.status_code == 201
    got = httpx.get(f"{server.url}/api/v1/aanmeldingen/{created.json()['id']}", headers=server.read())
    assert got.json()["samenvatting"] == text.strip()  # surrounding whitespace is trimmed


def test_too_many_transcript_entries_are_rejected(server):
    r = server.post(body(transcript=[{"van": "inwoner", "tekst": "x"}] * 501), secrets.token_hex(8))
    assert r.status_code == 422 and "transcript" in r.json()["velden"]


def test_a_bsn_anywhere_is_masked_before_storage(server):
    created = server.post(body(samenvatting=f"bsn {BSN}", transcript=[{"van": "inwoner", "tekst": f"nr {BSN}"}],
                               redenen=[f"genoemd {BSN}"]), secrets.token_hex(8))
    got = httpx.get(f"{server.url}/api/v1/aanmeldingen/{created.json()['id']}", headers=server.read())
    assert BSN not in got.text and "[BSN verwijderd]" in got.json()["samenvatting"]


def test_list_filters_paginate_and_reject_unknown_codes(server):
    conv = f"conv-{secrets.token_hex(4)}"
    for _ in range(3):
        assert server.post(body(conversation_id=conv, kern="Rekken"), secrets.token_hex(8)).status_code == 201
    url = f"{server.url}/api/v1/aanmeldingen"
    page = httpx.get(url, params={"conversation_id": conv, "kern": "Rekken", "limit": 2}, headers=server.read())
    assert page.status_code == 200 and page.json()["totaal"] == 3 and len(page.json()["items"]) == 2
    rest = httpx.get(url, params={"conversation_id": conv, "limit": 2, "offset": 2}, headers=server.read())
    assert len(rest.json()["items"]) == 1
    assert httpx.get(url, params={"status": "actief", "created_from": "2020-01-01"},
                     headers=server.read()).status_code == 200
    bad = httpx.get(url, params={"urgentie": "kritiek", "limit": "veel"}, headers=server.read())
    assert bad.status_code == 422 and set(bad.json()["velden"]) >= {"urgentie"}


def test_unknown_aanmelding_is_404_in_dutch(server):
    r = httpx.get(f"{server.url}/api/v1/aanmeldingen/999999", headers=server.read())
    assert r.status_code == 404 and r.json() == {"fout": "Aanmelding 999999 bestaat niet.", "velden": {}}


def test_uitkomsten_are_idempotent(server):
    u = {"conversation_id": f"c-{secrets.token_hex(4)}", "kanaal": "web", "melder": "inwoner",
         "onderwerpen": ["eenzaamheid_meedoen"], "wet": "wmo", "urgentie": "normaal", "kern": "Borculo",
         "uitkomst": "verwezen_voorliggend_veld", "voorzieningen_aangeboden": ["dorpskamer"]}
    first = httpx.post(f"{server.url}/api/v1/uitkomsten", json=u, headers=server.service())
    again = httpx.post(f"{server.url}/api/v1/uitkomsten", json=u, headers=server.service())
    assert (first.status_code, again.status_code) == (201, 200) and first.json() == again.json()


def test_statistieken_as_json_and_csv(server):
    r = httpx.get(f"{server.url}/api/v1/statistieken", params={"periode": "week"}, headers=server.read())
    assert r.status_code == 200 and r.json()["totaal"]["aanmeldingen"] >= 1
    csv = httpx.get(f"{server.url}/api/v1/statistieken", params={"formaat": "csv"}, headers=server.read())
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("periode;kengetal;waarde")


def test_openapi_documents_the_bodies(server):
    spec = httpx.get(f"{server.url}/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/aanmeldingen"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert "huishoudelijke_hulp" in schema["properties"]["onderwerpen"]["items"]["enum"]
    assert {"serviceToken", "readToken"} <= set(spec["components"]["securitySchemes"])


def test_health_needs_no_token(server):
    assert httpx.get(f"{server.url}/health").json() == {"status": "ok"}
