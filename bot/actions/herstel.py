"""Repair, in one place, for every form question (the financial-demo pattern of counting validation failures).

Every form validator derives from `HerstelFormValidation`. After the validate_<slot> methods ran, it looks at the
question the user just answered (`requested_slot`): still empty means a failed answer, counted per question in
`herstel_pogingen`. What follows comes from routing (routing/data/herstel.yml, `routing.herstel_stap`):
  1st failure: `herstel_vraag` = the question; the form asks it once more and the variation of utter_ask_<slot>
               with that condition explains with an example and offers buttons where the choices are finite;
  2nd failure: the question's way out: "overslaan" fills in its value and the form goes on, "medewerker" stops the
               form (`uitweg_medewerker`; a rule then runs action_uitweg_medewerker).
The same question is never asked a third time. Interruptions (danger, a person, start again) are not answers:
they are left to the rules.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import routing
from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import BsnWarningFormValidation
from bot.actions.tevredenheid import vraag_tevredenheid
from bot.actions.uitkomst import record_uitkomst


def pogingen(tracker: Tracker) -> dict[str, int]:
    return {str(k): int(v) for k, v in (tracker.get_slot(c.SLOT_HERSTEL_POGINGEN) or {}).items()}


def zonder_pogingen(tracker: Tracker, vraag: str) -> list[dict[str, Any]]:
    """Count afresh for a question asked again on purpose (a read-back correction)."""
    tellingen = pogingen(tracker)
    if vraag not in tellingen and tracker.get_slot(c.SLOT_HERSTEL_VRAAG) != vraag:
        return []
    tellingen.pop(vraag, None)
    return [SlotSet(c.SLOT_HERSTEL_POGINGEN, tellingen), SlotSet(c.SLOT_HERSTEL_VRAAG, None)]


def net_beantwoord(tracker: Tracker, form: str) -> bool:
    """The user just answered the form's question (not the form's activation in the same turn as another action).

    Rasa runs validate_<form> on a copy of the tracker that ends with the form's own ActionExecuted, so the action
    before that one tells: action_listen means a user message."""
    acties = [e.get("name") for e in reversed(tracker.events) if e.get("event") == "action"][:2]
    if acties[:1] == [form]:
        acties = acties[1:]
    return acties[:1] == ["action_listen"]


class HerstelFormValidation(BsnWarningFormValidation, ABC):
    """Base of our form validators: warns about a masked BSN, validates, then repairs a failed answer. Abstract, so
    rasa-sdk (which registers every concrete Action subclass) does not register it as an action."""

    @abstractmethod
    def name(self) -> str:
        """The validate_<form> action name."""

    def geen_fout(self, vraag: str, tracker: Tracker) -> bool:
        """An empty answer that is a step, not a failure (e.g. "nee" to "this number?" by phone)."""
        return False

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        vraag = tracker.get_slot(c.SLOT_REQUESTED) if net_beantwoord(tracker, self.form_name()) else None
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        events = await super().run(dispatcher, tracker, domain)  # BSN warning, validation (updates tracker.slots)
        if not vraag or intent in c.ONDERBREKINGEN or self.geen_fout(vraag, tracker):
            return events
        if tracker.get_slot(vraag) is not None:
            if tracker.get_slot(c.SLOT_HERSTEL_VRAAG) == vraag:
                events.append(SlotSet(c.SLOT_HERSTEL_VRAAG, None))
            return events
        tellingen = pogingen(tracker)
        tellingen[vraag] = tellingen.get(vraag, 0) + 1
        events.append(SlotSet(c.SLOT_HERSTEL_POGINGEN, tellingen))
        uitweg = routing.herstel_stap(routing.default_herstel(), vraag, tellingen[vraag])
        if uitweg is None:  # the form asks once more: the herstel variation of the question
            return events + [SlotSet(c.SLOT_HERSTEL_VRAAG, vraag)]
        dispatcher.utter_message(response=uitweg.bericht)
        events = [e for e in events if e.get("name") != c.SLOT_REQUESTED] + [SlotSet(c.SLOT_HERSTEL_VRAAG, None)]
        if uitweg.soort == "medewerker":
            return events + [SlotSet(c.SLOT_UITWEG_MEDEWERKER, True), SlotSet(c.SLOT_REQUESTED, None)]
        events.append(SlotSet(vraag, uitweg.waarde))
        tracker.slots[vraag] = uitweg.waarde
        volgende = await self.next_requested_slot(dispatcher, tracker, domain)
        return events + ([volgende] if volgende else [])


class ActionUitwegMedewerker(Action):
    """A question that cannot be skipped failed twice: the form stopped; a person helps (14 0545).
    Nothing personal is kept from the unfinished form (no consent was given)."""

    def name(self) -> str:
        return c.ACTION_UITWEG_MEDEWERKER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from bot.actions.toestemming import CONTACT_SLOTS

        services.drafts().delete(tracker.sender_id)
        await record_uitkomst(tracker, c.UITKOMST_MENS)  # the validator already said how to reach a person
        return ([SlotSet(name, None) for name in CONTACT_SLOTS]
                + [SlotSet(c.SLOT_WIL_CONTACT, False), SlotSet(c.SLOT_UITWEG_MEDEWERKER, False)]
                + vraag_tevredenheid(dispatcher, c.UITKOMST_MENS))  # an ending: how did it go?
