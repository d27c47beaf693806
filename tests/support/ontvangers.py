"""Real receivers at the edge of the world for the spoed alert: an SMTP server (aiosmtpd) and an incoming-webhook
endpoint (aiohttp), each on a free local port in a thread of the test process, keeping what they received."""
from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiohttp import web
from aiosmtpd.controller import Controller

from tests.support.stack import free_port


class SmtpOntvanger:
    """An SMTP server that accepts every message and keeps it (parsed) with its envelope recipients."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.berichten: list[tuple[list[str], EmailMessage]] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._lock:
            self.berichten.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self) -> "SmtpOntvanger":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> "SmtpOntvanger":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def onderwerpen(self) -> list[str]:
        with self._lock:
            return [m["Subject"] for _, m in self.berichten]


@dataclass
class WebhookOntvanger:
    """An incoming-webhook endpoint (POST /hooks/<secret>): answers `fail_first` requests with 500, then 200."""

    port: int = field(default_factory=free_port)
    fail_first: int = 0
    ontvangen: list[dict] = field(default_factory=list)
    sleutels: list[str] = field(default_factory=list)
    geweigerd: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/T000-geheim"

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.geweigerd < self.fail_first:
            self.geweigerd += 1
            return web.Response(status=500, text="tijdelijk niet")
        self.ontvangen.append(body)
        self.sleutels.append(request.headers.get("Idempotency-Key", ""))
        return web.Response(text="ok")

    def start(self) -> "WebhookOntvanger":
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_post("/hooks/{secret}", self._hook)
            self._runner = web.AppRunner(app)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(10), "webhook receiver did not start"
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def __enter__(self) -> "WebhookOntvanger":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_until(condition, timeout: float = 30.0, every: float = 0.1) -> bool:
    """Poll `condition` until it is true or the time is up; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())
