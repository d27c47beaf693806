"""Team toegang's main path through the staff pages in a real browser: login → werkvoorraad → detail → claim →
doorzetten → (frontteam) → close, plus spoed on top, filters, bad input keeping values, audit."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest_inbox import *  # noqa: F401,F403
from tests.browser.conftest_inbox import login

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
SHOTS = __import__("pathlib").Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_toegang_works_an_aanmelding_from_werkvoorraad_to_afgerond(inbox, page, browser):
    normaal = inbox.seed(samenvatting="Mijn moeder kan niet meer zelf douchen, wij zoeken hulp.")
    spoed = inbox.seed(urgentie="spoed", onderwerpen=["veiligheid"], wet="overig", team_advies="extern_veilig_thuis",
                       samenvatting="Mijn buurvrouw wordt thuis geslagen, ik maak me grote zorgen.")
    hoog = inbox.seed(urgentie="hoog", onderwerpen=["geldzaken_schulden"], wet="overig",
                      team_advies="welzijn_preventie", kern="Ruurlo",
                      samenvatting="Volgende week wordt ons gas afgesloten.",
                      professional={"organisatie": "Huisartsenpraktijk Neede", "functie": "POH-GGZ",
                                    "telefoon": "+31545123456"},
                      melder="professional",
                      partner={"soort": "signaal", "inwoner_akkoord": True, "terugkoppeling_gewenst": True})

    login(page, inbox, "toegang1")
    assert page.url.endswith("/werkvoorraad")
    assert page.get_by_role("status").filter(has_text="U bent ingelogd").count() == 1

    rows = page.locator("table.lijst tbody tr")
    first = rows.nth(0)
    # spoed on top, with a text label and an icon (not only colour)
    assert "SPOED" in first.inner_text()
    assert first.locator("svg.icoon").count() == 1
    assert spoed["referentie"] in first.inner_text()
    assert hoog["referentie"] in rows.nth(1).inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "werkvoorraad.png"), full_page=True)

    # counts per filter value are shown in the filter options
    assert re.search(r"Spoed \(\d+\)", page.locator("#filter-urgentie").inner_text())

    # search on the samenvatting finds exactly the one
    page.get_by_label("Zoek in samenvatting en referentie").fill("douchen")
    page.get_by_role("button", name="Filteren").click()
    assert page.locator("table.lijst tbody tr").count() == 1
    page.get_by_role("link", name=normaal["referentie"]).click()

    # detail: label, words, contact with tel: link, consent, deadlines, transcript
    assert page.get_by_role("heading", name=f"Aanmelding {normaal['referentie']}").is_visible()
    assert page.locator("blockquote.woorden").inner_text().startswith("Mijn moeder kan niet meer")
    assert page.locator("a[href='tel:+31612345678']").count() == 1
    assert "Gegeven" in page.locator("#kop-contact + dl").inner_text()
    assert "Contact met de inwoner" in page.locator("table.termijnen").inner_text()
    assert "Hulp bij het huishouden" in page.locator("#kop-label + dl").inner_text()

    page.get_by_role("button", name="Oppakken").click()
    assert page.get_by_role("status").filter(has_text="opgepakt").count() == 1
    assert "In behandeling" in page.locator(".detail-kop").inner_text()

    # contact log sets first contact
    page.locator("#contact-wijze").select_option("telefoon")
    page.get_by_label("Wat is besproken (optioneel)").fill("Gebeld, keukentafelgesprek besproken.")
    page.get_by_role("button", name="Contact vastleggen").click()
    assert page.get_by_role("status").filter(has_text="contact is vastgelegd").count() == 1
    assert "Contact gehad op" in page.locator("table.termijnen").inner_text()

    # doorzetten without a handover note: a Dutch error, the chosen team kept
    page.locator("#doorzet-team").select_option("frontteam_neede")
    page.get_by_role("button", name="Doorzetten").click()
    assert "Schrijf een overdrachtsnotitie" in page.locator("#form-doorzetten").inner_text()
    assert page.locator("#doorzet-team").input_value() == "frontteam_neede"
    page.screenshot(path=str(SHOTS / "detail-fout.png"), full_page=True)
    page.get_by_label("Overdrachtsnotitie voor het team").fill("Mevrouw verwacht uw telefoontje in de ochtend.")
    page.get_by_role("button", name="Doorzetten").click()
    assert page.get_by_role("status").filter(has_text="doorgezet").count() == 1
    assert "Doorgezet" in page.locator(".detail-kop").inner_text()
    assert "Mevrouw verwacht uw telefoontje" in page.locator("#kop-geschiedenis").locator("..").inner_text()
    page.screenshot(path=str(SHOTS / "detail.png"), full_page=True)

    # the frontteam Neede now sees it; frontteam Ruurlo does not
    other = browser.new_context()
    p2 = other.new_page()
    login(p2, inbox, "neede1")
    assert p2.get_by_role("link", name=normaal["referentie"]).count() == 1
    assert p2.get_by_role("link", name=spoed["referentie"]).count() == 0
    p2.get_by_role("link", name=normaal["referentie"]).click()
    assert p2.get_by_role("button", name="Doorzetten").count() == 0  # relabel/handover stay with toegang
    p2.locator("#uitkomst").select_option("keukentafelgesprek_gepland")
    p2.get_by_role("button", name="Afsluiten").click()
    assert p2.get_by_role("status").filter(has_text="afgesloten").count() == 1
    assert "Afgerond" in p2.locator(".detail-kop").inner_text()
    other.close()

    other = browser.new_context()
    p3 = other.new_page()
    login(p3, inbox, "ruurlo1")
    assert p3.get_by_role("link", name=normaal["referentie"]).count() == 0
    r = p3.goto(f"{inbox.url}/aanmeldingen/{normaal['id']}")
    assert r.status == 403
    assert "Geen toegang" in p3.locator("h1").inner_text()
    other.close()

    # closed items leave the open werkvoorraad, reopen brings it back
    page.goto(f"{inbox.url}/werkvoorraad")
    assert page.get_by_role("link", name=normaal["referentie"]).count() == 0
    page.goto(f"{inbox.url}/aanmeldingen/{normaal['id']}")
    page.get_by_role("button", name="Heropenen").click()
    assert page.get_by_role("status").filter(has_text="heropend").count() == 1
    assert page.dialogs == []


def test_partner_terugkoppeling_is_recorded_and_leaves_the_waiting_list(inbox, page):
    a = inbox.seed(melder="professional", samenvatting="Signaal van de wijkverpleging over vereenzaming.",
                   professional={"organisatie": "Wijkverpleging Berkelland", "functie": "wijkverpleegkundige",
                                 "telefoon": "+31545987654"},
                   partner={"soort": "signaal", "inwoner_akkoord": True, "terugkoppeling_gewenst": True})
    login(page, inbox, "toegang2")
    page.goto(f"{inbox.url}/monitoring")
    assert page.get_by_role("link", name=a["referentie"]).count() == 1
    page.get_by_role("link", name=a["referentie"]).click()
    assert "Wijkverpleging Berkelland" in page.locator("#kop-partner").locator("..").inner_text()
    assert page.locator("a[href='tel:+31545987654']").count() == 1
    page.get_by_label("Wanneer teruggekoppeld").fill("2099-01-01")
    page.get_by_role("button", name="Teruggekoppeld").click()
    # a date in the future is refused by the service; the form keeps what was typed
    assert page.locator("#form-terugkoppeling .melding-fout").count() == 1 or \
        page.get_by_role("status").filter(has_text="terugkoppeling").count() == 1
    page.goto(f"{inbox.url}/aanmeldingen/{a['id']}")
    page.locator("#tk-wijze").select_option("telefoon")
    page.get_by_role("button", name="Teruggekoppeld").click()
    assert page.get_by_role("status").filter(has_text="terugkoppeling aan de partner is vastgelegd").count() == 1
    assert "Ja, op" in page.locator("#kop-partner").locator("..").inner_text()
    page.goto(f"{inbox.url}/monitoring")
    assert page.get_by_role("link", name=a["referentie"]).count() == 0


def test_label_change_keeps_old_label_and_every_view_is_in_the_audit_log(inbox, page, browser):
    a = inbox.seed(samenvatting="Ik wil graag vrijwilliger worden bij de dorpskamer.")
    login(page, inbox, "toegang1")
    page.goto(f"{inbox.url}/aanmeldingen/{a['id']}")
    page.locator("#label-onderwerp").select_option("vrijwilligerswerk")
    page.locator("#label-wet").select_option("overig")
    page.get_by_role("button", name="Label wijzigen").click()
    assert "Schrijf kort waarom" in page.locator("#form-label").inner_text()
    assert page.locator("#label-onderwerp").input_value() == "vrijwilligerswerk"  # kept
    page.get_by_label("Waarom verandert het label?").fill("Gaat over vrijwilligerswerk, niet over hulp.")
    page.get_by_role("button", name="Label wijzigen").click()
    assert page.get_by_role("status").filter(has_text="oude label is bewaard").count() == 1
    eerder = page.locator("#kop-label").locator("..").inner_text()
    assert "Eerdere labels" in eerder and "Hulp bij het huishouden" in eerder and "Vrijwilligerswerk" in eerder

    ctx = browser.new_context()
    p2 = ctx.new_page()
    login(p2, inbox, "beheer1")
    p2.goto(f"{inbox.url}/beheer/audit?aanmelding={a['id']}")
    text = p2.locator("table.lijst").inner_text()
    assert "aanmelding bekeken" in text and "toegang1" in text and "change label" in text
    ctx.close()


def test_a_new_account_chooses_its_own_password_before_anything_else(inbox, page, browser):
    """The beheerder makes an account in the browser; the new user's first login goes to the password page, every
    other page leads back there, and after the change the werkvoorraad opens."""
    ctx = browser.new_context()
    beheer = ctx.new_page()
    login(beheer, inbox, "beheer1")
    beheer.get_by_label("Gebruikersnaam").fill("nieuwkomer")
    beheer.get_by_label("Rol").select_option("toegang")
    beheer.get_by_role("button", name="Account aanmaken").click()
    eenmalig = beheer.locator("#eenmalig-wachtwoord").inner_text().strip()
    ctx.close()

    login(page, inbox, "nieuwkomer", eenmalig)
    assert page.url.endswith("/account/wachtwoord")
    assert page.get_by_role("status").filter(has_text="Kies eerst een eigen wachtwoord").count() == 1
    page.goto(f"{inbox.url}/werkvoorraad")
    assert page.url.endswith("/account/wachtwoord")
    page.get_by_label("Eenmalig wachtwoord").fill(eenmalig)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("mijn eigen lange zin")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("mijn eigen lange zin")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    assert page.url.endswith("/werkvoorraad")
    assert page.get_by_role("status").filter(has_text="Uw wachtwoord is gewijzigd").count() == 1


def test_a_beheerder_gives_a_forgotten_account_a_new_one_time_password(inbox, page, browser):
    """What the login page's "Vraag de beheerder om een nieuw eenmalig wachtwoord" relies on: the beheerder clicks
    "Nieuw eenmalig wachtwoord", sees it once with its 72 hours, and the user then chooses their own password."""
    inbox.make_user("vergeetachtig", "toegang")
    ctx = browser.new_context()
    beheer = ctx.new_page()
    login(beheer, inbox, "beheer1")
    beheer.get_by_role("button", name="Nieuw eenmalig wachtwoord voor vergeetachtig").click()
    melding = beheer.get_by_role("status").filter(has_text="heeft een nieuw eenmalig wachtwoord").inner_text()
    assert "72 uur geldig" in melding and "maar één keer" in melding
    eenmalig = beheer.locator("#eenmalig-wachtwoord").inner_text().strip()
    beheer.goto(f"{inbox.url}/beheer/gebruikers")
    assert eenmalig not in beheer.content()
    ctx.close()

    login(page, inbox, "vergeetachtig", eenmalig)
    assert page.url.endswith("/account/wachtwoord")
    page.get_by_label("Eenmalig wachtwoord").fill(eenmalig)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("weer een eigen lange zin")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("weer een eigen lange zin")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    assert page.url.endswith("/werkvoorraad")
    assert page.dialogs == []


def test_monitoring_shows_tevredenheid_per_kanaal_onderwerp_and_uitkomst_and_toegang_reads_the_comments(
        inbox, page, browser):
    import httpx

    url = f"{inbox.url}/api/v1/tevredenheid"
    answers = [(5, "aanmelding", "web", "vervoer", None), (4, "aanmelding", "telefoon", "vervoer", None),
               (1, "geen_toestemming", "web", None, "Te veel vragen <script>alert(1)</script>, bel 06-12345678")]
    for i, (score, uitkomst, kanaal, onderwerp, opmerking) in enumerate(answers):
        body = {"sleutel": f"browser-test-sleutel-{i:04d}", "score": score, "uitkomst": uitkomst, "kanaal": kanaal,
                "onderwerp": onderwerp}
        assert httpx.post(url, json=body, headers=inbox.service_headers, timeout=30).status_code == 201
        if opmerking:
            r = httpx.post(url, json={**body, "opmerking": opmerking}, headers=inbox.service_headers, timeout=30)
            assert r.status_code == 200
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)

    login(page, inbox, "toegang1")
    page.goto(f"{inbox.url}/monitoring")
    assert page.locator("#tevredenheid-n").inner_text() == "3"
    assert page.locator("#tevredenheid-gemiddeld").inner_text() == "3,3"
    assert page.locator("svg#grafiek-tevredenheid rect").count() == 5  # one bar per score, drawn server-side
    assert "1 Heel ontevreden: 1" in page.locator("svg#grafiek-tevredenheid desc").text_content()
    kanaal = page.locator("#tabel-tevredenheid-kanaal tbody tr")
    assert [r.inner_text().split("\t")[:3] for r in kanaal.all()] == [["Telefoon", "1", "4"], ["Website (chat)", "2", "3"]]
    uitkomst = page.locator("#tabel-tevredenheid-uitkomst").inner_text()
    assert "Aanmelding verstuurd" in uitkomst and "Geen toestemming" in uitkomst
    opmerking = page.locator("#tabel-opmerkingen tbody tr").inner_text()
    assert "Te veel vragen <script>alert(1)</script>, bel [telefoonnummer]" in opmerking  # masked, shown as text
    assert page.dialogs == [] and csp_errors == []
    csv = page.request.get(f"{inbox.url}/monitoring/export.csv").text()
    assert "totaal;tevredenheid.per.kanaal.telefoon.gemiddeld;4.0" in csv.splitlines()

    other = browser.new_context()
    p2 = other.new_page()
    login(p2, inbox, "beheer1")
    p2.goto(f"{inbox.url}/monitoring")
    assert p2.locator("#tevredenheid-n").inner_text() == "3"
    assert p2.locator("#tabel-opmerkingen").count() == 0  # free text stays with team toegang
    other.close()
