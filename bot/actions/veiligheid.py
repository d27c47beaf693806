"""Safety first: the crisis numbers before anything else, on any turn (forms included), then spoed routing."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions.common import onderwerpen, user_text, warn_bsn


def stop_form(tracker: Tracker) -> list[dict[str, Any]]:
    """Leave an active form: nothing may stand between a person in danger (or asking for one) and help."""
    # Always ActiveLoop(None): Rasa treats an action that may end a loop as a loop in every rule.
    if tracker.active_loop.get("name"):
        return [ActiveLoop(None), SlotSet(c.SLOT_REQUESTED, None), SlotSet(c.SLOT_WIL_CONTACT, False)]
    return [ActiveLoop(None)]


class ActionVeiligheid(Action):
    def name(self) -> str:
        return c.ACTION_VEILIGHEID

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        dispatcher.utter_message(response=c.UTTER_CRISIS)  # first, always
        warn_bsn(dispatcher, tracker)
        if tracker.get_slot(c.SLOT_MELDER) == "professional":
            dispatcher.utter_message(response=c.UTTER_MELDCODE)
        dispatcher.utter_message(response=c.UTTER_CRISIS_AANBOD)
        safety = (tracker.latest_message or {}).get("safety") or {}
        lijst = onderwerpen(tracker)
        if "veiligheid" not in lijst:
            lijst.insert(0, "veiligheid")
        text = user_text(tracker)
        eerder = tracker.get_slot(c.SLOT_VRAAG_TEKST)
        events = stop_form(tracker) + [
            SlotSet(c.SLOT_ONDERWERPEN, lijst),
            SlotSet(c.SLOT_URGENTIE, "spoed"),
            SlotSet(c.SLOT_VEILIGHEID_CATEGORIE, safety.get("categorie") or "crisis"),
        ]
        if text and not text.startswith("/"):
            events.append(SlotSet(c.SLOT_VRAAG_TEKST, f"{eerder} / {text}" if eerder else text))
        return events
