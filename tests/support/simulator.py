"""Conversation simulator: plays written scenarios end to end through the running front door and checks the outcome.

A scenario (schema: tests/gesprekken/onafhankelijk/scenario-schrijvers.md) is one person with a goal: a first
message, answers per KIND of question, plain facts and the expected outcome. The simulator is that person. It talks
to a real stack (tests/support/stack.py: inbox, action server and Rasa as processes) over the public channels only:

- web: the socket.io channel, as the chat page does (session_request → the server issues the session id, then
  user_uttered / bot_uttered); a button is "clicked" by sending its payload, as web/static/chat.js does;
- telefoon: signed Twilio webhooks (tests/support/voice.twilio_signature): ring, then speak (SpeechResult) or press
  keys (Digits), then hang up; what the caller hears is every <Say> of the TwiML.

Where it runs: runtime 1 (.venv-bot, Python 3.10). The socket.io client (python-socketio, with aiohttp) is installed
only there, and `make evaluate` runs there too; runtime 2 has no socket.io client and we add no packages. The stack
is started from here as for the end-to-end tests (stack.py needs only the standard library to start it); the
inbox and Rasa's tracker are read over HTTP with `requests`, which Rasa brings.

Answering what is asked. Each bot message (web: a bubble; phone: a spoken passage) is matched against every
response text in bot/domain/*.yml and the phone channel's own prompts (placeholders are wildcards, the phone's
text is compared after the channel's own speech rendering). The response name gives the KIND of question through
ONE table, `RESPONSE_KIND`. The question of a bot turn is its last message that is a question. The answer is:
1. the scenario's `antwoorden[kind]`, the n-th answer the n-th time that kind is asked;
2. then the plain fact (`feiten`), or, for the kinds the writers' schema has no facts for (who is asking, the
   phone menu, "wilt u meer horen?", "wilt u dat wij u bellen?", the professional's organisation), the person's
   goal (`melder`, `verwacht.uitkomst`) decides, in `default_answer`.
A web answer equal to a button's title is sent as that button's payload (a click); a phone answer of only digits
is pressed, every other answer is spoken. A message ending in "?" that matches no response is an "onbekende
vraag": the scenario stops there as a failure, with the bot's text (a finding, not something to hide).

Outcome. The expected `verwacht.uitkomst` is checked in the inbox, not in the bot's words:
- aanmelding / spoed: the aanmelding of this conversation (GET /api/v1/aanmeldingen?conversation_id=…, read
  token): first onderwerp and urgentie as expected; for spoed also the crisis numbers (utter_crisis) as the first
  message of a bot turn, before any question about the person's details;
- voorziening / geen_toestemming / buiten_sociaal_domein: no aanmelding, and the monitoring's count of
  conversations without an aanmelding (GET /api/v1/statistieken, totaal.gesprekken_zonder_aanmelding) went up by
  one for that uitkomst (scenarios run one after another on one stack, so the difference is this conversation's);
- doorverwezen_buurgemeente: no aanmelding, and the referral to the person's own gemeente was said
  (utter_buiten_berkelland; the product records no uitkomst for it).
The person gives up when one kind of question comes a fifth time, and after 30 turns.
User turns to the outcome: every message or key press the person sent, up to and including the one the outcome
message answered (the phone's ring is not a turn).

A question asked a third time: the same KIND is the question of three bot turns in one round of a conversation,
consecutive or not. A turn that re-asks after "niet begrepen / niet verstaan" counts for the kind it re-asks; a
question said again because the caller asked for it ("wat zegt u?") is no failed answer and does not count;
several messages of one turn count once; "opnieuw beginnen" starts a new round, and the part a read-back
correction asks again on purpose starts afresh (as tests/support/vragen.py counts over tracker events). Reported
per scenario for every kind (`derde_keer`) and for the form questions alone (`derde_keer_formulier`: the
questions the repair of issue 9 covers, FORM_KINDS).

Command line (used by `make evaluate`):  .venv-bot/bin/python -m tests.support.simulator [--json OUT] FILE.jsonl…
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import secrets
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.voordeur import texts, voice  # noqa: E402
from tests.support.stack import DEFAULT_MODEL, Stack  # noqa: E402
from tests.support.voice import WEBHOOK, twilio_signature  # noqa: E402

GESPREKKEN = ROOT / "tests" / "gesprekken"
ONAFHANKELIJK = GESPREKKEN / "onafhankelijk"
EIGEN = GESPREKKEN / "eigen.jsonl"

# --- the one table: response name → kind ------------------------------------------------------------------
# Question kinds of the writers' schema: onderwerp_bevestigen meer_vertellen plaats leeftijd naam telefoon email
# contactvoorkeur toestemming samenvatting voorziening nog_iets tevredenheid. Kinds the schema has no answers for
# (melder, situatie, onderwerp_kiezen, contact_aanbod, terugbellen, gevaar, meer_horen, partner_*, welk_deel,
# tevredenheid_opmerking, opnieuw) are answered
# by `default_answer`. "herhaal" re-asks the previous question. "uitkomst:*" and "crisis" are not questions: they
# mark what the person was told. A response not in this table is a statement.
RESPONSE_KIND: Dict[str, str] = {
    # opening
    "utter_vraag_start": "situatie",
    "kanaal.MENU": "melder",
    "utter_vraag_situatie": "situatie",
    # the question
    "utter_klopt_dat": "onderwerp_bevestigen",
    "utter_verduidelijking": "onderwerp_kiezen",
    "utter_iets_anders": "meer_vertellen",
    "utter_vraag_meer": "meer_vertellen",
    "utter_terugbel_onderwerp": "meer_vertellen",
    "utter_nog_iets": "nog_iets",
    # details
    "utter_ask_leeftijd": "leeftijd",
    "utter_ask_kern": "plaats",
    "utter_ask_kern_herstel": "plaats",
    "utter_ask_kern_persoon": "plaats",
    "utter_ask_kern_organisatie": "plaats",
    "utter_ask_kern_buiten": "plaats",
    # contact
    "utter_ask_naam": "naam",
    "utter_ask_telefoon": "telefoon",
    "utter_ask_telefoon_beller": "telefoon_beller",
    "utter_ask_telefoon_voorkeur": "telefoon_voorkeur",
    "utter_ask_email": "email",
    "utter_ask_voorkeur": "contactvoorkeur",
    "utter_ask_toestemming": "toestemming",
    "utter_samenvatting": "samenvatting",
    "utter_samenvatting_email": "samenvatting",
    "utter_welk_deel": "welk_deel",
    # satisfaction
    "utter_ask_tevredenheid": "tevredenheid",
    "utter_ask_tevredenheid_opmerking": "tevredenheid_opmerking",
    # partner
    "utter_ask_partner_soort": "partner_soort",
    "utter_ask_organisatie": "organisatie",
    "utter_ask_functie": "functie",
    "utter_ask_inwoner_akkoord": "inwoner_akkoord",
    # voorzieningen
    "utter_helpt_dit": "voorziening",
    "utter_meer_horen": "meer_horen",
    "kanaal.MEER_HOREN": "meer_horen",
    "utter_contact_aanbod": "contact_aanbod",
    "utter_zelf_doorgeven": "contact_aanbod",
    # a person, danger
    "utter_mens_spreken": "terugbellen",
    "utter_niet_begrepen_mens": "terugbellen",
    "utter_crisis_aanbod": "terugbellen",
    "utter_crisis_geen_contact": "nog_iets",
    "utter_gevaar_vraag": "gevaar",
    "utter_crisis": "crisis",
    # dead ends that offer to start again
    "utter_na_geen_toestemming": "opnieuw",
    "utter_aanmelding_zonder_toestemming": "opnieuw",
    # not understood: the previous question again
    "utter_default": "herhaal",
    "utter_niet_begrepen": "herhaal",
    "kanaal.NIET_VERSTAAN": "herhaal",
    "kanaal.MENU_NIET_VERSTAAN": "herhaal",
    "utter_opnieuw": "opnieuw_gestart",
    # outcomes
    "utter_aanmelding_referentie": "uitkomst:aanmelding",
    "utter_aanmelding_ontvangen": "uitkomst:aanmelding",
    "utter_voorliggend_afsluiting": "uitkomst:voorziening",
    "utter_geen_toestemming": "uitkomst:geen_toestemming",
    "utter_buiten_sociaal_domein": "uitkomst:buiten_sociaal_domein",
    "utter_buiten_berkelland": "uitkomst:doorverwezen_buurgemeente",
}
NOT_QUESTIONS = {"crisis", "herhaal", "opnieuw_gestart"}
FORM_KINDS = {"plaats", "leeftijd", "naam", "telefoon", "telefoon_beller", "telefoon_voorkeur", "email",
              "contactvoorkeur", "toestemming", "partner_soort", "organisatie", "functie", "inwoner_akkoord"}
DETAIL_KINDS = {"plaats", "leeftijd", "naam", "telefoon", "telefoon_beller", "telefoon_voorkeur", "email",
                "contactvoorkeur", "toestemming", "samenvatting"}
# Questions whose answer may name a part of the read-back that is wrong (the read-back ends with the consent question).
CORRECTIE_KINDS = ("welk_deel", "samenvatting", "toestemming")
ONBEKEND = "onbekende vraag"
MAX_TURNS = 30  # a conversation that needs more has failed anyway
GIVES_UP_AFTER = 4  # the person stops when the same kind of question comes a fifth time
TURNS_AFTER_OUTCOME = 3  # nog iets? / tevredenheid after the outcome


def kind_of(response: Optional[str]) -> Optional[str]:
    return RESPONSE_KIND.get(response or "")


def is_question(kind: Optional[str]) -> bool:
    return bool(kind) and kind not in NOT_QUESTIONS and not kind.startswith("uitkomst:")


# --- scenarios -----------------------------------------------------------------------------------------------
KEYS = {"id", "kanaal", "melder", "persona", "eerste_bericht", "antwoorden", "feiten", "gedrag", "verwacht",
        "notitie"}
UITKOMSTEN = {"aanmelding", "voorziening", "spoed", "geen_toestemming", "buiten_sociaal_domein",
              "doorverwezen_buurgemeente"}


class ScenarioFout(ValueError):
    pass


def load_scenarios(paths: Sequence[Path]) -> List[Dict[str, Any]]:
    """Every scenario of the files, checked against the schema (a clear Dutch error names file and line)."""
    out: List[Dict[str, Any]] = []
    for path in paths:
        for nr, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{nr}"
            try:
                s = json.loads(line)
            except json.JSONDecodeError as e:
                raise ScenarioFout(f"{where}: geen geldige JSON ({e.msg})") from None
            missing = KEYS - set(s)
            if missing:
                raise ScenarioFout(f"{where}: velden ontbreken: {', '.join(sorted(missing))}")
            if s["kanaal"] not in ("web", "telefoon"):
                raise ScenarioFout(f"{where}: kanaal moet 'web' of 'telefoon' zijn, niet {s['kanaal']!r}")
            if (s.get("verwacht") or {}).get("uitkomst") not in UITKOMSTEN:
                raise ScenarioFout(f"{where}: verwacht.uitkomst moet een van {sorted(UITKOMSTEN)} zijn")
            s["_bron"] = where
            out.append(s)
    return out


# --- recognising what the bot said -----------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(re.findall(r"[0-9a-zà-ÿ]+", (text or "").lower()))


@dataclass
class _Pattern:
    name: str
    fragments: Tuple[str, ...]  # normalised fixed parts, in order

    @property
    def weight(self) -> int:
        return sum(len(f.split()) for f in self.fragments)

    def matches(self, text: str) -> bool:
        pos = 0
        padded = f" {text} "
        for frag in self.fragments:
            i = padded.find(f" {frag} ", pos)
            if i < 0:
                return False
            pos = i + len(frag) + 1
        return True


class Responses:
    """Every response text of the domain (all variations) and the phone channel's prompts, by name."""

    def __init__(self, domain_dir: Path = ROOT / "bot" / "domain") -> None:
        texts: List[Tuple[str, str]] = []
        for path in sorted(domain_dir.glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for name, variations in (data.get("responses") or {}).items():
                for variation in variations or []:
                    if isinstance(variation, dict) and variation.get("text"):
                        texts.append((name, str(variation["text"])))
        for attr in ("MENU", "NIET_VERSTAAN", "MENU_NIET_VERSTAAN", "MEER_HOREN", "NIETS_GEHOORD", "GEVAAR",
                     "WELKOM", "NAAR_MEDEWERKER", "TOT_ZIENS"):
            texts.append((f"kanaal.{attr}", getattr(voice, attr)))
        self.web: List[_Pattern] = []
        self.phone: List[_Pattern] = []
        for name, text in texts:
            parts = re.split(r"\{[^}]*\}", text)
            web = tuple(f for f in (_norm(p) for p in parts) if f)
            phone = tuple(f for f in (_norm(voice.speakable(p)) for p in parts) if f)
            if sum(len(f.split()) for f in web) >= 2:
                self.web.append(_Pattern(name, web))
                self.phone.append(_Pattern(name, web))
            if phone != web and sum(len(f.split()) for f in phone) >= 2:
                self.phone.append(_Pattern(name, phone))

    def name_of(self, text: str, kanaal: str) -> Optional[str]:
        """The response this message is (the most specific match), or None."""
        norm = _norm(text)
        best: Optional[_Pattern] = None
        for pattern in self.phone if kanaal == "telefoon" else self.web:
            if pattern.matches(norm) and (best is None or pattern.weight > best.weight):
                best = pattern
        return best.name if best else None


# --- the channels ------------------------------------------------------------------------------------------
@dataclass
class Message:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)  # title, payload (phone: title, key)
    response: Optional[str] = None

    @property
    def kind(self) -> Optional[str]:
        return kind_of(self.response)


