"""Phone: per-turn latency of the Twilio voice webhook (TwiML out) next to the web channel's turns."""
from __future__ import annotations

import secrets
import time

import httpx

from benchmarks.common import progress, summary_ms
from benchmarks.conversations import SCRIPTS, resolve_step
from tests.support.stack import ROOT, Stack
from tests.support.voice import VoiceCall

CALL = [("ring", None), ("key", "1"), ("speech", "Ik kan mijn huis niet meer schoonmaken sinds mijn operatie"),
        ("key", "1"), ("speech", "Neede"), ("key", "3"), ("key", "1")]  # 3: meer horen, 1: genoeg


def run(quick: bool = False) -> dict:
    rounds = 3 if quick else 10
    var = ROOT / "var" / "bench" / f"voice-{secrets.token_hex(3)}"
    voice_t: list[float] = []
    web_t: list[float] = []
    with Stack(var) as stack, httpx.Client(timeout=60) as client:
        for i in range(rounds + 1):  # round 0 warms up and is not counted
            call = VoiceCall(stack)
            timings: list[float] = []
            for kind, value in CALL:
                t0 = time.perf_counter()
                if kind == "ring":
                    call.ring(client)
                elif kind == "key":
                    call.press(value, client)
                else:
                    call.speak(value, client=client)
                timings.append(time.perf_counter() - t0)
            call.hang_up(client)
            sender, last, web = f"bench-{secrets.token_hex(6)}", [], []
            for step in SCRIPTS["voorziening_genoeg"]:
                t0 = time.perf_counter()
                last = stack.say(sender, resolve_step(step, last), client=client)
                web.append(time.perf_counter() - t0)
            if i:
                voice_t += timings
                web_t += web
            progress(f"voice round {i}/{rounds}: {len(voice_t)} voice turns, {len(web_t)} web turns")
    v, w = summary_ms(voice_t), summary_ms(web_t)
    return {"voice_turn": v, "web_turn": w, "ratio_p95_voice_over_web": round(v["p95_ms"] / w["p95_ms"], 2)}
