"""Validate<DetailsForm>: ask only what the route needs (age group when it decides the law; kern/postcode).

A failed answer is repaired by the base class (bot/actions/herstel.py); action_ask_kern offers the kernen as
buttons when the place question is asked a second time.
"""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import routing
from bot.actions import constants as c
from bot.actions import validators
from bot.actions.common import catalog, onderwerpen, user_text
from bot.actions.herstel import HerstelFormValidation

# Wmo or Jeugdwet? For a naaste or professional the age of the person decides (under 18: Jeugdwet).
WETTEN_MET_LEEFTIJDSGRENS = ("wmo", "jeugdwet")


def leeftijd_nodig(melder: str | None, codes: list[str]) -> bool:
    """Only when someone asks for another person and an onderwerp falls under Wmo or Jeugdwet."""
    if (melder or "inwoner") == "inwoner":
        return False
    soorten = catalog().onderwerpen
    return any(code in soorten and soorten[code].wet in WETTEN_MET_LEEFTIJDSGRENS for code in codes)


# "ik woon zelf in Enschede": a naaste or professional who names their own place, not that of the person concerned;
# "ik woon ook in Neede", "wij wonen samen in Neede" name the person's place too.
_EIGEN_PLAATS = re.compile(r"\b(?:ik woon|ikzelf|ik zelf|zelf woon ik|mijn eigen adres|ik zit zelf|ik kom zelf uit)\b")
_OOK_DAAR = re.compile(r"\b(?:ook|samen|bij hem|bij haar|bij mij|bij ons|met hem|met haar|wij|we)\b")
# The sentence also says where the person lives ("mijn vader woont in Rietmolen, ik zelf in Enschede").
_PERSOON_WOONT = re.compile(r"\b(?:hij|zij|ze|mijn \w+|mn \w+|onze \w+|de \w+|mevrouw|meneer|mevr|dhr"
                            r"|client|clienten|patient|patienten|cliente|leerling) (?:\w+ )?(?:woont|wonen)\b")
# A professional's answer about where their organisation is: "wij zitten in Eibergen", "onze praktijk is in Neede",
# "ik werk vanuit Borculo". Not where the inwoner lives.
_ORGANISATIE_PLAATS = re.compile(
    r"\b(?:(?:wij|we) (?:zitten|zijn gevestigd|werken|zijn)|ik werk|vanuit"
    r"|on(?:s|ze) (?:kantoor|praktijk|organisatie|team|teams|locatie|school|afdeling|vestiging|bureau))\b")


_ZELF = re.compile(r"\b(?:zelf|ikzelf)\b")
_ZINSDELEN = re.compile(r"[.;,!?]+|\s+maar\s+")
# "ik ben eigenlijk altijd in Eibergen", "ik werk in Neede": a clause about the writer's own place
_OVER_MIJZELF = re.compile(r"\b(?:ik (?:ben|zit|woon|werk|kom)|ikzelf|ik zelf|zelf woon ik|mijn eigen adres)\b")


def _over_de_organisatie(norm: str) -> bool:
    """A (normalised) sentence about where the organisation is, that does not say where the inwoner lives."""
    return bool(_ORGANISATIE_PLAATS.search(norm)) and not _PERSOON_WOONT.search(norm)


def organisatie_plaats(tracker: Tracker, zin: str | None = None) -> bool:
    """A professional named where their organisation is, not where the inwoner lives ("wij zitten in Eibergen")."""
    return (tracker.get_slot(c.SLOT_MELDER) == "professional"
            and _over_de_organisatie(routing.normalise(zin if zin is not None else user_text(tracker))))


def _over_de_schrijver(norm: str) -> bool:
    """A (normalised) clause about the writer's own place or their organisation's, not the person's."""
    return bool(_OVER_MIJZELF.search(norm) and not _OOK_DAAR.search(norm)) or _over_de_organisatie(norm)


def zonder_eigen_plaats(zin: str) -> str:
    """The answer without the clauses about the writer's own place: "Buurse. Dat valt onder Haaksbergen, maar ik
    ben eigenlijk altijd in Eibergen" names Buurse for the person concerned, not Eibergen."""
    delen = [d for d in _ZINSDELEN.split(zin) if d.strip()]
    return " . ".join(d for d in delen if not _over_de_schrijver(routing.normalise(d)))