class WebChannel:
    """The chat page's side of the socket.io channel. A turn is over when Rasa's tracker is listening again
    after this message and every bot message it holds since has arrived over the socket."""

    def __init__(self, stack: Stack, timeout: float = 120) -> None:
        import socketio  # runtime 1 only

        self.stack, self.timeout = stack, timeout
        self.loop = asyncio.new_event_loop()
        self.sio = socketio.AsyncClient(reconnection=False)
        self.received: List[Dict[str, Any]] = []
        self.tokens: List[str] = []
        self.refused: List[Any] = []
        self.sio.on("bot_uttered", self._on_bot)
        self.sio.on("session_confirm", self._on_confirm)
        self.sio.on("session_refused", self._on_refused)
        self.user_events = 0
        self.conversation_id = ""
        self.sent_at: List[float] = []

    async def _on_bot(self, data: Any = None) -> None:
        self.received.append(data if isinstance(data, dict) else {"text": str(data)})

    async def _on_confirm(self, data: Any = None) -> None:
        self.tokens.append(str(data))

    async def _on_refused(self, data: Any = None) -> None:
        self.refused.append(data)

    def _run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def start(self) -> List[Message]:
        origin = self.stack.env["CHAT_ALLOWED_ORIGINS"].split(",")[0]
        self._run(self.sio.connect(self.stack.rasa_url, headers={"Origin": origin}, transports=["websocket"]))
        for attempt in range(8):  # the channel allows a few new sessions per minute per address
            self.refused.clear()
            self._run(self.sio.emit("session_request", {}))
            self._run(self._until(lambda: self.tokens or self.refused, 30))
            if self.tokens:
                break
            self._run(asyncio.sleep(10))
        if not self.tokens:
            raise RuntimeError("het socket.io-kanaal weigerde een nieuw gesprek")
        # token = <sender_id>.<issued>.<signature> (bot/voordeur/sessions.py): Rasa's conversation id is the first part
        self.conversation_id = self.tokens[0].split(".")[0]
        self.user_events = 1  # the channel sends the start payload (/greet) as the first user message
        return self._collect(0)

    def send(self, text: str) -> List[Message]:
        # The channel takes at most CHAT_RATE_MESSAGES_PER_MINUTE messages per session (20): a person who keeps
        # going does not outrun it, so neither do we (this only slows down conversations that go round in circles).
        limit = int(self.stack.env.get("CHAT_RATE_MESSAGES_PER_MINUTE") or 20) - 1
        recent = [t for t in self.sent_at if time.monotonic() - t < 60]
        if len(recent) >= limit:
            self._run(asyncio.sleep(60.5 - (time.monotonic() - recent[-limit])))
        self.sent_at.append(time.monotonic())
        seen = len(self.received)
        self._run(self.sio.emit("user_uttered", {"message": text}))
        self.user_events += 1
        return self._collect(seen)

    def close(self) -> None:
        try:
            self._run(self.sio.disconnect())
        finally:
            self.loop.close()

    async def _until(self, done: Callable[[], Any], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    def _tracker_bots_since_last_user(self) -> Optional[int]:
        """Bot messages after the latest user message, once Rasa listens again for the expected user count."""
        r = requests.get(f"{self.stack.rasa_url}/conversations/{self.conversation_id}/tracker",
                         params={"include_events": "ALL"}, headers=self.stack.rasa_api_headers(), timeout=30)
        r.raise_for_status()
        events = r.json().get("events") or []
        users = [i for i, e in enumerate(events) if e.get("event") == "user"]
        if len(users) < self.user_events or not events:
            return None
        last = events[-1]
        if not (last.get("event") == "action" and last.get("name") == "action_listen"):
            return None
        return sum(1 for e in events[users[-1]:] if e.get("event") == "bot")

    def _collect(self, seen: int) -> List[Message]:
        async def wait() -> None:
            deadline = time.monotonic() + self.timeout
            while time.monotonic() < deadline:
                expected = await asyncio.get_running_loop().run_in_executor(None, self._tracker_bots_since_last_user)
                if any(m.get("text") in CHANNEL_TEXTS for m in self.received[seen:]):
                    return  # the channel answered itself (limit, empty message): Rasa saw nothing
                if expected is not None and len(self.received) - seen >= expected:
                    await asyncio.sleep(0.05)  # a channel's own message (rate limit) may follow
                    return
                await asyncio.sleep(0.15)
            raise TimeoutError("de assistent antwoordde niet binnen de tijd")

        self._run(wait())
        return [Message(str(m.get("text") or ""), [{"title": str(b.get("title") or ""),
                                                   "payload": str(b.get("payload") or b.get("title") or "")}
                                                  for b in m.get("buttons") or m.get("quick_replies") or []])
                for m in self.received[seen:]]


CHANNEL_TEXTS = {v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str)}
_CHOICES_RE = re.compile(r"Kies (.+?), of zeg het\.?\s*$")


