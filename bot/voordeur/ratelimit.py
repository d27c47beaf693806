"""Sliding-window rate limiter, in memory per Rasa process.

With several Rasa instances behind a load balancer each instance counts on its own; use sticky sessions
(socket.io needs them anyway) or move the counters to Redis (INCR + EXPIRE per key and minute).
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable, Deque, Dict


class RateLimiter:
    """At most `limit` events per `window` seconds per key."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._hits: Dict[str, Deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Record an event for `key` and say whether it is within the limit."""
        if self.limit <= 0:
            return True
        now = self._clock()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self._max_keys:
                self._prune(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True

    def _prune(self, now: float) -> None:
        """Forget keys without recent events so memory stays bounded."""
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]
        if len(self._hits) >= self._max_keys:  # still full: drop the oldest half
            for key in sorted(self._hits, key=lambda k: self._hits[k][-1])[: self._max_keys // 2]:
                del self._hits[key]
