"""Issue 3: the inbox is stopped while an aanmelding is routed; after its restart the outbox delivers it exactly once."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.aanmelding import ActionAanmeldingVersturen
from bot.actions.common import idempotency_key
from tests.actions.conftest import make_tracker
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
