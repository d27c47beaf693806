"""Algemene voorzieningen, most relevant first; 'dat is genoeg' is counted (what to expect: verwachting.py)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from routing.eerste_bericht import EIGEN_PADEN
from routing.melder import alleen_informatie
from bot.actions import constants as c
from bot.actions.common import bekende_kern, catalog, is_voice, onderwerpen, user_text, warn_bsn
from bot.actions.tevredenheid import vraag_tevredenheid
from bot.actions.toestemming import geen_toestemming
from bot.actions.uitkomst import record_uitkomst


def kies_voorzieningen(codes: list[str], kern: str | None, tekst: str = "", limit: int = 3) -> list:
    """1..limit voorzieningen over all onderwerpen, the best fit to the inwoner's own words first (routing)."""
    return list(routing.voorzieningen_voor_vraag(catalog(), codes, tekst, kern, limit=limit))


MEER_HOREN = {"title": "Meer horen", "payload": "meer horen"}  # said, not an intent: the words decide


def helpt_dit(dispatcher: CollectingDispatcher, meer: bool = False) -> None:
    """"Helpt dit u verder?" with its two buttons, and "Meer horen" when more voorzieningen are left (phone)."""
    dispatcher.utter_message(response=c.UTTER_HELPT_DIT, buttons=[MEER_HOREN] if meer else [])


def vraag_opnieuw(dispatcher: CollectingDispatcher, vraag: str) -> None:
    """The open question once more, with its buttons."""
    if vraag == "contact":
        dispatcher.utter_message(response=c.UTTER_CONTACT_AANBOD)
    elif vraag == "zelf":
        dispatcher.utter_message(response=c.UTTER_ZELF_DOORGEVEN)
    else:
        helpt_dit(dispatcher, meer=vraag == "helpt_meer")


def noem(dispatcher: CollectingDispatcher, lijst: list) -> None:
    for v in lijst:
        dispatcher.utter_message(response=c.UTTER_VOORZIENING, **routing.voorziening_tekst(catalog(), v))


class ActionVoorzieningen(Action):
    """Offer 1-3 algemene voorzieningen (by phone: two at a time) and ask whether that helps."""

    def name(self) -> str:
        return c.ACTION_VOORZIENINGEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if tracker.get_slot(c.SLOT_BUITEN_BERKELLAND) or not onderwerpen(tracker):
            return [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None)]
        tekst = tracker.get_slot(c.SLOT_VRAAG_TEKST) or ""
        if tracker.get_slot(c.SLOT_MELDER) == "professional" and not alleen_informatie(tekst):
            # A professional comes to pass something on: straight to the partner questions (soort, organisatie…);
            # one who asks only what there is ("ik wil geen kind aanmelden") gets the voorzieningen, as an inwoner.
            dispatcher.utter_message(response=c.UTTER_CONTACT_AANBOD)
            return [SlotSet(c.SLOT_VOORZIENINGEN, []), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "contact")]
        lijst = kies_voorzieningen(onderwerpen(tracker), bekende_kern(tracker), tekst)
        if not lijst:
            dispatcher.utter_message(response=c.UTTER_GEEN_VOORZIENINGEN)
            dispatcher.utter_message(response=c.UTTER_CONTACT_AANBOD)
            return [SlotSet(c.SLOT_VOORZIENINGEN, []), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "contact")]
        nu, rest = (lijst[:2], lijst[2:]) if is_voice(tracker) else (lijst, [])
        dispatcher.utter_message(response=c.UTTER_VOORZIENINGEN_INTRO)
        noem(dispatcher, nu)
        # By phone, more than two: the question at once, with "meer horen" as a third choice (no separate turn).
        helpt_dit(dispatcher, meer=bool(rest))
        return [SlotSet(c.SLOT_VOORZIENINGEN, [v.code for v in nu]),
                SlotSet(c.SLOT_VOORZIENINGEN_REST, [v.code for v in rest]),
                SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt_meer" if rest else "helpt")]


class ActionVoorzieningenAntwoord(Action):
    """Answer to 'helpt dit u verder?' (by phone with 'meer horen') / 'wilt u contact?', by button or in the person's own
    words (routing.lees_antwoord): more, enough (counted), or contact. An answer that says neither gets the question
    once more with its buttons; a second one goes to a person (contact), never a third time the same question.

    "Dan bel ik zelf wel", with no sign that what was offered helped: the number of Voormekaar, and once "Of zal ik
    uw vraag doorgeven?". Yes is contact; no is no consent to pass the question on: nothing kept (geen_toestemming)."""

    def name(self) -> str:
        return c.ACTION_VOORZIENINGEN_ANTWOORD

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        vraag = tracker.get_slot(c.SLOT_VOORZIENINGEN_VRAAG)
        if vraag not in VRAGEN:  # nothing open (cannot follow the rules); say goodbye rather than guess
            dispatcher.utter_message(response=c.UTTER_AFSCHEID)
            return [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None)]
        keuze = betekenis(tracker, vraag)
        pogingen = int(tracker.get_slot(c.SLOT_VOORZIENINGEN_POGINGEN) or 0)
        if keuze is None:
            if pogingen < 1:
                vraag_opnieuw(dispatcher, vraag)
                return [SlotSet(c.SLOT_VOORZIENINGEN_POGINGEN, 1.0), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, vraag)]
            # a person helps further; never a third time (after "ik bel zelf": nothing passed on)
            keuze = "genoeg" if vraag in ("contact", "zelf") else "contact"
        events = [*([SlotSet(c.SLOT_VOORZIENINGEN_POGINGEN, 0.0)] if pogingen else []), *extra_onderwerp(tracker)]
        if keuze == "zelf":
            dispatcher.utter_message(response=c.UTTER_ZELF_BELLEN)
            dispatcher.utter_message(response=c.UTTER_ZELF_DOORGEVEN)
            return events + [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "zelf")]
        if keuze == "meer":
            rest = list(tracker.get_slot(c.SLOT_VOORZIENINGEN_REST) or [])
            per_code = {v.code: v for v in catalog().voorzieningen}
            noem(dispatcher, [per_code[code] for code in rest[:2] if code in per_code])
            dispatcher.utter_message(response=c.UTTER_HELPT_DIT)
            aangeboden = list(tracker.get_slot(c.SLOT_VOORZIENINGEN) or []) + rest[:2]
            return events + [SlotSet(c.SLOT_VOORZIENINGEN, aangeboden), SlotSet(c.SLOT_VOORZIENINGEN_REST, []),
                             SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt")]
        if keuze == "contact":
            dispatcher.utter_message(response=c.UTTER_CONTACT_INTRO)
            return events + [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None), SlotSet(c.SLOT_WIL_CONTACT, True)]
        if vraag == "contact":  # "nee, dank u" to contact: nothing more to do
            dispatcher.utter_message(response=c.UTTER_AFSCHEID)
            return events + [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None)]
        if vraag == "zelf":  # not passed on: what they told is not kept
            return events + [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None),
                             *await geen_toestemming(dispatcher, tracker, ZELF_GEEN_TOESTEMMING)]
        await record_uitkomst(tracker, c.UITKOMST_VOORLIGGEND)
        dispatcher.utter_message(response=c.UTTER_VOORLIGGEND_AFSLUITING)
        return events + [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None),
                         *vraag_tevredenheid(dispatcher, c.UITKOMST_VOORLIGGEND)]


