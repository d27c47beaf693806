"""The public website chat: Rasa's socket.io channel with server-issued sessions, limits and masking.

Differences from `rasa.core.channels.socketio.SocketIOInput`:
- a conversation id is never chosen by the browser: `session_request` only continues a session whose token
  was issued and signed by us (CHAT_SESSION_SECRET); otherwise it issues a new random one. Messages go to the
  session bound to the socket on the server, whatever `session_id` the client puts in them;
- only our own origin may connect (CHAT_ALLOWED_ORIGINS);
- rate limits on new sessions per IP (the client's, behind VOORDEUR_PROXIES_COUNT proxies) and messages per
  session (shared by every Rasa instance through Redis when several run: `bot.voordeur.ratelimit`), a size limit
  per message and per request body (`bot.voordeur.edge`), Dutch replies;
- BSNs, phone numbers and e-mail addresses are masked before Rasa sees the text (`bot.voordeur.pii`);
- on a resumed session the browser gets the history of the current conversation session back;
- after the last answer to a message the channel emits `turn_done`;
- the blueprint also serves the chat page (`/chat/`, see `bot.voordeur.web`).
"""
from __future__ import annotations

import inspect
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.voordeur import perf, texts
from bot.voordeur.config import ChannelSettings, channel_settings
from bot.voordeur.edge import apply_edge_settings
from bot.voordeur.pii import mask_pii
from bot.voordeur.ratelimit import rate_limiter
from bot.voordeur.sessions import SessionSigner
from bot.voordeur.web import chat_page_blueprint

logger = logging.getLogger(__name__)

KANAAL = "web"
HISTORY_LIMIT = 100
MAX_PACKET_BYTES = 64 * 1024
# Sent after the last answer to a message (socket.io has no end of a turn; a turn can have several messages): the
# widget may stop its "typing" hint, and the load benchmark measures a whole turn.
TURN_DONE = "turn_done"


