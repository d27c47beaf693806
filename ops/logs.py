"""Log output of our services: readable lines by default, one JSON object per line with VOORDEUR_LOG_FORMAT=json.

JSON lines are for a log collector (journald, Loki, Elastic): `time` (UTC, ISO 8601), `level`, `logger`,
`message`, `pid`, and `exc` with the traceback when there is one. The message is the same text the readable line
has; our log calls never put personal data in it (see the modules' loggers).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from typing import Iterable

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("tekst", "json")
# Sanic's own loggers: their handlers get our formatter too (Sanic installs them when an app is created).
SANIC_LOGGERS = ("sanic.root", "sanic.error", "sanic.access", "sanic.server", "sanic.websockets")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_format(env: dict[str, str] | None = None) -> str:
    """VOORDEUR_LOG_FORMAT: 'tekst' (default) or 'json'; anything else is an error, said at start."""
    value = ((os.environ if env is None else env).get("VOORDEUR_LOG_FORMAT") or "tekst").strip().lower()
    if value not in FORMATS:
        raise ValueError(f"VOORDEUR_LOG_FORMAT={value!r}: kies 'tekst' of 'json'")
    return value


def formatter(env: dict[str, str] | None = None) -> logging.Formatter:
    return JsonFormatter() if log_format(env) == "json" else logging.Formatter(TEXT_FORMAT)


def configure(loggers: Iterable[str | None], level: int = logging.INFO, env: dict[str, str] | None = None) -> None:
    """One stderr handler in the chosen format on each named logger (None: the root logger)."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(env))
    for name in loggers:
        target = logging.getLogger(name)
        target.addHandler(handler)
        target.setLevel(level)


def restyle_sanic(env: dict[str, str] | None = None) -> None:
    """In JSON mode Sanic's handlers write JSON too (call after the app is created; a no-op for readable lines)."""
    if log_format(env) != "json":
        return
    for name in SANIC_LOGGERS:
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(JsonFormatter())
