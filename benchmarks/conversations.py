"""Realistic conversations for the benchmarks and the end-to-end tests.

A step is either user text, or `Button(pattern)`: press the button of the last bot
messages whose title matches the pattern (its payload is sent, as the widget does).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    pattern: str


def buttons_of(messages: list[dict]) -> list[dict]:
    found: list[dict] = []
    for m in messages:
        found.extend(m.get("buttons") or [])
    return found


def resolve_step(step: "str | Button", last: list[dict]) -> str:
    """The text to send for a step, given the bot's last messages."""
    if isinstance(step, str):
        return step
    for b in buttons_of(last):
        if re.search(step.pattern, b.get("title", ""), re.IGNORECASE):
            return b["payload"]
    titles = [b.get("title") for b in buttons_of(last)]
    raise LookupError(f"no button matching {step.pattern!r} among {titles}; bot said {last}")


CONTACT_STEPS: list["str | Button"] = [
    "Jan Jansen", "06-12345678, liefst 's ochtends", Button("het mag"),  # the web asks when to call with the number
]

# Whole conversations as inwoners have them (see bot/data/stories for every path).
SCRIPTS: dict[str, list["str | Button"]] = {
    "wmo_routed": ["hallo", "Ik kan mijn huis niet meer schoonmaken sinds mijn heupoperatie",
                   Button("klopt"), "Neede", Button("contact"), *CONTACT_STEPS],
    "voorziening_genoeg": ["hallo", "traplift", Button("klopt"), "Eibergen", Button("genoeg")],
    "crisis_routed": ["hallo", "Ik heb schulden en ik wil er een eind aan maken",
                      Button("bel mij"), "Piet", "0612345678",  # spoed: no e-mail, no time preference
                      Button("het mag")],
    "buiten": ["hallo", "waar kan ik mijn paspoort verlengen"],
}
