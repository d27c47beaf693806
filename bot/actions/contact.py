"""Validate<ContactForm>: name, phone (E.164), optional e-mail, best time, explicit consent.

Which of these the form asks depends on the path (routing/data/vragen.yml): spoed asks no e-mail and no time
preference, the phone never asks for an e-mail address.

The real phone number and e-mail address go to the draft store; the slots hold a masked display only.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import routing
from bot.actions import constants as c
from bot.actions import extractie, partner, services, validators
from bot.actions.common import kanaal, metadata, pii_values, user_text
from bot.actions.herstel import HerstelFormValidation, net_beantwoord


def nee_tegen_beller(tracker: Tracker) -> bool:
    """By phone, "nee" to "… op het nummer waarmee u belt?": a step to the other number, not a failed answer."""
    beller = (metadata(tracker).get("pii") or {}).get("beller")
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return bool(beller) and intent == c.INTENT_DENY and not pii_values(tracker, "telefoon")


# Per kind of contact detail: how a candidate is validated, and how the stored value is shown in a slot.
CONTACTGEGEVENS = {"telefoon": (validators.telefoon, validators.mask_telefoon),
                   "email": (validators.email, validators.mask_email)}


def bewaar(tracker: Tracker, soort: str, kandidaten: list[str]) -> str | None:
    """The first candidate that is a valid `soort` (telefoon | email): stored in the draft store (the real value
    never goes into a slot), returned masked for the slot; None when none fits."""
    valideer, maskeer = CONTACTGEGEVENS[soort]
    waarde = next(filter(None, map(valideer, kandidaten)), None)
    if not waarde:
        return None
    services.drafts().put(tracker.sender_id, soort, waarde)
    return maskeer(waarde)


def voorkeur_erbij(tracker: Tracker) -> bool:
    """On this path the number question also asks when to call (routing/data/vragen.yml, samen_gevraagd: the web),
    in the contact form (a corrected number is only the number) and before a time was given."""
    return (tracker.active_loop.get("name") == c.FORM_CONTACT and not tracker.get_slot(c.SLOT_VOORKEUR)
            and c.SLOT_VOORKEUR in routing.samen_gevraagd(routing.default_vragen(), kanaal(tracker),
                                                           tracker.get_slot(c.SLOT_URGENTIE),
                                                           tracker.get_slot(c.SLOT_MELDER), c.SLOT_TELEFOON))


class ValidateContactForm(HerstelFormValidation):
    def name(self) -> str:
        return c.ACTION_VALIDATE_CONTACT

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        """The questions of this path, from routing's question model (kanaal, urgentie, melder)."""
        return list(routing.vragen_voor(routing.default_vragen(), kanaal(tracker), tracker.get_slot(c.SLOT_URGENTIE),
                                        tracker.get_slot(c.SLOT_MELDER),
                                        {c.SLOT_VOORKEUR: tracker.get_slot(c.SLOT_VOORKEUR)}))

    def geen_fout(self, vraag: str, tracker: Tracker) -> bool:
        return ((vraag == c.SLOT_TELEFOON and nee_tegen_beller(tracker))
                or (vraag == c.SLOT_TOESTEMMING and bool(tracker.get_slot(c.SLOT_CORRECTIE_GEVRAAGD))))

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any] | None:
        if tracker.get_slot(c.SLOT_CORRECTIE_GEVRAAGD):  # "er klopt iets niet": the form stops, a rule asks which part
            return SlotSet(c.SLOT_REQUESTED, None)
        return await super().next_requested_slot(dispatcher, tracker, domain)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        if not net_beantwoord(tracker, self.form_name()):
            # (Re)activation, not an answer: what was filled before was validated when it was given. Validating it
            # again would lose the masked number (not a number any more); the read-back after a correction opens
            # this form again.
            volgende = await self.next_requested_slot(dispatcher, tracker, domain)
            return [volgende] if volgende else []
        events = await super().run(dispatcher, tracker, domain)
        if tracker.get_slot(c.SLOT_CORRECTIE_GEVRAAGD):  # set in the user's turn (toestemming.ActionLeesAkkoord)
            # said again here, so Rasa sees the form act on the answer (and does not reject it)
            return [SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, True), *events]
        return events

    def validate_naam(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        return {c.SLOT_NAAM: validators.naam(str(value or ""))}

    def validate_telefoon(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        # The channel lifts typed numbers into metadata and leaves a placeholder in the text.
        genoemd = pii_values(tracker, "telefoon")
        kandidaten = genoemd or [str(value or user_text(tracker))]
        beller = (metadata(tracker).get("pii") or {}).get("beller")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if beller and not genoemd and (intent == c.INTENT_AFFIRM or extractie.bedoelt_eigen_nummer(user_text(tracker))):
            kandidaten = [str(beller)]  # by phone: "ja" / "het nummer waarmee ik bel" to "… op dit nummer?"
        elif nee_tegen_beller(tracker):
            return {c.SLOT_TELEFOON: None}  # "nee": action_ask_telefoon now asks for the other number
        gevonden = {c.SLOT_TELEFOON: bewaar(tracker, "telefoon", kandidaten)}
        if gevonden[c.SLOT_TELEFOON] and voorkeur_erbij(tracker):  # "06 12345678, liefst na vijven"
            wanneer = validators.voorkeur_in_zin(user_text(tracker))
            adres = bewaar(tracker, "email", pii_values(tracker, "email"))
            if adres:  # an address with the number: contact by e-mail, and no need to ask for it
                gevonden.update({c.SLOT_VOORKEUR: validators.VOORKEUR_EMAIL, c.SLOT_EMAIL: adres})
            elif wanneer:
                gevonden[c.SLOT_VOORKEUR] = wanneer
        return gevonden

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict[str, Any]:
        # An address the channel lifted out wins over the intent: "[e-mailadres]" may be classified as anything.
        gevonden = pii_values(tracker, "email")
        if not gevonden and (value == c.EMAIL_GEEN or validators.is_geen(str(value or ""))):
            return {c.SLOT_EMAIL: c.EMAIL_GEEN}  # "Nee, toch liever bellen" (validators.voorkeur_of then calls)
        return {c.SLOT_EMAIL: bewaar(tracker, "email", gevonden or [str(value or "")])}

    def validate_voorkeur(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        adres = bewaar(tracker, "email", pii_values(tracker, "email"))
        if adres:  # an address typed at this question: contact by e-mail, and no need to ask for it
            return {c.SLOT_VOORKEUR: validators.VOORKEUR_EMAIL, c.SLOT_EMAIL: adres}
        return {c.SLOT_VOORKEUR: validators.voorkeur(str(value or "")) or validators.GEEN_VOORKEUR}

    def validate_toestemming(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        if value is not True:
            services.drafts().delete(tracker.sender_id)  # no consent: nothing personal is kept
            return {c.SLOT_TOESTEMMING: False}
        return {c.SLOT_TOESTEMMING: True}

    def validate_partner_soort(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        return {c.SLOT_PARTNER_SOORT: partner.soort(str(value or ""))}

    def validate_organisatie(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        return {c.SLOT_ORGANISATIE: " ".join(str(value or "").split())[:200] or None}

    def validate_functie(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        return {c.SLOT_FUNCTIE: " ".join(str(value or "").split())[:200] or None}

    def validate_inwoner_akkoord(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        return partner.validate_inwoner_akkoord(value, dispatcher, tracker)


class ActionAskTelefoon(Action):
    """Asks for the callback number; by phone it first offers the number the caller is calling from; on the web it
    asks when to call in the same question."""

    def name(self) -> str:
        return c.ACTION_ASK_TELEFOON

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        pii = metadata(tracker).get("pii") or {}
        just_declined = (tracker.latest_message.get("intent") or {}).get("name") == c.INTENT_DENY
        herstel = tracker.get_slot(c.SLOT_HERSTEL_VRAAG) == c.SLOT_TELEFOON  # asked again: the example variation
        if pii.get("beller") and pii.get("beller_laatste_cijfers") and not just_declined and not herstel:
            dispatcher.utter_message(response=c.UTTER_ASK_TELEFOON_BELLER,
                                     laatste_cijfers=pii["beller_laatste_cijfers"])
        elif voorkeur_erbij(tracker) and not herstel:  # the web: the number and when to call, one question
            dispatcher.utter_message(response=c.UTTER_ASK_TELEFOON_VOORKEUR)
        else:
            dispatcher.utter_message(response=c.UTTER_ASK_TELEFOON)
        return []
