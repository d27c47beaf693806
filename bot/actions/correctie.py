"""Read-back correction: "Nee, er klopt iets niet" (or a bare "nee") to the read-back's one question asks which part
is wrong and changes only that part; an answer that names the part ("nee, het telefoonnummer klopt niet") asks that
part again at once.

action_welk_deel offers a button per part read back, "Nee, niets bewaren" (a bare "nee" may have meant that) and
"Opnieuw beginnen"; action_correctie_start empties the chosen part; correctie_form asks it again with the same
validation and repair as the first time; a rule then opens contact_form again, which reads back and asks again.
"""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import routing
from bot.actions import constants as c
from bot.actions import validators
from bot.actions.common import kanaal, pii_values, user_text
from bot.actions.contact import ValidateContactForm, bewaar
from bot.actions.details import buiten_genoemd, kern_antwoord
from bot.actions.herstel import zonder_pogingen

# The parts of the read-back, in the order read, as the buttons name them.
DELEN = {c.SLOT_NAAM: "Mijn naam", c.SLOT_KERN: "Mijn woonplaats", c.SLOT_LEEFTIJD: "De leeftijd",
         c.SLOT_TELEFOON: "Mijn telefoonnummer",
         c.SLOT_VOORKEUR: "Wanneer u belt", c.SLOT_EMAIL: "Mijn e-mailadres"}
NIETS_BEWAREN = "Nee, niets bewaren"  # the same choice as at the read-back: no consent, nothing kept
# Emptied with the part (the kern's postcode and whether it lies outside Berkelland).
SAMEN_MET = {c.SLOT_KERN: (c.SLOT_POSTCODE, c.SLOT_BUITEN_BERKELLAND), c.SLOT_VOORKEUR: (c.SLOT_EMAIL,)}


def delen(tracker: Tracker) -> list[str]:
    """The parts read back in this conversation (spoed asks no time preference; the age only when it was asked
    or named; the e-mail address only when one was given)."""
    # the time preference whenever the path has one (spoed: "zo snel mogelijk"); on the web it is asked with the
    # number, so who named no time hears "op een werkdag" and may change it
    spoed = tracker.get_slot(c.SLOT_URGENTIE) == "spoed"
    gevraagd = {c.SLOT_VOORKEUR: bool(tracker.get_slot(c.SLOT_VOORKEUR)) or not spoed,
                c.SLOT_LEEFTIJD: bool(tracker.get_slot(c.SLOT_LEEFTIJD)),
                c.SLOT_EMAIL: bool(validators.gegeven_email(tracker.get_slot(c.SLOT_EMAIL)))}
    return [veld for veld in c.CORRECTIE_VELDEN if gevraagd.get(veld, True)]


def titel(veld: str, tracker: Tracker) -> str:
    """The button of a part; on the web the time preference includes the choice for e-mail."""
    if veld == c.SLOT_VOORKEUR and kanaal(tracker) == "web":
        return f"{DELEN[veld]}, of per e-mail"
    return DELEN[veld]


class ActionWelkDeel(Action):
    def name(self) -> str:
        return c.ACTION_WELK_DEEL

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, False), SlotSet(c.SLOT_WIL_CONTACT, False)]
        tekst = user_text(tracker)
        veld = None if tekst.startswith("/") else routing.deel_in_tekst(routing.default_antwoorden(), tekst)
        nieuw = nieuwe_waarde(tracker)
        if nieuw and veld in (None, *nieuw):  # "nee, het is 06 12 34 56 78": changed at once, then read back
            return [*events, *nieuw.values(), FollowupAction(c.FORM_CONTACT)]
        leeftijd = nieuwe_leeftijd(tracker, tekst, veld)
        if leeftijd is not None:  # "nee, de leeftijd klopt niet, Daan is 8 jaar", "nee hij is negen niet negentien"
            return [*events, SlotSet(c.SLOT_LEEFTIJD, leeftijd), FollowupAction(c.FORM_CONTACT)]
        if veld in delen(tracker):  # "nee, het telefoonnummer klopt niet": that part at once, no buttons first
            return [*events, SlotSet(c.SLOT_CORRECTIE_VELD, veld), *leeg(tracker, veld),
                    FollowupAction(c.FORM_CORRECTIE)]
        buttons = [{"title": titel(veld, tracker), "payload": f'/{c.INTENT_CORRIGEER}{{"{c.SLOT_CORRECTIE_VELD}": "{veld}"}}'}
                   for veld in delen(tracker)]
        buttons.append({"title": NIETS_BEWAREN, "payload": f"/{c.INTENT_GEEN_TOESTEMMING}"})
        buttons.append({"title": "Opnieuw beginnen", "payload": f"/{c.INTENT_OPNIEUW}"})
        dispatcher.utter_message(response=c.UTTER_WELK_DEEL, buttons=buttons)
        return events


