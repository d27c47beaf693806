"""The one client for team toegang's inbox API (POST aanmeldingen / uitkomsten).

Every answer other than 200/201 becomes one of two errors, and the outbox acts on that split only:
- `InboxUnavailable`: try again later. No answer, 5xx, 408/425/429, and 401/403 (`InboxUnauthorized`): a refused
  service token is nearly always configuration (rotated or mistyped `INBOX_SERVICE_TOKEN`), so it is retried too.
- `InboxRejected`: every other 4xx. The inbox refuses this body for good; sending it again will not help.
  (An idempotent repeat is no error: the inbox answers 200 with the first answer.)
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx

logger = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({401, 403, 408, 425, 429})  # plus every 5xx
AUTH_STATUSES = frozenset({401, 403})


def is_refused_for_good(status: int) -> bool:
    """True for an answer that refuses the body for good (a 4xx that is not retried): a dead letter."""
    return 400 <= status < 500 and status not in RETRIED_STATUSES


class InboxError(Exception):
    """Base class of inbox delivery errors."""


class InboxUnavailable(InboxError):
    """The inbox did not answer, timed out or answered 5xx/408/425/429: retry later."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class InboxUnauthorized(InboxUnavailable):
    """The inbox refused the service token (401/403): configuration, so retried like an outage."""


class InboxRejected(InboxError):
    """The inbox refused the request for good (a 4xx not retried): retrying the same body will not help."""

    def __init__(self, status: int, body: str) -> None:
        self.status = status
        self.fout, self.velden = _error_fields(body)
        super().__init__(f"inbox refused with {status}: {self.fout or body[:500]}")

    @property
    def reason(self) -> str:
        """Status, the inbox's message and the names of the refused fields (values are never echoed)."""
        velden = f" (velden: {', '.join(sorted(self.velden))})" if self.velden else ""
        return f"{self.status}: {self.fout or 'geen foutmelding'}{velden}"


def _error_fields(body: str) -> tuple[str, list[str]]:
    """The inbox's error answer {"fout": ..., "velden": {...}} as (fout, field names); anything else: ('', [])."""
    try:
        data = json.loads(body)
    except ValueError:
        return "", []
    if not isinstance(data, dict):
        return "", []
    fout = data.get("fout") if isinstance(data.get("fout"), str) else ""
    velden = data.get("velden") if isinstance(data.get("velden"), dict) else {}
    return fout[:500], [str(k)[:100] for k in velden][:50]


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


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

    async def record_tevredenheid(self, body: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        """POST /api/v1/tevredenheid (idempotent per sleutel; a comment is added to the answer with that sleutel)."""
        return await self._post("/api/v1/tevredenheid", body, {}, timeout)

    async def _post(self, path: str, body: dict[str, Any], extra: dict[str, str], timeout: float | None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}", **extra}
        try:
            response = await self._client().post(self.base_url + path, json=body, headers=headers,
                                                 timeout=timeout or self.timeout)
        except httpx.HTTPError as exc:  # connection refused, timeout, protocol error
            raise InboxUnavailable(f"{path}: {type(exc).__name__}: {exc}") from exc
        status = response.status_code
        if status in (200, 201):
            try:
                return response.json()
            except ValueError:
                return {}
        if status in AUTH_STATUSES:
            raise InboxUnauthorized(f"{path}: status {status} (service token refused)", status)
        if not is_refused_for_good(status):
            raise InboxUnavailable(f"{path}: status {status}", status, _retry_after(response))
        raise InboxRejected(status, response.text)
