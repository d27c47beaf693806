"""Fixtures for the chat page browser tests: one real Rasa server (runtime 1) and Debian's headless Chromium.

The model comes from VOORDEUR_TEST_MODEL (default models/current.tar.gz); without it the tests fail and say so.
Rasa and the action server are started (free text goes through custom actions); the inbox is not needed here.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.support.stack import DEFAULT_MODEL, Stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
TOKEN_KEY = "voordeur.chat.sessie"


def test_model() -> Path:
    return Path(os.environ.get("VOORDEUR_TEST_MODEL") or DEFAULT_MODEL)


test_model.__test__ = False  # not a test, a helper with an unlucky name


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A real Rasa server with our channels and the chat page, on a free port."""
    model = test_model()
    # `make test` trains the model and installs chromium first: a missing one is a failure, not a skip.
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` or set VOORDEUR_TEST_MODEL")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (Debian package chromium)")
    stack = Stack(var_dir=tmp_path_factory.mktemp("chat"), model=model, with_actions=False)
    # Many sessions from one address in a few seconds is what a test run looks like.
    stack.env.update({"CHAT_RATE_SESSIONS_PER_MINUTE": "1000", "CHAT_RATE_MESSAGES_PER_MINUTE": "1000"})
    try:
        stack.start_actions()
        stack.start_rasa()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, chat_server):
    """A fresh browser context (own sessionStorage) with console errors and dialogs recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def chat_url(stack: Stack, query: str = "") -> str:
    return f"{stack.rasa_url}/chat/{query}"


def tracker(stack: Stack, sender_id: str) -> dict:
    """The conversation as Rasa stored it (HTTP API, JWT in the Authorization header)."""
    r = httpx.get(f"{stack.rasa_url}/conversations/{sender_id}/tracker", headers=stack.rasa_api_headers(), timeout=30)
    r.raise_for_status()
    return r.json()


def session_token(pg) -> str | None:
    return pg.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')")


def sender_of(token: str) -> str:
    return token.split(".")[0]
