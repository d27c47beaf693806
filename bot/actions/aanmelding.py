"""Deliver the aanmelding through the durable outbox and give the referentie: after the read-back and the "ja" to
its one question "Klopt dit, en mogen wij uw gegevens zo bewaren?" (action_ask_toestemming).

Referentie: the action waits at most `inline_timeout` (2 s) for the inbox. Answered -> the referentie, then
what to expect (who, when by the inbox's contact deadline, what, how long: bot/actions/verwachting.py). Not
answered -> honest wording ("ontvangen, wij geven hem zo snel mogelijk door") with the conversation-derived
kenmerk (VMK-K-xxxxxxxx, also the idempotency key's fingerprint) and the expectation with the contact deadline
computed by routing; the outbox worker delivers it later, exactly once.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import idempotency_key, kenmerk, label, warn_bsn
from bot.actions.payload import aanmelding_body
from bot.actions.tevredenheid import vraag_tevredenheid
from bot.actions.verwachting import na_aanmelding
from bot.actions.toestemming import heeft_toestemming, zonder_toestemming

TZ = ZoneInfo("Europe/Amsterdam")
# Said after a refusal by the inbox, one bubble each (texts, not domain responses: no retraining needed for this
# rare case; tests/teksten reads them with the domain's).
NIET_AFGELEVERD = "Het is niet gelukt uw aanmelding door te sturen. Dat ligt niet aan u."
SPOED_BELLEN = "Uw vraag heeft spoed. Bij gevaar belt u altijd 112."
NIET_AFGELEVERD_BELLEN = "Bel Voormekaar: 14 0545, op werkdagen van 8.30 tot 17.00 uur. Noem dan uw nummer {kenmerk}."


class ActionAanmeldingVersturen(Action):
    """Create the aanmelding (exactly once) and tell the inwoner honestly what happens."""

    def name(self) -> str:
        return c.ACTION_AANMELDING_VERSTUREN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        warn_bsn(dispatcher, tracker)
        if not heeft_toestemming(tracker):  # the rule requires consent too; this stays the last line of defence
            return zonder_toestemming(dispatcher, tracker)
        key = idempotency_key(tracker)
        outbox = services.outbox()
        if outbox.get(key) is None:  # a second 'ja' re-uses the queued aanmelding
            draft = services.drafts().get_all(tracker.sender_id)
            nu = datetime.now(TZ)
            outbox.enqueue(key, "aanmelding", aanmelding_body(tracker, draft, nu), wake=False)
            services.drafts().delete(tracker.sender_id)
        delivery = await outbox.deliver(key, timeout=services.config().inline_timeout)
        nu = datetime.now(TZ)
        if delivery and delivery.status == "delivered" and (delivery.response or {}).get("referentie"):
            dispatcher.utter_message(response=c.UTTER_AANMELDING_REFERENTIE,
                                     referentie=delivery.response["referentie"])
            # who, when (the inbox's own deadline), what, how long: now that it is sent, it is a promise
            na_aanmelding(dispatcher, tracker, nu, _parse(delivery.response.get("verwacht_contact_voor")))
        elif delivery and delivery.status == "dead":  # refused for good: never "ontvangen"; a dead letter for beheer
            dispatcher.utter_message(text=NIET_AFGELEVERD)
            if label(tracker).urgentie == "spoed":
                dispatcher.utter_message(text=SPOED_BELLEN)
            dispatcher.utter_message(text=NIET_AFGELEVERD_BELLEN.format(kenmerk=kenmerk(key)))
        else:  # queued in the outbox: delivered later, exactly once; routing computes the same contact deadline
            dispatcher.utter_message(response=c.UTTER_AANMELDING_ONTVANGEN, kenmerk=kenmerk(key))
            na_aanmelding(dispatcher, tracker, nu)
        uitkomst = c.TEVREDENHEID_PARTNER if tracker.get_slot(c.SLOT_PARTNER_SOORT) else c.TEVREDENHEID_AANMELDING
        return [SlotSet(c.SLOT_KENMERK, kenmerk(key)), SlotSet(c.SLOT_WIL_CONTACT, False),
                *vraag_tevredenheid(dispatcher, uitkomst)]


def _parse(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
