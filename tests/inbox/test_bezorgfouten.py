"""Bezorgfouten: the inbox records what it refuses the assistant for good, without personal data (SQLite, PG)."""
from __future__ import annotations

import datetime as dt
import secrets
import uuid

import httpx
import pytest

from inbox import schemas
from inbox.services import bezorgfouten, intake, monitoring
from tests.inbox.conftest import BACKENDS, database_url, start_server, stop_server
from tests.support.payloads import aanmelding_body


def _open(session) -> list[dict]:
    return bezorgfouten.lijst(session).items


def test_a_refusal_is_open_until_its_aanmelding_arrives_and_a_repeat_counts_up(session):
    key = str(uuid.uuid4())
    bezorgfouten.record(session, "aanmelding", key, 422, "De aanvraag bevat ongeldige velden.", ["onderwerpen.0"],
                        "spoed")
    bezorgfouten.record(session, "aanmelding", key, 422, "De aanvraag bevat ongeldige velden.", ["onderwerpen.0"],
                        "spoed")
    [item] = _open(session)
    assert (item["aantal"], item["urgentie"], item["velden"], item["kenmerk"]) == (
        2, "spoed", ["onderwerpen.0"], bezorgfouten.kenmerk(key))
    assert bezorgfouten.open_count(session) == 1
    intake.create_aanmelding(session, schemas.parse(schemas.models()[0], aanmelding_body()), key)
    assert bezorgfouten.open_count(session) == 0 and _open(session) == []
    [item] = bezorgfouten.lijst(session, alleen_open=False).items
    assert item["aangekomen"] is True


def test_a_beheerder_marks_one_afgehandeld_and_a_new_refusal_reopens_it(session):
    bezorgfouten.record(session, "uitkomst", None, 422, "Onbekende uitkomst.", ["uitkomst"], "geen-code")
    [item] = _open(session)
    assert item["urgentie"] is None and item["kenmerk"] is None  # only known codes; no key for an uitkomst
    bezorgfouten.afhandelen(session, item["id"], "beheer1")
    assert bezorgfouten.open_count(session) == 0
    key = "k-1"
    bezorgfouten.record(session, "aanmelding", key, 409, "", [], "normaal")
    [row] = _open(session)
    bezorgfouten.afhandelen(session, row["id"], "beheer1")
    bezorgfouten.record(session, "aanmelding", key, 422, "x", [], None)
    [again] = _open(session)
    assert (again["id"], again["aantal"], again["status_code"], again["urgentie"]) == (row["id"], 2, 422, "normaal")


def test_purge_removes_bezorgfouten_last_refused_before_the_age(session):
    now = dt.datetime.now(dt.timezone.utc)
    bezorgfouten.record(session, "aanmelding", "oud", 422, "x", [], None, now=now - dt.timedelta(days=400))
    bezorgfouten.record(session, "aanmelding", "nieuw", 422, "x", [], None, now=now)
    assert bezorgfouten.purge(session, dt.timedelta(days=365), now=now) == 1
    assert [i["idempotency_key"] for i in _open(session)] == ["nieuw"]


def test_monitoring_counts_open_bezorgfouten_in_json_and_csv(session):
    bezorgfouten.record(session, "aanmelding", "a", 422, "x", [], "spoed")
    bezorgfouten.record(session, "aanmelding", "b", 413, "x", [], None)
    figures = monitoring.statistieken(session)
    assert figures["niet_afgeleverd"] == 2
    assert "stand;niet_afgeleverd;2" in monitoring.to_csv(figures).splitlines()


def test_the_kenmerk_is_the_one_the_inwoner_was_given():
    from bot.actions.common import kenmerk

    key = str(uuid.uuid4())
    assert bezorgfouten.kenmerk(key) == kenmerk(key)


def test_the_inbox_records_exactly_what_the_assistant_keeps_as_a_dead_letter():
    from bot.actions.inbox_client import is_refused_for_good
    from inbox.api.bezorgfouten import refused_for_good

    assert [s for s in range(100, 600) if refused_for_good(s)] == [s for s in range(100, 600) if is_refused_for_good(s)]


@pytest.fixture(params=BACKENDS)
def real_server(request, tmp_path):
    server = start_server(tmp_path / "var", database_url(request.param, tmp_path, request))
    yield server
    stop_server(server)


def test_refusals_to_the_service_are_recorded_and_counted_other_callers_are_not(real_server):
    srv = real_server
    url = f"{srv.url}/api/v1/aanmeldingen"
    key = str(uuid.uuid4())
    assert srv.post(aanmelding_body(onderwerpen=["bestaat_niet"], urgentie="spoed"), key=key).status_code == 422
    assert srv.post(aanmelding_body(), key=key).status_code == 201  # the same key, fixed body: arrived after all
    refused = str(uuid.uuid4())
    assert srv.post(aanmelding_body(wet="geen_wet"), key=refused).status_code == 422
    r = httpx.post(f"{srv.url}/api/v1/uitkomsten", json={"uitkomst": "onbekend"}, headers=srv.service(), timeout=30)
    assert r.status_code == 422
    # Not the assistant, or not for good: nothing recorded.
    assert httpx.post(url, json={}, headers={"Authorization": "Bearer verkeerd", "Idempotency-Key": "x"},
                      timeout=30).status_code == 401
    read_token = httpx.post(url, json={}, headers={**srv.read(), "Idempotency-Key": "y"}, timeout=30)
    assert read_token.status_code == 403  # a token of another scope
    too_big = aanmelding_body(samenvatting="x" * 300_000)  # refused before the token is looked at
    assert httpx.post(url, json=too_big, headers={"Idempotency-Key": "z"}, timeout=30).status_code == 413
    assert srv.post(aanmelding_body(), key=str(uuid.uuid4())).status_code == 201

    stats = httpx.get(f"{srv.url}/api/v1/statistieken", headers=srv.read(), timeout=30).json()
    assert stats["niet_afgeleverd"] == 2  # the wrong wet and the uitkomst; the first one arrived after all

    from inbox.db import make_engine, make_sessionmaker

    engine = make_engine(srv.database_url)
    try:
        with make_sessionmaker(engine)() as s:
            items = bezorgfouten.lijst(s, alleen_open=False).items
    finally:
        engine.dispose()
    rows = {(i["soort"], i["idempotency_key"], i["status_code"], i["urgentie"], tuple(i["velden"]), i["aangekomen"])
            for i in items if i["soort"] == "aanmelding"}
    assert rows == {("aanmelding", key, 422, "spoed", ("onderwerpen.0",), True),
                    ("aanmelding", refused, 422, "normaal", ("wet",), False)}
    [uitkomst] = [i for i in items if i["soort"] == "uitkomst"]
    assert uitkomst["idempotency_key"] is None and uitkomst["status_code"] == 422 and uitkomst["velden"]
    # Nothing personal is copied into the inbox's record of the refusal.
    assert not any(word in repr(items) for word in ("Jansen", "+31612345678", "huishouden", "conv-"))
