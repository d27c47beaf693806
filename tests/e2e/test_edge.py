"""The front door behind a real nginx (deploy/nginx): the rate limits see each client's own address, a client cannot
choose its address, the public bodies are capped, and Rasa keeps its JWT secret off the process list and its
telemetry off. Real processes: the stack (tests/support/stack.py) and Debian's nginx (tests/support/nginx.py).

Two clients are two loopback source addresses (127.0.0.2 and 127.0.0.3), as two people on two connections."""
from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.conftest import MODEL, require_model
from tests.support.chat_polling import PollingChat
from tests.support.nginx import Nginx
from tests.support.stack import BOT_PY, ROOT, Stack
from tests.support.voice import WEBHOOK, twilio_signature

SESSIONS_PER_MINUTE = 2
LOGINS_PER_IP = 3


def client_from(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory):
    """The stack with VOORDEUR_PROXIES_COUNT=1 behind nginx, low limits, and a private HOME for Rasa's config."""
    require_model()
    tmp = tmp_path_factory.mktemp("edge")
    stack = Stack(tmp / "stack", model=MODEL)
    proxy = Nginx(tmp / "nginx", rasa_upstreams=[f"127.0.0.1:{stack.ports['rasa']}"],
                  inbox_upstream=f"127.0.0.1:{stack.ports['inbox']}").start()
    (tmp / "home").mkdir()
    stack.env.update({
        "VOORDEUR_PROXIES_COUNT": "1",
        "CHAT_RATE_SESSIONS_PER_MINUTE": str(SESSIONS_PER_MINUTE),
        "INBOX_LOGIN_MAX_PER_IP": str(LOGINS_PER_IP),
        "CHAT_ALLOWED_ORIGINS": f"{proxy.url('public')},{stack.rasa_url}",
        "HOME": str(tmp / "home"),
    })
    stack.env.pop("RASA_TELEMETRY_ENABLED", None)  # the entry point must switch it off by itself
    try:
        stack.start()
        yield stack, proxy
    finally:
        stack.stop()
        proxy.stop()


def new_chat(client: httpx.Client, base: str, origin: str) -> str:
    return PollingChat(client, base, origin).connect().new_session()


def failed_login(client: httpx.Client, base: str, name: str) -> int:
    page = client.get(f"{base}/login")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    r = client.post(f"{base}/login", data={"csrf_token": csrf, "gebruikersnaam": name, "wachtwoord": "fout"})
    return r.status_code


def test_behind_nginx_each_client_has_its_own_new_chat_limit(edge):
    stack, proxy = edge
    base = origin = proxy.url("public")
    with client_from("127.0.0.2") as a, client_from("127.0.0.3") as b:
        assert [new_chat(a, base, origin) for _ in range(SESSIONS_PER_MINUTE)] == ["session_confirm"] * 2
        assert new_chat(a, base, origin) == "session_refused"
        # the other person is not blocked by the first one's limit
        assert new_chat(b, base, origin) == "session_confirm"
        # nor can the first one escape its limit by claiming another address: nginx appends the real one
        a.headers["X-Forwarded-For"] = "203.0.113.9"
        assert new_chat(a, base, origin) == "session_refused"


def test_behind_nginx_each_client_has_its_own_login_limit(edge):
    stack, proxy = edge
    base = proxy.url("inbox")
    with client_from("127.0.0.2") as a, client_from("127.0.0.3") as b:
        # different account names each time: only the per-address limit counts
        assert [failed_login(a, base, f"iemand{i}") for i in range(LOGINS_PER_IP)] == [401] * LOGINS_PER_IP
        assert failed_login(a, base, "nogiemand") == 429
        assert failed_login(b, base, "weeriemand") == 401


