"""What to expect (verwachting) and algemene voorzieningen, most relevant first; 'dat is genoeg' is counted."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions.common import catalog, is_voice, label, onderwerpen, warn_bsn
from bot.actions.tevredenheid import vraag_tevredenheid
from bot.actions.uitkomst import record_uitkomst

CLIENTONDERSTEUNING_WETTEN = ("wmo", "jeugdwet")
TZ = ZoneInfo("Europe/Amsterdam")


def kies_voorzieningen(codes: list[str], kern: str | None, tekst: str = "", limit: int = 3) -> list:
    """1..limit voorzieningen over all onderwerpen, the best fit to the inwoner's own words first (routing)."""
    return list(routing.voorzieningen_voor_vraag(catalog(), codes, tekst, kern, limit=limit))


def noem(dispatcher: CollectingDispatcher, lijst: list) -> None:
    for v in lijst:
        dispatcher.utter_message(response=c.UTTER_VOORZIENING, **routing.voorziening_tekst(catalog(), v))


class ActionVerwachting(Action):
    """Who contacts them, when, how long (legal term), and onafhankelijke cliëntondersteuning where it applies."""

    def name(self) -> str:
        return c.ACTION_VERWACHTING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if tracker.get_slot(c.SLOT_BUITEN_BERKELLAND) or not onderwerpen(tracker):
            return []
        triage = label(tracker)
        teksten: list[str] = []
        nu = datetime.now(TZ)
        for code in triage.onderwerpen[:3]:
            uitleg = routing.verwachting(catalog(), code, "toegang", triage.urgentie, created=nu)
            for bubbel in uitleg.bubbels:  # one idea per bubble; the phone reads the text without its source
                if bubbel.tekst in teksten:
                    continue
                teksten.append(bubbel.tekst)
                tekst = bubbel.tekst if is_voice(tracker) else bubbel.weergave
                dispatcher.utter_message(response=c.UTTER_VERWACHTING, tekst=tekst)
        if triage.wet in CLIENTONDERSTEUNING_WETTEN and not any("cliëntondersteun" in t for t in teksten):
            dispatcher.utter_message(response=c.UTTER_CLIENTONDERSTEUNING)
        return [SlotSet(c.SLOT_URGENTIE, triage.urgentie)]


class ActionVoorzieningen(Action):
    """Offer 1-3 algemene voorzieningen (by phone: two at a time) and ask whether that helps."""

    def name(self) -> str:
        return c.ACTION_VOORZIENINGEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if tracker.get_slot(c.SLOT_BUITEN_BERKELLAND) or not onderwerpen(tracker):
            return [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None)]
        if tracker.get_slot(c.SLOT_MELDER) == "professional":
            # A professional comes to pass something on: straight to the partner questions (soort, organisatie…).
            dispatcher.utter_message(response=c.UTTER_CONTACT_AANBOD)
            return [SlotSet(c.SLOT_VOORZIENINGEN, []), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "contact")]
        lijst = kies_voorzieningen(onderwerpen(tracker), tracker.get_slot(c.SLOT_KERN),
                                   tracker.get_slot(c.SLOT_VRAAG_TEKST) or "")
        if not lijst:
            dispatcher.utter_message(response=c.UTTER_GEEN_VOORZIENINGEN)
            dispatcher.utter_message(response=c.UTTER_CONTACT_AANBOD)
            return [SlotSet(c.SLOT_VOORZIENINGEN, []), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "contact")]
        nu, rest = (lijst[:2], lijst[2:]) if is_voice(tracker) else (lijst, [])
        dispatcher.utter_message(response=c.UTTER_VOORZIENINGEN_INTRO)
        noem(dispatcher, nu)
        dispatcher.utter_message(response=c.UTTER_MEER_HOREN if rest else c.UTTER_HELPT_DIT)
        return [SlotSet(c.SLOT_VOORZIENINGEN, [v.code for v in nu]),
                SlotSet(c.SLOT_VOORZIENINGEN_REST, [v.code for v in rest]),
                SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "meer" if rest else "helpt")]


class ActionVoorzieningenAntwoord(Action):
    """Answer to 'wilt u meer horen?' / 'helpt dit u verder?': more, enough (counted), or contact."""

    def name(self) -> str:
        return c.ACTION_VOORZIENINGEN_ANTWOORD

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        ja = (tracker.latest_message.get("intent") or {}).get("name") == c.INTENT_AFFIRM
        vraag = tracker.get_slot(c.SLOT_VOORZIENINGEN_VRAAG)
        aangeboden = list(tracker.get_slot(c.SLOT_VOORZIENINGEN) or [])
        if vraag == "meer":
            rest = list(tracker.get_slot(c.SLOT_VOORZIENINGEN_REST) or [])
            if ja:
                per_code = {v.code: v for v in catalog().voorzieningen}
                noem(dispatcher, [per_code[code] for code in rest[:2] if code in per_code])
                aangeboden += rest[:2]
            dispatcher.utter_message(response=c.UTTER_HELPT_DIT)
            return [SlotSet(c.SLOT_VOORZIENINGEN, aangeboden), SlotSet(c.SLOT_VOORZIENINGEN_REST, []),
                    SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt")]
        wil_contact = (vraag == "helpt" and not ja) or (vraag == "contact" and ja)
        if vraag == "helpt" and ja:
            await record_uitkomst(tracker, c.UITKOMST_VOORLIGGEND)
            dispatcher.utter_message(response=c.UTTER_VOORLIGGEND_AFSLUITING)
            return [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None), *vraag_tevredenheid(dispatcher, c.UITKOMST_VOORLIGGEND)]
        elif wil_contact:
            dispatcher.utter_message(response=c.UTTER_CONTACT_INTRO)
            return [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None), SlotSet(c.SLOT_WIL_CONTACT, True)]
        else:
            dispatcher.utter_message(response=c.UTTER_AFSCHEID)
        return [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None)]
