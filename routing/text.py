"""Text normalisation shared by the matchers (no I/O)."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, accents stripped, everything but letters and digits turned into single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_text).strip()


DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum(day) -> str:
    """'dinsdag 24 november' (B1: no year, no time); accepts a date or datetime."""
    return f"{DAGEN[day.weekday()]} {day.day} {MAANDEN[day.month - 1]}"
