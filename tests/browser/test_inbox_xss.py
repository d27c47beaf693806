"""Stored and reflected XSS: inwoners' words (and staff input) render as text on every page and never run."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.conftest_inbox import *  # noqa: F401,F403
from tests.browser.conftest_inbox import login

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

PAYLOADS = [
    "<script>window.__xss=1;alert('xss')</script>",
    "<img src=x onerror=\"window.__xss=1;alert('xss')\">",
    "\"><svg onload=\"window.__xss=1;alert('xss')\">",
    "javascript:window.__xss=1;alert('xss')",
    "<a href=\"javascript:window.__xss=1\">klik</a>",
    "{{7*7}} {% if true %}JINJA{% endif %} ${7*7}",
    "'';!--\"<XSS>=&{()}",
    "</textarea><script>window.__xss=1</script>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<style>body{display:none}</style><b>vet</b>",
]
ALL = "  ".join(PAYLOADS)


def assert_inert(page, where: str) -> None:
    assert page.evaluate("window.__xss") is None, f"script ran on {where}"
    assert page.dialogs == [], f"dialog opened on {where}: {page.dialogs}"
    assert page.locator("a[href^='javascript:' i]").count() == 0, where
    assert page.locator("main iframe, main script, main svg[onload], main img[onerror], main style").count() == 0, where
    text = page.locator("main").inner_text()
    # the template-injection payload is "{{7*7}} {% if true %}JINJA{% endif %}": evaluated it would read "49 JINJA"
    assert "49 JINJA" not in text and "49 {%" not in text and "} JINJA" not in text, \
        f"template expression evaluated on {where}"


def test_stored_payloads_in_every_field_render_as_text(inbox, page, browser):
    a = inbox.seed(
        samenvatting=ALL, redenen=PAYLOADS[:5],
        contact={"naam": PAYLOADS[1][:200], "telefoon": "+31612345678", "email": None, "voorkeur": PAYLOADS[2][:200]},
        transcript=[{"van": "inwoner", "tekst": p} for p in PAYLOADS],
        voorzieningen_aangeboden=PAYLOADS[:3], melder="professional",
        professional={"organisatie": PAYLOADS[0][:200], "functie": PAYLOADS[5][:200], "telefoon": "+31545123456"},
        partner={"soort": "signaal", "inwoner_akkoord": True, "terugkoppeling_gewenst": True},
    )
    login(page, inbox, "toegang1")
    page.goto(f"{inbox.url}/werkvoorraad")
    assert_inert(page, "werkvoorraad")
    assert "<script>window.__xss=1;" in page.locator("table.lijst").inner_text()

    page.goto(f"{inbox.url}/aanmeldingen/{a['id']}")
    page.locator("details summary").click()
    assert_inert(page, "detail")
    woorden = page.locator("blockquote.woorden").inner_text()
    for p in PAYLOADS:
        assert p.strip() in woorden  # shown literally, as the inwoner typed it
    assert PAYLOADS[1][:200] in page.locator("#kop-contact").locator("..").inner_text()

    # staff input goes the same way: note, contact note, label reason, handover note
    page.get_by_label("Notitie", exact=True).fill(ALL)
    page.get_by_role("button", name="Notitie opslaan").click()
    assert_inert(page, "detail after note")
    page.get_by_label("Wat is besproken (optioneel)").fill(PAYLOADS[7])
    page.get_by_role("button", name="Contact vastleggen").click()
    assert_inert(page, "detail after contact")
    page.locator("#label-urgentie").select_option("hoog")
    page.get_by_label("Waarom verandert het label?").fill(PAYLOADS[2])
    page.get_by_role("button", name="Label wijzigen").click()
    assert_inert(page, "detail after label")
    # a rejected form echoes the typed values back: still text
    page.get_by_label("Overdrachtsnotitie voor het team").fill(PAYLOADS[7] + PAYLOADS[0])
    page.locator("#doorzet-team").select_option("")
    page.get_by_role("button", name="Doorzetten").click()
    assert_inert(page, "detail with echoed form values")
    assert page.locator("#doorzet-overdracht").input_value() == PAYLOADS[7] + PAYLOADS[0]
    page.locator("#doorzet-team").select_option("frontteam_neede")
    page.get_by_role("button", name="Doorzetten").click()
    assert_inert(page, "detail after doorzetten")
    page.goto(f"{inbox.url}/monitoring")
    assert_inert(page, "monitoring")

    # the frontteam sees the handover note as text too
    ctx = browser.new_context()
    p2 = ctx.new_page()
    p2.dialogs = []
    p2.on("dialog", lambda d: (p2.dialogs.append(d.message), d.dismiss()))
    login(p2, inbox, "neede1")
    p2.goto(f"{inbox.url}/aanmeldingen/{a['id']}")
    assert_inert(p2, "frontteam detail")
    ctx.close()


def test_reflected_payloads_in_search_login_and_audit_render_as_text(inbox, page, browser):
    login(page, inbox, "toegang2")
    for p in PAYLOADS:
        page.goto(f"{inbox.url}/werkvoorraad?zoek={quote(p)}&urgentie={quote(p)}")
        assert_inert(page, f"search {p!r}")
        assert page.get_by_label("Zoek in samenvatting en referentie").input_value() == p.strip()[:200]

    ctx = browser.new_context()
    anon = ctx.new_page()
    anon.dialogs = []
    anon.on("dialog", lambda d: (anon.dialogs.append(d.message), d.dismiss()))
    anon.goto(f"{inbox.url}/login?volgende={quote(PAYLOADS[3])}")
    anon.get_by_label("Gebruikersnaam").fill(PAYLOADS[2][:90])
    anon.get_by_label("Wachtwoord").fill("x")
    anon.get_by_role("button", name="Inloggen").click()
    assert_inert(anon, "login error")
    assert anon.get_by_label("Gebruikersnaam").input_value() == PAYLOADS[2][:90].strip()
    ctx.close()

    # the failed login above is audited under a keyed pseudonym, never the typed payload; the page stays inert
    ctx = browser.new_context()
    p3 = ctx.new_page()
    p3.dialogs = []
    p3.on("dialog", lambda d: (p3.dialogs.append(d.message), d.dismiss()))
    login(p3, inbox, "beheer1")
    p3.goto(f"{inbox.url}/beheer/audit")
    assert_inert(p3, "audit log")
    audit_text = p3.locator("table.lijst").inner_text()
    assert "<svg onload" not in audit_text and "onbekend:" in audit_text
    p3.goto(f"{inbox.url}/beheer/audit?gebruiker={quote(PAYLOADS[0])}")
    assert_inert(p3, "audit search")
    ctx.close()
