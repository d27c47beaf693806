"""The whole front door in a real browser: an inwoner chats on the website until team toegang's inbox
holds the aanmelding with its triage label (Chromium → socket.io → Rasa → actions → inbox)."""
from __future__ import annotations

import re

import pytest

from tests.browser.chat_fixtures import browser, chat_url, sender_of, session_token  # noqa: F401 - fixtures
from tests.e2e.conftest import MODEL, require_model
from tests.support.stack import Stack

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.slow]

ASSISTANT = "#chat-log .bericht-assistent"


@pytest.fixture(scope="module")
def full_stack(tmp_path_factory):
    require_model()
    stack = Stack(tmp_path_factory.mktemp("browser-full"), model=MODEL)
    stack.env.update({"CHAT_RATE_SESSIONS_PER_MINUTE": "1000", "CHAT_RATE_MESSAGES_PER_MINUTE": "1000"})
    stack.start()
    yield stack
    stack.stop()


def answered(page, before: int) -> None:
    page.locator(f"{ASSISTANT} >> nth={before}").wait_for(timeout=30_000)


def click_choice(page, title: str) -> None:
    before = page.locator(ASSISTANT).count()
    page.locator("#chat-log .keuzes button:not([disabled])", has_text=re.compile(title, re.I)).last.click()
    answered(page, before)


def type_message(page, text: str) -> None:
    before = page.locator(ASSISTANT).count()
    page.fill("#chat-invoer", text)
    page.keyboard.press("Enter")
    answered(page, before)


def test_inwoner_chats_on_the_website_until_the_aanmelding_is_in_the_inbox(browser, full_stack):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(chat_url(full_stack))
        page.click("#chat-start")
        page.locator("#chat-log .keuzes button").first.wait_for(timeout=30_000)  # the first question, with buttons
        type_message(page, "Sinds mijn heupoperatie kan ik het huishouden niet meer zelf doen")
        click_choice(page, "klopt")  # "Ik begrijp dat uw vraag gaat over: … Klopt dat?"
        type_message(page, "Ik woon in Ruurlo")
        click_choice(page, "contact")
        type_message(page, "Jan Jansen")
        type_message(page, "06 1234 5678, het liefst 's middags")  # the number and when to call: one question
        click_choice(page, "het mag")  # "Klopt dit, en mogen wij uw gegevens zo bewaren?"
        page.locator(ASSISTANT, has_text=re.compile(r"VMK-\d{4}-\d{6}")).wait_for(timeout=30_000)
        sender = sender_of(session_token(page))
        [a] = full_stack.inbox_get("/api/v1/aanmeldingen", conversation_id=sender).json()["items"]
        assert (a["kanaal"], a["onderwerpen"][0], a["wet"]) == ("web", "huishoudelijke_hulp", "wmo")
        assert (a["kern"], a["team_advies"]) == ("Ruurlo", "frontteam_ruurlo")
        assert (a["contact"]["telefoon"], a["contact"]["voorkeur"]) == ("+31612345678", "middag")
        assert a["referentie"] in page.locator("#chat-log").inner_text()
        assert errors == []
    finally:
        context.close()