# The open questions (voorzieningen_vraag): "helpt_meer" is "helpt" by phone with "Meer horen" as a third choice;
# "zelf" is "Of zal ik uw vraag doorgeven?" after "dan bel ik zelf wel".
VRAGEN = ("helpt", "helpt_meer", "contact", "zelf")
# After "nee, ik bel zelf": kept nothing, counted without a name (the number to call was just given).
ZELF_GEEN_TOESTEMMING = (c.UTTER_GEEN_TOESTEMMING, c.UTTER_GEEN_TOESTEMMING_TELLING)
KNOP = {  # the buttons' /affirm and /deny per open question
    "helpt": {c.INTENT_AFFIRM: "genoeg", c.INTENT_DENY: "contact"},
    "helpt_meer": {c.INTENT_AFFIRM: "genoeg", c.INTENT_DENY: "contact"},
    "contact": {c.INTENT_AFFIRM: "contact", c.INTENT_DENY: "genoeg"},
    "zelf": {c.INTENT_AFFIRM: "contact", c.INTENT_DENY: "genoeg"},
}


def betekenis(tracker: Tracker, vraag: str) -> str | None:
    """meer | nee | genoeg | contact from a button, else from the words; None when the answer says neither."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    tekst = user_text(tracker)
    if tekst and not tekst.startswith("/"):  # the words first; a button, or words that say neither: the intent
        per_code = {v.code: v.naam for v in catalog().voorzieningen}
        aangeboden = [per_code[code] for code in tracker.get_slot(c.SLOT_VOORZIENINGEN) or [] if code in per_code]
        keuze = routing.lees_antwoord(routing.default_antwoorden(), vraag, tekst, aangeboden)
        if keuze:
            return keuze
        if routing.twijfelt(routing.default_antwoorden(), tekst):  # "misschien, wat is dat?" is no yes
            return None
    return KNOP[vraag].get(intent)


def extra_onderwerp(tracker: Tracker) -> list[dict[str, Any]]:
    """An answer that names another question ("ik wil ook bijstand aanvragen"): its onderwerp and words are kept
    for team toegang, after the ones already understood."""
    intent = tracker.latest_message.get("intent") or {}
    naam = str(intent.get("name") or "")
    code = naam[len(c.VRAAG_PREFIX):] if naam.startswith(c.VRAAG_PREFIX) else ""
    lijst = onderwerpen(tracker)
    if not code or code in lijst or code not in catalog().onderwerpen or code in EIGEN_PADEN:
        return []
    tekst = user_text(tracker)
    eerder = tracker.get_slot(c.SLOT_VRAAG_TEKST)
    return [SlotSet(c.SLOT_ONDERWERPEN, [*lijst, code]),
            SlotSet(c.SLOT_VRAAG_TEKST, f"{eerder} / {tekst}" if eerder else tekst)]
