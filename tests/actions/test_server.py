"""The action server: bearer token on /webhook, /health open, version warning silenced, actions registered."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.actions.server import authorised
from tests.support.stack import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("header, ok", [
    ("Bearer geheim", True), ("Bearer geheim2", False), ("geheim", False), ("", False), (None, False),
    ("Bearer ", False),
])
def test_authorised(header, ok):
    assert authorised(header, "geheim") is ok


def test_unset_token_authorises_nobody():
    assert authorised("Bearer ", "") is False


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    var = tmp_path_factory.mktemp("actions")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ACTION_PORT": str(port), "ACTION_SERVER_TOKEN": "geheim",
           "VOORDEUR_VAR_DIR": str(var), "INBOX_URL": f"http://127.0.0.1:{free_port()}"}
    log = var / "actions.log"
    proc = subprocess.Popen([sys.executable, "-m", "bot.actions.server"], env=env, cwd=ROOT,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    wait_for_http(f"http://127.0.0.1:{port}/health", 60, proc, log)
    yield f"http://127.0.0.1:{port}", log
    proc.terminate()
    proc.wait(10)


def call(name: str) -> dict:
    return {"next_action": name, "sender_id": "s1", "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": "s1", "slots": {}, "latest_message": {"text": "hallo", "intent": {}},
                        "events": [], "paused": False, "latest_input_channel": "rest", "active_loop": {},
                        "latest_action_name": "action_listen"}}


def test_webhook_needs_the_token_and_health_is_open(action_server):
    url, log = action_server
    assert httpx.get(f"{url}/health").status_code == 200
    assert httpx.post(f"{url}/webhook", json=call("action_mens_spreken")).status_code == 401
    wrong = httpx.post(f"{url}/webhook", json=call("action_mens_spreken"), headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401
    ok = httpx.post(f"{url}/webhook", json=call("action_mens_spreken"), headers={"Authorization": "Bearer geheim"})
    assert ok.status_code == 200
    assert ok.json()["responses"][0]["response"] == "utter_mens_spreken"
    time.sleep(0.2)
    assert "might not be compatible" not in log.read_text(errors="replace")


def test_expired_drafts_leave_the_disk_while_nobody_reads_them_and_files_are_private(tmp_path):
    """A quiet server still deletes a phone number past its TTL; its var/ files are 0600 even without env.sh."""
    from bot.actions.store import DraftStore

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ACTION_PORT": str(port), "ACTION_SERVER_TOKEN": "geheim",
           "VOORDEUR_VAR_DIR": str(tmp_path), "INBOX_URL": f"http://127.0.0.1:{free_port()}",
           "VOORDEUR_DRAFT_TTL": "1", "VOORDEUR_DRAFT_PURGE_SECONDS": "0.2"}
    log = tmp_path / "actions.log"
    proc = subprocess.Popen([sys.executable, "-m", "bot.actions.server"], env=env, cwd=ROOT, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, preexec_fn=lambda: os.umask(0o022))
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", 60, proc, log)
        drafts = tmp_path / "drafts.sqlite3"
        assert drafts.stat().st_mode & 0o777 == 0o600
        DraftStore(drafts).put("gesprek-1", "telefoon", "+31612345678")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with sqlite3.connect(drafts) as db:
                left = db.execute("SELECT count(*) FROM draft").fetchone()[0]
            if left == 0:
                break
            time.sleep(0.2)
        assert left == 0
    finally:
        proc.terminate()
        proc.wait(10)
