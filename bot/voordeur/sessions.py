"""Server-issued chat session ids, signed with HMAC-SHA256 so a browser can resume but never choose one.

A token is `<sender_id>.<issued, base 36>.<signature>`; Rasa only ever sees the random `sender_id`.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Callable

MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True)
class ChatSession:
    sender_id: str
    token: str


def _b36(n: int) -> str:
    chars = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = chars[r] + out
        if n == 0:
            return out


class SessionSigner:
    """Issues and verifies signed session tokens."""

    def __init__(self, secret: bytes, max_age_seconds: int, clock: Callable[[], float] = time.time) -> None:
        if not secret:
            raise ValueError("a session secret is required")
        self._secret = secret
        self._max_age = max_age_seconds
        self._clock = clock

    def _sign(self, body: str) -> str:
        digest = hmac.new(self._secret, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def issue(self) -> ChatSession:
        """A new random sender id and the token the browser keeps."""
        sender_id = secrets.token_urlsafe(18)
        body = f"{sender_id}.{_b36(int(self._clock()))}"
        return ChatSession(sender_id, f"{body}.{self._sign(body)}")

    def verify(self, token: object) -> str | None:
        """The sender id of a valid, unexpired token issued by us; otherwise None."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
            return None
        sender_id, issued, signature = token.split(".")
        if not sender_id or not issued or not hmac.compare_digest(self._sign(f"{sender_id}.{issued}"), signature):
            return None
        try:
            age = self._clock() - int(issued, 36)
        except ValueError:
            return None
        if age < -60 or age > self._max_age:
            return None
        return sender_id
