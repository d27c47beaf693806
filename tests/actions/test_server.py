"""The action server: bearer token on /webhook, /health open, version warning silenced, actions registered;
/ready, /metrics (turns, fallbacks, action runs, the outbox) and JSON logs."""
from __future__ import annotations

import json
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


def start_actions(var: Path, **settings: str) -> tuple[str, Path, subprocess.Popen]:
    """A real `python -m bot.actions.server` on a free port; the inbox URL points where nobody listens."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ACTION_PORT": str(port), "ACTION_SERVER_TOKEN": "geheim",
           "VOORDEUR_VAR_DIR": str(var), "INBOX_URL": f"http://127.0.0.1:{free_port()}", **settings}
    log = var / "actions.log"
    proc = subprocess.Popen([sys.executable, "-m", "bot.actions.server"], env=env, cwd=ROOT,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    wait_for_http(f"http://127.0.0.1:{port}/health", 60, proc, log)
    return f"http://127.0.0.1:{port}", log, proc


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    url, log, proc = start_actions(tmp_path_factory.mktemp("actions"))
    yield url, log
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


def turn(name: str, message_id: str, intent: str, channel: str = "socketio", sender: str = "s1") -> dict:
    """A /webhook call as Rasa 3.6 sends it for the user message `message_id`."""
    body = call(name)
    message = {"text": "iets", "intent": {"name": intent, "confidence": 0.4}, "message_id": message_id,
               "metadata": {}}
    body["sender_id"] = sender
    body["tracker"].update(sender_id=sender, latest_message=message, latest_input_channel=channel,
                           events=[{"event": "user", "timestamp": 1001.0, "text": "iets", "parse_data": message,
                                    "input_channel": channel}])
    return body


def metrics_of(url: str, headers: dict | None = None) -> dict[str, float]:
    page = httpx.get(f"{url}/metrics", headers=headers or {})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in page.text.splitlines()
            if line and not line.startswith("#")}


def test_ready_metrics_count_each_turn_once_and_logs_are_json(tmp_path):
    url, log, proc = start_actions(tmp_path, VOORDEUR_LOG_FORMAT="json", VOORDEUR_METRICS_TOKEN="m-geheim")
    token, auth = {"Authorization": "Bearer m-geheim"}, {"Authorization": "Bearer geheim"}
    try:
        ready = httpx.get(f"{url}/ready")
        assert (ready.status_code, ready.json()) == (200, {"status": "ok", "controles": {
            "token": "ok", "outbox": "ok", "concepten": "ok", "outbox_worker": "ok"}})
        assert httpx.get(f"{url}/metrics").status_code == 401
        # Message m-1 (not understood) runs two actions, m-2 on the phone one; a call without the token is refused.
        niet_begrepen = turn("action_mens_spreken", "m-1", "nlu_fallback")
        for body in (niet_begrepen, niet_begrepen, turn("action_terugbelverzoek", "m-2", "deny", channel="twilio_voice")):
            assert httpx.post(f"{url}/webhook", json=body, headers=auth).status_code == 200
        assert httpx.post(f"{url}/webhook", json=turn("action_mens_spreken", "m-3", "affirm")).status_code == 401
        m = metrics_of(url, token)
        assert m['voordeur_actions_turns_total{kanaal="web"}'] == 1
        assert m['voordeur_actions_turns_total{kanaal="telefoon"}'] == 1
        assert m['voordeur_actions_fallbacks_total{kanaal="web"}'] == 1
        assert 'voordeur_actions_fallbacks_total{kanaal="telefoon"}' not in m
        assert m['voordeur_actions_runs_total{action="action_mens_spreken"}'] == 2
        # m-2 recorded an uitkomst; the inbox is away, so it waits in the outbox after a failed attempt.
        assert m['voordeur_actions_outbox_rows{status="pending"}'] == 1
        assert m['voordeur_actions_outbox_rows{status="dead"}'] == 0
        assert m['voordeur_actions_outbox_deliveries_total{kind="uitkomst",result="retry"}'] >= 1
        assert m["voordeur_actions_outbox_oldest_pending_seconds"] > 0
    finally:
        proc.terminate()
        proc.wait(10)
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert entries and all({"time", "level", "logger", "message", "pid"} <= set(e) for e in entries)
    assert any(e["logger"] == "bot.actions.outbox" and e["level"] == "WARNING" for e in entries)


def test_an_action_server_without_its_token_is_not_ready(tmp_path):
    url, _log, proc = start_actions(tmp_path, ACTION_SERVER_TOKEN="")
    try:
        ready = httpx.get(f"{url}/ready")
        assert ready.status_code == 503 and ready.json()["controles"]["token"] == "ACTION_SERVER_TOKEN ontbreekt"
    finally:
        proc.terminate()
        proc.wait(10)
