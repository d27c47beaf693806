"""The public socket.io channel on a real Sanic server with a fake agent: sessions, origin, limits, masking."""
from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any, List

import aiohttp
import pytest
import socketio
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.voordeur import texts
from bot.voordeur.channels.socketio import VoordeurSocketIOInput
from bot.voordeur.config import channel_settings
from bot.voordeur.sessions import SessionSigner

ORIGIN = "http://127.0.0.1:5005"


class Client:
    """A socket.io client that records what the server sends."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: List[tuple[str, Any]] = []
        for name in ("session_confirm", "session_history", "session_refused", "bot_uttered", "turn_done"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):
        async def record(data: Any = None) -> None:
            self.events.append((name, data))
        return record

    def of(self, name: str) -> List[Any]:
        return [d for n, d in self.events if n == name]

    async def wait_for(self, name: str, count: int = 1, timeout: float = 5.0) -> List[Any]:
        for _ in range(int(timeout / 0.02)):
            if len(self.of(name)) >= count:
                return self.of(name)
            await asyncio.sleep(0.02)
        raise AssertionError(f"no {count}x {name}; got {self.events}")


def _channel(**settings: Any) -> VoordeurSocketIOInput:
    return VoordeurSocketIOInput(settings=replace(channel_settings(), **settings))


@pytest.fixture(autouse=True)
def _server_tools(channel_server) -> None:
    global _start, _stop
    _start, _stop = channel_server


async def _with_server(channel: VoordeurSocketIOInput, body) -> Any:
    srv, server = await _start([channel])
    try:
        return await body(srv)
    finally:
        await _stop(server)


async def _connect(srv, origin: str = ORIGIN) -> Client:
    client = Client()
    await client.sio.connect(srv.url, headers={"Origin": origin}, transports=["websocket"])
    return client


def test_new_session_gets_a_signed_server_id_and_the_start_payload(run):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {"session_id": None})
        token = (await client.wait_for("session_confirm"))[0]
        await client.wait_for("bot_uttered")
        await client.sio.disconnect()
        return token

    channel = _channel()
    srv_messages: List[Any] = []

    async def wrapped(srv):
        token = await body(srv)
        srv_messages.extend(srv.agent.messages)
        return token

    token = run(_with_server(channel, wrapped))
    sender = channel.signer.verify(token)
    assert sender and srv_messages[0].sender_id == sender
    assert srv_messages[0].text == "/greet"
    assert srv_messages[0].metadata == {"kanaal": "web", "bsn_gemaskeerd": False}


def test_every_answer_ends_with_turn_done_after_its_last_message_refusals_too(run):
    """socket.io has no end of a turn: the channel says it, so the widget and the load benchmark know."""
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {"session_id": None})
        await client.wait_for("turn_done")
        await client.sio.emit("user_uttered", {"message": "hallo"})
        await client.wait_for("turn_done", 2)
        await client.sio.emit("user_uttered", {"message": "   "})  # refused by the channel itself
        await client.wait_for("turn_done", 3)
        await client.sio.disconnect()
        return [n for n, _ in client.events if n in ("bot_uttered", "turn_done")]

    assert run(_with_server(_channel(), body)) == ["bot_uttered", "turn_done"] * 3


def test_client_chosen_session_id_is_not_accepted(run):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {"session_id": "gekozen-door-de-browser"})
        token = (await client.wait_for("session_confirm"))[0]
        # a message naming another session still lands in the socket's own session
        await client.sio.emit("user_uttered", {"message": "hallo", "session_id": "iemand-anders"})
        await client.wait_for("bot_uttered", 2)
        await client.sio.disconnect()
        return token, [m.sender_id for m in srv.agent.messages]

    channel = _channel()
    token, senders = run(_with_server(channel, body))
    assert token != "gekozen-door-de-browser" and "gekozen-door-de-browser" not in token
    assert set(senders) == {channel.signer.verify(token)}


def test_valid_token_resumes_the_same_session_with_history(run):
    channel = _channel()

    async def body(srv):
        first = await _connect(srv)
        await first.sio.emit("session_request", {})
        token = (await first.wait_for("session_confirm"))[0]
        await first.sio.disconnect()
        sender = channel.signer.verify(token)
        tracker = DialogueStateTracker(sender, [])
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered("/greet"))
        tracker.update(BotUttered("Voor wie zoekt u hulp?", {"buttons": [{"title": "Voor mezelf",
                                                                          "payload": "/melder_zelf"}]}))
        tracker.update(UserUttered("/melder_zelf"))
        tracker.update(UserUttered("ik zoek <b>hulp</b>"))
        srv.agent.tracker_store.trackers[sender] = tracker

        second = await _connect(srv)
        await second.sio.emit("session_request", {"session_id": token})
        again = (await second.wait_for("session_confirm"))[0]
        history = (await second.wait_for("session_history"))[0]
        await second.sio.disconnect()
        starts = [m for m in srv.agent.messages if m.text == "/greet"]
        return token, again, history, len(starts)

    token, again, history, starts = run(_with_server(channel, body))
    assert again == token
    assert starts == 1  # no second welcome on a resumed session
    assert history == [
        {"van": "assistent", "text": "Voor wie zoekt u hulp?",
         "buttons": [{"title": "Voor mezelf", "payload": "/melder_zelf"}]},
        {"van": "inwoner", "text": "Voor mezelf"},
        {"van": "inwoner", "text": "ik zoek <b>hulp</b>"},
    ]


def test_token_from_another_secret_starts_a_new_session(run):
    foreign = SessionSigner(b"ander-geheim", 3600).issue().token

    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {"session_id": foreign})
        token = (await client.wait_for("session_confirm"))[0]
        await client.sio.disconnect()
        return token

    assert run(_with_server(_channel(), body)) != foreign


def test_partner_entry_starts_with_melder_professional(run):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {"rol": "partner"})
        await client.wait_for("bot_uttered")
        await client.sio.disconnect()
        return srv.agent.messages[0].text

    assert run(_with_server(_channel(), body)) == "/melder_professional"


def test_other_origins_cannot_connect(run):
    async def body(srv):
        with pytest.raises(socketio.exceptions.ConnectionError):
            await _connect(srv, origin="https://evil.example")
        async with aiohttp.ClientSession() as http:
            r = await http.get(f"{srv.url}/socket.io/?EIO=4&transport=polling", headers={"Origin": "https://evil.example"})
            return r.status

    assert run(_with_server(_channel(), body)) == 400


def test_message_text_is_masked_and_pii_goes_to_metadata(run):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {})
        await client.wait_for("bot_uttered")
        await client.sio.emit("user_uttered", {"message": "bel 06-12345678, bsn 111222333, mail a@b.nl",
                                               "metadata": {"kanaal": "telefoon", "pii": {"telefoon": ["nep"]}}})
        await client.wait_for("bot_uttered", 2)
        await client.sio.disconnect()
        return srv.agent.messages[-1]

    message = run(_with_server(_channel(), body))
    assert "06-12345678" not in message.text and "111222333" not in message.text and "a@b.nl" not in message.text
    assert message.metadata == {"kanaal": "web", "bsn_gemaskeerd": True,
                                "pii": {"telefoon": ["06-12345678"], "email": ["a@b.nl"]}}


@pytest.mark.parametrize(
    "payload, reply",
    [
        ({"message": "x" * 2001}, texts.TE_LANG.format(max=2000)),
        ({"message": "   "}, texts.LEEG),
        ({"message": ["geen", "tekst"]}, texts.ONGELDIG),
        ("alleen een string", texts.ONGELDIG),
    ],
)
def test_bad_messages_get_a_dutch_reply_and_never_reach_rasa(run, payload, reply):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {})
        await client.wait_for("bot_uttered")
        await client.sio.emit("user_uttered", payload)
        answers = await client.wait_for("bot_uttered", 2)
        # the conversation can continue
        await client.sio.emit("user_uttered", {"message": "hallo"})
        await client.wait_for("bot_uttered", 3)
        await client.sio.disconnect()
        return answers[1], [m.text for m in srv.agent.messages]

    answer, seen = run(_with_server(_channel(), body))
    assert answer == {"text": reply}
    assert seen == ["/greet", "hallo"]


def test_message_before_a_session_is_refused_politely(run):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("user_uttered", {"message": "hallo", "session_id": "iets"})
        answer = (await client.wait_for("bot_uttered"))[0]
        await client.sio.disconnect()
        return answer, srv.agent.messages

    answer, seen = run(_with_server(_channel(), body))
    assert answer == {"text": texts.GEEN_GESPREK} and seen == []


def test_messages_per_session_are_rate_limited(run):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {})
        await client.wait_for("bot_uttered")  # the start payload counts as 1
        for i in range(3):
            await client.sio.emit("user_uttered", {"message": f"bericht {i}"})
        answers = await client.wait_for("bot_uttered", 4)
        await client.sio.disconnect()
        return answers

    answers = run(_with_server(_channel(messages_per_session_per_minute=3), body))
    assert {"text": texts.TE_VEEL_BERICHTEN} in answers
    assert sum(1 for a in answers if a["text"].startswith("echo:")) == 3


def test_new_sessions_per_address_are_rate_limited(run):
    async def body(srv):
        results = []
        for _ in range(3):
            client = await _connect(srv)
            await client.sio.emit("session_request", {})
            for _ in range(100):
                if client.of("session_confirm") or client.of("session_refused"):
                    break
                await asyncio.sleep(0.02)
            results.append((bool(client.of("session_confirm")), client.of("bot_uttered")))
            await client.sio.disconnect()
        return results

    results = run(_with_server(_channel(new_sessions_per_ip_per_minute=2), body))
    assert [ok for ok, _ in results] == [True, True, False]
    assert results[2][1] == [{"text": texts.TE_VEEL_GESPREKKEN}]


def test_a_failing_turn_gives_a_dutch_apology_and_the_socket_stays(run):
    async def body(srv):
        client = await _connect(srv)
        await client.sio.emit("session_request", {})
        await client.wait_for("bot_uttered")
        srv.agent.fail = True
        await client.sio.emit("user_uttered", {"message": "hallo"})
        answers = await client.wait_for("bot_uttered", 2)
        connected = client.sio.connected
        await client.sio.disconnect()
        return answers[1], connected

    answer, connected = run(_with_server(_channel(), body))
    assert answer == {"text": texts.STORING} and connected


def test_chat_page_is_served_with_a_strict_csp(run):
    async def body(srv):
        async with aiohttp.ClientSession() as http:
            page = await http.get(f"{srv.url}/chat/")
            js = await http.get(f"{srv.url}/chat/static/chat.js")
            missing = await http.get(f"{srv.url}/chat/static/../../bot/credentials.yml")
            return page.status, dict(page.headers), await page.text(), js.status, js.headers["Content-Type"], \
                missing.status

    status, headers, html, js_status, js_type, missing = run(_with_server(_channel(), body))
    assert status == 200 and js_status == 200 and "javascript" in js_type
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "script-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in html and " style=" not in html and "onclick" not in html
    assert missing == 404
