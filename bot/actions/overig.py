"""Out of scope, starting again, and not understood (twice -> the human route)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import warn_bsn
from bot.actions.uitkomst import record_uitkomst
from bot.actions.veiligheid import stop_form
from bot.actions.vraag import kandidaten, verduidelijk

KANDIDAAT_DREMPEL = 0.2


class ActionBuitenSociaalDomein(Action):
    def name(self) -> str:
        return c.ACTION_BUITEN_SOCIAAL_DOMEIN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        dispatcher.utter_message(response=c.UTTER_BUITEN_SOCIAAL_DOMEIN)
        await record_uitkomst(tracker, c.UITKOMST_BUITEN)
        return []


class ActionOpnieuwBeginnen(Action):
    def name(self) -> str:
        return c.ACTION_OPNIEUW_BEGINNEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        services.drafts().delete(tracker.sender_id)
        dispatcher.utter_message(response=c.UTTER_OPNIEUW)
        dispatcher.utter_message(response=c.UTTER_VRAAG_MELDER)
        return stop_form(tracker) + [AllSlotsReset()]


class ActionNietBegrepen(Action):
    """First a likely-onderwerp question when there is one, then 'say it differently', then the human route."""

    def name(self) -> str:
        return c.ACTION_NIET_BEGREPEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        ranking = [i for i in tracker.latest_message.get("intent_ranking") or []
                   if (i.get("confidence") or 0) >= KANDIDAAT_DREMPEL]
        codes = kandidaten(ranking)
        if codes and not tracker.get_slot(c.SLOT_VERDUIDELIJKT):
            return verduidelijk(dispatcher, codes[:3] if len(codes) > 1 else codes)
        keer = int(tracker.get_slot(c.SLOT_MISVERSTANDEN) or 0) + 1
        dispatcher.utter_message(response=c.UTTER_NIET_BEGREPEN_MENS if keer >= 2 else c.UTTER_NIET_BEGREPEN)
        return [SlotSet(c.SLOT_MISVERSTANDEN, float(keer))]
