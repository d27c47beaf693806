"""Driving a conversation through the private REST channel and reading what the bot said."""
from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.conversations import Button, resolve_step
from tests.support.stack import Stack


@dataclass
class Chat:
    stack: Stack
    sender: str
    # Rasa instances the turns go to in turn, as a load balancer would send them (production shape).
    instances: tuple[str, ...] = ("rasa",)
    last: list[dict] = field(default_factory=list)
    log: list[tuple[str, list[dict]]] = field(default_factory=list)

    def say(self, step: "str | Button") -> str:
        """Send a step; return everything the bot answered as one text (buttons included)."""
        text = resolve_step(step, self.last)
        rasa = self.instances[len(self.log) % len(self.instances)]
        self.last = self.stack.say(self.sender, text, rasa=rasa)
        self.log.append((text, self.last))
        return self.text

    @property
    def text(self) -> str:
        parts = []
        for m in self.last:
            parts.append(m.get("text") or "")
            parts += [b.get("title", "") for b in m.get("buttons") or []]
        return "\n".join(parts)

    def run(self, steps: list) -> str:
        for step in steps:
            self.say(step)
        return self.text

    def transcript(self) -> str:
        return "\n".join(f"> {t}\n" + "\n".join(f"< {m.get('text')}" for m in out) for t, out in self.log)

    def aanmeldingen(self) -> list[dict]:
        r = self.stack.inbox_get("/api/v1/aanmeldingen", conversation_id=self.sender)
        r.raise_for_status()
        return r.json()["items"]

    def tracker_json(self) -> str:
        import httpx

        r = httpx.get(f"{self.stack.rasa_url}/conversations/{self.sender}/tracker",
                      headers=self.stack.rasa_api_headers(), timeout=30)
        r.raise_for_status()
        return r.text
