"""Rasa: turn latency vs bare parse, capacity vs parse rate, footprint, long-conversation growth."""
from __future__ import annotations

import asyncio
import os
import secrets
import time
from pathlib import Path

import httpx

from benchmarks.common import progress, rss_mb, summary_ms
from benchmarks.conversations import SCRIPTS, resolve_step
from tests.support.stack import ROOT, Stack

PARSE_TEXTS = [
    "mijn moeder kan niet meer zelf douchen",
    "ik heb schulden en de huur is niet betaald",
    "mijn zoon van 12 gaat niet meer naar school",
    "ik zoek vrijwilligerswerk in Eibergen",
    "traplift",
    "hallo",
]


async def _conversation(client: httpx.AsyncClient, stack: Stack, script: list, timings: list[float]) -> None:
    sender = f"bench-{secrets.token_hex(8)}"
    last: list[dict] = []
    for step in script:
        text = resolve_step(step, last)
        t0 = time.perf_counter()
        r = await client.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                              json={"sender": sender, "message": text},
                              headers={"Authorization": f"Bearer {stack.env['RASA_REST_TOKEN']}"})
        timings.append(time.perf_counter() - t0)
        r.raise_for_status()
        last = r.json()


async def _parse(client: httpx.AsyncClient, stack: Stack, text: str, timings: list[float]) -> None:
    t0 = time.perf_counter()
    r = await client.post(f"{stack.rasa_url}/model/parse", json={"text": text}, headers=stack.rasa_api_headers())
    timings.append(time.perf_counter() - t0)
    r.raise_for_status()


async def latency(stack: Stack, rounds: int) -> dict:
    """One conversation at a time (turn latency) next to one parse at a time (the floor)."""
    turns: list[float] = []
    parses: list[float] = []
    async with httpx.AsyncClient(timeout=60) as client:
        for i in range(rounds):
            for name, script in SCRIPTS.items():
                await _conversation(client, stack, script, turns)
            for text in PARSE_TEXTS * 3:
                await _parse(client, stack, text, parses)
            progress(f"latency round {i + 1}/{rounds}: {len(turns)} turns, {len(parses)} parses")
    t, p = summary_ms(turns), summary_ms(parses)
    return {"turn": t, "parse": p, "ratio_p95_turn_over_parse": round(t["p95_ms"] / p["p95_ms"], 2), "target": "<= 3"}


async def capacity(stack: Stack, concurrency: int, seconds: float) -> dict:
    """`concurrency` conversations flat out for `seconds`, then the same for bare parses."""
    scripts = list(SCRIPTS.values())

    async def run(kind: str) -> tuple[int, list[float]]:
        timings: list[float] = []
        stop = time.perf_counter() + seconds

        async def worker(i: int) -> None:
            async with httpx.AsyncClient(timeout=120) as client:
                while time.perf_counter() < stop:
                    if kind == "turns":
                        await _conversation(client, stack, scripts[i % len(scripts)], timings)
                    else:
                        await _parse(client, stack, PARSE_TEXTS[i % len(PARSE_TEXTS)], timings)

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        return len(timings) / (time.perf_counter() - t0), timings

    progress(f"capacity: {concurrency} concurrent conversations for {seconds:.0f} s")
    turn_rate, turn_t = await run("turns")
    progress(f"capacity: {concurrency} concurrent bare parses for {seconds:.0f} s")
    parse_rate, parse_t = await run("parses")
    return {"concurrency": concurrency, "turns_per_s": round(turn_rate, 1), "parses_per_s": round(parse_rate, 1),
            "ratio": round(turn_rate / parse_rate, 2), "target": ">= 0.5",
            "turn_under_load": summary_ms(turn_t), "parse_under_load": summary_ms(parse_t)}


async def long_conversation(stack: Stack, turns: int) -> dict:
    """Latency early vs late in one long session, and after the session restarts (resume)."""
    sender = f"bench-long-{secrets.token_hex(6)}"
    texts = ["hallo", "ik heb een vraag over huishoudelijke hulp", "opnieuw beginnen"]
    timings: list[float] = []
    async with httpx.AsyncClient(timeout=60) as client:
        headers = {"Authorization": f"Bearer {stack.env['RASA_REST_TOKEN']}"}
        for i in range(turns):
            t0 = time.perf_counter()
            r = await client.post(f"{stack.rasa_url}/webhooks/rest/webhook", headers=headers,
                                  json={"sender": sender, "message": texts[i % len(texts)]})
            timings.append(time.perf_counter() - t0)
            r.raise_for_status()
        # What Rasa does when a resumed conversation is older than session_expiration_time:
        # a new session starts, and the tracker store only loads events after it.
        r = await client.post(f"{stack.rasa_url}/conversations/{sender}/execute",
                              json={"name": "action_session_start"}, headers=stack.rasa_api_headers())
        r.raise_for_status()
        resumed: list[float] = []
        for i in range(10):
            t0 = time.perf_counter()
            r = await client.post(f"{stack.rasa_url}/webhooks/rest/webhook", headers=headers,
                                  json={"sender": sender, "message": texts[i % len(texts)]})
            resumed.append(time.perf_counter() - t0)
    return {"turns": turns, "first_10": summary_ms(timings[:10]), "last_10": summary_ms(timings[-10:]),
            "after_new_session_10": summary_ms(resumed)}


def full_training_seconds(out: Path) -> float:
    """Train the full model (NLU + dialogue) from scratch: an empty Rasa training cache, so nothing is reused."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "RASA_CACHE_DIRECTORY": cache, "PYTHONPATH": str(ROOT)}
        t0 = time.perf_counter()
        subprocess.run([str(ROOT / ".venv-bot" / "bin" / "rasa"), "train", "--config", "bot/config.yml",
                        "--domain", "bot/domain", "--data", "bot/data", "--out", str(out),
                        "--fixed-model-name", "bench", "--quiet"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0


def run(quick: bool = False) -> dict:
    model = ROOT / "models" / "current.tar.gz"
    results: dict = {"model": model.resolve().name}
    if not quick:
        progress("training the full model from scratch (empty cache), to time it")
        results["training_seconds"] = round(full_training_seconds(ROOT / "var" / "bench" / "train"), 1)
    var = ROOT / "var" / "bench" / f"rasa-{secrets.token_hex(3)}"
    progress("starting inbox, action server and Rasa as real processes")
    with Stack(var) as stack:
        results["rasa_ready_seconds"] = round(stack.rasa_ready_seconds, 1)
        results["rasa_rss_mb_idle"] = rss_mb(stack.procs["rasa"].pid)
        # warm-up: the first requests load lazy parts of the pipeline
        asyncio.run(latency(stack, 1))
        results["latency"] = asyncio.run(latency(stack, 2 if quick else 5))
        results["capacity"] = asyncio.run(capacity(stack, 20, 15 if quick else 40))
        results["rasa_rss_mb_after_load"] = rss_mb(stack.procs["rasa"].pid)
        progress("long conversation: one session growing, then resumed in a new session")
        results["long_conversation"] = asyncio.run(long_conversation(stack, 60 if quick else 150))
    return results
