"""Sliding-window rate limit for API tokens (per token scope and client IP), kept in the inbox process."""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from typing import Callable


class RateLimiter:
    """At most `limit` requests per `window` seconds per key; `hit` answers how long to wait (0: allowed)."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(1, int(limit))
        self.window = float(window)
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        """Count one request for key; 0 if allowed, else the seconds until the oldest request leaves the window.
        Refused requests are not counted, so a client that waits the Retry-After gets through."""
        now = self._clock()
        with self._lock:
            q = self._hits.setdefault(key, deque())
            while q and now - q[0] >= self.window:
                q.popleft()
            if len(q) >= self.limit:
                return max(1, math.ceil(self.window - (now - q[0])))
            q.append(now)
            if len(self._hits) > 10_000:  # many client IPs: drop the idle ones so memory stays bounded
                self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] < self.window}
            return 0