def test_signed_twilio_call_works_through_nginx_and_oversized_bodies_stop_there(edge):
    stack, proxy = edge
    url = f"{proxy.url('public')}{WEBHOOK}"
    fields = {"AccountSid": "AC" + "0" * 32, "CallSid": "CA" + "1" * 32, "From": "+31612344567",
              "To": "+31545250000", "CallStatus": "ringing", "Direction": "inbound", "FromCity": ""}
    signature = twilio_signature(stack.env["TWILIO_AUTH_TOKEN"], url, fields)
    r = httpx.post(url, data=fields, headers={"X-Twilio-Signature": signature}, timeout=60)
    assert r.status_code == 200 and "Welkom" in r.text
    assert httpx.post(url, data={**fields, "SpeechResult": "x" * 100_000}, timeout=30).status_code == 413
    # Rasa's HTTP API is not published by the proxy
    assert httpx.get(f"{proxy.url('public')}/status", timeout=30).status_code == 404


@pytest.fixture(scope="module")
def direct_inbox(tmp_path_factory: pytest.TempPathFactory):
    """The inbox on its own, no proxy, VOORDEUR_PROXIES_COUNT unset (0)."""
    stack = Stack(tmp_path_factory.mktemp("direct"), with_rasa=False, with_actions=False)
    stack.env.pop("VOORDEUR_PROXIES_COUNT", None)
    stack.env["INBOX_LOGIN_MAX_PER_IP"] = str(LOGINS_PER_IP)
    with stack:
        yield stack


def test_spoofed_forwarded_for_is_ignored_without_a_proxy(direct_inbox):
    """A client talking to the inbox directly cannot pick its address to escape the login limit."""
    with client_from("127.0.0.2") as a:
        codes = []
        for i in range(LOGINS_PER_IP + 1):
            a.headers["X-Forwarded-For"] = f"203.0.113.{i}"
            codes.append(failed_login(a, direct_inbox.inbox_url, f"iemand{i}"))
    assert codes == [401] * LOGINS_PER_IP + [429]


def test_inbox_refuses_an_announced_oversized_body_before_reading_it(direct_inbox):
    port = direct_inbox.ports["inbox"]
    token = direct_inbox.env["INBOX_SERVICE_TOKEN"]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall((f"POST /api/v1/aanmeldingen HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                      f"Authorization: Bearer {token}\r\nIdempotency-Key: groot-1\r\n"
                      f"Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n").encode())
        status_line = sock.recv(200).split(b"\r\n", 1)[0]  # socket.timeout if the inbox waits for the body
    assert status_line.split()[1] == b"413"


def test_rasa_jwt_secret_is_not_on_the_process_command_line(edge):
    stack, _ = edge
    secret = stack.env["RASA_JWT_SECRET"]
    cmdline = Path(f"/proc/{stack.procs['rasa'].pid}/cmdline").read_bytes()
    assert b"bot.voordeur.serve" in cmdline and secret.encode() not in cmdline
    # and the API does use it
    assert httpx.get(f"{stack.rasa_url}/status", timeout=30).status_code == 401
    assert httpx.get(f"{stack.rasa_url}/status", headers=stack.rasa_api_headers(), timeout=30).status_code == 200


def test_rasa_telemetry_is_off_in_its_environment_and_its_global_config(edge):
    stack, _ = edge
    home = Path(stack.env["HOME"])
    # Rasa was started without RASA_TELEMETRY_ENABLED (see the fixture): the entry point wrote the global config
    config = yaml.safe_load((home / ".config" / "rasa" / "global.yml").read_text())
    assert config["metrics"]["enabled"] is False
    # a later `rasa` command without our environment reads that config: telemetry off
    env = {k: v for k, v in stack.env.items() if k != "RASA_TELEMETRY_ENABLED"}
    check = "import rasa.telemetry as t; print(t.is_telemetry_enabled())"
    assert subprocess.run([str(BOT_PY), "-c", check], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
    # and everything started through scripts/env.sh (make run, make train, ...) has it in the environment
    shell = subprocess.run(["bash", "-c", "source scripts/env.sh && echo $RASA_TELEMETRY_ENABLED"], cwd=ROOT,
                           env={**os.environ, "VOORDEUR_VAR_DIR": str(home / "var"), "RASA_TELEMETRY_ENABLED": ""},
                           capture_output=True, text=True, check=True)
    assert shell.stdout.strip() == "false"