# "hij is negen", "ze is 72 niet 82": a number said about a person, in a correction that names no part
_OVER_IEMAND = re.compile(r"\b(?:hij|zij|ze|ik|hem|haar|daan|kind|zoon|dochter|moeder|vader)\b.*\b(?:is|ben|wordt)\b",
                          re.IGNORECASE)


def nieuwe_leeftijd(tracker: Tracker, tekst: str, veld: str | None) -> str | None:
    """The corrected age in the answer itself: when the age is named as the part ("de leeftijd klopt niet, Daan is
    8"; also when no age was read back: it decides Wmo or Jeugdwet), or, when no part is named, a number said
    about the person while an age was read back ("nee hij is negen niet negentien"; the same age read back again
    when it was right all along). None otherwise."""
    if tekst.startswith("/") or pii_values(tracker, c.SLOT_TELEFOON) or pii_values(tracker, c.SLOT_EMAIL):
        return None
    leeftijd = validators.leeftijd(tekst)
    if veld == c.SLOT_LEEFTIJD:
        return leeftijd
    huidige = tracker.get_slot(c.SLOT_LEEFTIJD)
    # the same age as read back ("nee hij is negen", read back as 9): kept, and the read-back is said again
    if veld is None and huidige and leeftijd is not None and _OVER_IEMAND.search(tekst):
        return leeftijd
    return None


def nieuwe_waarde(tracker: Tracker) -> dict[str, dict[str, Any]]:
    """A phone number or e-mail address in the correction itself (the channel lifted it out of the text): the
    value as the form would store it, per part; empty when the sentence holds none (or one that does not fit)."""
    gevonden = {veld: bewaar(tracker, veld, pii_values(tracker, veld)) for veld in (c.SLOT_TELEFOON, c.SLOT_EMAIL)}
    return {veld: SlotSet(veld, waarde) for veld, waarde in gevonden.items() if waarde}


class ActionCorrectieStart(Action):
    """Empty only the chosen part; correctie_form then asks it again (a fresh count for its repair)."""

    def name(self) -> str:
        return c.ACTION_CORRECTIE_START

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        veld = tracker.get_slot(c.SLOT_CORRECTIE_VELD)
        if veld not in delen(tracker):  # not a part we read back: ask again which one
            return await ActionWelkDeel().run(dispatcher, tracker, domain)
        return leeg(tracker, veld)


def leeg(tracker: Tracker, veld: str) -> list[dict[str, Any]]:
    """Empty only this part (and what belongs to it); its repair counts afresh."""
    return ([SlotSet(veld, None)] + [SlotSet(extra, None) for extra in SAMEN_MET.get(veld, ())]
            + zonder_pogingen(tracker, veld))


class ValidateCorrectieForm(ValidateContactForm):
    """The same validation (and repair) as the contact and details forms, for the one part being corrected."""

    def name(self) -> str:
        return c.ACTION_VALIDATE_CORRECTIE

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        veld = tracker.get_slot(c.SLOT_CORRECTIE_VELD)
        if veld not in c.CORRECTIE_VELDEN:
            return []
        if veld == c.SLOT_VOORKEUR:  # a new choice for e-mail asks the address too (vragen.yml, alleen_als)
            vragen = routing.vragen_voor(routing.default_vragen(), kanaal(tracker), None, None,
                                         {c.SLOT_VOORKEUR: tracker.get_slot(c.SLOT_VOORKEUR)})
            return [veld] + [c.SLOT_EMAIL] * (c.SLOT_EMAIL in vragen)
        return [veld]

    def geen_fout(self, vraag: str, tracker: Tracker) -> bool:
        return super().geen_fout(vraag, tracker) or (vraag == c.SLOT_KERN and buiten_genoemd(tracker))

    def validate_kern(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        return kern_antwoord(value, tracker, dispatcher)

    def validate_leeftijd(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        return {c.SLOT_LEEFTIJD: validators.leeftijd(str(value or ""))}
