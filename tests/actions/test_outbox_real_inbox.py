"""Issue 3: the inbox is stopped while an aanmelding is routed; after its restart the outbox delivers it exactly once."""
from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.aanmelding import ActionAanmeldingVersturen
from bot.actions.common import idempotency_key, kenmerk
from bot.actions.outbox import AANMELDING, AUTH_ALERT_AFTER
from tests.actions.conftest import make_tracker
from tests.browser.conftest_inbox import csrf_of, http_login
from tests.browser.conftest_inbox import start_inbox as start_browser_inbox
from tests.support.payloads import aanmelding_body
from tests.actions.test_actions import ROUTED
from tests.support.stack import free_port, wait_for_http

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def start_inbox(env: dict[str, str], var_dir: Path) -> subprocess.Popen:
    log = var_dir / "inbox.log"
    proc = subprocess.Popen([sys.executable, "-m", "inbox"], env=env, cwd=ROOT, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)
    wait_for_http(f"http://127.0.0.1:{env['INBOX_PORT']}/health", 60, proc, log)
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


async def test_inbox_stopped_during_routing_gets_the_aanmelding_exactly_once_after_restart(tmp_path, monkeypatch):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VOORDEUR_VAR_DIR": str(tmp_path / "inbox"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'inbox.sqlite3'}", "INBOX_HOST": "127.0.0.1",
           "INBOX_PORT": str(port), "INBOX_SERVICE_TOKEN": secrets.token_urlsafe(24),
           "INBOX_READ_TOKEN": secrets.token_urlsafe(24), "INBOX_SECRET_KEY": secrets.token_urlsafe(24)}
    (tmp_path / "inbox").mkdir()
    monkeypatch.setenv("INBOX_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("INBOX_SERVICE_TOKEN", env["INBOX_SERVICE_TOKEN"])
    monkeypatch.setenv("VOORDEUR_OUTBOX_MAX_DELAY", "0.1")
    services.reset()
    proc = start_inbox(env, tmp_path / "inbox")  # migrate once, then stop: the inbox is down during routing
    stop(proc)

    services.drafts().put("down-1", "telefoon", "+31612345678")
    tracker = make_tracker(slots=ROUTED, sender_id="down-1")
    dispatcher = CollectingDispatcher()
    await ActionAanmeldingVersturen().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == c.UTTER_AANMELDING_ONTVANGEN  # honest: received, being passed on
    await ActionAanmeldingVersturen().run(CollectingDispatcher(), tracker, {})  # the inwoner clicks "ja" again
    key = idempotency_key(tracker)
    assert services.outbox().get(key).status == "pending"

    proc = start_inbox(env, tmp_path / "inbox")
    try:
        services.outbox().make_due(key)  # skip the backoff wait
        await services.outbox().run_once()
        await services.outbox().run_once()
        assert services.outbox().get(key).status == "delivered"
        rows = httpx.get(f"http://127.0.0.1:{port}/api/v1/aanmeldingen", params={"conversation_id": "down-1"},
                         headers={"Authorization": f"Bearer {env['INBOX_READ_TOKEN']}"}).json()
        assert len(rows["items"]) == 1
    finally:
        stop(proc)


# Issue 11, no silent drops: against a real inbox (python -m inbox), the staff pages read back over HTTP.

def _wire(monkeypatch, srv, token: str) -> None:
    monkeypatch.setenv("INBOX_URL", srv.url)
    monkeypatch.setenv("INBOX_SERVICE_TOKEN", token)
    monkeypatch.setenv("VOORDEUR_OUTBOX_MAX_DELAY", "0.1")
    monkeypatch.setenv("VOORDEUR_INBOX_INLINE_TIMEOUT", "10")
    services.reset()  # what a restart of the action server does


def _stats(srv) -> dict:
    return httpx.get(f"{srv.url}/api/v1/statistieken", timeout=30,
                     headers={"Authorization": f"Bearer {srv.env['INBOX_READ_TOKEN']}"}).json()


def _aanmeldingen(srv, conversation_id: str) -> list[dict]:
    return httpx.get(f"{srv.url}/api/v1/aanmeldingen", params={"conversation_id": conversation_id}, timeout=30,
                     headers={"Authorization": f"Bearer {srv.env['INBOX_READ_TOKEN']}"}).json()["items"]


async def _until(predicate, seconds: float = 20.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


async def test_a_wrong_service_token_is_retried_with_an_error_hint_and_fixing_it_delivers(tmp_path, monkeypatch,
                                                                                          caplog):
    srv = start_browser_inbox(tmp_path / "inbox")
    try:
        _wire(monkeypatch, srv, token="een-oud-token")  # rotated on the inbox, not on the action server
        services.drafts().put("token-1", "telefoon", "+31612345678")
        tracker = make_tracker(slots=ROUTED, sender_id="token-1")
        dispatcher = CollectingDispatcher()
        with caplog.at_level(logging.WARNING, logger="bot.actions.outbox"):
            await ActionAanmeldingVersturen().run(dispatcher, tracker, {})
            key = idempotency_key(tracker)
            for _ in range(AUTH_ALERT_AFTER - 1):
                services.outbox().make_due(key)
                await services.outbox().run_once()
        assert dispatcher.messages[0]["response"] == c.UTTER_AANMELDING_ONTVANGEN  # durably queued: honest
        delivery = services.outbox().get(key)
        assert (delivery.status, delivery.attempts, delivery.http_status) == ("pending", AUTH_ALERT_AFTER, 401)
        hints = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(hints) == 1 and "controleer INBOX_SERVICE_TOKEN" in hints[0].getMessage()
        assert _stats(srv)["niet_afgeleverd"] == 0  # configuration, not a refused aanmelding

        _wire(monkeypatch, srv, token=srv.env["INBOX_SERVICE_TOKEN"])  # fixed, action server restarted
        task = asyncio.create_task(services.outbox().worker(poll_seconds=0.05))
        try:
            assert await _until(lambda: services.outbox().get(key).status == "delivered")
        finally:
            task.cancel()
        assert len(_aanmeldingen(srv, "token-1")) == 1
    finally:
        srv.stop()


async def test_an_aanmelding_refused_with_422_is_a_dead_letter_the_beheerder_sees(tmp_path, monkeypatch, caplog):
    """Version skew: an onderwerp code of a newer routing release that this inbox does not know yet."""
    srv = start_browser_inbox(tmp_path / "inbox")
    try:
        srv.make_user("beheer1", "beheerder")
        _wire(monkeypatch, srv, token=srv.env["INBOX_SERVICE_TOKEN"])
        key = str(uuid.uuid4())
        body = aanmelding_body(urgentie="spoed", onderwerpen=["nieuw_onderwerp_2027"])
        services.outbox().enqueue(key, AANMELDING, body, wake=False)
        with caplog.at_level(logging.WARNING, logger="bot.actions.outbox"):
            delivery = await services.outbox().deliver(key)
        assert (delivery.status, delivery.http_status) == ("dead", 422)
        assert "onderwerpen.0" in delivery.last_error
        [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert "dead letter" in error.getMessage() and "spoed" in error.getMessage()
        assert await services.outbox().run_once() == 0  # not retried blindly

        assert _stats(srv)["niet_afgeleverd"] == 1
        client = http_login(srv, "beheer1")
        page = client.get("/beheer/bezorgfouten").text
        assert kenmerk(key) in page and "422" in page and "SPOED" in page and "onderwerpen.0" in page
        assert "Jan Jansen" not in page and "5678" not in page
        monitoring = client.get("/monitoring").text
        assert re.search(r'id="niet-afgeleverd">\s*1\s*<', monitoring)
        [bezorgfout_id] = re.findall(r'action="/beheer/bezorgfouten/(\d+)/afgehandeld"', page)
        done = client.post(f"/beheer/bezorgfouten/{bezorgfout_id}/afgehandeld", data={"csrf_token": csrf_of(page)})
        assert done.status_code == 303 and _stats(srv)["niet_afgeleverd"] == 0
    finally:
        srv.stop()


async def test_a_refused_aanmelding_is_never_called_ontvangen_and_requeue_delivers_it_after_the_fix(
        tmp_path, monkeypatch):
    """An inbox set up with too small a request limit refuses a long story (413); the operator raises the limit,
    restarts the inbox and requeues the dead letter with the CLI."""
    tokens = {name: secrets.token_urlsafe(16) for name in ("INBOX_SERVICE_TOKEN", "INBOX_READ_TOKEN",
                                                           "INBOX_SECRET_KEY")}
    srv = start_browser_inbox(tmp_path / "inbox", INBOX_REQUEST_MAX_SIZE="4096", **tokens)
    try:
        srv.make_user("beheer1", "beheerder")
        _wire(monkeypatch, srv, token=tokens["INBOX_SERVICE_TOKEN"])
        services.drafts().put("lang-1", "telefoon", "+31612345678")
        tracker = make_tracker(slots={**ROUTED, c.SLOT_VRAAG_TEKST: "ik kan niet meer schoonmaken " * 200},
                               sender_id="lang-1")
        dispatcher = CollectingDispatcher()
        await ActionAanmeldingVersturen().run(dispatcher, tracker, {})
        key = idempotency_key(tracker)
        assert services.outbox().get(key).status == "dead"
        *berichten, vraag = dispatcher.messages  # the refusal, then (as every ending) the satisfaction question
        assert vraag["response"] == c.UTTER_ASK_TEVREDENHEID
        assert all(m.get("response") is None for m in berichten)
        tekst = " ".join(m["text"] for m in berichten)
        assert "ontvangen" not in tekst and "niet gelukt" in tekst
        assert kenmerk(key) in tekst and "14 0545" in tekst
        assert _stats(srv)["niet_afgeleverd"] == 1
    finally:
        srv.stop()

    srv = start_browser_inbox(tmp_path / "inbox", **tokens)  # the fix: the default limit again
    try:
        _wire(monkeypatch, srv, token=tokens["INBOX_SERVICE_TOKEN"])  # it listens on another free port here
        listed = subprocess.run([sys.executable, "-m", "bot.actions.outbox", "list"], capture_output=True, text=True,
                                cwd=ROOT, check=True).stdout
        assert key in listed and kenmerk(key) in listed and "413" in listed
        requeued = subprocess.run([sys.executable, "-m", "bot.actions.outbox", "requeue", "--all-dead"],
                                  capture_output=True, text=True, cwd=ROOT, check=True).stdout
        assert requeued.startswith("1 dead letter")
        task = asyncio.create_task(services.outbox().worker(poll_seconds=0.05))
        try:
            assert await _until(lambda: services.outbox().get(key).status == "delivered")
        finally:
            task.cancel()
        assert len(_aanmeldingen(srv, "lang-1")) == 1
        assert _stats(srv)["niet_afgeleverd"] == 0
        page = http_login(srv, "beheer1").get("/beheer/bezorgfouten?toon=alle").text
        assert kenmerk(key) in page and "Alsnog afgeleverd" in page
    finally:
        srv.stop()
