"""Consent, asked with the read-back in one question: a "nee" keeps nothing personal and is counted anonymously; a
correction is never taken for a refusal; nothing builds an aanmelding without a "ja"."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from rasa_sdk.events import SlotSet

from bot.actions import constants as c
from bot.actions import services
from bot.actions.aanmelding import ActionAanmeldingVersturen
from bot.actions.payload import aanmelding_body
from bot.actions.toestemming import NA_NEE, VRAAG, ActionAskToestemming, ActionGeenToestemming
from tests.actions.conftest import make_tracker, responses, run, tevredenheid_gevraagd
from tests.actions.test_actions import PARTNER, ROUTED

DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain"
RESET = [SlotSet(name, None) for name in (c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_EMAIL, c.SLOT_VOORKEUR,
                                          c.SLOT_TOESTEMMING, c.SLOT_ORGANISATIE, c.SLOT_FUNCTIE,
                                          c.SLOT_PARTNER_SOORT, c.SLOT_INWONER_AKKOORD)]


def outbox_rows(var_dir: Path) -> list[tuple[str, str]]:
    path = var_dir / "outbox.sqlite3"
    if not path.exists():
        return []
    return sqlite3.connect(path).execute("SELECT key, kind FROM outbox ORDER BY key").fetchall()


VOORLEZEN = [c.UTTER_SAMENVATTING_VRAAG, c.UTTER_SAMENVATTING]


async def test_the_question_reads_back_then_says_what_is_kept_who_sees_it_and_how_long_before_asking():
    dispatcher, events = await run(ActionAskToestemming(), make_tracker(slots=ROUTED))
    assert responses(dispatcher) == [*VOORLEZEN, c.UTTER_TOESTEMMING_WAT, c.UTTER_TOESTEMMING_WIE,
                                     c.UTTER_TOESTEMMING_BEWAREN, c.UTTER_ASK_TOESTEMMING]
    assert events == []


async def test_after_a_correction_it_reads_back_again_without_explaining_consent_twice():
    tracker = make_tracker(slots=ROUTED)
    tracker.events.insert(1, {"event": "bot", "text": "…", "metadata": {"utter_action": c.UTTER_TOESTEMMING_WAT}})
    dispatcher, _ = await run(ActionAskToestemming(), tracker)
    assert responses(dispatcher) == [*VOORLEZEN, c.UTTER_ASK_TOESTEMMING]


async def test_after_starting_again_consent_is_explained_again():
    eerder = [{"event": "bot", "text": "…", "metadata": {"utter_action": c.UTTER_TOESTEMMING_WAT}},
              {"event": "action", "name": c.ACTION_OPNIEUW_BEGINNEN}]
    tracker = make_tracker(slots=ROUTED)
    tracker.events[:] = [tracker.events[0], *eerder, *tracker.events[1:]]
    dispatcher, _ = await run(ActionAskToestemming(), tracker)
    assert c.UTTER_TOESTEMMING_WAT in responses(dispatcher)


@pytest.mark.parametrize("slots,wie", [
    ({c.SLOT_ONDERWERPEN: ["inkomen_bijstand"], c.SLOT_VRAAG_TEKST: "ik heb geen inkomen meer"}, "Fijnder"),
    ({c.SLOT_ONDERWERPEN: ["veiligheid"], c.SLOT_URGENTIE: "spoed",
      c.SLOT_VRAAG_TEKST: "mijn man slaat mij en de kinderen zien het"}, "Veilig Thuis"),
], ids=["fijnder", "veilig_thuis"])
async def test_the_consent_question_names_fijnder_or_veilig_thuis_when_the_route_goes_there(slots, wie):
    """Not only Voormekaar's staff see the data when the aanmelding goes to Fijnder or Veilig Thuis."""
    dispatcher, _ = await run(ActionAskToestemming(), make_tracker(slots={**ROUTED, **slots}))
    assert responses(dispatcher) == [*VOORLEZEN, c.UTTER_TOESTEMMING_WAT, c.UTTER_TOESTEMMING_WIE,
                                     c.UTTER_VERWACHTING, c.UTTER_TOESTEMMING_BEWAREN, c.UTTER_ASK_TOESTEMMING]
    assert wie in dispatcher.messages[4]["tekst"]


