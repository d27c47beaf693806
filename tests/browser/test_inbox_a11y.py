"""axe-core finds no WCAG 2.1 A/AA violations on any staff page, and the pages work with the keyboard alone."""
from __future__ import annotations

import json

import httpx
import pytest

from tests.browser.conftest_inbox import *  # noqa: F401,F403
from tests.browser.conftest_inbox import aanmelding_body, login
from tests.inbox.test_modelpoort_http import report as gate_report

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
WCAG21AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"]}


def assert_no_violations(page, what: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG21AA)
    violations = results.response["violations"]
    detail = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> "
                       f"{[n['target'] for n in v['nodes']][:5]}" for v in violations)
    assert not violations, f"{what}: {len(violations)} WCAG 2.1 AA violations\n{detail}"


def test_every_staff_page_has_no_wcag21aa_violations(inbox, page, browser):
    a = inbox.seed(urgentie="spoed", onderwerpen=["veiligheid"], wet="overig", team_advies="extern_veilig_thuis",
                   melder="professional", samenvatting="Zorgen over de veiligheid van een kind in het gezin.",
                   professional={"organisatie": "Basisschool De Esch", "functie": "intern begeleider",
                                 "telefoon": "+31545111222"},
                   partner={"soort": "signaal", "inwoner_akkoord": False, "terugkoppeling_gewenst": True})
    inbox.seed()
    page.goto(f"{inbox.url}/login")
    assert_no_violations(page, "login")
    page.get_by_label("Gebruikersnaam").fill("toegang1")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert_no_violations(page, "login with error")

    login(page, inbox, "toegang1")
    assert_no_violations(page, "werkvoorraad")
    page.goto(f"{inbox.url}/werkvoorraad?urgentie=spoed&zoek=kind")
    assert_no_violations(page, "werkvoorraad filtered")
    page.goto(f"{inbox.url}/aanmeldingen/{a['id']}")
    page.locator("details summary").click()  # open the transcript too
    assert_no_violations(page, "detail")
    page.get_by_role("button", name="Doorzetten").click()  # error state: messages next to fields
    assert_no_violations(page, "detail with form errors")
    page.goto(f"{inbox.url}/monitoring")
    assert_no_violations(page, "monitoring (toegang)")
    page.goto(f"{inbox.url}/account/wachtwoord")
    assert_no_violations(page, "wachtwoord")
    page.goto(f"{inbox.url}/aanmeldingen/999999")
    assert_no_violations(page, "404 page")

    ctx = browser.new_context()
    p2 = ctx.new_page()
    login(p2, inbox, "beheer1")
    assert_no_violations(p2, "gebruikers")
    p2.get_by_label("Gebruikersnaam").fill("x")
    p2.get_by_role("button", name="Account aanmaken").click()
    assert_no_violations(p2, "gebruikers with form error")
    inbox.make_user("vergeten1", "toegang")
    p2.goto(f"{inbox.url}/beheer/gebruikers")
    p2.get_by_role("button", name="Nieuw eenmalig wachtwoord voor vergeten1").click()
    assert p2.locator("#eenmalig-wachtwoord").count() == 1
    assert_no_violations(p2, "gebruikers with a new one-time password")
    p2.goto(f"{inbox.url}/beheer/audit")
    assert_no_violations(p2, "audit log")
    p2.goto(f"{inbox.url}/monitoring")
    assert_no_violations(p2, "monitoring (beheerder)")
    p2.goto(f"{inbox.url}/beheer/modelpoort")
    assert_no_violations(p2, "modelpoort without a report")
    (inbox.var_dir / "gate.json").write_text(json.dumps(gate_report({"vg-021"})), encoding="utf-8")
    p2.goto(f"{inbox.url}/beheer/modelpoort")
    assert p2.locator("#verschil").count() == 1
    assert_no_violations(p2, "modelpoort with a refused candidate")
    refused = httpx.post(f"{inbox.url}/api/v1/aanmeldingen", json=aanmelding_body(urgentie="spoed", wet="geen_wet"),
                         headers={**inbox.service_headers, "Idempotency-Key": "a11y-geweigerd"}, timeout=30)
    assert refused.status_code == 422
    p2.goto(f"{inbox.url}/beheer/bezorgfouten")
    assert p2.get_by_role("button", name="Afgehandeld").count() == 1
    assert_no_violations(p2, "niet afgeleverde aanmeldingen")
    ctx.close()


def test_keyboard_only_skip_link_then_login_and_open_an_aanmelding(inbox, page):
    a = inbox.seed(samenvatting="Toetsenbordtest: vraag over vervoer naar de dagbesteding.")
    page.goto(f"{inbox.url}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Naar de inhoud"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#inhoud")
    page.get_by_label("Gebruikersnaam").focus()
    page.keyboard.type("toegang2")
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery-staple")
    page.keyboard.press("Enter")
    page.wait_for_url("**/werkvoorraad")
    link = page.get_by_role("link", name=a["referentie"])
    link.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/aanmeldingen/{a['id']}")
    # claim with the keyboard
    page.get_by_role("button", name="Oppakken").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").filter(has_text="opgepakt").count() == 1


def test_the_training_pages_have_no_wcag21aa_violations(tmp_path, browser):
    from tests.browser.conftest_inbox import start_inbox
    from tests.support.tracker import TrackerStore

    tracker = TrackerStore(f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    tracker.user("g-a11y", "Ik ben Greet Wessels, de blauwe flurp doet het niet", "nlu_fallback", 0.7,
                 [("vraag_hulpmiddelen", 0.4)])
    server = start_inbox(tmp_path / "var", TRACKER_DB_URL=tracker.url)
    try:
        for name in ("trainer1", "trainer2"):
            server.make_user(name, "trainer")
        for name, check in (("trainer1", "annotate"), ("trainer2", "approve")):
            ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
            p = ctx.new_page()
            login(p, server, name)
            assert p.url.endswith("/training")
            assert_no_violations(p, f"trainingswachtrij ({name})")
            p.locator("#wachtrij a").first.click()
            p.wait_for_load_state()
            assert_no_violations(p, f"trainingsitem ({name})")
            if check == "annotate":
                p.get_by_role("button", name="Voorbeeld opslaan").click()
                p.wait_for_load_state()
                assert p.locator("#fout").count() == 1
                assert_no_violations(p, "trainingsitem with form errors")
                p.get_by_label("Onderwerp").select_option("hulpmiddelen")
                p.get_by_role("button", name="Voorbeeld opslaan").click()
                p.wait_for_load_state()
                assert p.locator("#wacht-op-ander").count() == 1
                assert_no_violations(p, "trainingsitem waiting for a second trainer")
            else:
                assert p.get_by_role("button", name="Goedkeuren").count() == 1
            ctx.close()
    finally:
        server.stop()
        tracker.dispose()
