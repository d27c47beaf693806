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
from bot.actions.common import catalog, laatste_vraag, onderwerpen, user_text, warn_bsn

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
    """How to treat a danger signal; None: the spoed path at once (the lexicon, alone or with the classifier).

    A signal that only a model saw (the danger classifier, or the intent model's own `vraag_veiligheid` without
    the safety net) always gives the crisis numbers first, then a question instead of the spoed path at once:
      "vragen"       the person's own story (the first message, telling it again, correcting the onderwerp), the
                     first such signal: the numbers, then "Is er nu gevaar? Dan belt een medewerker u …" with
                     ja / nee. "Ja" (or no answer to it) is the spoed path; "nee" reads the story again as the
                     question it is (action_veiligheid_nee). Worried but safe stories are where the classifier errs
                     most.
      "controleren"  an answer to a question the assistant asked (a form, the question after the voorzieningen,
                     the read-back: every turn after the onderwerp was settled), or the story again after the
                     person was asked once: the numbers, "Is er nu gevaar? Zeg het mij …", and the conversation
                     goes on with the answer read as what it was meant to be. Every such signal gets the numbers
                     and the question again, and the aanmelding says the numbers were given (payload.gevaar_reden):
                     a short answer ("Rasha Al Hamwi", "na drie uur als de kinderen weg zijn") is no evidence the
                     person did not just deny, and a name must not start the spoed path.
      "spoed_loopt"  the spoed path is already under way (its callback form): the answer is read again and the form
                     goes on, so a name cannot start the spoed path over and over; the lexicon repeats the numbers.
    The lexicon's words take the spoed path at once, in every state (None)."""
    bericht = tracker.latest_message or {}
    safety = bericht.get("safety") or {}
    # a button ("/vraag_veiligheid") is the person's own choice, not a model's reading
    knop = str(bericht.get("text") or "/").startswith("/")
    alleen_model = safety.get("bron") == "classifier" or (not safety and not knop)
    spoed = tracker.get_slot(c.SLOT_URGENTIE) == "spoed"
    if spoed and tracker.active_loop.get("name"):
        return "spoed_loopt"
    if not alleen_model:
        return None
    beantwoordt = (tracker.active_loop.get("name") or tracker.get_slot(c.SLOT_VOORZIENINGEN_VRAAG)
                   or tracker.get_slot(c.SLOT_VRAAG_COMPLEET))  # after the question was settled, every turn answers
    if beantwoordt:
        return "controleren"
    if spoed:  # the story again while the spoed path was offered: offered again
        return None
    return "controleren" if tracker.get_slot(c.SLOT_GEVAAR_SIGNAAL) else "vragen"


def als_antwoord(tracker: Tracker) -> list[dict[str, Any]]:
    """The message once more, now read as the answer it was meant to be (the intent the model gave before the
    safety net), the way Rasa's two-stage fallback re-reads a message: the conversation goes on where it was."""
    return [UserUtteranceReverted(), *opnieuw_lezen(tracker, tracker.latest_message or {}),
            SlotSet(c.SLOT_GEVAAR_SIGNAAL, True)]


def opnieuw_lezen(tracker: Tracker, bericht: dict[str, Any]) -> list[dict[str, Any]]:
    """After a rewind of the latest user turn (UserUtteranceReverted, the caller's): `bericht` (a parse the safety
    net overrode) said again without the safety net's reading, so the rules answer the intent the model gave as if
    no danger was seen."""
    message = dict(bericht)
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != c.INTENT_VEILIGHEID]
    intent = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
    parse = {**message, "intent": intent, "intent_ranking": ranking}
    parse.pop("safety", None)
    user = {"event": "user", "timestamp": None, "text": message.get("text"), "parse_data": parse,
            "input_channel": tracker.get_latest_input_channel(), "metadata": message.get("metadata") or {}}
    # The rewind also takes back the listen before the message: listen again first, as the two-stage fallback does.
    return [ActionExecuted("action_listen"), user]


class ActionVeiligheid(Action):
    def name(self) -> str:
        return c.ACTION_VEILIGHEID

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        verder = tijdens_een_vraag(tracker)
        safety = (tracker.latest_message or {}).get("safety") or {}
        if verder == "spoed_loopt":  # already on the spoed path: the numbers again only for alarm words
            if safety.get("bron") in ("woorden", "beide"):
                zeg_crisisnummers(dispatcher)
            return als_antwoord(tracker)
        zeg_crisisnummers(dispatcher)  # first, always
        warn_bsn(dispatcher, tracker)
        if verder == "controleren":  # the numbers are given; ask, and go on with the question
            dispatcher.utter_message(response=c.UTTER_GEVAAR_CHECK)
            return als_antwoord(tracker)
        if tracker.get_slot(c.SLOT_MELDER) == "professional":
            dispatcher.utter_message(response=c.UTTER_MELDCODE)
        # "vandaag nog" only when a medewerker can still call today (routing knows the werkdagen and the hour);
        # both questions take "ja" to the callback form of the spoed path (a rule), "nee" to action_veiligheid_nee
        dispatcher.utter_message(response=c.UTTER_GEVAAR_VRAAG if verder == "vragen" else c.UTTER_CRISIS_AANBOD,
                                 moment=routing.contact_moment(catalog(), "spoed", datetime.now(TZ)))
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
        if verder == "vragen":
            events.append(SlotSet(c.SLOT_GEVAAR_SIGNAAL, True))
        return events


def _zonder(tekst: str | None, deel: str) -> str | None:
    """The question's text as it was before `deel` (the story just read) was added to it."""
    if not tekst or tekst == deel:
        return None
    return tekst[:-len(f" / {deel}")] if tekst.endswith(f" / {deel}") else tekst


class ActionVeiligheidNee(Action):
    """"Nee" after the crisis numbers. To "Wilt u dat een medewerker u belt?": no call, the numbers stay. To "Is er
    nu gevaar?" (only the classifier saw danger in the story): the spoed path is undone and the story is read again
    as the question it is, so it gets the onderwerp, the confirmation and the route any story gets. The aanmelding
    keeps a reden that the crisis numbers were given (`gevaar_signaal`); a next model-only signal gets the numbers
    and "Is er nu gevaar?" again (tijdens_een_vraag, "controleren")."""

    def name(self) -> str:
        return c.ACTION_VEILIGHEID_NEE

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        gebruikers = [e for e in tracker.applied_events() if e.get("event") == "user"]
        if laatste_vraag(tracker) != c.UTTER_GEVAAR_VRAAG or len(gebruikers) < 2:
            dispatcher.utter_message(response=c.UTTER_CRISIS_GEEN_CONTACT)
            return []
        verhaal = gebruikers[-2]
        bericht = {**(verhaal.get("parse_data") or {}), "text": verhaal.get("text"),
                   "metadata": verhaal.get("metadata") or {}}
        dispatcher.utter_message(response=c.UTTER_GEEN_GEVAAR)
        return [UserUtteranceReverted(),  # first the rewind of this "nee": slots set after it stay set
                SlotSet(c.SLOT_ONDERWERPEN, [o for o in onderwerpen(tracker) if o != "veiligheid"]),
                SlotSet(c.SLOT_URGENTIE, None), SlotSet(c.SLOT_VEILIGHEID_CATEGORIE, None),
                SlotSet(c.SLOT_VRAAG_TEKST, _zonder(tracker.get_slot(c.SLOT_VRAAG_TEKST), verhaal.get("text") or "")),
                *opnieuw_lezen(tracker, bericht)]
