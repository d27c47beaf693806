"""Every prompt a caller can hear, rendered for the phone and timed with espeak-ng (Dutch).

    .venv/bin/python scripts/voice_prompts.py            # all prompts, longest first
    .venv/bin/python scripts/voice_prompts.py --over 20  # only those over 20 s; exit 1 when there are any

Sources: every response in bot/domain/*.yml (a `channel: twilio_voice` variation replaces the others, as Rasa
does) and the phone channel's own prompts, rendered by `bot.voordeur.voice` as the channel renders them. WAVs are
cached by text hash under var/voice_cache/. tests/voice/test_voice_prompts.py uses the same functions.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import string
import subprocess
import sys
import threading
import wave
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.voordeur import voice  # noqa: E402

DOMAIN = ROOT / "bot" / "domain"
CACHE = Path(os.environ.get("VOORDEUR_VAR_DIR", ROOT / "var")) / "voice_cache"
ESPEAK = ("espeak-ng", "-v", "nl")  # default speed (175 wpm), close to Polly.Lotte's pace
MAX_SECONDS = 20.0

# Sample values for {slot} placeholders, with realistic lengths.
SAMPLES = defaultdict(lambda: "Neede", {
    "referentie": "VMK-2026-000123", "telefoon": "+31612345678", "beller_laatste_cijfers": "4 5 6 7",
    "laatste_cijfers": "4 5 6 7", "kern": "Borculo", "naam": "Jan Jansen", "email": "jan.jansen@example.nl",
    "datum": "vrijdag 28 november", "verwacht_contact_voor": "vrijdag 28 november",
})


def _fill(text: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    for name in names:
        text = text.replace("{" + name + "}", SAMPLES[name])
    return text


def domain_responses(domain: Path = DOMAIN) -> list[tuple[str, str, list[dict]]]:
    """(label, text, buttons) of every response variation the phone channel can speak."""
    found: list[tuple[str, str, list[dict]]] = []
    for path in sorted(domain.glob("*.yml")):
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


def all_spoken(domain: Path = DOMAIN) -> list[tuple[str, str]]:
    """(label, spoken text) of every passage a caller can hear in one turn."""
    out = [(f"kanaal:{i}", text) for i, text in enumerate(voice.all_prompts())]
    for label, text, buttons in domain_responses(domain):
        for j, turn in enumerate(voice.spoken_turns(text, buttons)):
            out.append((f"{label}#{j}" if j else label, turn))
    return out


def duration(text: str) -> float:
    """Seconds of speech for text (espeak-ng, Dutch), cached by text hash."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(("|".join(ESPEAK) + "\n" + text).encode()).hexdigest()[:32]
    wav = CACHE / f"{key}.wav"
    if not wav.exists():
        tmp = wav.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        subprocess.run([*ESPEAK, "-w", str(tmp), text], check=True, capture_output=True, timeout=60)
        tmp.replace(wav)
    with wave.open(str(wav)) as w:
        return w.getnframes() / float(w.getframerate())


def measure(domain: Path = DOMAIN) -> list[tuple[str, str, float]]:
    """(label, spoken text, seconds) for every passage."""
    passages = all_spoken(domain)
    with ThreadPoolExecutor(max_workers=2) as pool:
        seconds = list(pool.map(lambda p: duration(p[1]), passages))
    return [(label, text, s) for (label, text), s in zip(passages, seconds)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--over", type=float, default=0.0, help="only prompts longer than this many seconds")
    parser.add_argument("--full", action="store_true", help="print the whole spoken text")
    args = parser.parse_args(argv)
    rows = sorted((m for m in measure() if m[2] > args.over), key=lambda m: -m[2])
    for label, text, seconds in rows:
        shown = text if args.full else (text[:100] + ("…" if len(text) > 100 else ""))
        print(f"{seconds:5.1f} s  {label:45}  {shown}")
    return 1 if args.over and rows else 0


if __name__ == "__main__":
    raise SystemExit(main())
