"""Rasa's Sanic edge as our public channels set it (`bot.voordeur.edge`) on a real Sanic server with a fake agent:
the client's address behind VOORDEUR_PROXIES_COUNT trusted proxies, and the body cap before any handler runs."""
from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from typing import Any, List

import pytest
import socketio

from bot.voordeur.channels.socketio import VoordeurSocketIOInput
from bot.voordeur.config import channel_settings, edge_settings

ORIGIN = "http://127.0.0.1:5005"


@pytest.fixture
def proxies(monkeypatch: pytest.MonkeyPatch):
    """Set VOORDEUR_PROXIES_COUNT for the next server (settings are read once per process, so re-read them)."""
    def set_count(count: int) -> None:
        monkeypatch.setenv("VOORDEUR_PROXIES_COUNT", str(count))
        edge_settings.cache_clear()
    yield set_count
    edge_settings.cache_clear()


def _new_sessions(run, channel_server, forwarded_for: List[str]) -> List[bool]:
    """One new chat session per entry, each claiming that X-Forwarded-For; True when it was confirmed."""
    start, stop = channel_server
    channel = VoordeurSocketIOInput(settings=replace(channel_settings(), new_sessions_per_ip_per_minute=2))

    async def body() -> List[bool]:
        srv, server = await start([channel])
        results = []
        try:
            for address in forwarded_for:
                sio = socketio.AsyncClient(reconnection=False)
                seen: List[str] = []
                for name in ("session_confirm", "session_refused"):
                    sio.on(name, (lambda n: (lambda *_: seen.append(n)))(name))
                await sio.connect(srv.url, headers={"Origin": ORIGIN, "X-Forwarded-For": address},
                                  transports=["websocket"])
                await sio.emit("session_request", {})
                for _ in range(250):
                    if seen:
                        break
                    await asyncio.sleep(0.02)
                results.append(seen == ["session_confirm"])
                await sio.disconnect()
        finally:
            await stop(server)
        return results

    return run(body())


def test_behind_one_proxy_each_forwarded_client_has_its_own_new_chat_limit(run, channel_server, proxies) -> None:
    proxies(1)
    sessions = _new_sessions(run, channel_server, ["198.51.100.1"] * 3 + ["198.51.100.2"])
    assert sessions == [True, True, False, True]


def test_without_a_proxy_a_spoofed_forwarded_for_is_ignored(run, channel_server, proxies) -> None:
    proxies(0)
    sessions = _new_sessions(run, channel_server, [f"198.51.100.{i}" for i in range(4)])
    assert sessions == [True, True, False, False]


def _status_of_announced_body(port: int, path: str, length: int) -> int:
    """Send only a request head announcing `length` bytes; the status must come back without the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {ORIGIN}\r\n"
                      f"Content-Type: text/plain\r\nContent-Length: {length}\r\n\r\n").encode())
        return int(sock.recv(200).split(b"\r\n", 1)[0].split()[1])  # socket.timeout if the server waits


def test_a_socketio_body_over_64_kb_is_413_before_anything_reads_it(run, channel_server) -> None:
    start, stop = channel_server
    channel = VoordeurSocketIOInput()

    async def body() -> Any:
        srv, server = await start([channel])
        try:
            loop = asyncio.get_running_loop()
            path = "/socket.io/?EIO=4&transport=polling&sid=onbekend"
            big = await loop.run_in_executor(None, _status_of_announced_body, srv.port, path, 100_000_000)
            return big, srv.app.config.REQUEST_MAX_SIZE, srv.agent.messages
        finally:
            await stop(server)

    status, cap, messages = run(body())
    assert status == 413 and cap == 64 * 1024 and messages == []