class PhoneChannel:
    """A caller: signed Twilio webhooks, each answered with TwiML; every <Say> is one message."""

    def __init__(self, stack: Stack, caller: str) -> None:
        self.stack, self.caller = stack, caller
        self.conversation_id = "CA" + secrets.token_hex(16)
        self.http = requests.Session()
        self.ended = False

    def _post(self, **extra: str) -> List[Message]:
        fields = {"AccountSid": "AC" + "0" * 32, "CallSid": self.conversation_id, "From": self.caller,
                  "To": "+31545250000", "CallStatus": "in-progress", "Direction": "inbound",
                  "ApiVersion": "2010-04-01", "FromCity": "", "FromCountry": "NL", **extra}
        url = f"{self.stack.rasa_url}{WEBHOOK}"
        headers = {"X-Twilio-Signature": twilio_signature(self.stack.env["TWILIO_AUTH_TOKEN"], url, fields)}
        r = self.http.post(url, data=fields, headers=headers, timeout=120)
        r.raise_for_status()
        root = ET.fromstring(r.text)
        self.ended = root.find(".//Hangup") is not None or root.find(".//Dial") is not None
        return [self._message(el.text or "") for el in root.iter("Say")]

    @staticmethod
    def _message(text: str) -> Message:
        buttons: List[Dict[str, str]] = []
        m = _CHOICES_RE.search(text)
        if m:
            parts = re.split(r"(?:^|,\s)(\d) voor ", m.group(1))
            for key, title in zip(parts[1::2], parts[2::2]):
                buttons.append({"title": title.strip(), "payload": key})
        elif "kies 1" in text.lower() and "kies 2" in text.lower():  # the menu: "…, kies 1. …, kies 2."
            for sentence in re.split(r"(?<=\.)\s+", text):
                k = re.search(r"kies (\d)\.?$", sentence.strip())
                if k:
                    buttons.append({"title": sentence.strip(), "payload": k.group(1)})
        return Message(text, buttons)

    def start(self) -> List[Message]:
        return self._post(CallStatus="ringing")

    def send(self, text: str) -> List[Message]:
        if re.fullmatch(r"[0-9#*]+", text.strip()):
            return self._post(Digits=text.strip())
        return self._post(SpeechResult=text, Confidence="0.92")

    def close(self) -> None:
        if not self.ended:
            self._post(CallStatus="completed")
        self.http.close()


