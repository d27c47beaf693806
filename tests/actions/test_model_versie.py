"""The aanmelding names the Rasa model that labelled it: the model_id Rasa stamps on the events it logs."""
from __future__ import annotations

from datetime import datetime

import httpx
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.aanmelding import ActionAanmeldingVersturen
from bot.actions.payload import aanmelding_body, model_versie
from tests.actions.conftest import AMSTERDAM, make_tracker
from tests.actions.test_actions import ROUTED
from tests.actions.test_delivery_real_inbox import real_inbox, wired  # noqa: F401 - fixtures

OUD, NIEUW = "3f9a1c0de2b84f6a9d7e5c4b3a291807", "b6e0d2f4a8c14e3f9b7d5a1c2e4f6a80"
ASSISTANT = {"assistant_id": "voormekaar_voordeur"}


def turn(model_id: str, t: float, text: str, onderwerpen: list[str] | None = None) -> list[dict]:
    """One turn as Rasa 3.6 sends it to the action server: every event stamped with the loaded model's id."""
    meta = {"model_id": model_id, **ASSISTANT}
    events = [{"event": "user", "timestamp": t, "metadata": meta, "text": text, "input_channel": "rest",
               "parse_data": {"text": text, "intent": {"name": "vraag_hulpmiddelen", "confidence": 0.9}}},
              {"event": "action", "timestamp": t + 0.1, "metadata": meta, "name": c.ACTION_VERWERK_VRAAG,
               "policy": "RulePolicy", "confidence": 1.0}]
    if onderwerpen is not None:
        events.append({"event": "slot", "timestamp": t + 0.2, "metadata": meta, "name": c.SLOT_ONDERWERPEN,
                       "value": onderwerpen})
    return events


def test_the_model_that_recorded_the_onderwerpen_is_named_even_after_a_model_swap():
    # labelled by OUD; the model was replaced (PUT /model) before the inwoner gave name and phone number
    events = turn(OUD, 10.0, "ik heb een rolstoel nodig", ["hulpmiddelen"]) + turn(NIEUW, 20.0, "Jan Jansen")
    tracker = make_tracker(slots=ROUTED, events=events)
    assert model_versie(tracker) == OUD
    assert aanmelding_body(tracker, {}, datetime.now(AMSTERDAM))["model_versie"] == OUD


def test_a_later_relabelling_turn_names_the_later_model():
    events = (turn(OUD, 10.0, "ik kan niet meer douchen", ["huishoudelijke_hulp"])
              + turn(NIEUW, 20.0, "/vraag_hulpmiddelen", ["hulpmiddelen"]))
    assert model_versie(make_tracker(slots=ROUTED, events=events)) == NIEUW


def test_without_an_onderwerpen_event_the_latest_stamp_counts_and_without_stamps_there_is_none():
    # a callback request (terugbelverzoek) records no onderwerpen from the words
    assert model_versie(make_tracker(slots=ROUTED, events=turn(OUD, 10.0, "bel mij maar"))) == OUD
    assert model_versie(make_tracker(slots=ROUTED)) is None


async def test_the_real_inbox_keeps_the_model_version_of_the_aanmelding(wired):  # noqa: F811
    services.drafts().put("versie-1", "telefoon", "+31612345678")
    tracker = make_tracker(slots=ROUTED, sender_id="versie-1",
                           events=turn(OUD, 10.0, "ik heb een rolstoel nodig", ["hulpmiddelen"]))
    await ActionAanmeldingVersturen().run(CollectingDispatcher(), tracker, {})
    items = httpx.get(f"{wired.url}/api/v1/aanmeldingen", params={"conversation_id": "versie-1"},
                      headers=wired.read()).json()["items"]
    assert [a["model_versie"] for a in items] == [OUD]
