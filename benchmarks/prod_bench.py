"""Load through the public entry: 50 concurrent chat conversations over socket.io (WebSocket, as the widget talks
after its upgrade), each the same fixed script, against `make run-prod` (nginx, two Rasa instances, two inbox
workers, PostgreSQL, Redis) and against the embedded mode (one Rasa, SQLite, straight to Rasa), one after the other
on this machine. Per turn p50/p95, errors, capacity in conversations per hour, next to an estimate of Berkelland's
busiest hour.

The clients come from 50 loopback addresses (127.0.1.x), as 50 people would: nginx pins socket.io per address, and
the chat rate limits count per address. A turn is timed from the message to the channel's `turn_done` (after the
last answer). An error is a refused session, a connection failure, a turn without an answer within 60 s, the
assistant's own "Er ging iets mis", or a conversation without exactly one aanmelding in the inbox at the end.
"""
from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import connect

from benchmarks.common import progress, summary_ms
from benchmarks.conversations import SCRIPTS, resolve_step
from tests.support.stack import ROOT, Stack

CONCURRENT = 50
SCRIPT = "wmo_routed"  # 12 turns after the welcome, ends with an aanmelding
TURN_TIMEOUT = 60.0
STORING = "Er ging iets mis aan onze kant"

# Berkelland's busiest hour: an assumption, written down so it can be replaced by the gemeente's own figures.
BERKELLAND = {
    "inwoners": 44_000,  # about 44,000 (CBS, 2023)
    "aanmeldingen_per_jaar": 4_000,  # Wmo, Jeugdwet and Participatiewet together: ~9 per 100 inwoners
    "gesprekken_per_aanmelding": 3,  # questions answered without an aanmelding (voorliggend veld, elsewhere)
    "werkuren_per_jaar": 250 * 8.5,
    "piekfactor": 4,  # the busiest hour (Monday morning) against an average working hour
    "veiligheidsfactor": 10,  # a campaign, a local crisis or a letter to every household
}


def berkelland_peak() -> dict:
    b = BERKELLAND
    per_year = b["aanmeldingen_per_jaar"] * b["gesprekken_per_aanmelding"]
    peak = per_year / b["werkuren_per_jaar"] * b["piekfactor"]
    return {**b, "gesprekken_per_jaar": per_year, "gesprekken_in_het_piekuur": round(peak),
            "met_veiligheidsfactor": round(peak * b["veiligheidsfactor"])}


@dataclass
class Tally:
    turns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conversations: list[str] = field(default_factory=list)


class SocketChat:
    """One browser tab over Engine.IO 4 / Socket.IO 5 on a WebSocket."""

    def __init__(self, ws) -> None:
        self.ws = ws

    async def emit(self, event: str, data: object) -> None:
        await self.ws.send("42" + json.dumps([event, data]))

    async def until(self, *names: str) -> list[tuple[str, object]]:
        """Events up to and including the first of `names`."""
        seen: list[tuple[str, object]] = []
        while True:
            packet = await asyncio.wait_for(self.ws.recv(), TURN_TIMEOUT)
            if packet == "2":
                await self.ws.send("3")
            elif packet.startswith("42"):
                name, *args = json.loads(packet[2:])
                seen.append((name, args[0] if args else None))
                if name in names:
                    return seen


def _messages(events: list[tuple[str, object]]) -> list[dict]:
    return [{"text": d.get("text"), "buttons": d.get("quick_replies") or []}
            for name, d in events if name == "bot_uttered" and isinstance(d, dict)]


async def conversation(url: str, origin: str, address: str, tally: Tally) -> None:
    async with connect(url, origin=origin, local_addr=(address, 0), open_timeout=30, ping_interval=None,
                       compression=None) as ws:
        assert (await ws.recv()).startswith("0")
        await ws.send("40")
        assert (await ws.recv()).startswith("40")
        chat = SocketChat(ws)
        await chat.emit("session_request", {"session_id": None})
        events = await chat.until("session_confirm", "session_refused")
        if events[-1][0] != "session_confirm":
            raise RuntimeError("session refused")
        tally.conversations.append(str(events[-1][1]).split(".")[0])
        last = _messages(await chat.until("turn_done"))
        for step in SCRIPTS[SCRIPT]:
            text = resolve_step(step, last)
            started = time.perf_counter()
            await chat.emit("user_uttered", {"message": text})
            last = _messages(await chat.until("turn_done"))
            tally.turns.append(time.perf_counter() - started)
            if any(STORING in (m["text"] or "") for m in last):
                raise RuntimeError("the assistant said 'Er ging iets mis'")


async def load(url: str, origin: str, per_client: int) -> tuple[Tally, float]:
    tally = Tally()

    async def client(i: int) -> None:
        address = f"127.0.1.{10 + i}"
        for _ in range(per_client):
            try:
                await conversation(url, origin, address, tally)
            except Exception as e:  # noqa: BLE001 - every failure is counted, none stops the others
                tally.errors.append(f"{type(e).__name__}: {e}"[:200])

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(CONCURRENT)))
    return tally, time.perf_counter() - started


def measure(stack: Stack, url: str, origin: str, per_client: int) -> dict:
    asyncio.run(load(url, origin, 1 if per_client > 1 else 0))  # warm-up: lazy parts of the pipeline, DB pools
    tally, seconds = asyncio.run(load(url, origin, per_client))
    progress(f"{len(tally.conversations)} conversations in {seconds:.0f} s, {len(tally.errors)} errors; "
             "checking the inbox")
    missing = 0
    for sender in tally.conversations:
        found = stack.inbox_get("/api/v1/aanmeldingen", conversation_id=sender).json()["items"]
        missing += len(found) != 1
    done = len(tally.conversations) - missing
    turns_per_conversation = len(SCRIPTS[SCRIPT])
    return {
        "concurrent": CONCURRENT, "conversations": len(tally.conversations),
        "turns_per_conversation": turns_per_conversation, "seconds": round(seconds, 1),
        "turn": summary_ms(tally.turns), "errors": len(tally.errors) + missing,
        "error_examples": sorted(set(tally.errors))[:5] + ([f"{missing} without exactly one aanmelding"]
                                                          if missing else []),
        "turns_per_s": round(len(tally.turns) / seconds, 1),
        "conversations_per_hour": round(done / seconds * 3600),
    }


def run(quick: bool = False) -> dict:
    from tests.support.prod import ProdShape

    per_client = 1 if quick else 3
    model = ROOT / "models" / "current.tar.gz"
    results: dict = {"model": model.resolve().name, "script": SCRIPT, "berkelland": berkelland_peak()}
    var = ROOT / "var" / "bench" / f"prod-{secrets.token_hex(3)}"
    shapes = [("productie", ProdShape(var / "prod", model=model), "public", "through nginx",
               "production shape: make run-prod (nginx, 2 Rasa, 2 inbox workers, PostgreSQL, Redis)"),
              ("embedded", Stack(var / "embedded", model=model), "rasa", "straight to Rasa",
               "embedded mode: one Rasa, SQLite, in-memory locks (make run)")]
    for key, stack, entry, how, what in shapes:
        progress(what)
        # The check afterwards reads every conversation's aanmelding with the read token: lift its rate limit.
        stack.env["INBOX_READ_RATE_PER_MINUTE"] = "1000000"
        with stack:
            progress(f"{CONCURRENT} concurrent conversations x {per_client} {how}")
            origin = stack.url_of(entry)
            results[key] = measure(stack, f"ws://127.0.0.1:{stack.ports[entry]}/socket.io/?EIO=4&transport=websocket",
                                   origin, per_client)
    return results
