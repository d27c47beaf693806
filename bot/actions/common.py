"""Small helpers every action shares: the user's text and PII, channel, BSN warning, feiten for routing."""
from __future__ import annotations

import hashlib
import uuid
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import routing
from bot.actions import constants as c

_NAMESPACE = uuid.UUID("5f1d7a52-8e0e-4b5e-9a51-6c1f0f6e2b10")


def catalog():
    """The routing catalogue (cached by routing)."""
    return routing.default_catalog()


def metadata(tracker: Tracker) -> dict[str, Any]:
    return (tracker.latest_message or {}).get("metadata") or {}


MAX_TEKST = 2000  # one message as kept in a slot, the samenvatting or the transcript (the inbox allows 10,000)


def user_text(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("text") or "").strip()[:MAX_TEKST]


def pii_values(tracker: Tracker, kind: str) -> list[str]:
    """Values the channel lifted out of the text (`telefoon` or `email`); empty when none."""
    values = (metadata(tracker).get("pii") or {}).get(kind) or []
    return [str(v) for v in values if v]


def is_voice(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() == c.VOICE_CHANNEL


def kanaal(tracker: Tracker) -> str:
    return "telefoon" if is_voice(tracker) or metadata(tracker).get("kanaal") == "telefoon" else "web"


def warn_bsn(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Tell the user not to share a BSN when the channel masked one in the message this action answers."""
    if metadata(tracker).get("bsn_gemaskeerd") and tracker.latest_action_name == "action_listen":
        dispatcher.utter_message(response=c.UTTER_GEEN_BSN)


class BsnWarningFormValidation(FormValidationAction, ABC):
    """Base of our form validators: warns about a masked BSN before validating. Abstract, so rasa-sdk
    (which registers every concrete Action subclass) does not register it as an action."""

    @abstractmethod
    def name(self) -> str:
        """The validate_<form> action name."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        warn_bsn(dispatcher, tracker)
        return await super().run(dispatcher, tracker, domain)


def onderwerpen(tracker: Tracker) -> list[str]:
    return list(tracker.get_slot(c.SLOT_ONDERWERPEN) or [])


def bekende_kern(tracker: Tracker) -> str | None:
    """The kern slot when it names a kern (not "buiten Berkelland", not "weet ik niet")."""
    kern = tracker.get_slot(c.SLOT_KERN)
    if tracker.get_slot(c.SLOT_BUITEN_BERKELLAND) or kern in (c.KERN_ONBEKEND, c.KERN_BUITEN):
        return None
    return kern


def leeftijd_getal(value: str | None) -> int | None:
    """The slot holds digits or an age group from the buttons; routing needs a number."""
    if not value:
        return None
    if str(value).isdigit():
        return int(value)
    if value == c.LEEFTIJD_ONBEKEND:  # "weet ik niet": routing decides without an age
        return None
    return 17 if "jonger" in str(value) else 18


def feiten(tracker: Tracker) -> "routing.Feiten":
    """What the conversation established, as routing's input."""
    tekst = tracker.get_slot(c.SLOT_VRAAG_TEKST) or ""
    kern = bekende_kern(tracker)
    return routing.Feiten(
        onderwerpen=tuple(onderwerpen(tracker)) or ("lopende_aanvraag",),
        melder=tracker.get_slot(c.SLOT_MELDER) or "inwoner",
        leeftijd=leeftijd_getal(tracker.get_slot(c.SLOT_LEEFTIJD)),
        kern=kern,
        postcode=tracker.get_slot(c.SLOT_POSTCODE),
        tekst=tekst,
        urgentie_signalen=tuple(routing.detect_hoge_urgentie(tekst)),
    )


def label(tracker: Tracker) -> "routing.TriageLabel":
    return routing.triage(catalog(), feiten(tracker))


def round_start(tracker: Tracker) -> float:
    """Timestamp of the start of the current round (session start or the last 'opnieuw beginnen')."""
    start = 0.0
    for event in tracker.events:
        if event.get("event") == "session_started" or (
            event.get("event") == "action" and event.get("name") == c.ACTION_OPNIEUW_BEGINNEN
        ):
            start = float(event.get("timestamp") or 0.0)
    return start


def idempotency_key(tracker: Tracker) -> str:
    """One aanmelding per conversation round: the same key however often the user confirms."""
    return str(uuid.uuid5(_NAMESPACE, f"{tracker.sender_id}:{round_start(tracker):.6f}"))


def kenmerk(key: str) -> str:
    """Short, conversation-derived kenmerk the inwoner can quote when the referentie is not known yet."""
    return "VMK-K-" + hashlib.sha256(key.encode()).hexdigest()[:8].upper()


def transcript(tracker: Tracker, limit: int = 200) -> list[dict[str, str]]:
    """The conversation as the tracker holds it (BSN and contact details already masked by the channel)."""
    from datetime import datetime, timezone

    lines = []
    for event in tracker.events:
        text = event.get("text") or ""
        if event.get("event") == "user" and text.startswith("/"):
            continue  # a button payload, not the inwoner's words
        if event.get("event") in ("user", "bot") and text:
            tijd = datetime.fromtimestamp(float(event.get("timestamp") or 0), timezone.utc).isoformat()
            lines.append({"van": "inwoner" if event["event"] == "user" else "assistent", "tekst": text[:MAX_TEKST],
                          "tijd": tijd})
    return lines[-limit:]


def laatste_vraag(tracker: Tracker) -> str | None:
    """The response the assistant last said (Rasa stamps utter_action on a bot event said by a response)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action")
    return None
