"""Fixtures for the Rasa-runtime channel tests: our channels on a real Sanic server in the test's event loop,
with a fake agent that records what Rasa would receive (no trained model needed)."""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Rasa 3.6's dependencies (TensorFlow, Keras, SQLAlchemy 1.4, pkg_resources) warn on import: those third-party
# warnings go to a log file, not the screen (scripts/test.sh runs this layer with `-p no:warnings`).
WARNINGS_LOG = ROOT / "var" / "logs" / "test-warnings-runtime1.log"
WARNINGS_LOG.parent.mkdir(parents=True, exist_ok=True)
_warnings_file = logging.FileHandler(WARNINGS_LOG, mode="w", encoding="utf-8")
logging.getLogger("py.warnings").addHandler(_warnings_file)
logging.getLogger("py.warnings").propagate = False
logging.captureWarnings(True)

# Settings are read once per process (bot.voordeur.config.channel_settings): set them before any import.
os.environ.setdefault("CHAT_SESSION_SECRET", "test-geheim-voor-sessies")
os.environ.setdefault("RASA_REST_TOKEN", "test-rest-token")
os.environ.setdefault("CHAT_ALLOWED_ORIGINS", "http://127.0.0.1:5005")

from rasa.core.channels.channel import InputChannel, UserMessage, register  # noqa: E402
from sanic import Sanic  # noqa: E402

# Sanic 21.12 rewrites ("touches up") its own classes when an app starts; in test mode it keeps the originals,
# so several apps can start in one process.
Sanic.test_mode = True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeTrackerStore:
    """Just enough of a tracker store for the history on a resumed chat session."""

    def __init__(self) -> None:
        self.trackers: Dict[str, Any] = {}

    async def retrieve(self, sender_id: str) -> Any:
        return self.trackers.get(sender_id)


class FakeAgent:
    """Stands in for rasa.core.agent.Agent: records messages and answers `echo: <text>`."""

    def __init__(self) -> None:
        self.messages: List[UserMessage] = []
        self.tracker_store = FakeTrackerStore()
        self.fail = False

    def is_ready(self) -> bool:
        return True

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.fail:
            raise RuntimeError("kapot")
        await message.output_channel.send_response(message.sender_id, {"text": f"echo: {message.text}"})


class ChannelServer:
    def __init__(self, app: Sanic, agent: FakeAgent, port: int) -> None:
        self.app, self.agent, self.port = app, agent, port
        self.url = f"http://127.0.0.1:{port}"


_counter = 0


async def start_channel_server(channels: List[InputChannel]) -> tuple[ChannelServer, Any]:
    """Register the channels like `rasa run` does and serve them on a free port."""
    global _counter
    _counter += 1
    app = Sanic(f"voordeur_test_{_counter}")
    agent = FakeAgent()
    app.ctx.agent = agent
    register(channels, app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    return ChannelServer(app, agent, port), server


async def stop_channel_server(server: Any) -> None:
    await server.before_stop()
    await server.close()
    await server.after_stop()


@pytest.fixture
def run() -> Any:
    """Run a coroutine to completion (runtime 1 has no pytest-asyncio)."""
    loop = asyncio.new_event_loop()
    yield loop.run_until_complete
    loop.close()


@pytest.fixture
def channel_server() -> Any:
    """(start, stop) for serving channels on a real Sanic server with a FakeAgent."""
    return start_channel_server, stop_channel_server
