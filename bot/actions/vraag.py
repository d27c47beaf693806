"""Vraagverheldering: map the free text to an onderwerp, ask one clarifying question when unsure."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions import validators
from bot.actions.common import catalog, metadata, onderwerpen, user_text, warn_bsn

# Below this confidence, or with the runner-up this close, the assistant asks instead of guessing.
ZEKER_GENOEG = 0.60
MARGE = 0.15
# Several laws in one message: every onderwerp at least this likely in the ranking is taken too.
OOK_DREMPEL = 0.30
# Fallback: onderwerpen at least this likely are offered as buttons.
KANDIDAAT_DREMPEL = 0.2
# Typed answers that accept the first suggested onderwerp after a clarifying question.
BEVESTIGINGEN = ("ja", "jazeker", "ja hoor", "ja klopt", "klopt", "dat klopt", "dat bedoel ik", "ja dat bedoel ik",
                 "precies", "inderdaad", "correct", "ja graag", "die", "die eerste", "het eerste")
EIGEN_PADEN = ("veiligheid", "buiten_sociaal_domein")
# Words around a BSN that say nothing about the question itself.
BSN_WOORDEN = {"mijn", "bsn", "is", "burgerservicenummer", "nummer", "het", "hier", "dit", "en", "de", "mn", "m'n",
               "sofinummer", "van", "me", "mij", "ik", "heb", "hierbij"}


def kandidaten(ranking: list[dict[str, Any]], limit: int = 3) -> list[str]:
    """The likeliest onderwerp codes (no safety or out-of-scope: those have their own path)."""
    codes = []
    for item in ranking:
        name = item.get("name") or ""
        code = name[len(c.VRAAG_PREFIX):]
        if name.startswith(c.VRAAG_PREFIX) and code in c.ONDERWERP_CODES and code not in ("veiligheid",):
            codes.append(code)
    return codes[:limit]


def is_onzeker(message: dict[str, Any]) -> bool:
    """Low confidence, or two onderwerpen almost equally likely."""
    intent = message.get("intent") or {}
    if (message.get("text") or "").startswith("/"):
        return False  # a button: the user chose
    ranking = [i for i in message.get("intent_ranking") or [] if (i.get("name") or "").startswith(c.VRAAG_PREFIX)]
    if (intent.get("confidence") or 0.0) < ZEKER_GENOEG:
        return True
    return len(ranking) > 1 and (ranking[0].get("confidence") or 0) - (ranking[1].get("confidence") or 0) < MARGE


def is_bevestiging(tracker: Tracker) -> bool:
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    tekst = " ".join("".join(ch for ch in user_text(tracker).lower() if ch.isalnum() or ch.isspace()).split())
    return intent == c.INTENT_AFFIRM or tekst in BEVESTIGINGEN


def voorgestelde_onderwerpen(tracker: Tracker) -> list[str]:
    """The onderwerpen on the buttons of the latest clarifying question (empty when none is open)."""
    if not tracker.get_slot(c.SLOT_VERDUIDELIJKT):
        return []
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        buttons = (event.get("data") or {}).get("buttons") or []
        codes = [str(b.get("payload") or "")[1 + len(c.VRAAG_PREFIX):] for b in buttons
                 if str(b.get("payload") or "").startswith("/" + c.VRAAG_PREFIX)]
        codes = [code for code in codes if code in c.ONDERWERP_CODES]
        if codes:
            return codes
    return []


def alleen_bsn(tracker: Tracker) -> bool:
    """The channel masked a BSN and nothing else in the message says what the question is."""
    if not metadata(tracker).get("bsn_gemaskeerd"):
        return False
    rest = user_text(tracker).replace(routing.BSN_PLACEHOLDER, " ").lower()
    woorden = "".join(ch if ch.isalnum() or ch == "'" else " " for ch in rest).split()
    return all(w in BSN_WOORDEN or w.isdigit() for w in woorden)


def gevonden_onderwerpen(message: dict[str, Any], text: str) -> list[str] | None:
    """Every onderwerp of a free-text message, highest-ranked first; None when genuinely unsure.

    Sure of the intent: the intent, every onderwerp above OOK_DREMPEL and every keyword onderwerp of the text.
    Unsure: the keyword onderwerpen when the text names any (no question then, even for several); else None.
    """
    ranking = message.get("intent_ranking") or []
    volgorde = kandidaten(ranking, limit=len(ranking))
    boven = kandidaten([i for i in ranking if (i.get("confidence") or 0) >= OOK_DREMPEL], limit=len(ranking))
    woorden = [code for code in routing.keywords_onderwerpen(catalog(), text)
               if code in c.ONDERWERP_CODES and code not in EIGEN_PADEN]
    intent = (message.get("intent") or {}).get("name") or ""
    top = intent[len(c.VRAAG_PREFIX):] if intent.startswith(c.VRAAG_PREFIX) else ""
    if top in c.ONDERWERP_CODES and top not in EIGEN_PADEN and not is_onzeker(message):
        gekozen = list(dict.fromkeys([top] + boven + woorden))
    elif woorden:
        gekozen = list(dict.fromkeys(boven + woorden))
    else:
        return None
    # ranked ones in ranking order, then keyword-only ones in the order they were found
    return sorted(gekozen, key=lambda code: volgorde.index(code) if code in volgorde
                  else len(volgorde) + gekozen.index(code))


def opsomming(labels: list[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    if len(labels) == 1:
        return labels[0]
    laatste = ", en " if any(" en " in label for label in labels) else " en "  # labels like "inkomen en bijstand"
    return ", ".join(labels[:-1]) + laatste + labels[-1]


def niet_begrepen(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """First a likely-onderwerp question when there is one, then 'say it differently', then the human route."""
    if alleen_bsn(tracker):
        dispatcher.utter_message(response=c.UTTER_VRAAG_SITUATIE)
        return []
    ranking = [i for i in (tracker.latest_message or {}).get("intent_ranking") or []
               if (i.get("confidence") or 0) >= KANDIDAAT_DREMPEL]
    codes = kandidaten(ranking)
    if codes and not tracker.get_slot(c.SLOT_VERDUIDELIJKT):
        return verduidelijk(dispatcher, codes[:3] if len(codes) > 1 else codes)
    keer = int(tracker.get_slot(c.SLOT_MISVERSTANDEN) or 0) + 1
    dispatcher.utter_message(response=c.UTTER_NIET_BEGREPEN_MENS if keer >= 2 else c.UTTER_NIET_BEGREPEN)
    return [SlotSet(c.SLOT_MISVERSTANDEN, float(keer))]


def feiten_uit_tekst(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Kern/postcode and age already named in the story: the details form then does not ask again."""
    events: list[dict[str, Any]] = []
    for entity in message.get("entities") or []:
        name, value = entity.get("entity"), str(entity.get("value") or "")
        if name in ("kern", "postcode"):
            result = routing.resolve_kern(catalog(), value)
            if result.kern:
                events += [SlotSet(c.SLOT_KERN, result.kern), SlotSet(c.SLOT_POSTCODE, result.postcode)]
        elif name == "leeftijd" and validators.leeftijd(value):
            events.append(SlotSet(c.SLOT_LEEFTIJD, validators.leeftijd(value)))
    return events


