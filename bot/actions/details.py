"""Validate<DetailsForm>: ask only what the route needs (age group when it decides the law; kern/postcode)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import routing
from bot.actions import constants as c
from bot.actions import validators
from bot.actions.common import BsnWarningFormValidation, catalog, onderwerpen, user_text

# Wmo or Jeugdwet? For a naaste or professional the age of the person decides (under 18: Jeugdwet).
WETTEN_MET_LEEFTIJDSGRENS = ("wmo", "jeugdwet")


def leeftijd_nodig(melder: str | None, codes: list[str]) -> bool:
    """Only when someone asks for another person and an onderwerp falls under Wmo or Jeugdwet."""
    if (melder or "inwoner") == "inwoner":
        return False
    soorten = catalog().onderwerpen
    return any(code in soorten and soorten[code].wet in WETTEN_MET_LEEFTIJDSGRENS for code in codes)


class ValidateDetailsForm(BsnWarningFormValidation):
    def name(self) -> str:
        return c.ACTION_VALIDATE_DETAILS

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if leeftijd_nodig(tracker.get_slot(c.SLOT_MELDER), onderwerpen(tracker)):
            return [c.SLOT_LEEFTIJD, c.SLOT_KERN]
        return [c.SLOT_KERN]

    def validate_leeftijd(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        groep = validators.leeftijd(str(value or ""))
        if groep is None:
            dispatcher.utter_message(response=c.UTTER_LEEFTIJD_ONBEKEND)
        return {c.SLOT_LEEFTIJD: groep}

    def validate_kern(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        tekst = str(value or "") or user_text(tracker)
        result = routing.resolve_kern(catalog(), tekst)
        if result.kern:
            return {c.SLOT_KERN: result.kern, c.SLOT_POSTCODE: result.postcode, c.SLOT_BUITEN_BERKELLAND: False}
        if result.postcode and not result.in_berkelland:
            dispatcher.utter_message(response=c.UTTER_BUITEN_BERKELLAND, bericht=result.message)
            return {c.SLOT_KERN: "buiten Berkelland", c.SLOT_POSTCODE: result.postcode, c.SLOT_BUITEN_BERKELLAND: True}
        dispatcher.utter_message(response=c.UTTER_KERN_ONBEKEND)
        return {c.SLOT_KERN: None}
