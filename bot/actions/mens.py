"""A person is always reachable: 14 0545 with opening hours, or a terugbelverzoek routed like any other."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions.common import onderwerpen, warn_bsn
from bot.actions.tevredenheid import beantwoord_met_opmerking, vraag_tevredenheid
from bot.actions.uitkomst import record_uitkomst
from bot.actions.veiligheid import stop_form


class ActionMensSpreken(Action):
    def name(self) -> str:
        return c.ACTION_MENS_SPREKEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        # "3. Vriendelijk, maar ik had liever direct een mens gesproken" at "Hoe tevreden bent u?": a score with a
        # comment about the conversation that ended, not a new request (the outcome stays as it was)
        beantwoord = await beantwoord_met_opmerking(dispatcher, tracker)
        if beantwoord is not None:
            return [*stop_form(tracker), *beantwoord]
        dispatcher.utter_message(response=c.UTTER_MENS_SPREKEN)
        return stop_form(tracker)


class ActionTerugbelverzoek(Action):
    """Yes: contact form (first a word about the question when none is known). No: counted, they call."""

    def name(self) -> str:
        return c.ACTION_TERUGBELVERZOEK

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        return await terugbellen(dispatcher, tracker, (tracker.latest_message.get("intent") or {}).get("name")
                                 == c.INTENT_AFFIRM)


async def terugbellen(dispatcher: CollectingDispatcher, tracker: Tracker, ja: bool) -> list[dict[str, Any]]:
    """The answer to "wilt u dat wij u terugbellen?", wherever it was asked."""
    if not ja:
        await record_uitkomst(tracker, c.UITKOMST_MENS)
        dispatcher.utter_message(response=c.UTTER_MENS_ZELF_BELLEN)
        return vraag_tevredenheid(dispatcher, c.UITKOMST_MENS)
    if not onderwerpen(tracker):
        dispatcher.utter_message(response=c.UTTER_TERUGBEL_ONDERWERP)
        return [SlotSet(c.SLOT_TERUGBELVERZOEK, True)]
    dispatcher.utter_message(response=c.UTTER_CONTACT_INTRO)
    return [SlotSet(c.SLOT_TERUGBELVERZOEK, True), SlotSet(c.SLOT_WIL_CONTACT, True)]
