"""Starts the whole front door as real processes (inbox, action server, Rasa) on free ports.

Used by the end-to-end tests and the benchmarks; `scripts/run.sh` does the same for people.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

try:  # the end-to-end tests (runtime 2) use httpx; the conversation simulator (runtime 1) has none, and starts
    import httpx  # the stack with the standard library's HTTP client (see _get)
except ImportError:  # pragma: no cover - runtime 1
    httpx = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[2]
BOT_PY = ROOT / ".venv-bot" / "bin" / "python"
APP_PY = ROOT / ".venv" / "bin" / "python"
DEFAULT_MODEL = ROOT / "models" / "current.tar.gz"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None, timeout: float = 2) -> tuple[int, bytes]:
    """GET with the standard library: (status, body); (0, b"") when nothing answers."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except (OSError, ValueError):
        return 0, b""


def wait_for_http(url: str, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Poll url until it answers (any status < 500) or fail with the process log tail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        if 0 < _get(url)[0] < 500:
            return
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise RuntimeError(f"{url} did not become ready in {timeout:.0f} s\n{tail}")


def make_jwt(secret: str) -> str:
    """An HS256 JWT for Rasa's HTTP API (sent as Authorization header, never in a URL)."""
    import base64
    import hashlib
    import hmac

    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    exp = int(time.time()) + 3600
    payload = b64(json.dumps({"user": {"username": "tests", "role": "admin"}, "exp": exp}).encode())
    signing_input = header + b"." + payload
    sig = b64(hmac.new(secret.encode(), signing_input, hashlib.sha256).digest())
    return (signing_input + b"." + sig).decode()


@dataclass
class Stack:
    """The three services, each a real process with its own port and a private var/ dir."""

    var_dir: Path
    model: Path = DEFAULT_MODEL
    database_url: str | None = None
    tracker: dict[str, str] = field(default_factory=dict)
    with_rasa: bool = True
    with_actions: bool = True
    env: dict[str, str] = field(default_factory=dict)
    rasa_start_timeout: float = 900  # loading the model can take minutes on a busy machine; a crash ends the wait
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.ports = {"rasa": free_port(), "actions": free_port(), "inbox": free_port()}
        tok = lambda: secrets.token_urlsafe(24)  # noqa: E731
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "VOORDEUR_VAR_DIR": str(self.var_dir),
            "RASA_HOST": "127.0.0.1", "RASA_PORT": str(self.ports["rasa"]),
            "ACTION_HOST": "127.0.0.1", "ACTION_PORT": str(self.ports["actions"]),
            "INBOX_HOST": "127.0.0.1", "INBOX_PORT": str(self.ports["inbox"]),
            "INBOX_URL": f"http://127.0.0.1:{self.ports['inbox']}",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.ports['actions']}/webhook",
            "DATABASE_URL": self.database_url or f"sqlite:///{self.var_dir / 'inbox.sqlite3'}",
            "TRACKER_DIALECT": "sqlite", "TRACKER_DB": str(self.var_dir / "rasa_tracker.sqlite3"),
            "TRACKER_URL": "", "TRACKER_USER": "", "TRACKER_PASSWORD": "",
            "LOCK_STORE_TYPE": "in_memory", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
            "RASA_JWT_SECRET": tok(), "RASA_REST_TOKEN": tok(), "CHAT_SESSION_SECRET": tok(),
            "ACTION_SERVER_TOKEN": tok(), "INBOX_SERVICE_TOKEN": tok(), "INBOX_READ_TOKEN": tok(),
            "INBOX_STATS_TOKEN": tok(), "INBOX_SECRET_KEY": tok(), "TWILIO_AUTH_TOKEN": tok(),
            "CHAT_ALLOWED_ORIGINS": f"http://127.0.0.1:{self.ports['rasa']}",
            "RASA_TELEMETRY_ENABLED": "false",
            # The units in deploy/systemd/ default to the production shape; this stack is one process of each.
            "RASA_MODEL": str(self.model), "INBOX_WORKERS": "1",
        }
        self.env.update(self.tracker)

    # -- processes -------------------------------------------------------
    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = self.var_dir / f"{name}.log"
        fh = open(log, "ab")
        proc = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs[name] = proc
        return proc

    def _unit(self, unit: str) -> list[str]:
        """The command line of a systemd unit in deploy/systemd/, as make run and make run-prod use it."""
        return [str(APP_PY), "-m", "ops.units", "exec", unit]

    def start_inbox(self) -> None:
        proc = self._spawn("inbox", self._unit("voordeur-inbox"))
        wait_for_http(f"{self.inbox_url}/health", 60, proc, self.var_dir / "inbox.log")

    def start_actions(self) -> None:
        proc = self._spawn("actions", self._unit("voordeur-actions"))
        wait_for_http(f"http://127.0.0.1:{self.ports['actions']}/health", 60, proc, self.var_dir / "actions.log")

    def start_rasa(self, name: str = "rasa") -> float:
        """Start a Rasa instance and return the seconds until it answered /status with a model.

        Several instances (names "rasa", "rasa2", ...) share the tracker and lock stores, as in production.
        """
        self.ports.setdefault(name, free_port())
        start = time.monotonic()
        # `rasa run` through bot.voordeur.serve, as the unit voordeur-rasa@.service (and so scripts/run.sh) does: the
        # JWT secret comes from the environment (RASA_JWT_SECRET), never from the command line, and telemetry is off.
        proc = self._spawn(name, self._unit(f"voordeur-rasa@{self.ports[name]}"))
        deadline = time.monotonic() + self.rasa_start_timeout
        headers = {"Authorization": f"Bearer {make_jwt(self.env['RASA_JWT_SECRET'])}"}
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            status, body = _get(f"{self.url_of(name)}/status", headers)
            if status == 200 and json.loads(body).get("model_file"):
                return time.monotonic() - start
            time.sleep(0.5)
        log = (self.var_dir / f"{name}.log").read_text(errors="replace")[-5000:]
        raise RuntimeError(f"Rasa did not become ready\n{log}")

    def start(self) -> "Stack":
        try:
            self.start_inbox()
            if self.with_actions:
                self.start_actions()
            if self.with_rasa:
                self.rasa_ready_seconds = self.start_rasa()
        except BaseException:
            self.stop()  # a service that did not come up must not leave the others running
            raise
        return self

    def stop(self, name: str | None = None) -> None:
        names = [name] if name else list(self.procs)
        for n in names:
            proc = self.procs.pop(n, None)
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(5)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- clients ---------------------------------------------------------
    @property
    def rasa_url(self) -> str:
        return self.url_of("rasa")

    def url_of(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def inbox_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['inbox']}"

    def rasa_api_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_jwt(self.env['RASA_JWT_SECRET'])}"}

    def say(self, sender: str, text: str, client: httpx.Client | None = None, metadata: dict | None = None,
            rasa: str = "rasa") -> list[dict]:
        """One user turn through the private REST channel of Rasa instance `rasa`; returns the bot messages."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        c = client or httpx
        r = c.post(f"{self.url_of(rasa)}/webhooks/rest/webhook", json=body, timeout=60,
                   headers={"Authorization": f"Bearer {self.env['RASA_REST_TOKEN']}"})
        r.raise_for_status()
        return r.json()

    def parse(self, text: str, client: httpx.Client | None = None) -> dict:
        c = client or httpx
        r = c.post(f"{self.rasa_url}/model/parse", json={"text": text}, headers=self.rasa_api_headers(), timeout=60)
        r.raise_for_status()
        return r.json()

    def inbox_get(self, path: str, **params: object) -> httpx.Response:
        return httpx.get(f"{self.inbox_url}{path}", params=params, timeout=30,
                         headers={"Authorization": f"Bearer {self.env['INBOX_READ_TOKEN']}"})

