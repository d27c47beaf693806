"""Tevredenheid (CSAT): "Hoe tevreden bent u over dit gesprek?" at the end of every conversation.

A score arrives first; the optional comment (web only) arrives later with the same random `sleutel` and is added
to that answer, so skipping the comment loses nothing. Nothing personal is kept: no conversation id, the day
instead of the time, and the comment masked (BSN, phone numbers, e-mail addresses: routing's one masker) and
emptied after `tevredenheid_opmerking_days` by retention.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import routing
from inbox.db import utcnow
from inbox.models import TEVREDENHEID_SCORES, Tevredenheid

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DIMENSIES = ("kanaal", "onderwerp", "uitkomst")
COLUMNS = (Tevredenheid.created_at, Tevredenheid.score, Tevredenheid.kanaal, Tevredenheid.onderwerp,
           Tevredenheid.uitkomst, Tevredenheid.opmerking)


def day_start(now: dt.datetime) -> dt.datetime:
    """The start of the Dutch day `now` falls in, in UTC: when an answer was given, no finer."""
    local = now.astimezone(AMSTERDAM).replace(hour=0, minute=0, second=0, microsecond=0)
    return local.astimezone(dt.timezone.utc)


def mask_opmerking(text: str | None) -> str | None:
    """The comment without BSN, phone numbers and e-mail addresses; None when nothing is left."""
    if not text or not text.strip():
        return None
    return routing.mask_pii(text.strip()).text


def record(session: Session, d: Any, *, now: dt.datetime | None = None) -> tuple[Tevredenheid, bool]:
    """Store a score, or add the comment to the answer with the same sleutel; idempotent per sleutel (the first
    score stays, a comment is added once). Returns (answer, created)."""
    def existing() -> Tevredenheid | None:
        return session.scalars(select(Tevredenheid).where(Tevredenheid.sleutel == d.sleutel)).first()

    opmerking = mask_opmerking(d.opmerking)
    with session.begin():
        found = existing()
        if found is not None:
            if opmerking and not found.opmerking:
                found.opmerking = opmerking
            return found, False
    try:
        with session.begin():
            t = Tevredenheid(sleutel=d.sleutel, score=d.score, uitkomst=d.uitkomst, kanaal=d.kanaal,
                             onderwerp=d.onderwerp, opmerking=opmerking, created_at=day_start(now or utcnow()))
            session.add(t)
        return t, True
    except IntegrityError:  # the same answer delivered twice at once: the other one was first
        session.rollback()
        return record(session, d, now=now)


def body(t: Tevredenheid) -> dict[str, Any]:
    return {"id": t.id, "score": t.score, "uitkomst": t.uitkomst, "kanaal": t.kanaal, "onderwerp": t.onderwerp,
            "opmerking": t.opmerking is not None}


def _samenvatting(scores: list[int]) -> dict[str, Any]:
    counts = Counter(scores)
    return {"n": len(scores), "gemiddeld": round(statistics.fmean(scores), 2) if scores else None,
            "verdeling": {str(s): counts.get(s, 0) for s in TEVREDENHEID_SCORES}}


def figures(rows: Iterable[Any]) -> dict[str, Any]:
    """n, mean and distribution over all answers and per kanaal, onderwerp and uitkomst; how many left a comment."""
    rows = list(rows)
    per: dict[str, dict[str, list[int]]] = {d: defaultdict(list) for d in DIMENSIES}
    for row in rows:
        for d in DIMENSIES:
            per[d][getattr(row, d) or "onbekend"].append(row.score)
    return {**_samenvatting([r.score for r in rows]),
            "met_opmerking": sum(1 for r in rows if r.opmerking),
            "per": {d: {k: _samenvatting(v) for k, v in sorted(values.items())} for d, values in per.items()}}


def recent_opmerkingen(session: Session, limit: int = 20) -> list[dict[str, Any]]:
    """The latest masked comments with their score and codes (for the monitoring page)."""
    with session.begin():
        rows = session.execute(select(*COLUMNS).where(Tevredenheid.opmerking.is_not(None))
                               .order_by(Tevredenheid.created_at.desc(), Tevredenheid.id.desc()).limit(limit)).all()
    return [{"dag": r.created_at, "score": r.score, "kanaal": r.kanaal, "onderwerp": r.onderwerp,
             "uitkomst": r.uitkomst, "opmerking": r.opmerking} for r in rows]


def purge_opmerkingen(session: Session, days: int, *, now: dt.datetime | None = None) -> int:
    """Empty comments older than `days` (free text may still say who someone is); the score stays for the figures."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    with session.begin():
        return session.execute(update(Tevredenheid).where(Tevredenheid.created_at < cutoff,
                                                          Tevredenheid.opmerking.is_not(None))
                               .values(opmerking=None), execution_options={"synchronize_session": False}).rowcount
