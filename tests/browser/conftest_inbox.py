"""Fixtures for the staff-page tests: a real inbox process on a free port (SQLite in tmp), users made through the
users service, aanmeldingen seeded through the real API, and Debian's Chromium driven by Playwright.

Import into a test module with `from tests.browser.conftest_inbox import *  # noqa: F401,F403`.
"""
from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from tests.support.payloads import aanmelding_body
from tests.support.stack import APP_PY, ROOT, free_port, wait_for_http

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PASSWORD = "correct-horse-battery-staple"

__all__ = ["inbox", "browser", "page", "InboxServer", "start_inbox", "PASSWORD", "login", "csrf_of",
           "http_login", "aanmelding_body"]


@dataclass
class InboxServer:
    url: str
    var_dir: Path
    env: dict[str, str]
    proc: subprocess.Popen
    users: dict[str, str] = field(default_factory=dict)

    @property
    def service_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.env['INBOX_SERVICE_TOKEN']}"}

    def seed(self, **overrides: Any) -> dict:
        """Create an aanmelding through the real API; returns {id, referentie, verwacht_contact_voor}."""
        r = httpx.post(f"{self.url}/api/v1/aanmeldingen", json=aanmelding_body(**overrides), timeout=30,
                       headers={**self.service_headers, "Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code == 201, r.text
        return r.json()

    def _session(self):
        from inbox.db import make_engine, make_sessionmaker

        engine = make_engine(self.env["DATABASE_URL"])
        return engine, make_sessionmaker(engine)

    def make_user(self, username: str, role: str, team: str | None = None, password: str = PASSWORD,
                  one_time: bool = False) -> str:
        """Create an account through the users service on the server's database. Unless one_time, the user has
        already replaced the one-time password by `password` (as every user must at the first login)."""
        from inbox.services import users

        engine, Session = self._session()
        try:
            with Session() as session:
                first = password if one_time else secrets.token_urlsafe(15)
                user, _ = users.create_user(session, username, role, team=team, password=first, wie="tests")
                if not one_time:
                    users.change_password(session, user.id, first, password)
        finally:
            engine.dispose()
        self.users[username] = password
        return username

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


def start_inbox(var_dir: Path, **extra_env: str) -> InboxServer:
    """Start `python -m inbox` as its own process on a free port (it migrates its SQLite database first)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT), "VOORDEUR_VAR_DIR": str(var_dir),
        "INBOX_HOST": "127.0.0.1", "INBOX_PORT": str(port),
        "DATABASE_URL": f"sqlite:///{var_dir / 'inbox.sqlite3'}",
        "INBOX_SERVICE_TOKEN": secrets.token_urlsafe(16), "INBOX_READ_TOKEN": secrets.token_urlsafe(16),
        "INBOX_SECRET_KEY": secrets.token_urlsafe(24), "INBOX_COOKIE_SECURE": "0",
        "INBOX_GATE_REPORT": str(var_dir / "gate.json"),  # none until a test writes one (Beheer → Modelpoort)
        **extra_env,
    }
    log = var_dir / "inbox.log"
    fh = open(log, "ab")
    proc = subprocess.Popen([str(APP_PY), "-m", "inbox"], cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/health", 60, proc, log)
    except Exception:
        proc.kill()
        raise
    return InboxServer(url=url, var_dir=var_dir, env=env, proc=proc)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InboxServer]:
    server = start_inbox(tmp_path_factory.mktemp("inbox"))
    server.make_user("toegang1", "toegang")
    server.make_user("toegang2", "toegang")
    server.make_user("neede1", "frontteam", team="frontteam_neede")
    server.make_user("ruurlo1", "frontteam", team="frontteam_ruurlo")
    server.make_user("beheer1", "beheerder")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context per test (own cookies), with every JS dialog recorded and failing the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]

    def on_dialog(d: Any) -> None:
        pg.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def login(page: Any, inbox: InboxServer, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{inbox.url}/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "no CSRF token in page"
    return m.group(1)


def http_login(inbox: InboxServer, username: str | None, password: str = PASSWORD) -> httpx.Client:
    """An httpx client with a session cookie (anonymous when username is None)."""
    client = httpx.Client(base_url=inbox.url, timeout=30, follow_redirects=False)
    r = client.get("/login")
    if username is None:
        return client
    r = client.post("/login", data={"csrf_token": csrf_of(r.text), "gebruikersnaam": username,
                                    "wachtwoord": password})
    assert r.status_code == 303, r.text
    return client
