"""The spoed alert to a chat channel: a JSON POST to an incoming webhook (Teams, Slack, Mattermost: {"text": ...})."""
from __future__ import annotations

import httpx

from inbox.melders import Bericht, MeldFout


class WebhookMelder:
    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self.url, self.timeout = url, timeout

    @staticmethod
    def body(b: Bericht) -> dict[str, str]:
        return {"text": b.tekst}

    def send(self, b: Bericht) -> None:
        # The URL itself is a secret (incoming webhooks carry their token in it): no error message repeats it.
        try:
            response = httpx.post(self.url, json=self.body(b), timeout=self.timeout,
                                  headers={"Idempotency-Key": b.sleutel})
        except httpx.HTTPError as exc:
            detail = str(exc).replace(self.url, "<webhook-url>")
            raise MeldFout(f"webhook: {type(exc).__name__}: {detail}"[:500]) from None
        if not response.is_success:
            raise MeldFout(f"webhook: antwoord {response.status_code}")
