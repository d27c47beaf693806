"""Prometheus metrics of the action server (GET /metrics), from what it really sees.

- turns: user messages that reached the action server (every turn in which Rasa called one of our actions or
  form validators), counted once per message however many actions ran for it, by kanaal;
- fallbacks: of those, the ones NLU could not place (intent nlu_fallback);
- action runs by action name;
- the outbox to the inbox: rows per state (its depth is `pending`), the age of the oldest pending request, and
  this process's delivery attempts by kind and result (delivered, retry, dead).
Counts only: no conversation id, no text.
"""
from __future__ import annotations

import json
import logging
import time
import zlib
from collections import OrderedDict
from typing import Any

from prometheus_client import CollectorRegistry, Counter, ProcessCollector
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from rasa_sdk import Tracker

from bot.actions import constants as c
from bot.actions import services
from bot.actions.common import kanaal

logger = logging.getLogger(__name__)


class OutboxCollector:
    """Reads the outbox at each scrape."""

    def collect(self):
        outbox = services.outbox()
        rows = GaugeMetricFamily("voordeur_actions_outbox_rows", "Outbox rows by state (depth: pending)",
                                 labels=["status"])
        for state, n in outbox.counts().items():  # every state, zero when empty
            rows.add_metric([state], n)
        yield rows
        oldest = outbox.oldest_pending()
        yield GaugeMetricFamily("voordeur_actions_outbox_oldest_pending_seconds",
                                "Age of the oldest request still waiting for the inbox (0: none)",
                                value=max(0.0, time.time() - oldest) if oldest else 0.0)
        attempts = CounterMetricFamily("voordeur_actions_outbox_deliveries",
                                       "Delivery attempts to the inbox since this process started",
                                       labels=["kind", "result"])
        for (kind, result), n in sorted(outbox.attempts.items()):
            attempts.add_metric([kind, result], n)
        yield attempts


class ActionMetrics:
    """The counters the /webhook calls feed, in their own registry (one per app)."""

    def __init__(self, remember: int = 10_000) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.turns = Counter("voordeur_actions_turns", "User messages that reached the action server",
                             ["kanaal"], registry=self.registry)
        self.fallbacks = Counter("voordeur_actions_fallbacks",
                                 "User messages NLU could not place (intent nlu_fallback)", ["kanaal"],
                                 registry=self.registry)
        self.runs = Counter("voordeur_actions_runs", "Action and form-validation calls", ["action"],
                            registry=self.registry)
        self.registry.register(OutboxCollector())
        ProcessCollector(registry=self.registry)
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._remember = remember

    def observe(self, action_call: dict[str, Any]) -> None:
        """One /webhook call: an action run, and a turn (with its fallback) the first time its message is seen."""
        state = action_call.get("tracker") or {}
        self.runs.labels(str(action_call.get("next_action") or "onbekend")).inc()
        message = state.get("latest_message") or {}
        key = message_key(state)
        if key is None or key in self._seen:
            return
        self._seen[key] = None
        if len(self._seen) > self._remember:
            self._seen.popitem(last=False)
        tracker = Tracker.from_dict({**state, "sender_id": state.get("sender_id") or ""})
        channel = kanaal(tracker)
        self.turns.labels(channel).inc()
        if (message.get("intent") or {}).get("name") == c.INTENT_FALLBACK:
            self.fallbacks.labels(channel).inc()


def message_key(state: dict[str, Any]) -> tuple[str, str] | None:
    """Which user message a call belongs to: Rasa's message_id, else the time of the last user event."""
    sender = str(state.get("sender_id") or "")
    message_id = (state.get("latest_message") or {}).get("message_id")
    if message_id:
        return sender, str(message_id)
    for event in reversed(state.get("events") or []):
        if event.get("event") == "user":
            return sender, f"t{event.get('timestamp')}"
    return None


def action_call(body: bytes, encoding: str | None) -> dict[str, Any] | None:
    """The /webhook body as rasa-sdk reads it (deflate when Rasa compresses it), or None."""
    try:
        data = json.loads(zlib.decompress(body) if encoding == "deflate" else body)
    except (ValueError, zlib.error):
        return None
    return data if isinstance(data, dict) else None
