"""Record how a conversation ended without an aanmelding (for the council's monitoring), via the outbox."""
from __future__ import annotations

import logging

from rasa_sdk import Tracker

from bot.actions import services
from bot.actions.common import bekende_kern, kanaal, label, onderwerpen
from bot.actions import constants as c
from bot.actions.outbox import UITKOMST

logger = logging.getLogger(__name__)


def uitkomst_body(tracker: Tracker, uitkomst: str) -> dict:
    """The /api/v1/uitkomsten body: codes only, nothing personal; onderwerpen, wet, kern and melder when known."""
    codes = onderwerpen(tracker)
    triage = label(tracker) if codes else None
    gevonden = list(triage.onderwerpen) if triage else []
    if uitkomst == c.UITKOMST_BUITEN and c.ONDERWERP_BUITEN not in gevonden:
        gevonden.append(c.ONDERWERP_BUITEN)  # the statistieken count it under its own onderwerp, not "onbekend"
    kern = triage.kern if triage else None
    if not kern:
        kern = bekende_kern(tracker)
    return {
        "conversation_id": tracker.sender_id,
        "kanaal": kanaal(tracker),
        "melder": (triage.melder if triage else None) or tracker.get_slot(c.SLOT_MELDER) or "inwoner",
        "onderwerpen": gevonden,
        "wet": triage.wet if triage else "overig",
        "urgentie": triage.urgentie if triage else "normaal",
        "kern": kern,
        "uitkomst": uitkomst,
        "voorzieningen_aangeboden": list(tracker.get_slot(c.SLOT_VOORZIENINGEN) or []),
    }


async def record_uitkomst(tracker: Tracker, uitkomst: str) -> None:
    """Queue the uitkomst durably and try to deliver it at once (the worker retries when that fails)."""
    key = f"uitkomst:{tracker.sender_id}:{uitkomst}"
    outbox = services.outbox()
    outbox.enqueue(key, UITKOMST, uitkomst_body(tracker, uitkomst), wake=False)
    await outbox.deliver(key, timeout=services.config().inline_timeout)