# --- the person --------------------------------------------------------------------------------------------
def _phone_e164(number: Optional[str]) -> str:
    digits = re.sub(r"\D", "", number or "")
    if len(digits) == 10 and digits.startswith("0"):
        return "+31" + digits[1:]
    return "+31612344567"


def _yes(goal: bool) -> str:
    return "ja" if goal else "nee"


def _button(buttons: List[Dict[str, str]], *words: str) -> Optional[Dict[str, str]]:
    """The first button whose title contains one of the words (in the order given)."""
    for word in words:
        for b in buttons:
            if word in _norm(b["title"]).split() or f" {_norm(word)} " in f" {_norm(b['title'])} ":
                return b
    return None


def default_answer(kind: str, s: Dict[str, Any], buttons: List[Dict[str, str]]) -> Tuple[Optional[str], Optional[Dict[str, str]]]:
    """The answer when the scenario gives none for this ask: the plain fact, or the person's goal.
    Returns (text, button): a button is clicked (web) or its key pressed (phone); text None = the person stops."""
    f, goal = s.get("feiten") or {}, s["verwacht"]["uitkomst"]
    wants_contact = goal in ("aanmelding", "spoed")
    yes_no = lambda yes: (_yes(yes), _button(buttons, *(("ja",) if yes else ("nee",))))  # noqa: E731
    if kind == "melder":
        words = {"inwoner": ("mezelf", "inwoner"), "naaste": ("iemand anders", "inwoner"),
                 "professional": ("professional",)}[s["melder"]]
        return None if buttons else s["eerste_bericht"], _button(buttons, *words)
    if kind in ("situatie", "meer_vertellen"):
        return s["eerste_bericht"], None
    if kind == "onderwerp_bevestigen":
        return yes_no(True)
    if kind == "onderwerp_kiezen":
        import routing

        label = routing.onderwerp_label(s["verwacht"]["onderwerp"])
        return label, _button(buttons, label) or _button(buttons, "anders")
    if kind == "plaats":
        return str(f.get("kern") or "weet ik niet"), None
    if kind == "leeftijd":
        return (str(f["leeftijd"]) if f.get("leeftijd") is not None else "weet ik niet"), None
    if kind in ("naam", "telefoon"):
        return str(f.get(kind) or "weet ik niet"), None
    if kind == "telefoon_beller":
        return yes_no(True)
    if kind == "email":
        return (str(f["email"]), None) if f.get("email") else ("nee", _button(buttons, "nee"))
    if kind == "contactvoorkeur":
        return "maakt niet uit", _button(buttons, "maakt niet uit")
    if kind == "toestemming":  # "Klopt dit, en mogen wij uw gegevens zo bewaren?"
        if f.get("toestemming", True):
            return "ja", _button(buttons, "ja")
        return "nee", _button(buttons, "bewaren", "nee")
    if kind == "samenvatting":
        return yes_no(True)
    if kind == "voorziening":  # "Helpt dit u verder?" ja = enough
        return yes_no(goal == "voorziening")
    if kind in ("contact_aanbod", "terugbellen"):  # "Wilt u dat wij contact opnemen / u terugbellen?"
        return yes_no(wants_contact)
    if kind == "gevaar":  # "Is er nu gevaar? Dan belt een medewerker u …": the writers' own verdict, spoed or not
        return yes_no(goal == "spoed")
    if kind == "meer_horen":
        return yes_no(False)
    if kind == "nog_iets":
        return yes_no(False)
    if kind == "welk_deel":  # "Wat klopt er niet?": the part the person named when saying the read-back was wrong
        if not f.get("toestemming", True):  # a "nee" that meant: keep nothing
            return "niets bewaren", _button(buttons, "bewaren")
        said = _norm(" ".join((s.get("antwoorden") or {}).get("samenvatting") or []))
        for b in buttons:
            if any(len(w) >= 4 and (w in said or any(w in x or x in w for x in said.split() if len(x) >= 4))
                   for w in _norm(b["title"]).split()):
                return b["title"], b
        return None, None  # nothing named: the person stops
    if kind == "tevredenheid":
        return "4", _button(buttons, "tevreden", "4")
    if kind == "tevredenheid_opmerking":
        return "nee", _button(buttons, "nee")
    if kind == "partner_soort":
        return "een verzoek om ondersteuning", _button(buttons, "ondersteuning")
    if kind in ("organisatie", "functie"):  # not in the schema: the persona's first words ("wijkagent, rustig")
        return (str(s.get("persona") or "").split(",")[0].strip() or "hulpverlener"), None
    if kind == "inwoner_akkoord":
        return yes_no(True)
    return None, None  # opnieuw: the person gives up


