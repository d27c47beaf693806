"""Vraagverheldering: map the free text to an onderwerp, ask one clarifying question when unsure."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from routing.eerste_bericht import EIGEN_PADEN
from routing.melder import rol_in_tekst
from bot.actions import bevestiging
from bot.actions import constants as c
from bot.actions.common import catalog, laatste_vraag, metadata, onderwerpen, round_start, user_text, warn_bsn
from bot.actions.mens import terugbellen

# Typed answers that accept the first suggested onderwerp after a clarifying question.
BEVESTIGINGEN = ("ja", "jazeker", "ja hoor", "ja klopt", "klopt", "dat klopt", "dat bedoel ik", "ja dat bedoel ik",
                 "precies", "inderdaad", "correct", "ja graag", "die", "die eerste", "het eerste")
# Words around a BSN that say nothing about the question itself.
BSN_WOORDEN = {"mijn", "bsn", "is", "burgerservicenummer", "nummer", "het", "hier", "dit", "en", "de", "mn", "m'n",
               "sofinummer", "van", "me", "mij", "ik", "heb", "hierbij"}


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


# A typed message of at most this many words that the model reads as "who is asking" only says who is asking
# ("voor mijn moeder", "ik ben wijkverpleegkundige"); a longer one tells the story too.
MELDER_ZIN_WOORDEN = 8
# "Goedemiddag, ik ben wijkverpleegkundige en wil graag een cliënt aanmelden" says who and why, not yet the
# situation: asked for once; a longer message that is not understood is a story, not an introduction.
ROL_ZIN_WOORDEN = 16


def melder_gekozen(tracker: Tracker) -> bool:
    """The person chose who is asking (a web button, menu option 2 on the phone): their choice stands over the words.

    The phone menu's option 1 ("als inwoner, voor uzelf of voor een ander") is no choice between zelf and naaste:
    there the words decide ("ik bel voor mijn moeder")."""
    for event in tracker.events:
        intent = str(((event.get("parse_data") or {}).get("intent") or {}).get("name") or "")
        if event.get("event") != "user" or not intent.startswith("melder_"):
            continue
        if not (intent == c.INTENT_MELDER_ZELF and event.get("input_channel") == c.VOICE_CHANNEL):
            return True
    return False


def alleen_bsn(tracker: Tracker) -> bool:
    """The channel masked a BSN and nothing else in the message says what the question is."""
    if not metadata(tracker).get("bsn_gemaskeerd"):
        return False
    rest = user_text(tracker).replace(routing.BSN_PLACEHOLDER, " ").lower()
    woorden = "".join(ch if ch.isalnum() or ch == "'" else " " for ch in rest).split()
    return all(w in BSN_WOORDEN or w.isdigit() for w in woorden)


def opsomming(labels: list[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    if len(labels) == 1:
        return labels[0]
    laatste = ", en " if any(" en " in label for label in labels) else " en "  # labels like "inkomen en bijstand"
    return ", ".join(labels[:-1]) + laatste + labels[-1]


def _bot_in_ronde(tracker: Tracker) -> list[dict[str, Any]]:
    start = round_start(tracker)
    return [e for e in tracker.events if e.get("event") == "bot" and (e.get("timestamp") or 0) >= start]


def aangeboden(tracker: Tracker) -> set[str]:
    """The onderwerpen offered as buttons in this round (the guess's alternatives, an earlier "which one?")."""
    return {str(b.get("payload"))[len(c.VRAAG_PREFIX) + 1:] for e in _bot_in_ronde(tracker)
            for b in (e.get("data") or {}).get("buttons") or []
            if str(b.get("payload") or "").startswith(f"/{c.VRAAG_PREFIX}")} | set(
        tracker.get_slot(c.SLOT_ONDERWERP_GOK) or [])


def keer_verduidelijkt(tracker: Tracker) -> int:
    """How often "Gaat uw vraag vooral over een van deze onderwerpen?" was asked in this round."""
    return sum((e.get("metadata") or {}).get("utter_action") == c.UTTER_VERDUIDELIJKING for e in _bot_in_ronde(tracker))


def niet_begrepen(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """First a likely-onderwerp question when there is one, then 'say it differently', then the human route."""
    if alleen_bsn(tracker):
        dispatcher.utter_message(response=c.UTTER_VRAAG_SITUATIE)
        return []
    codes = list(routing.kandidaten(catalog(), tracker.latest_message or {}))
    if codes and not tracker.get_slot(c.SLOT_VERDUIDELIJKT):
        return verduidelijk(dispatcher, codes)
    keer = int(tracker.get_slot(c.SLOT_MISVERSTANDEN) or 0) + 1
    dispatcher.utter_message(response=c.UTTER_NIET_BEGREPEN_MENS if keer >= 2 else c.UTTER_NIET_BEGREPEN)
    return [SlotSet(c.SLOT_MISVERSTANDEN, float(keer))]


def feiten_uit_tekst(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Kern/postcode and age already named in the story: the details form then does not ask again. Not a place
    named for where someone works or for what is there ("de dagbesteding in Borculo"): then the form asks."""
    events: list[dict[str, Any]] = []
    for entity in message.get("entities") or []:
        name, value = entity.get("entity"), str(entity.get("value") or "")
        if name == "kern" and not routing.als_woonplaats(str(message.get("text") or ""), value):
            continue
        if name in ("kern", "postcode"):
            result = routing.resolve_kern(catalog(), value)
            if result.kern:
                events += [SlotSet(c.SLOT_KERN, result.kern), SlotSet(c.SLOT_POSTCODE, result.postcode)]
        elif name == "leeftijd" and not any(e.get("name") == c.SLOT_LEEFTIJD for e in events):
            leeftijd = routing.leeftijd_uit_tekst(message)  # only a number that stands where an age stands
            if leeftijd is not None:
                events.append(SlotSet(c.SLOT_LEEFTIJD, str(leeftijd)))
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
        if intent.startswith(c.MELDER_PREFIX) and (text.startswith("/") or len(text.split()) <= MELDER_ZIN_WOORDEN):
            return self.melder_bekend(dispatcher, tracker, message, text)  # who is asking, and no more
        # (a longer story that the model took for "who is asking" - "wijkagent hier, ik wil een man aanmelden
        # die …" - is a first message like any other)
        open_vraag = bool(tracker.get_slot(c.SLOT_BEVESTIGING))
        if open_vraag and is_bevestiging(tracker) and not text.startswith("/" + c.VRAAG_PREFIX):
            return bevestiging.bevestigd()  # "Ja, dat klopt"
        if open_vraag and intent in (c.INTENT_IETS_ANDERS, c.INTENT_DENY):
            return bevestiging.opnieuw(dispatcher)  # "Iets anders, ik typ het opnieuw" / "nee"
        voorgesteld = voorgestelde_onderwerpen(tracker)
        if voorgesteld and not text.startswith("/") and is_bevestiging(tracker):
            return self.vastleggen(dispatcher, tracker, message, [voorgesteld[0]], [])  # "ja" to the question
        if intent == c.INTENT_IETS_ANDERS:
            dispatcher.utter_message(response=c.UTTER_IETS_ANDERS)
            return []
        if intent in (c.INTENT_AFFIRM, c.INTENT_DENY) and laatste_vraag(tracker) == c.UTTER_NIET_BEGREPEN_MENS:
            return await terugbellen(dispatcher, tracker, intent == c.INTENT_AFFIRM)  # asked once, not twice
        if intent == c.INTENT_AFFIRM:  # "ja" to "Is er nog iets…?"
            if onderwerpen(tracker):
                dispatcher.utter_message(response=c.UTTER_VRAAG_MEER)
                return []
            return niet_begrepen(dispatcher, tracker)
        if intent == c.INTENT_DENY:  # "nee" to "Is er nog iets…?": on to the details form
            return [SlotSet(c.SLOT_VRAAG_COMPLEET, True)] if onderwerpen(tracker) else niet_begrepen(dispatcher, tracker)
        events: list[dict[str, Any]] = []
        if not text.startswith("/") and text:
            eerder = tracker.get_slot(c.SLOT_VRAAG_TEKST)
            events.append(SlotSet(c.SLOT_VRAAG_TEKST, f"{eerder} / {text}" if eerder else text))
        if open_vraag:  # another onderwerp chosen or the question said again: the guess is answered
            events.append(SlotSet(c.SLOT_BEVESTIGING, False))
        if text.startswith("/"):  # a button: the user chose the onderwerp
            code = intent[len(c.VRAAG_PREFIX):]
            if code not in c.ONDERWERP_CODES:  # e.g. an unknown payload: take the likeliest onderwerp, or ask again
                ranking = routing.onderwerp_ranking(catalog(), message)
                if not ranking:
                    dispatcher.utter_message(response=c.UTTER_NIET_BEGREPEN)
                    return events
                code = ranking[0][0]
            return self.vastleggen(dispatcher, tracker, message, [code], events, vervang=open_vraag)
        # Free text: the one first-message function (also behind `make predict` and `make evaluate`). Typed words
        # at "klopt dat?" say the question again: they replace the guess.
        eerste = not onderwerpen(tracker) or open_vraag
        gekozen = melder_gekozen(tracker)
        # Who is asking comes from the first message's words; an answer to "klopt dat?" ("ja, een aanvraag die al
        # loopt") seldom says it again, so it only adds what the first words did not say (inwoner -> naaste).
        al_bekend = open_vraag and (tracker.get_slot(c.SLOT_MELDER) or "inwoner") != "inwoner"
        bekend = tracker.get_slot(c.SLOT_MELDER) if gekozen or not eerste or al_bekend else None
        uitkomst = routing.eerste_bericht(catalog(), text, message, melder=bekend)
        if bekend is None and uitkomst.melder != (tracker.get_slot(c.SLOT_MELDER) or "inwoner"):
            events.append(SlotSet(c.SLOT_MELDER, uitkomst.melder))  # "ik ben wijkverpleegkundige en ..."
        if eerste and uitkomst.melder == "professional" and not tracker.get_slot(c.SLOT_FUNCTIE):
            rol = rol_in_tekst(text)  # said once, not asked again by the partner questions
            if rol:
                events.append(SlotSet(c.SLOT_FUNCTIE, rol))
        if tracker.get_slot(c.SLOT_TERUGBELVERZOEK) and not uitkomst.zeker:
            # A callback was asked for: the words go to the medewerker as they are, labelled with the likeliest
            # onderwerp (staff re-label); asking again would go round in circles.
            return self.vastleggen(dispatcher, tracker, message, list(uitkomst.onderwerpen[:1]), events)
        afgewezen = list(tracker.get_slot(c.SLOT_ONDERWERP_GOK) or []) if open_vraag else []
        if afgewezen and uitkomst.bron != "veiligheid":
            # "Ja, vervoer voor school", "Nee, niet geld. Ik wil werk", "… Wij zoeken jeugdhulp": read against the guess
            def woorden_van(deel: str) -> list[str]:
                return [k for k in routing.keywords_onderwerpen(catalog(), deel)
                        if k in c.ONDERWERP_CODES and k not in EIGEN_PADEN]
            gemeend = routing.antwoord_op_gok(routing.default_antwoorden(), afgewezen, text,
                                              list(uitkomst.onderwerpen), woorden_van)
            if gemeend:
                return self.vastleggen(dispatcher, tracker, message, list(gemeend), events, vervang=True)
        if afgewezen and routing.is_nee(routing.default_antwoorden(), text) and uitkomst.onderwerpen[0] in afgewezen:
            # "Nee, ik heb geen hulp nodig met vervoer. Ik wil een parkeervergunning": not the rejected guess again
            # The others first; the rejected one stays a choice ("nee, ze is niet eenzaam, het gaat om een rolstoel"
            # can say no to something else than the guess).
            kandidaten = [code for code, _ in routing.onderwerp_ranking(catalog(), message)
                          if code not in afgewezen and code in c.ONDERWERP_CODES][:routing.MAX_ALTERNATIEVEN]
            return events + [SlotSet(c.SLOT_ONDERWERPEN, [])] + verduidelijk(dispatcher, kandidaten + afgewezen[:1])
        if (open_vraag and afgewezen and uitkomst.bron in ("model", "gok")
                and routing.bevestigt(routing.default_antwoorden(), text)
                and not set(routing.keywords_onderwerpen(catalog(), text)) - set(afgewezen)):
            # "Ja, zorgen over gedrag en ontwikkeling, dat klopt. Het is geen schoolverzuim": yes, with more words
            # (the model heard "schoolverzuim"). Words that name another onderwerp ("ja klopt, en ook schulden")
            # still change it; "ja, een aanvraag die al loopt" (no "klopt") picks the alternative, as before.
            return events + bevestiging.bevestigd()
        if uitkomst.zeker:
            return self.vastleggen(dispatcher, tracker, message, list(uitkomst.onderwerpen), events,
                                   eerste=uitkomst if eerste else None, vervang=open_vraag)
        if open_vraag:  # said again, but not clearly: the guess is gone, the clarifying question decides
            events.append(SlotSet(c.SLOT_ONDERWERPEN, []))
        if (eerste and not gekozen and uitkomst.melder == "professional"
                and len(text.split()) <= ROL_ZIN_WOORDEN and laatste_vraag(tracker) != c.UTTER_VRAAG_SITUATIE):
            # Someone who only said who they are ("ik ben huisarts en wil een patiënt aanmelden"): the situation
            dispatcher.utter_message(response=c.UTTER_VRAAG_SITUATIE)
            return events
        if uitkomst.bron == "gok" and not tracker.get_slot(c.SLOT_VERDUIDELIJKT) and uitkomst.kandidaten:
            return events + verduidelijk(dispatcher, list(uitkomst.kandidaten))
        if uitkomst.bron == "gok" and laatste_vraag(tracker) == c.UTTER_IETS_ANDERS:
            # Told again after "iets anders" and still unclear: the next likeliest onderwerpen, none offered before
            # in this round (once; a second "iets anders" leads to 'niet begrepen' and a person).
            eerder = aangeboden(tracker)
            nieuw = [code for code, _ in routing.onderwerp_ranking(catalog(), message)
                     if code in c.ONDERWERP_CODES and code not in eerder][:routing.MAX_ALTERNATIEVEN + 1]
            if nieuw and keer_verduidelijkt(tracker) < 2:
                return events + verduidelijk(dispatcher, nieuw)
        return events + niet_begrepen(dispatcher, tracker)

    def melder_bekend(self, dispatcher: CollectingDispatcher, tracker: Tracker, message: dict[str, Any],
                      text: str) -> list[dict[str, Any]]:
        """A button asks for the situation; typed words that also name onderwerpen are recorded at once. Typed
        words that only say who is asking, in answer to the situation question itself ("ik wil een cliënt
        aanmelden"), are not asked for again and again: they go the way of any unclear message (likely onderwerpen
        as buttons, then other words, then a person)."""
        if text and not text.startswith("/"):
            uitkomst = routing.eerste_bericht(catalog(), text, message, melder=tracker.get_slot(c.SLOT_MELDER))
            if uitkomst.bron == "woorden":
                eerder = tracker.get_slot(c.SLOT_VRAAG_TEKST)
                events = [SlotSet(c.SLOT_VRAAG_TEKST, f"{eerder} / {text}" if eerder else text)]
                return self.vastleggen(dispatcher, tracker, message, list(uitkomst.onderwerpen), events,
                                       eerste=uitkomst if not onderwerpen(tracker) else None)
            if laatste_vraag(tracker) not in (None, c.UTTER_VRAAG_START):  # the situation was already asked
                return niet_begrepen(dispatcher, tracker)
        dispatcher.utter_message(response=c.UTTER_VRAAG_SITUATIE)
        return []

    @staticmethod
    def vastleggen(dispatcher: CollectingDispatcher, tracker: Tracker, message: dict[str, Any], codes: list[str],
                   events: list[dict[str, Any]], eerste: "routing.EersteBericht | None" = None,
                   vervang: bool = False) -> list[dict[str, Any]]:
        """Record the onderwerpen (first = primary) and say so in plain Dutch; then, in the same turn:
        the first guess of a round -> "klopt dat?" with buttons; a choice or correction -> on to the details form;
        otherwise (spoed, a later question) -> "is er nog iets?"."""
        lijst = [] if vervang else onderwerpen(tracker)
        for code in codes:
            if code not in lijst:
                lijst.append(code)
        events = events + [SlotSet(c.SLOT_ONDERWERPEN, lijst), SlotSet(c.SLOT_VERDUIDELIJKT, False)]
        events += feiten_uit_tekst(message)
        if tracker.get_slot(c.SLOT_MISVERSTANDEN):
            events.append(SlotSet(c.SLOT_MISVERSTANDEN, 0.0))  # understood again: count afresh
        label = opsomming([routing.onderwerp_label(code) for code in codes])
        if tracker.get_slot(c.SLOT_TERUGBELVERZOEK):
            dispatcher.utter_message(response=c.UTTER_ONDERWERP_BEGREPEN, onderwerp_label=label)
            dispatcher.utter_message(response=c.UTTER_CONTACT_INTRO)
            return events + [SlotSet(c.SLOT_WIL_CONTACT, True)]
        if eerste is not None and eerste.bevestigen and not bevestiging.al_gevraagd(tracker):
            return events + bevestiging.vraag_bevestiging(dispatcher, tracker, lijst, label, eerste.alternatieven)
        dispatcher.utter_message(response=c.UTTER_ONDERWERP_BEGREPEN, onderwerp_label=label)
        events += bevestiging.correctie(tracker, lijst)
        if eerste is None or bevestiging.al_gevraagd(tracker):  # chosen by the user, or corrected: go on
            return events + [SlotSet(c.SLOT_VRAAG_COMPLEET, True)]
        dispatcher.utter_message(response=c.UTTER_NOG_IETS)
        return events
