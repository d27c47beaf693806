"""Consent, asked together with the read-back in one question, and what a "nee" does (nothing personal kept, an
anonymous count).

The last question of contact_form reads back what will be passed on, says what is kept, who sees it and for how
long, and asks "Klopt dit, en mogen wij uw gegevens zo bewaren?" with three choices: ja (consent: the aanmelding is
sent), "Nee, er klopt iets niet" (which part? only that part is asked again, then the read-back again) and "Nee,
niets bewaren". A typed answer is read by routing.lees_akkoord: a correction wins over a refusal, and a bare "nee"
asks which of the two is meant, because a refusal wipes the conversation and cannot be undone.

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

import routing
from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import user_text
from bot.actions.samenvatting import voorlezen
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


def al_uitgelegd(tracker: Tracker) -> bool:
    """What is kept, by whom and how long was said before in this round (a read-back after a correction only reads
    back and asks again)."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started" or (
                event.get("event") == "action" and event.get("name") in (c.ACTION_OPNIEUW_BEGINNEN, "action_restart")):
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == VRAAG[0]:
            return True
    return False


class ActionAskToestemming(Action):
    """The read-back, then what is kept and why, who sees it (Voormekaar; on some routes Fijnder or Veilig Thuis
    too), for how long, then the one question: one idea per bubble."""

    def name(self) -> str:
        return c.ACTION_ASK_TOESTEMMING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        # Asked again after an answer that was neither ja nor nee: only the question (its herstel variation).
        if tracker.get_slot(c.SLOT_HERSTEL_VRAAG) != c.SLOT_TOESTEMMING:
            voorlezen(dispatcher, tracker)
            if not al_uitgelegd(tracker):
                for response in VRAAG[:2]:
                    dispatcher.utter_message(response=response)
                gegevens(dispatcher, tracker, datetime.now(TZ))
                dispatcher.utter_message(response=VRAAG[2])
        dispatcher.utter_message(response=VRAAG[3])
        return []


class ActionLeesAkkoord(Action):
    """The slot mapping of the read-back's question (bot/domain/contact.yml: custom, with this action, while
    contact_form asks toestemming): runs in the user's turn, before the form, as Rasa's own mappings do. Ja and a
    refusal fill toestemming; "er klopt iets niet", or a bare "nee" that may mean either, sets correctie_gevraagd
    (the form then stops and a rule asks which part); anything else fills nothing (the question's repair)."""

    def name(self) -> str:
        return c.ACTION_LEES_AKKOORD

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if ((tracker.latest_message or {}).get("intent") or {}).get("name") in c.ONDERBREKINGEN:
            return []
        soort = akkoord(tracker)
        if soort in ("ja", "weigeren"):
            return [SlotSet(c.SLOT_TOESTEMMING, soort == "ja")]
        if soort in ("verbeteren", "nee"):
            return [SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, True)]
        return []


def akkoord(tracker: Tracker) -> str | None:
    """The answer to the read-back's question: "ja" | "verbeteren" | "weigeren" | "nee" (which of the two?) | None.

    The buttons say it exactly (/affirm, /deny: something is wrong, /geen_toestemming); typed words are read by
    routing.lees_akkoord, with the NLU's yes as a hint only: "ja, maar het nummer klopt niet" is a correction."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    tekst = user_text(tracker)
    if tekst.startswith("/"):
        return {c.INTENT_AFFIRM: "ja", c.INTENT_DENY: "verbeteren", c.INTENT_GEEN_TOESTEMMING: "weigeren"}.get(
            tekst[1:].split("{")[0].strip())
    if intent == c.INTENT_GEEN_TOESTEMMING:
        return "weigeren"
    return routing.lees_akkoord(routing.default_antwoorden(), tekst, ja=intent == c.INTENT_AFFIRM)


async def geen_toestemming(dispatcher: CollectingDispatcher, tracker: Tracker,
                           responses: tuple[str, ...] = NA_NEE) -> list[dict[str, Any]]:
    """Forget the draft contact details, count the refusal anonymously, say exactly what is kept."""
    services.drafts().delete(tracker.sender_id)
    await record_uitkomst(tracker, c.UITKOMST_GEEN_TOESTEMMING)
    for response in responses:
        dispatcher.utter_message(response=response)
    # toestemming=false first: the tracker store wipes the conversation on it (also after "Nee, niets bewaren" at
    # "Wat klopt er niet?", outside the form); then reset, so a later contact form asks again.
    return ([SlotSet(c.SLOT_TOESTEMMING, False)] + [SlotSet(name, None) for name in CONTACT_SLOTS]
            + [SlotSet(c.SLOT_WIL_CONTACT, False), SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, False)]
            + vraag_tevredenheid(dispatcher, c.UITKOMST_GEEN_TOESTEMMING))


class ActionGeenToestemming(Action):
    """After "nee" to the consent question (web, phone, partner route), or "Nee, niets bewaren" at "Wat klopt er
    niet?"."""

    def name(self) -> str:
        return c.ACTION_GEEN_TOESTEMMING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        return await geen_toestemming(dispatcher, tracker)


def zonder_toestemming(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """An aanmelding asked for without consent (no rule leads there): nothing is sent or read
    back, and the draft contact details are forgotten."""
    services.drafts().delete(tracker.sender_id)
    dispatcher.utter_message(response=c.UTTER_AANMELDING_ZONDER_TOESTEMMING)
    return [SlotSet(c.SLOT_WIL_CONTACT, False)]
