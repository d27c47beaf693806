"""The one client for team toegang's inbox API (POST aanmeldingen / uitkomsten)."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

logger = logging.getLogger(__name__)


class InboxError(Exception):
    """Base class of inbox delivery errors."""


class InboxUnavailable(InboxError):
    """The inbox did not answer, timed out or answered 5xx/408/429: retry later."""


class InboxRejected(InboxError):
    """The inbox refused the request (4xx): retrying the same body will not help."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"inbox refused with {status}: {body[:500]}")
        self.status = status


class InboxClient:
    """Posts to the inbox with the service token over one pooled HTTP client per event loop.

    A new httpx client per request builds a TLS context every time: 61% of the action server's CPU under
    load (py-spy, benchmarks/results). Keeping one also keeps connections to the inbox open.
    """

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._http: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._http is None or self._http.is_closed or self._loop is not loop:
            self._http, self._loop = httpx.AsyncClient(timeout=self.timeout), loop
        return self._http

    async def aclose(self) -> None:
        """Close the pooled connections (server shutdown)."""
        if self._http is not None and self._loop is asyncio.get_running_loop():
            await self._http.aclose()
        self._http = None

    async def create_aanmelding(self, body: dict[str, Any], key: str, timeout: float | None = None) -> dict[str, Any]:
        """POST /api/v1/aanmeldingen with an Idempotency-Key; returns {id, referentie, verwacht_contact_voor}."""
        return await self._post("/api/v1/aanmeldingen", body, {"Idempotency-Key": key}, timeout)

    async def record_uitkomst(self, body: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        """POST /api/v1/uitkomsten (idempotent per conversation_id + uitkomst on the inbox side)."""
        return await self._post("/api/v1/uitkomsten", body, {}, timeout)

    async def _post(self, path: str, body: dict[str, Any], extra: dict[str, str], timeout: float | None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}", **extra}
        try:
            response = await self._client().post(self.base_url + path, json=body, headers=headers,
                                                 timeout=timeout or self.timeout)
        except httpx.HTTPError as exc:  # connection refused, timeout, protocol error
            raise InboxUnavailable(f"{path}: {type(exc).__name__}: {exc}") from exc
        if response.status_code in (200, 201):
            try:
                return response.json()
            except ValueError:
                return {}
        if response.status_code >= 500 or response.status_code in (408, 425, 429):
            raise InboxUnavailable(f"{path}: status {response.status_code}")
        raise InboxRejected(response.status_code, response.text)