def gegeven(kind: str, s: Dict[str, Any]) -> List[str]:
    """The scenario's answers to this kind of question. The read-back and the consent are one question ("Klopt
    dit, en mogen wij uw gegevens zo bewaren?"): who consents answers it as the read-back (a correction first, then
    "ja, nu klopt het"); who refuses, or wrote no read-back answers, as the consent question."""
    antwoorden = s.get("antwoorden") or {}
    if kind == "toestemming" and (s.get("feiten") or {}).get("toestemming", True) and antwoorden.get("samenvatting"):
        return list(antwoorden["samenvatting"])
    return list(antwoorden.get(kind) or [])


def choose_answer(kind: str, nth: int, s: Dict[str, Any], buttons: List[Dict[str, str]]
                  ) -> Tuple[Optional[str], Optional[Dict[str, str]]]:
    if kind == "telefoon_voorkeur":  # "Op welk telefoonnummer …? Zet er gerust bij wanneer het u uitkomt …"
        nummer, _ = choose_answer("telefoon", nth, s, buttons)
        wanneer = gegeven("contactvoorkeur", s)
        return (f"{nummer}, {wanneer[0]}" if wanneer and nth == 0 else nummer), None
    given = gegeven(kind, s)
    if nth < len(given):
        text = str(given[nth])
        same = [b for b in buttons if _norm(b["title"]) == _norm(text)]
        return text, (same[0] if same else None)
    return default_answer(kind, s, buttons)


