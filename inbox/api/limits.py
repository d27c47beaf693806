"""Sliding-window rate limit for API tokens (per token scope and client IP), counted in the database so every
inbox worker counts the same requests (inbox/services/limits.py)."""
from __future__ import annotations

import time
from typing import Callable

from sqlalchemy.orm import Session

from inbox.services import limits


class RateLimiter:
    """At most `limit` requests per `window` seconds per key; `hit` answers how long to wait (0: allowed)."""

    def __init__(self, limit: int, window: float, secret: bytes, clock: Callable[[], float] = time.time) -> None:
        self.limit = max(1, int(limit))
        self.window = float(window)
        self.secret = secret
        self._clock = clock

    def hit(self, session: Session, key: str) -> int:
        """Count one request for key; 0 if allowed, else the seconds until the oldest request leaves the window.
        Refused requests are not counted, so a client that waits the Retry-After gets through."""
        return limits.hit(session, limits.pseudonym(self.secret, key), self.limit, self.window, self._clock())