class _VoordeurSocketBlueprint(SocketBlueprint):
    """Attaches socket.io and the chat page, sets the edge limits (`bot.voordeur.edge`) and remembers the app
    (for the tracker store)."""

    def __init__(self, channel: "VoordeurSocketIOInput", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx.channel = channel

    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        self.ctx.channel.app = app
        apply_edge_settings(app)
        super().register(app, options)
        app.blueprint(chat_page_blueprint())


class VoordeurSocketIOInput(SocketIOInput):
    """socket.io input channel for the chat widget on the (stand-in) gemeente website."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            start_payload=credentials.get("start_payload", "/greet"),
            partner_start_payload=credentials.get("partner_start_payload", "/melder_professional"),
        )

    def __init__(
        self,
        user_message_evt: Text = "user_uttered",
        bot_message_evt: Text = "bot_uttered",
        socketio_path: Text = "/socket.io",
        start_payload: Optional[Text] = "/greet",
        partner_start_payload: Optional[Text] = "/melder_professional",
        settings: Optional[ChannelSettings] = None,
    ) -> None:
        super().__init__(user_message_evt, bot_message_evt, None, True, socketio_path)
        self.settings = settings or channel_settings()
        self.start_payload = start_payload
        self.partner_start_payload = partner_start_payload
        self.signer = SessionSigner(self.settings.session_secret, self.settings.session_max_age_seconds)
        # In Redis when several Rasa instances run (LOCK_STORE_TYPE=redis): a client counts once, wherever it lands.
        self.session_limiter = rate_limiter("chat_sessies", self.settings.new_sessions_per_ip_per_minute)
        self.message_limiter = rate_limiter("chat_berichten", self.settings.messages_per_session_per_minute)
        self.app: Optional[Sanic] = None

    # -- helpers ---------------------------------------------------------
    async def _say(self, sio: AsyncServer, sid: Text, text: Text) -> None:
        """A reply of the channel itself (a refusal): one message, and the turn is done."""
        await sio.emit(self.bot_message_evt, {"text": text}, room=sid)
        await sio.emit(TURN_DONE, room=sid)

    async def _history(self, sender_id: Text) -> List[Dict[Text, Any]]:
        """Messages of the current conversation session, for the widget to show again after a reload."""
        agent = getattr(getattr(self.app, "ctx", None), "agent", None) if self.app else None
        if agent is None or agent.tracker_store is None:
            return []
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return []
        items: List[Dict[Text, Any]] = []
        titles: Dict[Text, Text] = {}
        for event in tracker.events:
            if isinstance(event, UserUttered) and event.text:
                text = event.text
                if text.startswith("/"):
                    if text not in titles:
                        continue  # the start payload and other internal intents are not shown
                    text = titles[text]
                items.append({"van": "inwoner", "text": text})
            elif isinstance(event, BotUttered) and (event.text or (event.data or {}).get("buttons")):
                buttons = [
                    {"title": b.get("title", ""), "payload": b.get("payload", "")}
                    for b in (event.data or {}).get("buttons") or []
                ]
                titles.update({b["payload"]: b["title"] for b in buttons})
                items.append({"van": "assistent", "text": event.text or "", "buttons": buttons})
        return items[-HISTORY_LIMIT:]

    def _client_ip(self, environ: Dict[Text, Any]) -> Text:
        request = environ.get("sanic.request")
        if request is None:
            return "onbekend"
        # remote_addr honours X-Forwarded-For only behind VOORDEUR_PROXIES_COUNT trusted proxies (bot.voordeur.edge).
        return request.remote_addr or request.ip or "onbekend"

    async def _dispatch(
        self, sio: AsyncServer, sid: Text, sender_id: Text, raw_text: Text,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        masked = mask_pii(raw_text)
        metadata = {"kanaal": KANAAL, **masked.metadata()}
        message = UserMessage(
            masked.text,
            SocketIOOutput(sio, self.bot_message_evt),
            sender_id,
            input_channel=self.name(),
            metadata=metadata,
        )
        try:
            await on_new_message(message)
        except Exception:  # the edge: log with the trace, tell the person, keep the socket alive
            logger.exception("handling a chat message failed (sender %s)", sender_id)
            await sio.emit(self.bot_message_evt, {"text": texts.STORING}, room=sid)
        await sio.emit(TURN_DONE, room=sid)

    # -- blueprint -------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """socket.io server (own origin only) plus the chat page."""
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=list(self.settings.allowed_origins),
            max_http_buffer_size=MAX_PACKET_BYTES,
        )
        bp = _VoordeurSocketBlueprint(self, sio, self.socketio_path, "voordeur_socketio_webhook", __name__)
        bp.after_server_stop(perf.close_http_sessions)  # the shared action-server connections (perf.py)
        self.sio = sio

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect")
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            await sio.save_session(sid, {"ip": self._client_ip(environ), "sender_id": None})
            return True

        @sio.on("session_request")
        async def session_request(sid: Text, data: Any = None) -> None:
            data = data if isinstance(data, dict) else {}
            session = await sio.get_session(sid)
            sender_id = self.signer.verify(data.get("session_id"))
            token = data.get("session_id") if sender_id else None
            if sender_id is None:
                if not await self.session_limiter.allow(session.get("ip", "onbekend")):
                    logger.info("new chat session refused: rate limit for this address")
                    await self._say(sio, sid, texts.TE_VEEL_GESPREKKEN)
                    await sio.emit("session_refused", {"reden": "rate_limit"}, room=sid)
                    return
                issued = self.signer.issue()
                sender_id, token = issued.sender_id, issued.token
                is_new = True
            else:
                is_new = False
            session["sender_id"] = sender_id
            await sio.save_session(sid, session)
            # python-socketio 5.x made enter_room a coroutine; Rasa 3.6's own channel forgets to await it.
            entered = sio.enter_room(sid, sender_id)
            if inspect.isawaitable(entered):
                await entered
            await sio.emit("session_confirm", token, room=sid)
            if is_new:
                start = self.partner_start_payload if data.get("rol") == "partner" else self.start_payload
                if start:
                    await self.message_limiter.allow(sender_id)
                    await self._dispatch(sio, sid, sender_id, start, on_new_message)
            else:
                history = await self._history(sender_id)
                await sio.emit("session_history", history, room=sid)
                if not history and self.start_payload:
                    # e.g. the conversation session expired or the tracker store was emptied: welcome again
                    await self._dispatch(sio, sid, sender_id, self.start_payload, on_new_message)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: Text, data: Any = None) -> None:
            session = await sio.get_session(sid)
            sender_id = session.get("sender_id")
            if not sender_id:
                await self._say(sio, sid, texts.GEEN_GESPREK)
                return
            text = data.get("message") if isinstance(data, dict) else None
            if not isinstance(text, str):
                await self._say(sio, sid, texts.ONGELDIG)
                return
            if not await self.message_limiter.allow(sender_id):
                await self._say(sio, sid, texts.TE_VEEL_BERICHTEN)
                return
            if len(text) > self.settings.max_message_chars:
                await self._say(sio, sid, texts.TE_LANG.format(max=self.settings.max_message_chars))
                return
            if not text.strip():
                await self._say(sio, sid, texts.LEEG)
                return
            await self._dispatch(sio, sid, sender_id, text, on_new_message)

        return bp
