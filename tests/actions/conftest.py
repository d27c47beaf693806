"""Action-server test helpers: trackers built directly, a fresh var dir, a real little HTTP inbox."""
from __future__ import annotations

import json
import re
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions import services
from tests.support.stack import free_port

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def var_dir(tmp_path, monkeypatch):
    """Every test gets its own VOORDEUR_VAR_DIR (draft store, outbox) and an inbox URL nobody listens on."""
    monkeypatch.setenv("VOORDEUR_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("INBOX_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("INBOX_SERVICE_TOKEN", "service-token")
    monkeypatch.setenv("VOORDEUR_INBOX_INLINE_TIMEOUT", "1.0")
    services.reset()
    yield tmp_path
    services.reset()


def make_tracker(slots: dict[str, Any] | None = None, intent: str = "affirm", text: str = "ja",
                 confidence: float = 0.95, ranking: list[tuple[str, float]] | None = None,
                 metadata: dict | None = None, channel: str = "rest", active_loop: str | None = None,
                 latest_action: str = "action_listen", events: list[dict] | None = None,
                 sender_id: str = "gesprek-1", **extra: Any) -> Tracker:
    """A Tracker as Rasa sends it to the action server."""
    ranking = ranking or [(intent, confidence)]
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": [],
               "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
               "metadata": metadata or {}, **extra}
    base_events = [{"event": "session_started", "timestamp": 1000.0},
                   {"event": "user", "text": text, "timestamp": 1001.0, "parse_data": message,
                    "input_channel": channel}]
    return Tracker(sender_id, slots or {}, message, (events or []) + base_events, False, None,
                   {"name": active_loop} if active_loop else {}, latest_action)


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


def tevredenheid_gevraagd(events: list[dict], uitkomst: str) -> list[dict]:
    """The events with which an ending action asks the satisfaction question; the sleutel is random (a fresh
    url-safe token per question), so it is taken from `events` after checking its shape."""
    sleutels = [e["value"] for e in events if e.get("name") == c.SLOT_TEVREDENHEID_SLEUTEL]
    assert len(sleutels) == 1 and re.fullmatch(r"[A-Za-z0-9_-]{24}", sleutels[0]), sleutels
    return [SlotSet(c.SLOT_TEVREDENHEID_UITKOMST, uitkomst), SlotSet(c.SLOT_TEVREDENHEID_SLEUTEL, sleutels[0]),
            SlotSet(c.SLOT_TEVREDENHEID_SCORE, None), SlotSet(c.SLOT_TEVREDENHEID_OPMERKING, None)]


def voorgelezen(tracker: Tracker) -> CollectingDispatcher:
    """The read-back's bubbles (bot/actions/samenvatting.py), as the consent question says them first."""
    from bot.actions.samenvatting import voorlezen

    dispatcher = CollectingDispatcher()
    voorlezen(dispatcher, tracker)
    return dispatcher


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher, events


class FakeInbox:
    """A real HTTP server that behaves like the inbox API: idempotent per key, can be 'down' (503)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.created: dict[str, dict] = {}
        self.uitkomsten: list[dict] = []
        self.tevredenheid: list[dict] = []
        self.requests = 0
        self.down = False
        self.delay = 0.0
        self.contact_voor: datetime | None = None  # a contact deadline of the inbox's own (else routing's norm)
        self.weigert = False  # refuse aanmeldingen for good (422), as the real inbox does with an invalid body
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                inbox.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if inbox.delay:
                    time.sleep(inbox.delay)
                if inbox.down:
                    return self._send(503, {"error": "down"})
                if self.headers.get("Authorization") != "Bearer service-token":
                    return self._send(401, {"error": "token"})
                if self.path == "/api/v1/tevredenheid":
                    inbox.tevredenheid.append(body)
                    return self._send(201, {"ok": True})
                if self.path == "/api/v1/uitkomsten":
                    inbox.uitkomsten.append(body)
                    return self._send(201, {"ok": True})
                key = self.headers.get("Idempotency-Key")
                if inbox.weigert:
                    return self._send(422, {"error": "ongeldig", "velden": {"onderwerpen": "onbekend"}})
                if key in inbox.created:
                    return self._send(200, inbox.created[key]["response"])
                nummer = len(inbox.created) + 1
                # like the real inbox: team toegang's contact norm from now (routing.contact_deadline)
                deadline = inbox.contact_voor or routing.contact_deadline(
                    routing.default_catalog(), datetime.now(AMSTERDAM), body.get("urgentie") or "normaal")
                response = {"id": nummer, "referentie": f"VMK-2026-{nummer:06d}",
                            "verwacht_contact_voor": deadline.isoformat()}
                inbox.created[key] = {"body": body, "response": response}
                return self._send(201, response)

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._handler = Handler
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> "FakeInbox":
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def inbox(monkeypatch):
    fake = FakeInbox().start()
    monkeypatch.setenv("INBOX_URL", fake.url)
    services.reset()
    yield fake
    fake.stop()
