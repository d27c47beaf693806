"""Private REST channel for tests, benchmarks and internal tools — never exposed to the public.

Same contract as Rasa's `rest` channel (`POST /webhooks/rest/webhook` with `{"sender", "message", "metadata"}`,
answer: the list of bot messages), plus: `Authorization: Bearer $RASA_REST_TOKEN` (compared in constant time;
no token configured = every request refused), the same masking and size limit as the website chat, and metadata
`kanaal: "test"` unless the caller gives one.
"""
from __future__ import annotations

import hmac
import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.voordeur import perf, texts
from bot.voordeur.config import ChannelSettings, channel_settings
from bot.voordeur.pii import mask_pii

logger = logging.getLogger(__name__)

MAX_SENDER_LENGTH = 128


class PrivateRestInput(RestInput):
    """Bearer-token protected REST channel (name `rest`, so the URL stays `/webhooks/rest/webhook`)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(token=credentials.get("token") or None)

    def __init__(self, token: Optional[Text] = None, settings: Optional[ChannelSettings] = None) -> None:
        self.settings = settings or channel_settings()
        self.token = token or self.settings.rest_token
        if not self.token:
            logger.warning("RASA_REST_TOKEN is not set: the private REST channel refuses every request")

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        if not self.token or scheme.lower() != "bearer" or not given:
            return False
        return hmac.compare_digest(given.strip().encode(), self.token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        """`GET /` health and `POST /webhook`, both behind the bearer token."""
        bp = Blueprint("voordeur_private_rest", __name__)
        # Rasa's calls to the action server share keep-alive connections (bot/voordeur/perf.py); close them.
        bp.after_server_stop(perf.close_http_sessions)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "unauthorized"}, status=401)
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "unauthorized"}, status=401,
                                     headers={"WWW-Authenticate": 'Bearer realm="voordeur-rest"'})
            try:
                body = request.json
            except Exception:  # Sanic raises InvalidUsage on malformed JSON; answer in one shape
                body = None
            if not isinstance(body, dict):
                return response.json({"error": "body must be a JSON object"}, status=400)
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH:
                return response.json({"error": f"sender must be a string of 1-{MAX_SENDER_LENGTH} characters"},
                                     status=400)
            text = body.get("message")
            client_meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
            reply = self._refusal(text)
            if reply is not None:
                return response.json([{"recipient_id": sender, "text": reply}])
            masked = mask_pii(text)
            metadata = {**client_meta, **masked.metadata()}
            metadata["kanaal"] = client_meta.get("kanaal") or "test"
            if "pii" not in masked.metadata():
                metadata.pop("pii", None)  # a caller cannot smuggle pii past the masking
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(masked.text, collector, sender, input_channel=self.name(), metadata=metadata)
                )
            except CancelledError:
                logger.error("REST message for %s timed out", sender)
            except Exception:  # the edge: log with the trace, answer in Dutch, never a 500 page
                logger.exception("handling a REST message failed (sender %s)", sender)
                collector.messages.append({"recipient_id": sender, "text": texts.STORING})
            return response.json(collector.messages)

        return bp

    def _refusal(self, text: Any) -> Optional[Text]:
        if not isinstance(text, str):
            return texts.ONGELDIG
        if len(text) > self.settings.max_message_chars:
            return texts.TE_LANG.format(max=self.settings.max_message_chars)
        if not text.strip():
            return texts.LEEG
        return None
