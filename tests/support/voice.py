"""A phone call as Twilio makes it: form-encoded webhooks with Twilio's field names, signed with
X-Twilio-Signature the way Twilio computes it (HMAC-SHA1 over URL + sorted fields, base64)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

try:  # runtime 2; the conversation simulator (runtime 1) only needs twilio_signature
    import httpx
except ImportError:  # pragma: no cover - runtime 1
    httpx = None  # type: ignore[assignment]

from tests.support.stack import Stack

WEBHOOK = "/webhooks/twilio_voice/webhook"


def twilio_signature(auth_token: str, url: str, fields: dict[str, str]) -> str:
    payload = url + "".join(f"{k}{fields[k]}" for k in sorted(fields))
    return base64.b64encode(hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


@dataclass
class VoiceCall:
    stack: Stack
    caller: str = "+31612344567"
    call_sid: str = field(default_factory=lambda: "CA" + secrets.token_hex(16))
    last: ET.Element | None = None
    log: list[tuple[dict, str]] = field(default_factory=list)
    # Rasa instances the webhooks go to in turn (production shape), and the public base URL Twilio calls and signs
    # (TWILIO_PUBLIC_URL) when that is not the instance itself.
    instances: tuple[str, ...] = ("rasa",)
    public_base: str | None = None

    def post(self, client: httpx.Client | None = None, sign: bool = True, **extra: str) -> ET.Element:
        """One webhook of this call; returns the parsed TwiML <Response>."""
        fields = {"AccountSid": "AC" + "0" * 32, "CallSid": self.call_sid, "From": self.caller,
                  "To": "+31545250000", "CallStatus": "in-progress", "Direction": "inbound",
                  "ApiVersion": "2010-04-01", "FromCity": "", "FromCountry": "NL", **extra}
        url = f"{self.stack.url_of(self.instances[len(self.log) % len(self.instances)])}{WEBHOOK}"
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if sign:
            signed = f"{self.public_base}{WEBHOOK}" if self.public_base else url
            headers["X-Twilio-Signature"] = twilio_signature(self.stack.env["TWILIO_AUTH_TOKEN"], signed, fields)
        r = (client or httpx).post(url, data=fields, headers=headers, timeout=60)
        r.raise_for_status()
        self.last = ET.fromstring(r.text)
        self.log.append((extra, r.text))
        return self.last

    def ring(self, client: httpx.Client | None = None) -> ET.Element:
        return self.post(client, CallStatus="ringing")

    def press(self, digits: str, client: httpx.Client | None = None) -> ET.Element:
        return self.post(client, Digits=digits)

    def speak(self, text: str, confidence: str = "0.92", client: httpx.Client | None = None) -> ET.Element:
        return self.post(client, SpeechResult=text, Confidence=confidence)

    def hang_up(self, client: httpx.Client | None = None) -> ET.Element:
        return self.post(client, CallStatus="completed")

    @property
    def spoken(self) -> str:
        """Everything the last TwiML says (all <Say> texts, also inside <Gather>)."""
        return " ".join((el.text or "") for el in self.last.iter("Say")) if self.last is not None else ""

    def transcript(self) -> str:
        return "\n".join(f"> {e}\n< {t}" for e, t in self.log)
