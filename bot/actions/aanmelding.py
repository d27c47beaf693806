"""Read back, then deliver the aanmelding through the durable outbox and give the referentie.

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

import routing
from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import idempotency_key, kenmerk, label, warn_bsn
from bot.actions.payload import aanmelding_body
from bot.actions.tevredenheid import vraag_tevredenheid
from bot.actions.verwachting import na_aanmelding
from bot.actions.toestemming import heeft_toestemming, zonder_toestemming
from bot.actions.validators import VOORKEUR_EMAIL, gegeven_email, voorkeur_of, voorkeur_zin

TZ = ZoneInfo("Europe/Amsterdam")
URGENTIE_TEKST = {"spoed": "Dit heeft spoed. ", "hoog": "Dit is dringend. "}
# Said after a refusal by the inbox, one bubble each (texts, not domain responses: no retraining needed for this
# rare case; tests/teksten reads them with the domain's).
NIET_AFGELEVERD = "Het is niet gelukt uw aanmelding door te sturen. Dat ligt niet aan u."
SPOED_BELLEN = "Uw vraag heeft spoed. Bij gevaar belt u altijd 112."
NIET_AFGELEVERD_BELLEN = "Bel Voormekaar: 14 0545, op werkdagen van 8.30 tot 17.00 uur. Noem dan uw nummer {kenmerk}."
NIET_GENOEMD = "niet genoemd"


def label_tekst(triage: "routing.TriageLabel") -> str:
    """The triage label in plain Dutch: onderwerpen and the law."""
    onderwerpen = ", ".join(routing.onderwerp_label(code) for code in triage.onderwerpen)
    return f"{onderwerpen} ({routing.wet_label(triage.wet)})"


class ActionSamenvatting(Action):
    """Read back a short summary for confirmation (only with consent; a "nee" goes to action_geen_toestemming)."""

    def name(self) -> str:
        return c.ACTION_SAMENVATTING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if not heeft_toestemming(tracker):
            return zonder_toestemming(dispatcher, tracker)
        triage = label(tracker)
        voorkeur = voorkeur_of(tracker.get_slot(c.SLOT_VOORKEUR), triage.urgentie, tracker.get_slot(c.SLOT_EMAIL))
        dispatcher.utter_message(
            response=c.UTTER_SAMENVATTING_VRAAG,
            vraag=tracker.get_slot(c.SLOT_VRAAG_TEKST) or "-",
            label=label_tekst(triage),
            urgentie_tekst=URGENTIE_TEKST.get(triage.urgentie, ""),
        )
        dispatcher.utter_message(
            response=c.UTTER_SAMENVATTING_EMAIL if voorkeur == VOORKEUR_EMAIL else c.UTTER_SAMENVATTING,
            email=tracker.get_slot(c.SLOT_EMAIL),
            email_tekst=f" (e-mail: {adres})" if (adres := gegeven_email(tracker.get_slot(c.SLOT_EMAIL))) else "",
            naam=tracker.get_slot(c.SLOT_NAAM) or NIET_GENOEMD,
            kern=tracker.get_slot(c.SLOT_KERN) if tracker.get_slot(c.SLOT_KERN) not in (None, c.KERN_ONBEKEND)
            else NIET_GENOEMD,
            telefoon=tracker.get_slot(c.SLOT_TELEFOON),
            leeftijd_tekst=f", leeftijd: {leeftijd}" if (leeftijd := tracker.get_slot(c.SLOT_LEEFTIJD)) else "",
            voorkeur=voorkeur_zin(voorkeur),
        )
        return [SlotSet(c.SLOT_URGENTIE, triage.urgentie), SlotSet(c.SLOT_WIL_CONTACT, False)]


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
        return [SlotSet(c.SLOT_KENMERK, kenmerk(key)), *vraag_tevredenheid(dispatcher, uitkomst)]


def _parse(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
