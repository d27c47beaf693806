"""Satisfaction at the end of every conversation: one question (1-5), then on the web an optional comment.

The action that ends a conversation calls `vraag_tevredenheid` with how it ended. The score is queued at once (so a
skipped comment loses nothing); the comment follows with the same random `sleutel`. The inbox gets codes only:
score, uitkomst, kanaal, onderwerp, and the comment masked (routing.mask_pii), never a conversation id.
"""
from __future__ import annotations

import logging
import secrets
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import routing
from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import BsnWarningFormValidation, is_voice, kanaal, onderwerpen, user_text
from bot.actions.outbox import TEVREDENHEID

logger = logging.getLogger(__name__)
SCORES = ("1", "2", "3", "4", "5")
MAX_OPMERKING = 1000  # the inbox's limit (inbox/schemas.py OPMERKING_MAX)


def vraag_tevredenheid(dispatcher: CollectingDispatcher, uitkomst: str) -> list[dict[str, Any]]:
    """Ask "Hoe tevreden bent u over dit gesprek?" as the last bubble of a conversation that ended in `uitkomst`."""
    dispatcher.utter_message(response=c.UTTER_ASK_TEVREDENHEID)
    return [SlotSet(c.SLOT_TEVREDENHEID_UITKOMST, uitkomst),
            SlotSet(c.SLOT_TEVREDENHEID_SLEUTEL, secrets.token_urlsafe(18)),
            SlotSet(c.SLOT_TEVREDENHEID_SCORE, None), SlotSet(c.SLOT_TEVREDENHEID_OPMERKING, None)]


def tevredenheid_body(tracker: Tracker, score: str, opmerking: str | None = None) -> dict[str, Any]:
    """The /api/v1/tevredenheid body: nothing that identifies the conversation or the person."""
    codes = onderwerpen(tracker)
    body: dict[str, Any] = {"sleutel": tracker.get_slot(c.SLOT_TEVREDENHEID_SLEUTEL), "score": int(score),
                            "uitkomst": tracker.get_slot(c.SLOT_TEVREDENHEID_UITKOMST), "kanaal": kanaal(tracker),
                            "onderwerp": codes[0] if codes else None}
    if opmerking:
        body["opmerking"] = routing.mask_pii(opmerking).text[:MAX_OPMERKING]
    return body


async def _send(key: str, body: dict[str, Any]) -> None:
    outbox = services.outbox()
    outbox.enqueue(key, TEVREDENHEID, body, wake=False)
    await outbox.deliver(key, timeout=services.config().inline_timeout)


def open_vraag(tracker: Tracker) -> bool:
    """The satisfaction question was asked and not yet answered with a score."""
    return bool(tracker.get_slot(c.SLOT_TEVREDENHEID_SLEUTEL) and tracker.get_slot(c.SLOT_TEVREDENHEID_UITKOMST)
                and not tracker.get_slot(c.SLOT_TEVREDENHEID_SCORE))


def score_in_woorden(tracker: Tracker) -> str | None:
    """The score typed or said ("4", "heel tevreden", "3. Vriendelijk, maar …"), or from the button's entity."""
    score = next(tracker.get_latest_entity_values(c.ENTITY_TEVREDENHEID_SCORE), None)
    if score is None and not user_text(tracker).startswith("/"):
        score = routing.tevredenheid_score(routing.default_antwoorden(), user_text(tracker))
    return str(score) if str(score) in SCORES else None


def opmerking_erbij(tracker: Tracker) -> str | None:
    """A comment given with the score in one message on the web ("3. Vriendelijk, maar ik had liever een mens
    gesproken"): the whole message, so the comment question need not follow; None for a bare score ("4", "heel
    tevreden") and on the phone (no comment there)."""
    tekst = user_text(tracker)
    return tekst if not is_voice(tracker) and not tekst.startswith("/") and len(tekst.split()) > 4 else None


async def score_vastleggen(tracker: Tracker, score: str) -> list[dict[str, Any]]:
    """Send the score now (a skipped comment loses nothing); a comment given with it fills the comment slot."""
    await _send(f"tevredenheid:{tracker.get_slot(c.SLOT_TEVREDENHEID_SLEUTEL)}", tevredenheid_body(tracker, score))
    opmerking = opmerking_erbij(tracker)
    return [SlotSet(c.SLOT_TEVREDENHEID_SCORE, score),
            *([SlotSet(c.SLOT_TEVREDENHEID_OPMERKING, opmerking)] if opmerking else [])]


async def afsluiten(dispatcher: CollectingDispatcher, tracker: Tracker, score: str | None,
                    opmerking: str | None) -> list[dict[str, Any]]:
    """Send the comment (if any) with the score's sleutel, thank the user, close the question."""
    sleutel = tracker.get_slot(c.SLOT_TEVREDENHEID_SLEUTEL)
    opmerking = (opmerking or "").strip()
    if score and opmerking and sleutel:
        await _send(f"tevredenheid:{sleutel}:opmerking", tevredenheid_body(tracker, score, opmerking))
    if score or sleutel:  # an answer without a score is thanked too: never the question again (issue 9)
        dispatcher.utter_message(response=c.UTTER_TEVREDENHEID_BEDANKT)
    return [SlotSet(c.SLOT_TEVREDENHEID_UITKOMST, None), SlotSet(c.SLOT_TEVREDENHEID_SLEUTEL, None),
            SlotSet(c.SLOT_TEVREDENHEID_OPMERKING, None)]


async def beantwoord_met_opmerking(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """An answer to the open satisfaction question that another intent took ("3. …, maar ik had liever een mens
    gesproken" reads as mens_spreken): counted as the score and its comment, thanked; None when it is no score."""
    score = score_in_woorden(tracker)
    if not open_vraag(tracker) or score is None:
        return None
    return [*await score_vastleggen(tracker, score),
            *await afsluiten(dispatcher, tracker, score, opmerking_erbij(tracker))]


class ActionTevredenheid(Action):
    """A score button (key 1-5 on the phone), or a score typed or said ("4", "heel tevreden"): store it now; only a
    score to a question just asked counts."""

    def name(self) -> str:
        return c.ACTION_TEVREDENHEID

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        score = score_in_woorden(tracker)
        if score is None or not open_vraag(tracker):
            return []  # no question open (an old button, a second click): nothing is counted twice
        return await score_vastleggen(tracker, score)  # a comment given with it: the comment question is not asked


class ValidateTevredenheidForm(BsnWarningFormValidation):
    """The comment: web only, and only after a score; a skip ("/deny" button or a short "nee") leaves it empty."""

    def name(self) -> str:
        return c.ACTION_VALIDATE_TEVREDENHEID

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if is_voice(tracker) or not tracker.get_slot(c.SLOT_TEVREDENHEID_SCORE):
            return []
        return [c.SLOT_TEVREDENHEID_OPMERKING]

    def validate_tevredenheid_opmerking(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> dict[str, Any]:
        text = user_text(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if text.startswith("/") or (intent == c.INTENT_DENY and len(text.split()) <= 3):
            return {c.SLOT_TEVREDENHEID_OPMERKING: ""}  # skipped: the score is already stored
        return {c.SLOT_TEVREDENHEID_OPMERKING: text}


class ActionTevredenheidKlaar(Action):
    """Send the comment (if any) to the answer it belongs to, thank the user, close the question."""

    def name(self) -> str:
        return c.ACTION_TEVREDENHEID_KLAAR

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        return await afsluiten(dispatcher, tracker, tracker.get_slot(c.SLOT_TEVREDENHEID_SCORE),
                               tracker.get_slot(c.SLOT_TEVREDENHEID_OPMERKING))
