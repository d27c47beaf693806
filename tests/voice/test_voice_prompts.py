"""Every prompt a caller can hear, spoken by espeak-ng (Dutch), must take at most 20 seconds.

Sources: every response in bot/domain/*.yml (the phone path can reach all of them; a `channel: twilio_voice`
variation replaces the others, as Rasa does) rendered by `bot.voordeur.voice` exactly as the phone channel
renders it (lists two items at a time), plus the channel's own menu prompts. WAVs are cached by text hash
under var/voice_cache/ so a re-run only synthesises what changed.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import string
import subprocess
import wave
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from bot.voordeur import voice

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "bot" / "domain"
CACHE = Path(os.environ.get("VOORDEUR_VAR_DIR", ROOT / "var")) / "voice_cache"
MAX_SECONDS = 20.0
ESPEAK = ["espeak-ng", "-v", "nl"]  # default speed (175 wpm), close to Polly.Lotte's pace

# Sample values for {slot} placeholders: realistic lengths, the reference and phone numbers as the dialogue fills them.
SAMPLES = defaultdict(lambda: "Neede", {
    "referentie": "VMK-2026-000123", "telefoon": "+31612345678", "beller_laatste_cijfers": "4 5 6 7",
    "laatste_cijfers": "4 5 6 7", "kern": "Borculo", "naam": "Jan Jansen", "email": "jan.jansen@example.nl",
    "datum": "vrijdag 28 november", "verwacht_contact_voor": "vrijdag 28 november",
})

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def _fill(text: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    for name in names:
        text = text.replace("{" + name + "}", SAMPLES[name])
    return text


def domain_responses() -> list[tuple[str, str, list[dict]]]:
    """(label, text, buttons) of every variation the phone channel can speak."""
    found: list[tuple[str, str, list[dict]]] = []
    for path in sorted(DOMAIN.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            variations = variations or []
            phone = [v for v in variations if v.get("channel") == "twilio_voice"]
            chosen = phone or [v for v in variations if not v.get("channel")]
            for i, variation in enumerate(chosen):
                text = variation.get("text") or (variation.get("custom") or {}).get("text") or ""
                buttons = variation.get("buttons") or []
                if text or buttons:
                    found.append((f"{path.name}:{name}[{i}]", _fill(text), buttons))
    return found


def spoken_turns(text: str, buttons: list[dict]) -> list[str]:
    """What the caller hears per turn, mirroring TwilioVoiceInput._render: a list of more than two items is read
    two at a time, each chunk followed by 'Wilt u meer horen?', the text after the list and buttons last."""
    intro, items, outro = voice.split_list_items(text)
    if len(items) <= 2:
        return [voice.render_message(text, buttons)]
    rendered = [voice.speakable(item) for item in items]
    turns = [" ".join([voice.render_message(intro), *rendered[:2], voice.MEER_HOREN])]
    rest = rendered[2:]
    while len(rest) > 2:
        turns.append(" ".join([*rest[:2], voice.MEER_HOREN]))
        rest = rest[2:]
    turns.append(" ".join([*rest, voice.render_message(outro, buttons)]).strip())
    return turns


def all_spoken() -> list[tuple[str, str]]:
    """(label, spoken text) of every passage to measure."""
    out = [(f"kanaal:{i}", text) for i, text in enumerate(voice.all_prompts())]
    for label, text, buttons in domain_responses():
        for j, turn in enumerate(spoken_turns(text, buttons)):
            out.append((f"{label}#{j}" if j else label, turn))
    return out


def duration(text: str) -> float:
    """Seconds of speech for text (espeak-ng, Dutch), cached by text hash."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(("|".join(ESPEAK) + "\n" + text).encode()).hexdigest()[:32]
    wav = CACHE / f"{key}.wav"
    if not wav.exists():
        tmp = wav.with_suffix(f".{os.getpid()}.tmp")
        subprocess.run([*ESPEAK, "-w", str(tmp), text], check=True, capture_output=True, timeout=60)
        tmp.replace(wav)
    with wave.open(str(wav)) as w:
        return w.getnframes() / float(w.getframerate())


@pytest.fixture(scope="module")
def measured() -> list[tuple[str, str, float]]:
    passages = all_spoken()
    with ThreadPoolExecutor(max_workers=2) as pool:
        seconds = list(pool.map(lambda p: duration(p[1]), passages))
    return [(label, text, s) for (label, text), s in zip(passages, seconds)]


def test_every_voice_prompt_takes_at_most_20_seconds(measured: list[tuple[str, str, float]]) -> None:
    offenders = sorted((m for m in measured if m[2] > MAX_SECONDS), key=lambda m: -m[2])
    report = "\n".join(f"  {s:5.1f} s  {label}: {text[:140]}" for label, text, s in offenders)
    assert not offenders, f"{len(offenders)} voice prompt(s) over {MAX_SECONDS:.0f} s of speech:\n{report}"


def test_prompts_are_measured_from_the_domain_and_the_channel(measured: list[tuple[str, str, float]]) -> None:
    labels = [label for label, _, _ in measured]
    assert any(label.startswith("kanaal:") for label in labels)
    if list(DOMAIN.glob("*.yml")):
        assert any(".yml:" in label for label in labels)


def test_spoken_text_has_no_links_emoji_or_markdown(measured: list[tuple[str, str, float]]) -> None:
    bad = [(label, text) for label, text, _ in measured
           if re.search(r"https?://|www\.|\*\*|\[[^\]]*\]\(|[\U0001F300-\U0001FAFF]", text)]
    assert not bad, bad


def test_welcome_and_menu_together_fit_in_one_breath_of_20_seconds() -> None:
    assert duration(voice.speakable(f"{voice.WELKOM} {voice.MENU}")) <= MAX_SECONDS


def test_longest_prompts_report(measured: list[tuple[str, str, float]], capsys: pytest.CaptureFixture) -> None:
    """Not a check: prints the five longest prompts (seen with -s or in the final report)."""
    for label, text, s in sorted(measured, key=lambda m: -m[2])[:5]:
        print(f"{s:5.1f} s  {label}")
    assert measured
