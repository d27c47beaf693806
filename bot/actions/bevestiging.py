"""Confirm and correct the first guess: "Ik begrijp dat uw vraag gaat over: X. Klopt dat?" in the same turn.

Buttons: "Ja, dat klopt", the likeliest other onderwerpen (routing.EersteBericht.alternatieven, at most
routing.MAX_ALTERNATIEVEN) and "Iets anders, ik typ het opnieuw". The confirmation replaces the old "Is er nog
iets…?": "Ja, dat klopt" goes straight on to the next question, so the happy path is no longer. A correction
(another onderwerp, or the question in other words) is kept: `onderwerp_gok` and `onderwerp_correctie` go into
the aanmelding. Never on the spoed path (routing.EersteBericht.bevestigen).
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions.common import is_voice

JA = "Ja, dat klopt"
OPNIEUW = {"web": "Iets anders, ik typ het opnieuw", "telefoon": "Iets anders, ik zeg het opnieuw"}


def knoppen(tracker: Tracker, alternatieven: tuple[str, ...]) -> list[dict[str, str]]:
    """Ja, the alternatives, iets anders (the phone reads them as a numbered menu)."""
    buttons = [{"title": JA, "payload": f"/{c.INTENT_AFFIRM}"}]
    buttons += [{"title": routing.onderwerp_label(code), "payload": f"/{c.VRAAG_PREFIX}{code}"}
                for code in alternatieven[:routing.MAX_ALTERNATIEVEN]]
    buttons.append({"title": OPNIEUW["telefoon" if is_voice(tracker) else "web"],
                    "payload": f"/{c.INTENT_IETS_ANDERS}"})
    return buttons


def vraag_bevestiging(dispatcher: CollectingDispatcher, tracker: Tracker, codes: list[str], label: str,
                      alternatieven: tuple[str, ...]) -> list[dict[str, Any]]:
    """Say what was understood and ask "klopt dat?" with the buttons; remember the guess."""
    dispatcher.utter_message(response=c.UTTER_KLOPT_DAT, onderwerp_label=label,
                             buttons=knoppen(tracker, tuple(a for a in alternatieven if a not in codes)))
    return [SlotSet(c.SLOT_BEVESTIGING, True), SlotSet(c.SLOT_ONDERWERP_GOK, list(codes))]


def al_gevraagd(tracker: Tracker) -> bool:
    """The first guess was put to the user before in this round (a retyped question is not asked again)."""
    return bool(tracker.get_slot(c.SLOT_ONDERWERP_GOK))


def correctie(tracker: Tracker, lijst: list[str]) -> list[dict[str, Any]]:
    """Keep the user's correction when the onderwerpen now differ from the first guess."""
    gok = list(tracker.get_slot(c.SLOT_ONDERWERP_GOK) or [])
    if gok and lijst != gok:
        return [SlotSet(c.SLOT_ONDERWERP_CORRECTIE, list(lijst))]
    return []


def bevestigd() -> list[dict[str, Any]]:
    """"Ja, dat klopt": on to the details form (a rule opens it on vraag_compleet)."""
    return [SlotSet(c.SLOT_BEVESTIGING, False), SlotSet(c.SLOT_VRAAG_COMPLEET, True)]


def opnieuw(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """"Iets anders" or "nee": forget the guess' onderwerpen; the next message is the correction."""
    dispatcher.utter_message(response=c.UTTER_IETS_ANDERS)
    return [SlotSet(c.SLOT_BEVESTIGING, False), SlotSet(c.SLOT_ONDERWERPEN, [])]