# --- playing one scenario ----------------------------------------------------------------------------------
@dataclass
class Result:
    id: str
    kanaal: str
    verwacht: str
    gelukt: bool = False
    uitkomst: Optional[str] = None  # what the conversation reached, as the simulator saw it
    beurten: Optional[int] = None  # user turns up to the outcome
    beurten_totaal: int = 0
    gestopt_bij: Optional[str] = None  # kind of the last question
    laatste_tekst: str = ""
    reden: str = ""
    derde_keer: List[str] = field(default_factory=list)
    derde_keer_formulier: List[str] = field(default_factory=list)
    vragen: List[str] = field(default_factory=list)  # the question kind of every bot turn
    transcript: List[Tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> Dict[str, Any]:
        return dict(self.__dict__)


def _stats(stack: Stack) -> Dict[str, int]:
    r = requests.get(f"{stack.inbox_url}/api/v1/statistieken", timeout=30,
                     headers={"Authorization": f"Bearer {stack.env['INBOX_STATS_TOKEN']}"})
    r.raise_for_status()
    return dict(r.json()["totaal"]["gesprekken_zonder_aanmelding"])


def _aanmeldingen(stack: Stack, conversation_id: str) -> List[Dict[str, Any]]:
    r = requests.get(f"{stack.inbox_url}/api/v1/aanmeldingen", params={"conversation_id": conversation_id},
                     headers={"Authorization": f"Bearer {stack.env['INBOX_READ_TOKEN']}"}, timeout=30)
    r.raise_for_status()
    return r.json()["items"]


def play(s: Dict[str, Any], stack: Stack, responses: Responses) -> Result:
    kanaal = s["kanaal"]
    res = Result(s["id"], kanaal, s["verwacht"]["uitkomst"])
    before = _stats(stack)
    channel: Any = (WebChannel(stack) if kanaal == "web"
                    else PhoneChannel(stack, _phone_e164((s.get("feiten") or {}).get("telefoon"))))
    asked: Dict[str, int] = {}  # per kind, for the n-th answer
    gesteld: Dict[str, int] = {}  # per kind in this round, for "a third time"
    te_vaak: set = set()
    correctie = False
    crisis_first = False
    details_asked = False
    previous: Optional[str] = None
    herhaald_op_verzoek = False  # the caller's last words asked to hear the question again
    outcome_turn: Optional[int] = None
    turns = 0
    try:
        messages = channel.start()
        while True:
            for m in messages:
                m.response = responses.name_of(m.text, kanaal)
                res.transcript.append(("bot", m.text))
            if messages:
                res.laatste_tekst = messages[-1].text
            for i, m in enumerate(messages):
                k = m.kind or ""
                if k == "opnieuw_gestart":
                    gesteld.clear()
                if k == "crisis" and i == 0 and not details_asked:
                    crisis_first = True
                if k.startswith("uitkomst:") and res.uitkomst is None:
                    res.uitkomst, outcome_turn = k.split(":", 1)[1], turns
            # the question of this turn: the last message that asks something
            question: Optional[Message] = None
            kind: Optional[str] = None
            for m in reversed(messages):
                if m.kind == "herhaal" and previous:
                    question, kind = m, previous
                    break
                if is_question(m.kind):
                    question, kind = m, m.kind
                    break
                if m.kind is None and m.text.rstrip().endswith("?"):
                    question, kind = m, ONBEKEND
                    break
            if kind is None:
                res.reden = res.reden or ("" if res.uitkomst else "de assistent vraagt niets meer")
                break
            res.gestopt_bij, res.laatste_tekst = kind, question.text if question else res.laatste_tekst
            if kind == ONBEKEND:
                res.reden = "onbekende vraag"
                res.vragen.append(kind)
                break
            res.vragen.append(kind)
            details_asked = details_asked or kind in DETAIL_KINDS
            nth = asked.get(kind, 0)
            asked[kind] = nth + 1
            if correctie and kind not in CORRECTIE_KINDS:
                gesteld.pop(kind, None)  # the part the person said was wrong, asked again on purpose
                gesteld.pop("toestemming", None)  # and then the read-back with its question, on purpose too
            # after "Wat klopt er niet?", or a read-back answered with the part itself ("nee, mijn woonplaats
            # klopt niet": asked again at once), the part is asked again on purpose
            correctie = kind in CORRECTIE_KINDS
            # said again because the caller asked for it ("wat zegt u?"): no failed answer, not asked once more
            if not (herhaald_op_verzoek and kind == previous):
                gesteld[kind] = gesteld.get(kind, 0) + 1
            if gesteld[kind] >= 3:
                te_vaak.add(kind)
            previous = kind
            if nth >= GIVES_UP_AFTER:
                res.reden = f"'{kind}' komt voor de {nth + 1}e keer: de persoon haakt af"
                break
            if outcome_turn is not None and turns - outcome_turn >= TURNS_AFTER_OUTCOME:
                break
            if turns >= MAX_TURNS:
                res.reden = f"meer dan {MAX_TURNS} beurten"
                break
            text, button = choose_answer(kind, nth, s, question.buttons if question else [])
            if text is None and button is None:
                res.reden = res.reden or f"de persoon stopt bij '{kind}'"
                break
            if button is not None:
                said = button["payload"] if kanaal == "web" else button["payload"]
                res.transcript.append(("persoon", f"[{button['title']}]"))
            else:
                said = str(text)
                res.transcript.append(("persoon", said))
            turns += 1
            herhaald_op_verzoek = kanaal == "telefoon" and button is None and voice.is_herhaalverzoek(said)
            messages = channel.send(said)
            if kanaal == "telefoon" and channel.ended:
                for m in messages:
                    m.response = responses.name_of(m.text, kanaal)
                    res.transcript.append(("bot", m.text))
                    if (m.kind or "").startswith("uitkomst:") and res.uitkomst is None:
                        res.uitkomst, outcome_turn = m.kind.split(":", 1)[1], turns
                break
        judge(s, res, stack, channel.conversation_id, before, crisis_first)
    except Exception as e:  # noqa: BLE001 - a crash of the stack is a failed scenario with its reason
        res.reden = f"fout: {type(e).__name__}: {e}"
        res.gelukt = False
    finally:
        res.beurten_totaal, res.beurten = turns, outcome_turn
        res.derde_keer = sorted(te_vaak)
        res.derde_keer_formulier = sorted(te_vaak & FORM_KINDS)
        try:
            channel.close()
        except Exception:  # noqa: BLE001
            pass
    return res


def judge(s: Dict[str, Any], res: Result, stack: Stack, cid: str, before: Dict[str, int], crisis_first: bool
          ) -> None:
    """Compare what the inbox holds for this conversation with the scenario's verwacht."""
    verwacht = s["verwacht"]
    goal = verwacht["uitkomst"]
    wants_aanmelding = goal in ("aanmelding", "spoed")
    items: List[Dict[str, Any]] = []
    for _ in range(10 if wants_aanmelding and res.uitkomst == "aanmelding" else 1):
        items = _aanmeldingen(stack, cid)
        if items:
            break
        time.sleep(0.5)
    problems: List[str] = []
    if wants_aanmelding:
        if not items:
            problems.append("geen aanmelding in de inbox")
        else:
            a = items[0]
            first = (a.get("onderwerpen") or [None])[0]
            if first != verwacht.get("onderwerp"):
                problems.append(f"onderwerp {first}, verwacht {verwacht.get('onderwerp')}")
            if a.get("urgentie") != verwacht.get("urgentie"):
                problems.append(f"urgentie {a.get('urgentie')}, verwacht {verwacht.get('urgentie')}")
            res.uitkomst = "spoed" if a.get("urgentie") == "spoed" and goal == "spoed" else "aanmelding"
        if goal == "spoed" and not crisis_first:
            problems.append("de crisisnummers kwamen niet als eerste")
    else:
        if items:
            problems.append("er is een aanmelding gemaakt")
            res.uitkomst = "aanmelding"
        if goal == "doorverwezen_buurgemeente":
            if res.uitkomst != "doorverwezen_buurgemeente":
                problems.append("niet doorverwezen naar de eigen gemeente")
        else:
            code = "verwezen_voorliggend_veld" if goal == "voorziening" else goal
            gained = 0
            for _ in range(6):
                after = _stats(stack)
                gained = after.get(code, 0) - before.get(code, 0)
                if gained:
                    break
                time.sleep(0.5)
            if gained != 1:
                problems.append(f"de monitoring telt geen '{code}' voor dit gesprek")
            elif not items:
                res.uitkomst = goal
    if res.reden == "onbekende vraag":
        problems.insert(0, "onbekende vraag")
    res.gelukt = not problems
    if problems:
        res.reden = "; ".join(dict.fromkeys([*(p for p in [res.reden] if p and p not in problems), *problems]))


# --- a whole set -------------------------------------------------------------------------------------------
def summary(results: Sequence[Result], scenarios: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    by_id = {s["id"]: s for s in scenarios}

    def rate(kanaal: str, rs: Sequence[Result] = results) -> Dict[str, Any]:
        rs = [r for r in rs if r.kanaal == kanaal]
        ok = sum(r.gelukt for r in rs)
        return {"n": len(rs), "gelukt": ok, "percentage": round(100 * ok / len(rs), 1) if rs else None}

    rondes: Dict[str, List[Result]] = {}
    for r in results:
        rondes.setdefault(ronde(by_id.get(r.id, {}).get("_bron")), []).append(r)

    def median_turns(goals: Tuple[str, ...]) -> Dict[str, Any]:
        turns = [r.beurten for r in results if r.gelukt and r.verwacht in goals and r.beurten is not None]
        return {"n": len(turns), "mediaan": statistics.median(turns) if turns else None}

    stopped: Dict[str, int] = {}
    for r in results:
        if not r.gelukt:
            stopped[r.gestopt_bij or "-"] = stopped.get(r.gestopt_bij or "-", 0) + 1
    return {
        "web": rate("web"), "telefoon": rate("telefoon"),
        "totaal": {"n": len(results), "gelukt": sum(r.gelukt for r in results)},
        "per_ronde": {naam: {"web": rate("web", rs), "telefoon": rate("telefoon", rs)}
                      for naam, rs in sorted(rondes.items())},
        "beurten_tot_voorziening": median_turns(("voorziening",)),
        "beurten_tot_aanmelding": median_turns(("aanmelding", "spoed")),
        "derde_keer": [{"id": r.id, "kinds": r.derde_keer} for r in results if r.derde_keer],
        "derde_keer_formulier": [{"id": r.id, "kinds": r.derde_keer_formulier} for r in results
                                 if r.derde_keer_formulier],
        "gestopt_bij": dict(sorted(stopped.items(), key=lambda kv: -kv[1])),
        "mislukt": [{"id": r.id, "kanaal": r.kanaal, "verwacht": r.verwacht, "bereikt": r.uitkomst,
                     "gestopt_bij": r.gestopt_bij, "reden": r.reden, "laatste_tekst": r.laatste_tekst[:300],
                     "bron": by_id.get(r.id, {}).get("_bron")}
                    for r in results if not r.gelukt],
    }


def play_all(scenarios: Sequence[Dict[str, Any]], stack: Stack,
             progress: Callable[[int, int, Result], None] = lambda i, n, r: None) -> List[Result]:
    responses = Responses()
    results = []
    for i, s in enumerate(scenarios, start=1):
        r = play(s, stack, responses)
        results.append(r)
        progress(i, len(scenarios), r)
    return results


def default_files() -> List[Path]:
    """The independent writers' scenarios, round 1 then later rounds (ronde2/ …); our own (eigen.jsonl) only when
    asked for."""
    return sorted(ONAFHANKELIJK.glob("*.jsonl")) + sorted(ONAFHANKELIJK.glob("ronde*/*.jsonl"))


def ronde(bron: str | None) -> str:
    """'ronde 1' for tests/gesprekken/onafhankelijk/*.jsonl, 'ronde 2' for …/ronde2/*.jsonl, 'eigen' otherwise."""
    if not bron:
        return "eigen"
    parent = Path(bron.rsplit(":", 1)[0]).parent
    if parent == ONAFHANKELIJK:
        return "ronde 1"
    if parent.parent == ONAFHANKELIJK and parent.name.startswith("ronde"):
        return f"ronde {parent.name[len('ronde'):]}"
    return "eigen"


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Speel gespreksscenario's door de draaiende voordeur.")
    ap.add_argument("files", nargs="*", type=Path, help="scenario-bestanden (.jsonl); standaard de onafhankelijke")
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--json", type=Path, help="schrijf resultaten en samenvatting als JSON")
    ap.add_argument("--only", help="alleen deze scenario-id's (komma's)")
    ap.add_argument("--prefix", default="[gesprekken]")
    args = ap.parse_args(argv)
    files = args.files or default_files()
    if not files:
        print(f"{args.prefix} geen scenario's gevonden in {ONAFHANKELIJK}", file=sys.stderr)
        return 2
    scenarios = load_scenarios(files)
    if args.only:
        wanted = set(args.only.split(","))
        scenarios = [s for s in scenarios if s["id"] in wanted]
    if not args.model.exists():
        print(f"{args.prefix} geen model op {args.model}: draai `make train`", file=sys.stderr)
        return 2
    print(f"{args.prefix} {len(scenarios)} scenario's; de stack start (Rasa laadt het model)...", flush=True)
    with tempfile.TemporaryDirectory(prefix="voordeur-gesprekken-") as tmp:
        with Stack(Path(tmp), model=args.model) as stack:
            def progress(i: int, n: int, r: Result) -> None:
                mark = "ok " if r.gelukt else "MIS"
                extra = "" if r.gelukt else f"  ({r.gestopt_bij}: {r.reden})"
                print(f"{args.prefix} {i}/{n} {mark} {r.id} {r.kanaal} {r.verwacht}, {r.beurten_totaal} beurten"
                      f"{extra}", flush=True)
            results = play_all(scenarios, stack, progress)
    import subprocess

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    out = {"summary": {**summary(results, scenarios), "gemeten": {
               "model": args.model.resolve().name, "commit": commit.strip(),
               "wanneer": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}},
           "results": [r.as_dict() for r in results], "bestanden": [str(p) for p in files]}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    sm = out["summary"]
    print(f"{args.prefix} web {sm['web']['gelukt']}/{sm['web']['n']}, telefoon "
          f"{sm['telefoon']['gelukt']}/{sm['telefoon']['n']}; mediaan beurten tot voorziening "
          f"{sm['beurten_tot_voorziening']['mediaan']}, tot aanmelding {sm['beurten_tot_aanmelding']['mediaan']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