@pytest.mark.parametrize("slots, melder", [(ROUTED, "inwoner"), (PARTNER, "professional")])
async def test_nee_forgets_the_contact_details_and_counts_only_an_anonymous_refusal(inbox, var_dir, slots, melder):
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    services.drafts().put("gesprek-1", "email", "jan@example.nl")
    tracker = make_tracker(slots={**slots, c.SLOT_TOESTEMMING: False}, intent="deny", text="nee")
    dispatcher, events = await run(ActionGeenToestemming(), tracker)
    assert responses(dispatcher) == [c.UTTER_GEEN_TOESTEMMING, c.UTTER_GEEN_TOESTEMMING_GEWIST,
                                     c.UTTER_GEEN_TOESTEMMING_TELLING, c.UTTER_GEEN_TOESTEMMING_BELLEN,
                                     c.UTTER_ASK_TEVREDENHEID]
    # false first: the tracker store wipes the conversation on it (also after "Nee, niets bewaren" outside the form)
    assert events == [SlotSet(c.SLOT_TOESTEMMING, False), *RESET, SlotSet(c.SLOT_WIL_CONTACT, False),
                      SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, False),
                      *tevredenheid_gevraagd(events, c.UITKOMST_GEEN_TOESTEMMING)]
    assert services.drafts().get_all("gesprek-1") == {}
    [uitkomst] = inbox.uitkomsten
    assert uitkomst["uitkomst"] == c.UITKOMST_GEEN_TOESTEMMING and uitkomst["melder"] == melder
    assert set(uitkomst) == {"conversation_id", "kanaal", "melder", "onderwerpen", "wet", "urgentie", "kern",
                             "uitkomst", "voorzieningen_aangeboden"}
    assert inbox.created == {}
    assert outbox_rows(var_dir) == [(f"uitkomst:gesprek-1:{c.UITKOMST_GEEN_TOESTEMMING}", "uitkomst")]


@pytest.mark.parametrize("toestemming", [False, None])
async def test_an_aanmelding_without_consent_is_refused_and_nothing_is_queued(inbox, var_dir, toestemming):
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    tracker = make_tracker(slots={**ROUTED, c.SLOT_TOESTEMMING: toestemming}, intent="affirm", text="oké")
    dispatcher, events = await run(ActionAanmeldingVersturen(), tracker)
    assert responses(dispatcher) == [c.UTTER_AANMELDING_ZONDER_TOESTEMMING]
    assert events == [SlotSet(c.SLOT_WIL_CONTACT, False)]
    assert inbox.created == {} and inbox.requests == 0
    assert outbox_rows(var_dir) == []
    assert services.drafts().get_all("gesprek-1") == {}


@pytest.mark.parametrize("toestemming, gegeven", [(True, True), (False, False), (None, False), ("ja", False)])
def test_the_aanmelding_says_consent_was_given_only_after_an_explicit_ja(toestemming, gegeven):
    tracker = make_tracker(slots={**ROUTED, c.SLOT_TOESTEMMING: toestemming})
    body = aanmelding_body(tracker, {"telefoon": "+31612345678"}, datetime(2026, 11, 30, tzinfo=timezone.utc))
    assert body["toestemming"]["gegeven"] is gegeven
    assert body["toestemming"]["tekstversie"] == c.TOESTEMMING_TEKSTVERSIE


def _responses() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for path in DOMAIN.glob("*.yml"):
        found.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return found


@pytest.mark.parametrize("name, must_say", [
    (c.UTTER_TOESTEMMING_WAT, ["naam", "nummer", "gesprek"]),
    (c.UTTER_TOESTEMMING_WIE, ["medewerkers", "Voormekaar"]),
    (c.UTTER_TOESTEMMING_BEWAREN, ["12 maanden"]),
    (c.UTTER_ASK_TOESTEMMING, ["Klopt", "mogen wij", "bewaren?"]),
    (c.UTTER_GEEN_TOESTEMMING, ["niets persoonlijks"]),
    (c.UTTER_GEEN_TOESTEMMING_GEWIST, ["naam", "nummer", "gewist"]),
    (c.UTTER_GEEN_TOESTEMMING_TELLING, ["zonder naam", "telling", "blijft bewaard"]),
    (c.UTTER_GEEN_TOESTEMMING_BELLEN, ["14 0545"]),
])
def test_consent_texts_say_exactly_what_is_kept_in_short_bubbles_on_web_and_phone(name, must_say):
    variations = _responses()[name]
    assert {v.get("channel") for v in variations} >= {None}, "a web text"
    for variation in variations:
        text = variation["text"]
        assert all(word in text for word in must_say), (name, text)
        assert len(text.split()) <= 25 and text.count(". ") <= 2, f"{name}: one short idea per bubble: {text}"
    assert {r for r in VRAAG + NA_NEE} <= set(_responses())
