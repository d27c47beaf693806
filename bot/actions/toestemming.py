"""Consent: the question in short bubbles, and what a "nee" does (nothing personal kept, an anonymous count).

The conversation itself is wiped by Rasa's tracker store when it stores toestemming=false
(bot/voordeur/tracker_store.py); this side forgets the draft contact details and counts the outcome.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.tevredenheid import vraag_tevredenheid
from bot.actions.uitkomst import record_uitkomst
from bot.actions.verwachting import gegevens

# Reset after a "nee", so a later contact form asks again (toestemming included).
CONTACT_SLOTS = (c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_EMAIL, c.SLOT_VOORKEUR, c.SLOT_TOESTEMMING,
                 c.SLOT_ORGANISATIE, c.SLOT_FUNCTIE, c.SLOT_PARTNER_SOORT, c.SLOT_INWONER_AKKOORD)
TZ = ZoneInfo("Europe/Amsterdam")
# The consent question, one idea per bubble; between WIE and BEWAREN who else sees the data on this route.
VRAAG = (c.UTTER_TOESTEMMING_WAT, c.UTTER_TOESTEMMING_WIE, c.UTTER_TOESTEMMING_BEWAREN, c.UTTER_ASK_TOESTEMMING)
NA_NEE = (c.UTTER_GEEN_TOESTEMMING, c.UTTER_GEEN_TOESTEMMING_GEWIST, c.UTTER_GEEN_TOESTEMMING_TELLING,
          c.UTTER_GEEN_TOESTEMMING_BELLEN)


def heeft_toestemming(tracker: Tracker) -> bool:
    """Only an explicit "ja" to the consent question counts."""
    return tracker.get_slot(c.SLOT_TOESTEMMING) is True


class ActionAskToestemming(Action):
    """What is kept and why, who sees it (Voormekaar; on some routes Fijnder or Veilig Thuis too), for how long,
    then the short question: one idea per bubble."""

    def name(self) -> str:
        return c.ACTION_ASK_TOESTEMMING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        # Asked again after an answer that was neither ja nor nee: only the question (its herstel variation).
        if tracker.get_slot(c.SLOT_HERSTEL_VRAAG) != c.SLOT_TOESTEMMING:
            for response in VRAAG[:2]:
                dispatcher.utter_message(response=response)
            gegevens(dispatcher, tracker, datetime.now(TZ))
            dispatcher.utter_message(response=VRAAG[2])
        dispatcher.utter_message(response=VRAAG[3])
        return []


async def geen_toestemming(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Forget the draft contact details, count the refusal anonymously, say exactly what is kept."""
    services.drafts().delete(tracker.sender_id)
    await record_uitkomst(tracker, c.UITKOMST_GEEN_TOESTEMMING)
    for response in NA_NEE:
        dispatcher.utter_message(response=response)
    return ([SlotSet(name, None) for name in CONTACT_SLOTS] + [SlotSet(c.SLOT_WIL_CONTACT, False)]
            + vraag_tevredenheid(dispatcher, c.UITKOMST_GEEN_TOESTEMMING))


class ActionGeenToestemming(Action):
    """After "nee" to the consent question (web, phone, partner route)."""

    def name(self) -> str:
        return c.ACTION_GEEN_TOESTEMMING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        return await geen_toestemming(dispatcher, tracker)


def zonder_toestemming(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A samenvatting or an aanmelding asked for without consent (no rule leads there): nothing is sent or read
    back, and the draft contact details are forgotten."""
    services.drafts().delete(tracker.sender_id)
    dispatcher.utter_message(response=c.UTTER_AANMELDING_ZONDER_TOESTEMMING)
    return [SlotSet(c.SLOT_WIL_CONTACT, False)]
