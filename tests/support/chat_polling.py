"""The website chat's socket.io protocol spoken over plain HTTP long-polling (Engine.IO 4, Socket.IO 5), as the
widget's client falls back to it: enough to open a chat session through a proxy without a socket.io library."""
from __future__ import annotations

import json
import time
from typing import Any

import httpx

RECORD_SEPARATOR = "\x1e"


class PollingChat:
    """One browser tab: a handshake, the namespace connect, events out and in."""

    def __init__(self, client: httpx.Client, base: str, origin: str) -> None:
        self.client, self.base, self.origin = client, base.rstrip("/"), origin
        self.sid: str | None = None
        self.events: list[tuple[str, Any]] = []

    def _url(self) -> str:
        sid = f"&sid={self.sid}" if self.sid else ""
        return f"{self.base}/socket.io/?EIO=4&transport=polling&t={time.monotonic_ns()}{sid}"

    def _get(self) -> list[str]:
        r = self.client.get(self._url(), headers={"Origin": self.origin}, timeout=30)
        r.raise_for_status()
        return r.text.split(RECORD_SEPARATOR)

    def _post(self, packet: str) -> None:
        r = self.client.post(self._url(), content=packet.encode(), timeout=30,
                             headers={"Origin": self.origin, "Content-Type": "text/plain;charset=UTF-8"})
        r.raise_for_status()

    def connect(self) -> "PollingChat":
        opened = self._get()[0]
        assert opened.startswith("0"), opened
        self.sid = json.loads(opened[1:])["sid"]
        self._post("40")
        assert any(p.startswith("40") for p in self._get())
        return self

    def emit(self, event: str, data: Any) -> None:
        self._post("42" + json.dumps([event, data]))

    def wait_for(self, *names: str, timeout: float = 60) -> tuple[str, Any]:
        """The first event with one of `names` (earlier events are kept in `events`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, data in self.events:  # what an earlier poll already brought, before polling again
                if name in names:
                    return name, data
            for packet in self._get():
                if packet == "2":  # ping
                    self._post("3")
                elif packet.startswith("42"):
                    name, *args = json.loads(packet[2:])
                    self.events.append((name, args[0] if args else None))
        raise AssertionError(f"none of {names} in {self.events}")

    def new_session(self) -> str:
        """Ask for a new chat session: "session_confirm" or "session_refused"."""
        self.emit("session_request", {"session_id": None})
        return self.wait_for("session_confirm", "session_refused")[0]

    def start(self, token: str | None = None, rol: str | None = None) -> tuple[str, list[dict]]:
        """Open a chat session (a new one, or the one `token` names) → (its token, what the assistant said: the
        welcome of a new session, or the history of a resumed one)."""
        self.events.clear()
        self.emit("session_request", {"session_id": token, **({"rol": rol} if rol else {})})
        name, confirmed = self.wait_for("session_confirm", "session_refused")
        if name != "session_confirm":
            raise AssertionError(f"chat session refused: {self.events}")
        if token:
            return confirmed, self.wait_for("session_history")[1]
        return confirmed, self._turn_messages()

    def turn(self, text: str) -> list[dict]:
        """Send a message and return the assistant's answer: every message until `turn_done` (buttons as
        `buttons`, as the REST channel gives them)."""
        self.events.clear()
        self.emit("user_uttered", {"message": text})
        return self._turn_messages()

    def _turn_messages(self) -> list[dict]:
        self.wait_for("turn_done")
        return [{"text": d.get("text"), "buttons": d.get("quick_replies") or d.get("buttons") or []}
                for name, d in self.events if name == "bot_uttered"]

    def close(self) -> None:
        """Leave: the socket.io disconnect packet."""
        self._post("41")
