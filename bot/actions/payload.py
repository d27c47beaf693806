"""The inbox's aanmelding body, built from the tracker and the draft store (see docs/architecture.md)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import Tracker

from bot.actions import constants as c
from bot.actions.common import MAX_TEKST, kanaal, label, transcript
from bot.actions.partner import partner_velden
from bot.actions.validators import voorkeur_of

MODEL_ID = "model_id"  # rasa.shared.nlu.constants.METADATA_MODEL_ID (Rasa is not installed in this runtime)
MODEL_VERSIE_MAX = 64  # the inbox's column


def model_versie(tracker: Tracker) -> str | None:
    """The Rasa model that labelled this aanmelding: the `model_id` Rasa stamps on every event it logs
    (`DialogueStateTracker.update`), taken from the event that last recorded the onderwerpen. A model swapped in
    later in the conversation (`PUT /model`) did not label it. None only for a tracker Rasa never stamped."""
    stamped = [e for e in reversed(tracker.events) if (e.get("metadata") or {}).get(MODEL_ID)]
    labelled = next((e for e in stamped if e.get("event") == "slot" and e.get("name") == c.SLOT_ONDERWERPEN), None)
    chosen = labelled or next(iter(stamped), None)
    return str(chosen["metadata"][MODEL_ID])[:MODEL_VERSIE_MAX] if chosen else None


GEVAAR_GEZIEN = ("De assistent zag mogelijk gevaar en gaf de crisisnummers. De melder gaf daarna geen gevaar aan. "
                 "Lees het gesprek na.")


def gevaar_reden(tracker: Tracker, urgentie: str) -> list[str]:
    """Only a model saw danger (the classifier or the intent model), the crisis numbers were given and the person
    said there is none now: the aanmelding is not spoed, but team toegang must know the signal was there."""
    return [GEVAAR_GEZIEN] if tracker.get_slot(c.SLOT_GEVAAR_SIGNAAL) and urgentie != "spoed" else []


def aanmelding_body(tracker: Tracker, draft: dict[str, str], nu: datetime) -> dict[str, Any]:
    """POST /api/v1/aanmeldingen body; contact details come from the draft store, never from slots."""
    triage = label(tracker)
    # A professional without the inwoner's agreement: anonymous overleg only, so nothing about the inwoner beyond
    # the (name-free) situation is stored: no transcript.
    anoniem = tracker.get_slot(c.SLOT_MELDER) == "professional" and not tracker.get_slot(c.SLOT_INWONER_AKKOORD)
    voorkeur = voorkeur_of(tracker.get_slot(c.SLOT_VOORKEUR), triage.urgentie, tracker.get_slot(c.SLOT_EMAIL))
    return {
        "kanaal": kanaal(tracker),
        "melder": triage.melder,
        "onderwerpen": list(triage.onderwerpen),
        "wet": triage.wet,
        "urgentie": triage.urgentie,
        "team_advies": triage.team_advies or "toegang",
        "kern": triage.kern,
        "samenvatting": (tracker.get_slot(c.SLOT_VRAAG_TEKST) or "Terugbelverzoek via de assistent")[:4 * MAX_TEKST],
        "redenen": [*triage.redenen, *gevaar_reden(tracker, triage.urgentie)],
        "contact": {
            "naam": tracker.get_slot(c.SLOT_NAAM),
            "telefoon": draft.get("telefoon"),
            "email": draft.get("email"),
            "voorkeur": voorkeur,
        },
        # From the slot, never assumed: without an explicit "ja" the inbox refuses the aanmelding (422).
        "toestemming": {"gegeven": tracker.get_slot(c.SLOT_TOESTEMMING) is True,
                        "tekstversie": c.TOESTEMMING_TEKSTVERSIE, "tijdstip": nu.isoformat()},
        "voorzieningen_aangeboden": list(tracker.get_slot(c.SLOT_VOORZIENINGEN) or []),
        # The assistant's first guess and, when the user chose other onderwerpen, that correction (a signal for
        # team toegang and for improving the model; empty when the guess was not put to the user).
        "onderwerp_gok": list(tracker.get_slot(c.SLOT_ONDERWERP_GOK) or []),
        "onderwerp_correctie": list(tracker.get_slot(c.SLOT_ONDERWERP_CORRECTIE) or []),
        "model_versie": model_versie(tracker),
        "conversation_id": tracker.sender_id,
        "transcript": [] if anoniem else transcript(tracker),
        **partner_velden(tracker, draft),
    }
