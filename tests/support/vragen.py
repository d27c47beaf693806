"""Test helper: no question is asked a third time (issue 9), checked over a tracker's events.

A question is a bot message from `utter_ask_<vraag>` (with its variations `_herstel`, `_beller`, `_voorkeur`), as
Rasa records it in the bot event's metadata (`utter_action`). The count starts afresh in a new round (session start, "opnieuw
beginnen") and for the one part a read-back correction asks again on purpose (and the read-back's question after it).
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

ASK = "utter_ask_"
VARIATIES = ("_herstel", "_beller", "_voorkeur")
NIEUWE_RONDE = ("action_opnieuw_beginnen", "action_restart")


def vraag_van(event: Mapping[str, Any]) -> str | None:
    """The question a bot event asks, or None."""
    if event.get("event") != "bot":
        return None
    naam = str((event.get("metadata") or {}).get("utter_action") or "")
    if not naam.startswith(ASK):
        return None
    vraag = naam[len(ASK):]
    for variatie in VARIATIES:
        vraag = vraag.removesuffix(variatie)
    return vraag


def vragen_gesteld(events: Iterable[Mapping[str, Any]]) -> Counter:
    """How often each question was asked in the last round."""
    gesteld: Counter = Counter()
    correctie = None
    for event in events:
        soort = event.get("event")
        if soort == "session_started" or (soort == "action" and event.get("name") in NIEUWE_RONDE):
            gesteld.clear()
        elif soort == "slot" and event.get("name") == "correctie_veld":
            correctie = event.get("value")
        elif soort == "action" and event.get("name") == "action_correctie_start" and correctie:
            gesteld.pop(correctie, None)
            gesteld.pop("toestemming", None)  # the read-back and its question follow the correction on purpose
        vraag = vraag_van(event)
        if vraag:
            gesteld[vraag] += 1
    return gesteld


def assert_nooit_drie_keer(events: Iterable[Mapping[str, Any]]) -> None:
    """Fails with the question and the count when any question was asked three times or more."""
    te_vaak = {vraag: keer for vraag, keer in vragen_gesteld(list(events)).items() if keer >= 3}
    assert not te_vaak, f"vraag drie keer of vaker gesteld: {te_vaak}"
