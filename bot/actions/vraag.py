"""Vraagverheldering: map the free text to an onderwerp, ask one clarifying question when unsure."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions import validators
from bot.actions.common import catalog, onderwerpen, user_text, warn_bsn

# Below this confidence, or with the runner-up this close, the assistant asks instead of guessing.
ZEKER_GENOEG = 0.60
MARGE = 0.15


def kandidaten(ranking: list[dict[str, Any]], limit: int = 3) -> list[str]:
    """The likeliest onderwerp codes (no safety or out-of-scope: those have their own path)."""
    codes = []
    for item in ranking:
        name = item.get("name") or ""
        code = name[len(c.VRAAG_PREFIX):]
        if name.startswith(c.VRAAG_PREFIX) and code in c.ONDERWERP_CODES and code not in ("veiligheid",):
            codes.append(code)
    return codes[:limit]


def is_onzeker(message: dict[str, Any]) -> bool:
    """Low confidence, or two onderwerpen almost equally likely."""
    intent = message.get("intent") or {}
    if (message.get("text") or "").startswith("/"):
        return False  # a button: the user chose
    ranking = [i for i in message.get("intent_ranking") or [] if (i.get("name") or "").startswith(c.VRAAG_PREFIX)]
    if (intent.get("confidence") or 0.0) < ZEKER_GENOEG:
        return True
    return len(ranking) > 1 and (ranking[0].get("confidence") or 0) - (ranking[1].get("confidence") or 0) < MARGE


def feiten_uit_tekst(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Kern/postcode and age already named in the story: the details form then does not ask again."""
    events: list[dict[str, Any]] = []
    for entity in message.get("entities") or []:
        name, value = entity.get("entity"), str(entity.get("value") or "")
        if name in ("kern", "postcode"):
            result = routing.resolve_kern(catalog(), value)
            if result.kern:
                events += [SlotSet(c.SLOT_KERN, result.kern), SlotSet(c.SLOT_POSTCODE, result.postcode)]
        elif name == "leeftijd" and validators.leeftijd(value):
            events.append(SlotSet(c.SLOT_LEEFTIJD, validators.leeftijd(value)))
    return events


def verduidelijk(dispatcher: CollectingDispatcher, codes: list[str]) -> list[dict[str, Any]]:
    """One question with a button per likely onderwerp plus 'iets anders'."""
    buttons = [{"title": routing.onderwerp_label(code), "payload": f"/{c.VRAAG_PREFIX}{code}"} for code in codes]
    buttons.append({"title": "Iets anders", "payload": f"/{c.INTENT_IETS_ANDERS}"})
    dispatcher.utter_message(response=c.UTTER_VERDUIDELIJKING, buttons=buttons)
    return [SlotSet(c.SLOT_VERDUIDELIJKT, True)]


class ActionVerwerkVraag(Action):
    """Record the onderwerp of the latest message, or ask which one it is."""

    def name(self) -> str:
        return c.ACTION_VERWERK_VRAAG

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        message = tracker.latest_message or {}
        text = user_text(tracker)
        events: list[dict[str, Any]] = []
        if not text.startswith("/") and text:
            eerder = tracker.get_slot(c.SLOT_VRAAG_TEKST)
            events.append(SlotSet(c.SLOT_VRAAG_TEKST, f"{eerder} / {text}" if eerder else text))
        codes = kandidaten(message.get("intent_ranking") or [])
        if is_onzeker(message) and not tracker.get_slot(c.SLOT_VERDUIDELIJKT) and len(codes) > 1:
            return events + verduidelijk(dispatcher, codes)
        code = (message.get("intent") or {}).get("name", "")[len(c.VRAAG_PREFIX):]
        if code not in c.ONDERWERP_CODES:  # an unknown button payload: take the likeliest onderwerp, or ask again
            if not codes:
                dispatcher.utter_message(response=c.UTTER_NIET_BEGREPEN)
                return events
            code = codes[0]
        lijst = onderwerpen(tracker)
        if code not in lijst:
            lijst.append(code)
        events += [SlotSet(c.SLOT_ONDERWERPEN, lijst), SlotSet(c.SLOT_VERDUIDELIJKT, False)] + feiten_uit_tekst(message)
        if tracker.get_slot(c.SLOT_MISVERSTANDEN):
            events.append(SlotSet(c.SLOT_MISVERSTANDEN, 0.0))  # understood again: count afresh
        dispatcher.utter_message(response=c.UTTER_ONDERWERP_BEGREPEN, onderwerp_label=routing.onderwerp_label(code))
        if tracker.get_slot(c.SLOT_TERUGBELVERZOEK):
            dispatcher.utter_message(response=c.UTTER_CONTACT_INTRO)
            return events + [SlotSet(c.SLOT_WIL_CONTACT, True)]
        dispatcher.utter_message(response=c.UTTER_NOG_IETS)
        return events