def verduidelijk(dispatcher: CollectingDispatcher, codes: list[str]) -> list[dict[str, Any]]:
    """One question with a button per likely onderwerp plus 'iets anders'."""
    buttons = [{"title": routing.onderwerp_label(code), "payload": f"/{c.VRAAG_PREFIX}{code}"} for code in codes]
    buttons.append({"title": "Iets anders", "payload": f"/{c.INTENT_IETS_ANDERS}"})
    dispatcher.utter_message(response=c.UTTER_VERDUIDELIJKING, buttons=buttons)
    return [SlotSet(c.SLOT_VERDUIDELIJKT, True)]


class ActionVerwerkVraag(Action):
    """Record the onderwerp of the latest message, or ask which one it is."""

    def name(self) -> str:
        return c.ACTION_VERWERK_VRAAG

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        message = tracker.latest_message or {}
        text = user_text(tracker)
        intent = (message.get("intent") or {}).get("name") or ""
        if alleen_bsn(tracker):  # only a (masked) BSN: the warning, then the open question again
            dispatcher.utter_message(response=c.UTTER_VRAAG_SITUATIE)
            return []
        voorgesteld = voorgestelde_onderwerpen(tracker)
        if voorgesteld and not text.startswith("/") and is_bevestiging(tracker):
            return self.vastleggen(dispatcher, tracker, message, [voorgesteld[0]], [])  # "ja" to the question
        if intent == c.INTENT_AFFIRM:  # "ja" to "Is er nog iets…?"
            if onderwerpen(tracker):
                dispatcher.utter_message(response=c.UTTER_VRAAG_MEER)
                return []
            return niet_begrepen(dispatcher, tracker)
        events: list[dict[str, Any]] = []
        if not text.startswith("/") and text:
            eerder = tracker.get_slot(c.SLOT_VRAAG_TEKST)
            events.append(SlotSet(c.SLOT_VRAAG_TEKST, f"{eerder} / {text}" if eerder else text))
        codes = kandidaten(message.get("intent_ranking") or [])
        if not text.startswith("/"):  # free text (a button is the user's choice: recorded below)
            gevonden = gevonden_onderwerpen(message, text)
            if gevonden:
                return self.vastleggen(dispatcher, tracker, message, gevonden, events)
            if not intent.startswith(c.VRAAG_PREFIX):  # nlu_fallback without any onderwerp in the words
                return events + niet_begrepen(dispatcher, tracker)
            if not tracker.get_slot(c.SLOT_VERDUIDELIJKT) and len(codes) > 1:
                return events + verduidelijk(dispatcher, codes)
        code = intent[len(c.VRAAG_PREFIX):]
        if code not in c.ONDERWERP_CODES:  # e.g. an unknown payload: take the likeliest onderwerp, or ask again
            if not codes:
                dispatcher.utter_message(response=c.UTTER_NIET_BEGREPEN)
                return events
            code = codes[0]
        return self.vastleggen(dispatcher, tracker, message, [code], events)

    @staticmethod
    def vastleggen(dispatcher: CollectingDispatcher, tracker: Tracker, message: dict[str, Any], codes: list[str],
                   events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add the onderwerpen (first = primary), confirm them in plain Dutch, then ask for more."""
        lijst = onderwerpen(tracker)
        for code in codes:
            if code not in lijst:
                lijst.append(code)
        events = events + [SlotSet(c.SLOT_ONDERWERPEN, lijst), SlotSet(c.SLOT_VERDUIDELIJKT, False)]
        events += feiten_uit_tekst(message)
        if tracker.get_slot(c.SLOT_MISVERSTANDEN):
            events.append(SlotSet(c.SLOT_MISVERSTANDEN, 0.0))  # understood again: count afresh
        dispatcher.utter_message(response=c.UTTER_ONDERWERP_BEGREPEN,
                                 onderwerp_label=opsomming([routing.onderwerp_label(code) for code in codes]))
        if tracker.get_slot(c.SLOT_TERUGBELVERZOEK):
            dispatcher.utter_message(response=c.UTTER_CONTACT_INTRO)
            return events + [SlotSet(c.SLOT_WIL_CONTACT, True)]
        dispatcher.utter_message(response=c.UTTER_NOG_IETS)
        return events
