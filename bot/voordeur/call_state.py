"""What the phone channel remembers between two webhooks of one call, with a TTL (2 h): in this process's memory
(one Rasa instance) or in Redis (`LOCK_STORE_TYPE=redis`), so that each webhook of a call may reach any instance.

Both stores answer `await get(call_sid)`, `await put(call_sid, state)` and `await drop(call_sid)`. A state is a
copy: change it, then `put` it back (the channel does that at the end of each webhook).

What it holds: the menu stage, the last prompt and buttons (bot texts, which can repeat a name the caller gave), list
items not read yet, and speech heard with low confidence waiting for "Zei u …?". Not the caller's number. It goes at
the hang-up and otherwise after the TTL; in Redis it is also in Redis's snapshot until the next one.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Dict, List, Optional, Protocol

from bot.voordeur.config import RedisSettings, shared_redis
from bot.voordeur.redis_state import KEY_PREFIX, SharedRedis

STAGE_MENU = "menu"
STAGE_DIALOGUE = "gesprek"
DEFAULT_TTL_SECONDS = 2 * 3600


@dataclass
class CallState:
    """What the channel remembers between two webhooks of one call."""

    stage: str = STAGE_MENU
    buttons: List[Dict[str, Any]] = field(default_factory=list)
    last_prompt: str = ""
    misses: int = 0
    meer: List[str] = field(default_factory=list)  # list items not read yet
    na_meer: List[str] = field(default_factory=list)  # passages after the list
    na_meer_buttons: List[Dict[str, Any]] = field(default_factory=list)
    twijfel: str = ""  # speech heard with low confidence, waiting for "Zei u …? Kies 1 voor ja"
    twijfel_gevraagd: bool = False  # asked once for this question: a second low-confidence answer is a miss
    herhaald: int = 0  # "wat zegt u?" to this prompt: said again, at most MAX_HERHALEN times, then it is an answer
    ended: bool = False  # the call left us (transferred to a medewerker): forget it

    def dumps(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, raw: str | bytes) -> "CallState":
        data = json.loads(raw)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class CallStates(Protocol):
    async def get(self, call_sid: str) -> Optional[CallState]: ...

    async def put(self, call_sid: str, state: CallState) -> None: ...

    async def drop(self, call_sid: str) -> None: ...


class CallStateStore:
    """In this process's memory, least recently used call out first beyond `max_calls`."""

    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS, max_calls: int = 10_000) -> None:
        self.ttl = ttl_seconds
        self.max_calls = max_calls
        self._calls: Dict[str, tuple[float, str]] = {}  # call sid -> (last touched, serialised state)
        self._lock = threading.Lock()

    async def get(self, call_sid: str) -> Optional[CallState]:
        with self._lock:
            self._purge()
            entry = self._calls.get(call_sid)
            if entry is None:
                return None
            self._calls[call_sid] = (time.monotonic(), entry[1])
            return CallState.loads(entry[1])

    async def put(self, call_sid: str, state: CallState) -> None:
        with self._lock:
            self._calls[call_sid] = (time.monotonic(), state.dumps())
            if len(self._calls) > self.max_calls:
                oldest = min(self._calls, key=lambda k: self._calls[k][0])
                del self._calls[oldest]

    async def drop(self, call_sid: str) -> None:
        with self._lock:
            self._calls.pop(call_sid, None)

    def __len__(self) -> int:
        with self._lock:
            self._purge()
            return len(self._calls)

    def _purge(self) -> None:
        cutoff = time.monotonic() - self.ttl
        for sid in [s for s, (touched, _) in self._calls.items() if touched < cutoff]:
            del self._calls[sid]


class RedisCallStateStore:
    """In Redis for every Rasa instance: one key per call, its TTL renewed on every webhook."""

    def __init__(self, settings: RedisSettings, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.redis = SharedRedis(settings)
        self.ttl_ms = int(ttl_seconds * 1000)

    @staticmethod
    def key(call_sid: str) -> str:
        return f"{KEY_PREFIX}call:{call_sid}"

    async def get(self, call_sid: str) -> Optional[CallState]:
        raw = await self.redis.run("read call state", lambda r: r.execute_command(
            "GETEX", self.key(call_sid), "PX", self.ttl_ms))
        return CallState.loads(raw) if raw else None

    async def put(self, call_sid: str, state: CallState) -> None:
        await self.redis.run("write call state", lambda r: r.set(self.key(call_sid), state.dumps(), px=self.ttl_ms))

    async def drop(self, call_sid: str) -> None:
        await self.redis.run("drop call state", lambda r: r.delete(self.key(call_sid)))


def call_state_store(ttl_seconds: float = DEFAULT_TTL_SECONDS,
                     settings: Optional[RedisSettings] = None) -> CallStates:
    """The store for this process: in Redis when several instances share one (`shared_redis()`), else in memory."""
    settings = settings or shared_redis()
    if settings is None:
        return CallStateStore(ttl_seconds)
    return RedisCallStateStore(settings, ttl_seconds)
