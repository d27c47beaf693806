"""Safety first: the crisis numbers before anything else, on any turn (forms included), then spoed routing."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions.common import catalog, onderwerpen, user_text, warn_bsn

TZ = ZoneInfo("Europe/Amsterdam")
# The crisis numbers, one per bubble, always first and in this order.
CRISIS = (c.UTTER_CRISIS, c.UTTER_CRISIS_113, c.UTTER_CRISIS_VEILIG_THUIS)


def zeg_crisisnummers(dispatcher: CollectingDispatcher) -> None:
    for response in CRISIS:
        dispatcher.utter_message(response=response)


def stop_form(tracker: Tracker) -> list[dict[str, Any]]:
    """Leave an active form: nothing may stand between a person in danger (or asking for one) and help."""
    # Always ActiveLoop(None): Rasa treats an action that may end a loop as a loop in every rule.
    if tracker.active_loop.get("name"):
        return [ActiveLoop(None), SlotSet(c.SLOT_REQUESTED, None), SlotSet(c.SLOT_WIL_CONTACT, False)]
    return [ActiveLoop(None)]


def tijdens_een_vraag(tracker: Tracker) -> str | None:
    """How to treat danger seen in an answer to a question the assistant asked (a form, the question after the
    voorzieningen, the read-back: every turn after the onderwerp was settled); None for the person's own story (the
    first message, telling it again): the spoed path at once.

      "spoed_loopt"  the spoed path is already under way (its callback form): the answer is read again and the form
                     goes on, so a name cannot start the spoed path over and over; the lexicon repeats the numbers.
      "controleren"  the first signal that only the classifier saw: the numbers, "is er nu gevaar?", and on.
    Short answers ("Anouk Brinkman", "ja, hij vindt het goed") are where the classifier is least sure; the lexicon,
    a second signal or the first message still take the spoed path at once."""
    safety = (tracker.latest_message or {}).get("safety") or {}
    beantwoordt = (tracker.active_loop.get("name") or tracker.get_slot(c.SLOT_VOORZIENINGEN_VRAAG)
                   or tracker.get_slot(c.SLOT_VRAAG_COMPLEET))  # after the question was settled, every turn answers
    if not beantwoordt:
        return None
    if tracker.get_slot(c.SLOT_URGENTIE) == "spoed" and tracker.active_loop.get("name"):
        return "spoed_loopt"
    if safety.get("bron") == "classifier" and not tracker.get_slot(c.SLOT_GEVAAR_SIGNAAL):
        return "controleren"
    return None


def als_antwoord(tracker: Tracker) -> list[dict[str, Any]]:
    """The message once more, now read as the answer it was meant to be (the intent the model gave before the
    safety net), the way Rasa's two-stage fallback re-reads a message: the conversation goes on where it was."""
    message = dict(tracker.latest_message or {})
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != c.INTENT_VEILIGHEID]
    intent = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
    parse = {**message, "intent": intent, "intent_ranking": ranking}
    parse.pop("safety", None)
    user = {"event": "user", "timestamp": None, "text": message.get("text"), "parse_data": parse,
            "input_channel": tracker.get_latest_input_channel(), "metadata": message.get("metadata") or {}}
    # The rewind also takes back the listen before the message: listen again first, as the two-stage fallback does.
    return [UserUtteranceReverted(), ActionExecuted("action_listen"), user, SlotSet(c.SLOT_GEVAAR_SIGNAAL, True)]


class ActionVeiligheid(Action):
    def name(self) -> str:
        return c.ACTION_VEILIGHEID

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        verder = tijdens_een_vraag(tracker)
        bron = ((tracker.latest_message or {}).get("safety") or {}).get("bron")
        if verder == "spoed_loopt":  # already on the spoed path: the numbers again only for alarm words
            if bron != "classifier":
                zeg_crisisnummers(dispatcher)
            return als_antwoord(tracker)
        zeg_crisisnummers(dispatcher)  # first, always
        warn_bsn(dispatcher, tracker)
        if verder == "controleren":  # the numbers are given; ask, and go on with the question
            dispatcher.utter_message(response=c.UTTER_GEVAAR_CHECK)
            return als_antwoord(tracker)
        if tracker.get_slot(c.SLOT_MELDER) == "professional":
            dispatcher.utter_message(response=c.UTTER_MELDCODE)
        # "vandaag nog" only when a medewerker can still call today (routing knows the werkdagen and the hour)
        dispatcher.utter_message(response=c.UTTER_CRISIS_AANBOD,
                                 moment=routing.contact_moment(catalog(), "spoed", datetime.now(TZ)))
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
