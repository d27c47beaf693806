"""The chat page on the Rasa server: keyboard use, escaping, CSP, accessibility, sessions, small screens."""
from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.browser.chat_fixtures import (  # noqa: F401 - fixtures
    TOKEN_KEY, browser, chat_server, chat_url, page, sender_of, session_token, tracker,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ASSISTANT = "#chat-log .bericht-assistent"
INWONER = "#chat-log .bericht-inwoner"
CHOICE = "#chat-log .keuzes button:not([disabled])"


def open_chat_by_keyboard(pg) -> None:
    for _ in range(15):
        pg.keyboard.press("Tab")
        if pg.evaluate("document.activeElement.id") == "chat-start":
            break
    else:
        raise AssertionError("the start button is not reachable with Tab")
    pg.keyboard.press("Enter")


def wait_for_choices(pg) -> None:
    pg.wait_for_selector(CHOICE, timeout=30_000)


def wait_for_new_answer(pg, before: int) -> None:
    """Wait for assistant message number before+1 (no wait_for_function: the page's CSP forbids eval)."""
    pg.locator(f"{ASSISTANT} >> nth={before}").wait_for(timeout=30_000)


def send(pg, text: str) -> None:
    before = pg.locator(ASSISTANT).count()
    pg.fill("#chat-invoer", text)
    pg.keyboard.press("Enter")
    wait_for_new_answer(pg, before)


def test_page_sends_a_csp_without_unsafe_inline(chat_server):
    r = httpx.get(chat_url(chat_server), timeout=30)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    js = httpx.get(f"{chat_server.rasa_url}/chat/static/chat.js", timeout=30)
    assert "content-security-policy" in js.headers
    assert not re.search(r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write|eval\(", js.text)


def test_widget_works_with_the_keyboard_only(page, chat_server):
    page.goto(chat_url(chat_server))
    open_chat_by_keyboard(page)
    wait_for_choices(page)
    assert page.evaluate("document.activeElement.id") == "chat-invoer"
    # the choices are real buttons, reachable backwards from the text field
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON" and \
                page.evaluate("document.activeElement.closest('.keuzes') !== null"):
            break
    else:
        raise AssertionError("no choice button reachable with Shift+Tab")
    chosen = page.evaluate("document.activeElement.textContent")
    before = page.locator(ASSISTANT).count()
    page.keyboard.press("Enter")
    wait_for_new_answer(page, before)
    assert page.locator(INWONER).last.text_content().endswith(chosen)
    assert page.evaluate("document.activeElement.id") == "chat-invoer"
    page.keyboard.type("Ik heb hulp nodig bij het huishouden")
    before = page.locator(ASSISTANT).count()
    page.keyboard.press("Enter")
    wait_for_new_answer(page, before)
    assert "huishouden" in page.locator(INWONER).last.text_content()
    # Escape closes the panel and gives focus back to a visible opener
    page.keyboard.press("Escape")
    assert page.locator("#chat").is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "chat"
    assert page.errors == []


def test_html_in_a_message_shows_as_text_and_never_runs(page, chat_server):
    evil = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2; alert(2)"> <b>vet</b>'
    page.goto(chat_url(chat_server))
    page.click("#chat-start")
    wait_for_choices(page)
    send(page, evil)
    assert page.locator(INWONER).last.text_content().endswith(evil)
    for check in ("#chat-log img", "#chat-log script", "#chat-log b"):
        assert page.locator(check).count() == 0, check
    # and again when the history comes back from the server after a reload
    page.reload()
    page.wait_for_selector(INWONER, timeout=30_000)
    assert evil in page.locator(INWONER).last.text_content()
    assert page.locator("#chat-log img, #chat-log script, #chat-log b").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_axe_finds_no_wcag_21_aa_violations(page, chat_server):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    page.goto(chat_url(chat_server))
    closed = Axe().run(page, options=options)
    assert closed.violations_count == 0, closed.generate_report()
    page.click("#chat-start")
    wait_for_choices(page)
    send(page, "hallo")
    opened = Axe().run(page, options=options)
    assert opened.violations_count == 0, opened.generate_report()


def test_live_region_and_labels_for_screen_readers(page, chat_server):
    page.goto(chat_url(chat_server))
    page.click("#chat-start")
    wait_for_choices(page)
    log = page.locator("#chat-log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    assert page.locator("label[for=chat-invoer]").text_content() == "Uw bericht"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("#chat-start").get_attribute("aria-expanded") == "true"


def test_page_reload_keeps_the_same_session_and_history(page, chat_server):
    page.goto(chat_url(chat_server))
    page.click("#chat-start")
    wait_for_choices(page)
    send(page, "Ik zoek hulp voor mijn moeder")
    token = session_token(page)
    assert token and token.count(".") == 2
    page.reload()
    page.wait_for_selector(INWONER, timeout=30_000)
    assert session_token(page) == token
    assert page.locator("#chat").is_visible()
    assert "moeder" in " ".join(page.locator(INWONER).all_text_contents())
    events = tracker(chat_server, sender_of(token))["events"]
    assert sum(1 for e in events if e["event"] == "user" and not e["text"].startswith("/")) == 1


@pytest.mark.parametrize("chosen", ["door-de-browser-gekozen", "gekozen.0.vervalst"])
def test_a_client_chosen_session_id_is_not_accepted(page, chat_server, chosen):
    page.goto(chat_url(chat_server))
    page.evaluate(f"sessionStorage.setItem('{TOKEN_KEY}', '{chosen}')")
    page.reload()  # the stored (forged) id makes the widget open and ask to resume it
    wait_for_choices(page)
    token = session_token(page)
    assert token != chosen and sender_of(token) not in chosen
    send(page, "hallo")
    for sender in (chosen, chosen.split(".")[0]):
        events = tracker(chat_server, sender)["events"]
        assert not [e for e in events if e["event"] == "user"], sender


def test_partner_entry_opens_the_chat_as_professional(page, chat_server):
    page.goto(chat_url(chat_server, "?rol=partner"))
    page.wait_for_selector(ASSISTANT, timeout=30_000)
    assert page.locator("#chat").is_visible()
    assert "professional" in page.locator("#chat-titel").text_content()
    events = tracker(chat_server, sender_of(session_token(page)))["events"]
    first = next(e for e in events if e["event"] == "user")
    assert first["parse_data"]["intent"]["name"] == "melder_professional"


def test_readable_at_360_pixels_wide(browser, chat_server, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    pg = context.new_page()
    try:
        pg.goto(chat_url(chat_server))
        shots = Path(os.environ.get("VOORDEUR_SCREENSHOT_DIR") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(shots / "chat-360-pagina.png"))
        pg.click("#chat-lanceer")
        pg.wait_for_selector(CHOICE, timeout=30_000)
        pg.screenshot(path=str(shots / "chat-360-gesprek.png"))
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360
        box = pg.locator("#chat").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        for button in pg.locator(CHOICE).all():
            b = button.bounding_box()
            assert b["x"] + b["width"] <= 360 and b["height"] >= 44  # touch target
        size = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('.bericht')).fontSize)")
        assert size >= 16
        assert pg.locator("#chat-verstuur").text_content() == "Versturen"
    finally:
        context.close()