def eigen_woonplaats(tracker: Tracker) -> bool:
    """A naaste or professional answered the place question with where they live themselves."""
    if (tracker.get_slot(c.SLOT_MELDER) or "inwoner") == "inwoner":
        return False
    zin = routing.normalise(user_text(tracker))
    return bool(_EIGEN_PLAATS.search(zin)) and not _OOK_DAAR.search(zin) and not _PERSOON_WOONT.search(zin)


_WOONT = re.compile(r"\b(?:woon|woont|wonen|woonde|woonachtig)\b")


def kern_antwoord(value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """A kern, a postcode, "buiten Berkelland" or "weet ik niet" (buttons or words); empty when none of these."""
    tekst = str(value or "") or user_text(tracker)
    eerder = tracker.get_slot(c.SLOT_BUITEN_PLAATS)  # a place outside Berkelland named before, not yet confirmed
    if tekst == c.KERN_ONBEKEND or routing.is_weet_niet(routing.default_herstel(), tekst):
        return {c.SLOT_KERN: c.KERN_ONBEKEND, c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: False,
                c.SLOT_BUITEN_PLAATS: None}
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if tekst == c.KERN_BUITEN or (eerder and intent == c.INTENT_AFFIRM):
        # "Ik woon buiten Berkelland" or "ja, daar woon ik": the referral (with the place's gemeente when named)
        return buiten(dispatcher, eerder or "", tracker.get_slot(c.SLOT_POSTCODE))
    result = routing.resolve_kern(catalog(), tekst)
    if routing.woont_buiten(routing.default_herstel(), user_text(tracker)):
        # "net over de grens bij Eibergen": outside, whatever place is named (its gemeente when we know it)
        bekend = not result.in_berkelland and (result.gemeente or result.postcode)
        return buiten(dispatcher, result.message if bekend else "", result.postcode)
    zin = user_text(tracker)
    if tracker.get_slot(c.SLOT_MELDER) in ("naaste", "professional") and not zin.startswith("/"):
        zin = zonder_eigen_plaats(zin) or zin  # the person's place, not the writer's own
    if not zin.startswith("/") and zin != tekst:  # the NLU's kern entity is one word of the sentence: the sentence
        volledig = routing.resolve_kern(catalog(), zin)  # decides ("Buurse, vlak bij Rietmolen" is Buurse)
        if volledig.gemeente or (result.kern and not routing.als_woonplaats(zin, tekst)):  # "ik werk in Ruurlo"
            result = volledig
    kern = None
    if not result.in_berkelland and tracker.get_slot(c.SLOT_MELDER) in ("naaste", "professional"):
        # "mijn vader woont in Rietmolen, ik zelf in Enschede": the kern is the person's, the other place the writer's
        kern = routing.kern_in_tekst(catalog(), zin if not zin.startswith("/") else tekst)
        if kern:
            result = routing.resolve_kern(catalog(), kern)
    # "ik woon zelf in …": asked again, for the person concerned. A plain "ik woon in Eibergen" in Berkelland is
    # taken: mostly the same household (a parent for a child), and the read-back shows it.
    if eigen_woonplaats(tracker) and not kern and not (result.kern and not _ZELF.search(routing.normalise(zin))):
        return {c.SLOT_KERN: None}
    if organisatie_plaats(tracker, zin) and not kern:  # "wij zitten in Eibergen": where does the inwoner live?
        return {c.SLOT_KERN: None}
    if result.kern:
        return {c.SLOT_KERN: result.kern, c.SLOT_POSTCODE: result.postcode, c.SLOT_BUITEN_BERKELLAND: False,
                c.SLOT_BUITEN_PLAATS: None}
    if not result.in_berkelland and (result.postcode or result.gemeente):  # a postcode or a buurgemeente's place
        # Named outside Berkelland twice, said as where the person lives ("mijn vader woont in Barchem"), or given
        # after a failed answer: that is where they live (asking "Woont u daar?" then would be a third question).
        tweede_poging = tracker.get_slot(c.SLOT_HERSTEL_VRAAG) == c.SLOT_KERN
        if eerder or tweede_poging or _WOONT.search(routing.normalise(zin)):
            return buiten(dispatcher, result.message, result.postcode)
        # Once: asked back first ("Woont u daar?"); the failed answer's repair asks it (action_ask_kern).
        return {c.SLOT_KERN: None, c.SLOT_POSTCODE: result.postcode, c.SLOT_BUITEN_PLAATS: result.message}
    return {c.SLOT_KERN: None, c.SLOT_BUITEN_PLAATS: None}


def buiten_genoemd(tracker: Tracker) -> bool:
    """This answer named a place outside Berkelland for the first time: not a failed answer, the next question asks
    whether the person lives there (a place named twice, "ja" or the button decide; those fill the kern)."""
    if tracker.get_slot(c.SLOT_REQUESTED) != c.SLOT_KERN or tracker.get_slot(c.SLOT_KERN) is not None:
        return False
    return bool(tracker.get_slot(c.SLOT_BUITEN_PLAATS))


def buiten(dispatcher: CollectingDispatcher, bericht: str, postcode: str | None) -> dict[str, Any]:
    """The person lives outside Berkelland: their own gemeente helps (the details form ends; nothing is sent)."""
    dispatcher.utter_message(response=c.UTTER_BUITEN_BERKELLAND, bericht=bericht)
    return {c.SLOT_KERN: c.KERN_BUITEN, c.SLOT_POSTCODE: postcode, c.SLOT_BUITEN_BERKELLAND: True,
            c.SLOT_BUITEN_PLAATS: None}


class ValidateDetailsForm(HerstelFormValidation):
    def name(self) -> str:
        return c.ACTION_VALIDATE_DETAILS

    def geen_fout(self, vraag: str, tracker: Tracker) -> bool:
        return vraag == c.SLOT_KERN and buiten_genoemd(tracker)

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if leeftijd_nodig(tracker.get_slot(c.SLOT_MELDER), onderwerpen(tracker)):
            return [c.SLOT_LEEFTIJD, c.SLOT_KERN]
        return [c.SLOT_KERN]

    def validate_leeftijd(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        if routing.is_weet_niet(routing.default_herstel(), str(value or "")):
            return {c.SLOT_LEEFTIJD: c.LEEFTIJD_ONBEKEND}
        return {c.SLOT_LEEFTIJD: validators.leeftijd(str(value or ""))}

    def validate_kern(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        return kern_antwoord(value, tracker, dispatcher)


class ActionAskKern(Action):
    """The place question; asked again after a failed answer, with the largest kernen as buttons plus
    "Ik woon buiten Berkelland" and "Weet ik niet" (routing/data/herstel.yml)."""

    def name(self) -> str:
        return c.ACTION_ASK_KERN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        buiten_plaats = tracker.get_slot(c.SLOT_BUITEN_PLAATS)
        if not buiten_plaats and tracker.get_slot(c.SLOT_HERSTEL_VRAAG) != c.SLOT_KERN:
            dispatcher.utter_message(response=c.UTTER_ASK_KERN)
            return []
        kernen = [kern_knop(kern, kern) for kern in routing.default_herstel().kern_knoppen]
        weet_niet = kern_knop("Weet ik niet", c.KERN_ONBEKEND)
        if buiten_plaats:  # "Lochem ligt niet in … Woont u daar?": yes, or the right kern
            zin = buiten_plaats.split(". ")[0].rstrip(".") + "."
            dispatcher.utter_message(response=c.UTTER_ASK_KERN_BUITEN, zin=zin,
                                     buttons=[kern_knop("Ja, dat klopt", c.KERN_BUITEN), *kernen, weet_niet])
            return []
        herstel = (c.UTTER_ASK_KERN_ORGANISATIE if organisatie_plaats(tracker) else
                   c.UTTER_ASK_KERN_PERSOON if eigen_woonplaats(tracker) else c.UTTER_ASK_KERN_HERSTEL)
        dispatcher.utter_message(response=herstel,
                                 buttons=[*kernen, kern_knop("Ik woon buiten Berkelland", c.KERN_BUITEN), weet_niet])
        return []


def kern_knop(title: str, kern: str) -> dict[str, str]:
    return {"title": title, "payload": f'/inform{{"kern": "{kern}"}}'}
