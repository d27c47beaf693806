"""Out of scope, starting again, and not understood (twice -> the human route)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import laatste_vraag, onderwerpen, round_start, user_text, warn_bsn
from bot.actions.mens import terugbellen
from bot.actions.tevredenheid import vraag_tevredenheid
from bot.actions.uitkomst import record_uitkomst
from bot.actions.veiligheid import stop_form
from bot.actions.vraag import niet_begrepen


class ActionBuitenSociaalDomein(Action):
    def name(self) -> str:
        return c.ACTION_BUITEN_SOCIAAL_DOMEIN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        dispatcher.utter_message(response=c.UTTER_BUITEN_SOCIAAL_DOMEIN)
        dispatcher.utter_message(response=c.UTTER_BUITEN_SOCIAAL_DOMEIN_GEMEENTE)
        await record_uitkomst(tracker, c.UITKOMST_BUITEN)
        return vraag_tevredenheid(dispatcher, c.UITKOMST_BUITEN)


def aanmelding_verstuurd(tracker: Tracker) -> bool:
    """An aanmelding was sent in the current round (then the conversation was not broken off)."""
    start = round_start(tracker)
    return any(e.get("event") == "action" and e.get("name") == c.ACTION_AANMELDING_VERSTUREN
               and float(e.get("timestamp") or 0) >= start for e in tracker.events)


class ActionOpnieuwBeginnen(Action):
    def name(self) -> str:
        return c.ACTION_OPNIEUW_BEGINNEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if onderwerpen(tracker) and not aanmelding_verstuurd(tracker):
            await record_uitkomst(tracker, c.UITKOMST_AFGEBROKEN)  # counted before the slots are forgotten
        services.drafts().delete(tracker.sender_id)
        dispatcher.utter_message(response=c.UTTER_OPNIEUW)
        dispatcher.utter_message(response=c.UTTER_VRAAG_START)
        return stop_form(tracker) + [AllSlotsReset()]


class ActionNietBegrepen(Action):
    """First a likely-onderwerp question when there is one, then 'say it differently', then the human route."""

    def name(self) -> str:
        return c.ACTION_NIET_BEGREPEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        vraag = laatste_vraag(tracker)
        if intent in (c.INTENT_AFFIRM, c.INTENT_DENY) and vraag == c.UTTER_NIET_BEGREPEN_MENS:
            # "Nee, ik bel zelf" / "Ja, bel mij terug": answered, never the same offer again (the contact form
            # starts at once when the question is known; otherwise the next message names it)
            events = await terugbellen(dispatcher, tracker, intent == c.INTENT_AFFIRM)
            if SlotSet(c.SLOT_WIL_CONTACT, True) in events:
                events.append(FollowupAction(c.FORM_CONTACT))
            return events
        if intent == c.INTENT_AFFIRM and vraag == c.UTTER_CRISIS_GEEN_CONTACT:
            dispatcher.utter_message(response=c.UTTER_VRAAG_SITUATIE)
            return []
        if vraag == c.UTTER_CRISIS_GEEN_CONTACT and (  # "Kan ik u nog ergens anders mee helpen?"
                intent == c.INTENT_DENY  # "nee"; "oké, dank je", "dat was het" (ja would be: more help)
                or routing.lees_antwoord(routing.default_antwoorden(), "contact", user_text(tracker)) == "genoeg"):
            dispatcher.utter_message(response=c.UTTER_AFSCHEID)
            return []
        return niet_begrepen(dispatcher, tracker)
