"""Sliding-window rate limits counted in the database, so every inbox worker counts the same requests.

A limit is a key (an HMAC of what is counted: `pseudonym`), a number and a window in seconds. One row per counted
request; rows whose window has passed are deleted by the next write, whatever their key. On PostgreSQL a transaction
takes an advisory lock on its key first, so two workers counting one key at the same moment do not both slip under
the limit; SQLite has one writer at a time anyway (BEGIN IMMEDIATE, inbox/db.py).
"""
from __future__ import annotations

import hashlib
import hmac
import math
import time
from typing import Iterable

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from inbox.models import RateLimitHit


def pseudonym(secret: bytes, what: str) -> str:
    """The stored key for `what` (an address, an account name): HMAC-SHA256 with INBOX_SECRET_KEY, hex."""
    return hmac.new(secret, what.encode(), hashlib.sha256).hexdigest()


def _serialise(session: Session, keys: Iterable[str]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        for key in sorted(set(keys)):  # always the same order: two transactions never wait for each other in a ring
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})


def _window(session: Session, key: str, window: float, now: float) -> tuple[int, float | None]:
    """(requests of `key` within `window` seconds before `now`, time of the oldest of them)."""
    count, oldest = session.execute(
        select(func.count(RateLimitHit.id), func.min(RateLimitHit.tijd))
        .where(RateLimitHit.sleutel == key, RateLimitHit.tijd > now - window)).one()
    return int(count), oldest


def _add(session: Session, keys: Iterable[str], window: float, now: float) -> None:
    session.execute(delete(RateLimitHit).where(RateLimitHit.verloopt <= now))
    session.add_all(RateLimitHit(sleutel=k, tijd=now, verloopt=now + window) for k in keys)


def hit(session: Session, key: str, limit: int, window: float, now: float | None = None) -> int:
    """Count one request for `key`: 0 when within the limit, else the seconds until the oldest request leaves the
    window (then the request is not counted, so a client that waits that long gets through)."""
    now = time.time() if now is None else now
    with session.begin():
        _serialise(session, [key])
        count, oldest = _window(session, key, window, now)
        if count >= limit:
            return max(1, math.ceil(window - (now - oldest)))
        _add(session, [key], window, now)
        return 0


def reached(session: Session, limits: Iterable[tuple[str, int]], window: float, now: float | None = None) -> bool:
    """Whether any (key, limit) has `limit` or more requests within the window."""
    now = time.time() if now is None else now
    with session.begin():
        return any(_window(session, key, window, now)[0] >= limit for key, limit in limits)


def record(session: Session, keys: Iterable[str], window: float, now: float | None = None) -> None:
    """Count one request for each key."""
    now = time.time() if now is None else now
    keys = list(keys)
    with session.begin():
        _serialise(session, keys)
        _add(session, keys, window, now)


def forget(session: Session, key: str) -> None:
    """Start counting `key` from zero (a successful login clears its account's failures)."""
    with session.begin():
        session.execute(delete(RateLimitHit).where(RateLimitHit.sleutel == key))
