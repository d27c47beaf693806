"""Every prompt a caller can hear, spoken by espeak-ng (Dutch), must take at most 20 seconds.

Sources (see scripts/voice_prompts.py): every response in bot/domain/*.yml (the phone path can reach all of
them; a `channel: twilio_voice` variation replaces the others, as Rasa does) rendered by `bot.voordeur.voice`
exactly as the phone channel reads it (lists two items at a time), plus the channel's own menu prompts.
WAVs are cached by text hash under var/voice_cache/ so a re-run only synthesises what changed.
"""
from __future__ import annotations

import re
import shutil

import pytest

from bot.voordeur import voice
from scripts.voice_prompts import DOMAIN, MAX_SECONDS, duration, measure

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


@pytest.fixture(scope="module")
def measured() -> list[tuple[str, str, float]]:
    return measure()


def test_every_voice_prompt_takes_at_most_20_seconds(measured: list[tuple[str, str, float]]) -> None:
    offenders = sorted((m for m in measured if m[2] > MAX_SECONDS), key=lambda m: -m[2])
    report = "\n".join(f"  {s:5.1f} s  {label}: {text[:140]}" for label, text, s in offenders)
    assert not offenders, (f"{len(offenders)} voice prompt(s) over {MAX_SECONDS:.0f} s of speech "
                           f"(add a shorter `channel: twilio_voice` variation):\n{report}")


def test_prompts_are_measured_from_the_domain_and_the_channel(measured: list[tuple[str, str, float]]) -> None:
    labels = [label for label, _, _ in measured]
    assert any(label.startswith("kanaal:") for label in labels)
    if list(DOMAIN.glob("*.yml")):
        assert any(".yml:" in label for label in labels)


def test_spoken_text_has_no_links_emoji_or_markdown(measured: list[tuple[str, str, float]]) -> None:
    bad = [(label, text) for label, text, _ in measured
           if re.search(r"https?://|www\.|\*\*|\[[^\]]*\]\(|[\U0001F300-\U0001FAFF]", text)]
    assert not bad, bad


def test_opening_with_112_and_menu_together_take_at_most_20_seconds() -> None:
    assert "112" in voice.OPENING
    assert duration(voice.speakable(f"{voice.OPENING} {voice.MENU}")) <= MAX_SECONDS


def test_long_lists_are_spoken_two_items_per_turn() -> None:
    turns = voice.spoken_turns("Bij u in de buurt:\n- A\n- B\n- C\n- D\n- E\n\nHelpt dat?", [{"title": "Ja"}])
    assert turns == ["Bij u in de buurt: A. B. Wilt u meer horen? Zeg ja, of kies 1.",
                     "C. D. Wilt u meer horen? Zeg ja, of kies 1.",
                     "E. Helpt dat? Kies 1 voor ja, of zeg het."]
