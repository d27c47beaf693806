"""What travels between Rasa and the action server (recorded by a transparent HTTP proxy between the two).

Rasa sends the domain until the action server has accepted it, then only its digest (bot/voordeur/perf.py);
when the action server restarts and answers 449, the same call is made again with the domain and the
conversation goes on as if nothing happened. Rasa also keeps its connections to the action server open.
"""
from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from benchmarks.conversations import SCRIPTS
from tests.e2e.conftest import MODEL, require_model
from tests.e2e.helpers import Chat
from tests.support.stack import Stack, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


class RecordingProxy:
    """Forwards every POST to the action server and records (action, had domain, digest, status, connection)."""

    def __init__(self, target: str) -> None:
        self.calls: list[dict] = []
        self.port = free_port()
        proxy = self
        client = httpx.Client(timeout=30)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Rasa's client uses it

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                forwarded = client.post(target, content=body, headers={
                    "Content-Type": "application/json", "Authorization": self.headers.get("Authorization", "")})
                call = json.loads(body)
                proxy.calls.append({"action": call.get("next_action"), "domain": "domain" in call,
                                    "digest": call.get("domain_digest"), "status": forwarded.status_code,
                                    "client": self.client_address})
                self.send_response(forwarded.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(forwarded.content)))
                self.end_headers()
                self.wfile.write(forwarded.content)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "RecordingProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    require_model()
    stack = Stack(tmp_path_factory.mktemp("proxied"), model=MODEL)
    with RecordingProxy(f"http://127.0.0.1:{stack.ports['actions']}/webhook") as proxy:
        stack.env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{proxy.port}/webhook"
        with stack:
            yield stack, proxy


def test_the_domain_goes_once_then_only_its_digest(proxied):
    stack, proxy = proxied
    start = len(proxy.calls)
    Chat(stack, f"e2e-{secrets.token_hex(6)}").run(SCRIPTS["voorziening_genoeg"])
    Chat(stack, f"e2e-{secrets.token_hex(6)}").run(SCRIPTS["buiten"])
    calls = proxy.calls[start:]
    assert len(calls) >= 5 and all(c["status"] == 200 for c in calls), calls
    assert len({c["digest"] for c in calls}) == 1 and calls[0]["digest"], "one domain, one digest"
    with_domain = [c for c in proxy.calls if c["domain"]]
    assert len(with_domain) == 1 and with_domain[0] is proxy.calls[0], "only the very first call carried it"
    # one kept-alive connection (a few at most), not one per call
    assert len({c["client"] for c in calls}) <= 2, {c["client"] for c in calls}


def test_after_the_action_server_restarts_the_domain_is_sent_again_and_the_turn_works(proxied):
    stack, proxy = proxied
    chat = Chat(stack, f"e2e-{secrets.token_hex(6)}")
    chat.run(SCRIPTS["wmo_routed"][:3])
    stack.stop("actions")
    stack.start_actions()
    start = len(proxy.calls)
    chat.say(SCRIPTS["wmo_routed"][3])  # "Ik kan mijn huis niet meer schoonmaken ..." -> remote actions
    first, again = proxy.calls[start], proxy.calls[start + 1]
    assert (first["domain"], first["status"]) == (False, 449), proxy.calls[start:]
    assert (again["action"], again["domain"], again["status"]) == (first["action"], True, 200)
    final = chat.run(SCRIPTS["wmo_routed"][4:])
    assert "VMK-" in final, chat.transcript()
    assert [c for c in proxy.calls[start + 2:] if c["domain"]] == [], "after that, the digest is enough again"
