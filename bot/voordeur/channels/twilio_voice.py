"""Phone entry (Twilio Programmable Voice): Rasa 3.6's `twilio_voice` channel, fixed for Voormekaar.

Differences from the stock channel (which listens for English speech only, uses the caller's number as the
conversation id and checks no signature):

- every request must carry a valid `X-Twilio-Signature` (HMAC-SHA1 over the public URL and the sorted form
  fields, key `TWILIO_AUTH_TOKEN`); otherwise 403. No token configured = every request refused. The order is
  cheapest first: no signature header → 403 before the body is read; a body over `RASA_REQUEST_MAX_SIZE`
  (Content-Length, or a chunked body growing past it) → 413 before it is read; more than `TWILIO_MAX_FIELDS`
  (100; Twilio sends about 30) form fields → 400 before they are decoded; then the signature, then the call;
- the conversation id is the `CallSid`; the caller's number travels only in message metadata
  `pii.beller` (the redacting tracker store drops `metadata.pii`), so the dialogue can offer it as callback
  number ("eindigend op 4 5 6 7", `pii.beller_laatste_cijfers`);
- Dutch: `language="nl-NL"` on every <Gather> and <Say>, a Dutch voice (Polly.Lotte by default);
- the opening says "Bent u in gevaar? Hang op en bel 112." in its first <Say>, before any menu choice;
- a keuzemenu first (keys and speech, `input="dtmf speech"`): 1 inwoner, 2 professional, 0 medewerker, 9 repeat;
  during the conversation a key chooses the numbered button of the last bot message;
- silence or no-match: reprompt once, then the menu again, then the medewerker route;
- bot messages rendered for the ear by `bot.voordeur.voice` (no links/emoji/markdown, buttons read as a choice,
  phone and reference numbers read in groups, lists two items at a time).

Per-call state (last buttons, miss counter, pending list items) is kept with a TTL by `bot.voordeur.call_state`: in
this process's memory, or in Redis with `LOCK_STORE_TYPE=redis`, so the webhooks of one call may reach any of several
Rasa instances.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qsl

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Gather, VoiceResponse

from bot.voordeur import perf, voice
from bot.voordeur.call_state import STAGE_DIALOGUE, STAGE_MENU, CallState, CallStates, call_state_store
from bot.voordeur.config import edge_settings
from bot.voordeur.edge import EdgeBlueprint
from bot.voordeur.pii import mask_pii

logger = logging.getLogger(__name__)

CHANNEL_NAME = "twilio_voice"
LANGUAGE = "nl-NL"
DEFAULT_VOICE = "Polly.Lotte"
DUTCH_VOICES = ("Polly.Lotte", "Polly.Ruben", "Polly.Laura-Neural", "Google.nl-NL-Standard-A",
                "Google.nl-NL-Wavenet-A", "Google.nl-NL-Standard-B", "Google.nl-NL-Wavenet-B")
ENDED_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
CALL_SID_RE = re.compile(r"CA[0-9a-fA-F]{32}")
E164_RE = re.compile(r"\+[1-9]\d{6,14}")

# Intent payloads (names from docs/architecture.md) the keuzemenu sends to Rasa.
INTENT_MELDER_ZELF = "/melder_zelf"
INTENT_MELDER_PROFESSIONAL = "/melder_professional"
INTENT_MENS_SPREKEN = "/mens_spreken"
MENU_INTENTS = {1: INTENT_MELDER_ZELF, 2: INTENT_MELDER_PROFESSIONAL}
MENU_HINTS = "één, twee, nul, negen, inwoner, professional, samenwerkingspartner, medewerker, herhalen"


def public_url(request: Request, public_base: Optional[str]) -> str:
    """The URL Twilio called, as Twilio saw it: the configured public base, else honouring
    X-Forwarded-Proto/Host set by the reverse proxy (the signature covers the public URL, not ours)."""
    query = f"?{request.query_string}" if request.query_string else ""
    if public_base:
        return f"{public_base.rstrip('/')}{request.path}{query}"
    proto = (request.headers.get("x-forwarded-proto") or request.scheme or "http").split(",")[0].strip()
    host = (request.headers.get("x-forwarded-host") or request.headers.get("host") or request.host or "")
    return f"{proto}://{host.split(',')[0].strip()}{request.path}{query}"


class TooManyFields(ValueError):
    """The form has more fields than a Twilio webhook ever sends."""


def form_fields(body: bytes, max_fields: int) -> Dict[str, List[str]]:
    """Form fields with blank values kept: Twilio signs empty fields (FromCity=) too, Sanic's form drops them.
    Counts the fields before decoding any of them."""
    if body.count(b"&") >= max_fields:  # parse_qsl splits on "&" only (Python >= 3.10)
        raise TooManyFields(f"more than {max_fields} form fields")
    fields: Dict[str, List[str]] = {}
    for key, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
        fields.setdefault(key, []).append(value)
    return fields


async def read_body(request: Request, max_size: int) -> bytes:
    """The body of a streamed request, refused by Sanic (PayloadTooLarge) as soon as its Content-Length, or a
    chunked body while it arrives, exceeds `max_size`: nothing over the cap is read."""
    request.stream.request_max_size = max_size  # a streaming route starts without a limit
    await request.receive_body()
    return request.body or b""


class _Fields(dict):
    """dict of lists with the `getlist` the Twilio validator looks for."""

    def getlist(self, key: str) -> List[str]:
        return self[key]


def signature_valid(auth_token: Optional[str], url: str, fields: Dict[str, List[str]],
                    signature: Optional[str]) -> bool:
    """Twilio's X-Twilio-Signature check (constant-time compare inside the Twilio library)."""
    if not auth_token or not signature:
        return False
    return RequestValidator(auth_token).validate(url, _Fields(fields), signature)


def caller_metadata(from_number: Optional[str]) -> Dict[str, Any]:
    """`pii` entries for the caller's own number (only when it is a real E.164 number, not 'anonymous')."""
    if not from_number or not E164_RE.fullmatch(from_number):
        return {}
    return {"beller": from_number, "beller_laatste_cijfers": voice.last_digits(from_number)}


class TwilioVoiceCollectingOutputChannel(CollectingOutputChannel):
    """Collects bot messages; its name makes Rasa pick `channel: twilio_voice` response variations."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME


@dataclass(frozen=True)
class VoiceSettings:
    """Settings of the phone channel (credentials.yml > environment > defaults)."""

    voice: str = DEFAULT_VOICE
    auth_token: Optional[str] = None
    public_base: Optional[str] = None
    timeout: int = 6
    speech_timeout: str = "2"
    speech_model: Optional[str] = None
    enhanced: bool = False
    min_confidence: float = 0.2
    max_speech_chars: int = 500
    openingstijden: str = "ma-vr 08:30-17:00"
    medewerker_nummer: Optional[str] = None
    hangup_intent: Optional[str] = None  # e.g. "/goodbye": tell the dialogue a caller hung up mid-conversation
    state_ttl_seconds: int = 2 * 3600


def _setting(credentials: Dict[str, Any], key: str, env: str, default: Any) -> Any:
    value = credentials.get(key)
    if value is None or value == "":
        value = os.environ.get(env, "").strip() or default
    return value


class TwilioVoiceInput(InputChannel):
    """Twilio Voice for Voormekaar: signed requests, CallSid as conversation id, Dutch keuzemenu."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """credentials.yml keys: assistant_voice, auth_token, public_url, timeout, speech_timeout, speech_model,
        enhanced, min_confidence, max_speech_chars, openingstijden, medewerker_nummer, hangup_intent
        (env fallbacks TWILIO_VOICE, TWILIO_AUTH_TOKEN, TWILIO_PUBLIC_URL, TWILIO_GATHER_TIMEOUT,
        TWILIO_SPEECH_TIMEOUT, TWILIO_SPEECH_MODEL, TWILIO_SPEECH_ENHANCED, TWILIO_MIN_CONFIDENCE,
        TWILIO_MAX_SPEECH_CHARS, TWILIO_OPENINGSTIJDEN, TWILIO_MEDEWERKER_NUMMER, TWILIO_HANGUP_INTENT)."""
        c = credentials or {}
        try:
            settings = VoiceSettings(
                voice=str(_setting(c, "assistant_voice", "TWILIO_VOICE", DEFAULT_VOICE)),
                auth_token=_setting(c, "auth_token", "TWILIO_AUTH_TOKEN", None),
                public_base=_setting(c, "public_url", "TWILIO_PUBLIC_URL", None),
                timeout=int(_setting(c, "timeout", "TWILIO_GATHER_TIMEOUT", 6)),
                speech_timeout=str(_setting(c, "speech_timeout", "TWILIO_SPEECH_TIMEOUT", "2")),
                speech_model=_setting(c, "speech_model", "TWILIO_SPEECH_MODEL", None),
                enhanced=str(_setting(c, "enhanced", "TWILIO_SPEECH_ENHANCED", "false")).lower() == "true",
                min_confidence=float(_setting(c, "min_confidence", "TWILIO_MIN_CONFIDENCE", 0.2)),
                max_speech_chars=int(_setting(c, "max_speech_chars", "TWILIO_MAX_SPEECH_CHARS", 500)),
                openingstijden=str(_setting(c, "openingstijden", "TWILIO_OPENINGSTIJDEN", "ma-vr 08:30-17:00")),
                medewerker_nummer=_setting(c, "medewerker_nummer", "TWILIO_MEDEWERKER_NUMMER", None),
                hangup_intent=_setting(c, "hangup_intent", "TWILIO_HANGUP_INTENT", None),
            )
        except ValueError as e:
            raise InvalidConfigException(f"twilio_voice: {e}") from e
        return cls(settings)

    def __init__(self, settings: Optional[VoiceSettings] = None, store: Optional[CallStates] = None) -> None:
        self.settings = settings or VoiceSettings(auth_token=os.environ.get("TWILIO_AUTH_TOKEN") or None)
        if self.settings.voice not in DUTCH_VOICES:
            raise InvalidConfigException(
                f"twilio_voice: assistant_voice {self.settings.voice!r} is not a Dutch voice; use one of "
                f"{', '.join(DUTCH_VOICES)}")
        try:
            self.openingstijden = voice.Openingstijden.parse(self.settings.openingstijden)
        except voice.OpeningstijdenError as e:
            raise InvalidConfigException(f"twilio_voice: {e}") from e
        if self.settings.speech_timeout != "auto":
            int(self.settings.speech_timeout)
        self.store = store or call_state_store(self.settings.state_ttl_seconds)
        if not self.settings.auth_token:
            logger.warning("TWILIO_AUTH_TOKEN is not set: the phone channel refuses every request")

    # --- HTTP ---------------------------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        """`GET /` health and `POST /webhook` (voice URL, Gather action and status callback in one)."""
        bp = EdgeBlueprint("voordeur_twilio_voice", __name__)
        bp.after_server_stop(perf.close_http_sessions)  # the shared action-server connections (perf.py)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        # stream=True: Sanic does not read the body before the handler, so unsigned requests cost nothing.
        @bp.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("x-twilio-signature")
            url = public_url(request, self.settings.public_base)
            if not signature or not self.settings.auth_token:
                logger.warning("twilio_voice: refused a request without a signature for %s", url)
                return response.text("forbidden", status=403)
            limits = edge_settings()
            try:
                fields = form_fields(await read_body(request, limits.request_max_size), limits.twilio_max_fields)
            except PayloadTooLarge:
                logger.warning("twilio_voice: refused a body over %d bytes", limits.request_max_size)
                return response.text("payload too large", status=413)
            except TooManyFields:
                logger.warning("twilio_voice: refused a form with more than %d fields", limits.twilio_max_fields)
                return response.text("too many form fields", status=400)
            if not signature_valid(self.settings.auth_token, url, fields, signature):
                logger.warning("twilio_voice: refused a request without a valid signature for %s", url)
                return response.text("forbidden", status=403)
            form = {k: v[0] for k, v in fields.items()}
            call_sid = form.get("CallSid", "")
            if not CALL_SID_RE.fullmatch(call_sid):
                return response.text("CallSid missing or malformed", status=400)
            twiml = await self.handle(form, on_new_message)
            return response.text(str(twiml), content_type="text/xml; charset=utf-8")

        return bp

    # --- call flow ---------------------------------------------------------------------------------------

    async def handle(self, form: Dict[str, str], on_new_message: Callable[[UserMessage], Awaitable[None]]
                     ) -> VoiceResponse:
        """One webhook of one call → the TwiML to play next."""
        call_sid = form["CallSid"]
        status = (form.get("CallStatus") or "").lower()
        if status in ENDED_STATUSES:
            # Hang-up (status callback or the final webhook): forget the call; Rasa's session expires by itself
            # unless a hangup_intent is configured to tell the dialogue (e.g. to record 'afgebroken').
            state = await self.store.get(call_sid)
            await self.store.drop(call_sid)
            logger.info("twilio_voice: call ended (%s)", status)
            if state is not None and state.stage == STAGE_DIALOGUE and self.settings.hangup_intent:
                await _Asker(self, on_new_message, call_sid, form)(self.settings.hangup_intent,
                                                                    {"opgehangen": status})
            return VoiceResponse()

        state = await self.store.get(call_sid)
        if state is None or status == "ringing":
            state = CallState()
            twiml = self._menu(state, intro=voice.OPENING)
        else:
            twiml = await self._input(state, form, on_new_message)
        if state.ended:
            await self.store.drop(call_sid)
        else:
            await self.store.put(call_sid, state)
        return twiml

    async def _input(self, state: CallState, form: Dict[str, str],
                     on_new_message: Callable[[UserMessage], Awaitable[None]]) -> VoiceResponse:
        """A key press, speech or silence of a call in progress → the TwiML to play next (changes `state`)."""
        call_sid = form["CallSid"]
        digits = (form.get("Digits") or "").strip()[:20]
        speech = self._clean_speech(form.get("SpeechResult"))
        confidence = _float(form.get("Confidence"))
        ask = _Asker(self, on_new_message, call_sid, form)

        if not digits and not speech:
            return await self._miss(state, ask, voice.NIETS_GEHOORD)
        if state.twijfel:  # the answer to "Zei u …?": yes counts what was heard, no asks again
            gehoord, state.twijfel = state.twijfel, ""
            if voice.is_yes(digits, speech):
                state.twijfel_gevraagd = False
                return await self._dialogue_input(state, ask, "", gehoord)
            if digits.rstrip("#") == "2" or voice.match_choice(speech, [{"title": "Nee", "payload": "/deny"}]) == 0:
                return self._gather(state, [voice.NOG_EEN_KEER, state.last_prompt])
        # Low speech confidence: in the dialogue one "Zei u …? Kies 1 voor ja", at the menu (or the second time) a
        # no-match; except when the words we did hear signal danger: those reach the NLU (both danger detectors).
        if (speech and not digits and confidence is not None and 0 < confidence < self.settings.min_confidence
                and not _dangerous(speech)):
            if state.stage == STAGE_DIALOGUE and not state.twijfel_gevraagd:
                state.twijfel, state.twijfel_gevraagd = speech, True
                return self._gather(state, [voice.ZEI_U.format(tekst=speech)], num_digits=1)
            return await self._miss(state, ask, voice.NIET_VERSTAAN if state.stage == STAGE_DIALOGUE
                                    else voice.MENU_NIET_VERSTAAN)
        state.twijfel_gevraagd = False

        if state.meer or state.na_meer:
            handled = self._continue_list(state, digits, speech)
            if handled is not None:
                return handled

        if state.stage == STAGE_MENU:
            return await self._menu_input(state, ask, digits, speech)
        return await self._dialogue_input(state, ask, digits, speech)

    async def _menu_input(self, state: CallState, ask: "_Asker", digits: str, speech: str) -> VoiceResponse:
        choice = voice.menu_choice(digits, speech)
        if choice == 9 or (not digits and voice.is_herhaalverzoek(speech)):  # "herhalen", "wat zegt u?"
            state.misses = 0
            return self._menu(state)
        if choice == 0:
            state.misses = 0
            return await self._medewerker(state, ask)
        if choice in MENU_INTENTS:
            state.misses = 0
            state.stage = STAGE_DIALOGUE
            return self._render(state, await ask(MENU_INTENTS[choice], {"keuzemenu": str(choice)}))
        if speech and not digits and (len(speech.split()) >= 2 or _dangerous(speech)):
            # A caller who starts telling their story at the menu (or says something alarming) is heard as an
            # inwoner with a question; the NLU and the safety net take it from there.
            state.misses = 0
            state.stage = STAGE_DIALOGUE
            return self._render(state, await ask(speech, {"invoer": "spraak"}, mask=True))
        return await self._miss(state, ask, voice.MENU_NIET_VERSTAAN)

    async def _dialogue_input(self, state: CallState, ask: "_Asker", digits: str, speech: str) -> VoiceResponse:
        state.misses = 0
        if digits:
            key = digits.rstrip("#")
            if len(key) == 1 and key.isdigit():
                number = int(key)
                if 1 <= number <= len(state.buttons[:9]):
                    button = state.buttons[number - 1]
                    return self._render(state, await ask(str(button.get("payload") or button.get("title")),
                                                         {"invoer": "toets", "toets": key}))
                # Any other key is the caller's answer ("9" to "hoe oud is hij?"): the dialogue decides, and its
                # repair counts a failed answer, so a question is never asked a third time (key 9 repeats only
                # in the menu, where it is offered).
                if number == 0:
                    return await self._medewerker(state, ask)
            return self._render(state, await ask(key or digits, {"invoer": "toets"}, mask=True))
        # "Wat zegt u?": the caller did not hear the question. It is said again, not taken as an answer (at most
        # MAX_HERHALEN times for one prompt; then it goes to the dialogue, whose repair never asks a third time).
        if voice.is_herhaalverzoek(speech) and state.last_prompt and state.herhaald < voice.MAX_HERHALEN:
            state.herhaald += 1
            return self._gather(state, [state.last_prompt])
        # The answer is first matched against the choices just offered (a number, 'ja graag', a title's words);
        # only what matches none of them, or is long or alarming, goes to the NLU as the caller's words.
        index = voice.match_choice(speech, state.buttons)
        if index is not None:
            button = state.buttons[index]
            return self._render(state, await ask(str(button.get("payload") or button.get("title")),
                                                 {"invoer": "spraak"}))
        return self._render(state, await ask(speech, {"invoer": "spraak"}, mask=True))

    async def _miss(self, state: CallState, ask: "_Asker", what: str) -> VoiceResponse:
        """Silence or no-match: reprompt once, then the menu again, then the medewerker route."""
        state.misses += 1
        if state.misses == 1:
            if state.stage == STAGE_MENU or not state.last_prompt:
                return self._menu(state, intro=what)
            return self._gather(state, [what, state.last_prompt])
        if state.misses == 2:
            state.stage = STAGE_MENU
            state.buttons = []
            return self._menu(state, intro=f"{what} {voice.MENU_OPNIEUW}")
        state.misses = 0
        return await self._medewerker(state, ask, intro=what)

    async def _medewerker(self, state: CallState, ask: "_Asker", intro: str = "") -> VoiceResponse:
        """0: a medewerker. Open and a transfer number configured → <Dial>; otherwise the dialogue's
        mens_spreken path (a terugbelverzoek), told first when we are closed."""
        open_now = self.openingstijden.is_open()
        if open_now and self.settings.medewerker_nummer:
            state.ended = True
            resp = VoiceResponse()
            self._say(resp, f"{intro} {voice.DOORVERBINDEN}".strip())
            resp.dial(self.settings.medewerker_nummer, timeout=30)
            return resp
        state.stage = STAGE_DIALOGUE
        lead = voice.NAAR_MEDEWERKER if open_now else voice.GESLOTEN.format(tijden=self.openingstijden.spoken())
        messages = await ask(INTENT_MENS_SPREKEN, {"keuzemenu": "0", "openingstijden": {
            "open": open_now, "tekst": self.openingstijden.spoken()}})
        return self._render(state, messages, intro=f"{intro} {lead}".strip())

    # --- TwiML -------------------------------------------------------------------------------------------

    def _say(self, parent: Any, text: str) -> None:
        parent.say(text, voice=self.settings.voice, language=LANGUAGE)

    def _new_gather(self, num_digits: Optional[int], hints: Optional[str] = None) -> Gather:
        action = f"/webhooks/{CHANNEL_NAME}/webhook"
        if self.settings.public_base:
            action = f"{self.settings.public_base.rstrip('/')}{action}"
        attrs: Dict[str, Any] = dict(
            input="dtmf speech", action=action, method="POST", language=LANGUAGE,
            timeout=self.settings.timeout, speechTimeout=self.settings.speech_timeout,
            actionOnEmptyResult=True,
            # the safety net must see the words as spoken, not masked with asterisks
            profanityFilter=False,
        )
        if num_digits:
            attrs["numDigits"] = num_digits
        if hints:
            attrs["hints"] = hints
        if self.settings.speech_model:
            attrs["speechModel"] = self.settings.speech_model
            if self.settings.enhanced:
                attrs["enhanced"] = True
        return Gather(**attrs)

    def _gather(self, state: CallState, passages: List[str], hints: Optional[str] = None,
                num_digits: Optional[int] = None) -> VoiceResponse:
        """Say the passages (a short pause between them), the last one inside a <Gather> so keys interrupt it."""
        passages = [p for p in (p.strip() for p in passages) if p]
        resp = VoiceResponse()
        for passage in passages[:-1]:
            self._say(resp, passage)
            resp.pause(length=1)
        if num_digits is None and state.stage == STAGE_MENU:
            num_digits = 1
        elif num_digits is None and 0 < len(state.buttons) <= 9:
            num_digits = 1
        if hints is None and state.buttons:
            # the button titles are what a caller is likely to say next; hints help the recogniser
            hints = ", ".join(t[:100] for t in (voice.button_title(b) for b in state.buttons) if t)
        gather = self._new_gather(num_digits, hints)
        if passages:
            self._say(gather, passages[-1])
        resp.append(gather)
        return resp

    def _menu(self, state: CallState, intro: str = "") -> VoiceResponse:
        state.stage = STAGE_MENU
        state.buttons = []
        state.meer, state.na_meer, state.na_meer_buttons = [], [], []
        state.last_prompt, state.herhaald = voice.MENU, 0
        # The 112 line comes before the choices every time the menu is read, not only in the opening.
        passages = [p for p in (intro, "" if voice.GEVAAR in intro else voice.GEVAAR, voice.MENU) if p]
        return self._gather(state, passages, hints=MENU_HINTS, num_digits=1)

    def _render(self, state: CallState, messages: List[Dict[str, Any]], intro: str = "") -> VoiceResponse:
        """Bot messages → TwiML: each message one passage, lists two items at a time, hang up on request."""
        passages: List[str] = [intro] if intro else []
        buttons: List[Dict[str, Any]] = []
        hangup = False
        state.meer, state.na_meer, state.na_meer_buttons = [], [], []
        for i, message in enumerate(messages):
            custom = message.get("custom") or {}
            if isinstance(custom, dict) and (custom.get("hangup") or (custom.get("voice") or {}).get("hangup")):
                hangup = True
            text = message.get("text") or ""
            msg_buttons = list(message.get("buttons") or message.get("quick_replies") or [])
            intro_text, items, outro = voice.split_list_items(text)
            if len(items) > 2 and not hangup:
                passages.append(voice.render_message(intro_text))
                passages.extend(voice.speakable(item) for item in items[:2])
                passages.append(voice.MEER_HOREN)
                state.meer = [voice.speakable(item) for item in items[2:]]
                rest = [voice.render_message(outro, msg_buttons)]
                later_buttons = msg_buttons
                for later in messages[i + 1:]:
                    later_b = list(later.get("buttons") or later.get("quick_replies") or [])
                    rest.append(voice.render_message(later.get("text"), later_b))
                    later_buttons = later_b or later_buttons
                state.na_meer = [p for p in rest if p]
                state.na_meer_buttons = later_buttons
                buttons = []
                break
            if text or msg_buttons:
                passages.append(voice.render_message(text, msg_buttons))
            if msg_buttons:
                buttons = msg_buttons
        passages = [p for p in passages if p]
        if hangup:
            resp = VoiceResponse()
            for passage in passages or [voice.TOT_ZIENS]:
                self._say(resp, passage)
            resp.hangup()
            return resp
        state.buttons = buttons[:9]
        if not passages:
            passages = [voice.NIET_VERSTAAN]
        state.last_prompt, state.herhaald = passages[-1], 0
        return self._gather(state, passages)

    def _continue_list(self, state: CallState, digits: str, speech: str) -> Optional[VoiceResponse]:
        """After 'Wilt u meer horen?': yes → the next two items; no → what came after the list; anything else
        → None (the caller moved on; the input goes to the menu or Rasa)."""
        if voice.is_yes(digits, speech) and state.meer:
            chunk, state.meer = state.meer[:2], state.meer[2:]
            if state.meer:
                state.last_prompt, state.herhaald = voice.MEER_HOREN, 0
                return self._gather(state, [*chunk, voice.MEER_HOREN])
            return self._after_list(state, chunk)
        said_no = (digits.rstrip("#") == "2") or bool(re.match(r"^\s*(nee|neen|nee dank)", speech or "", re.I))
        if said_no or (voice.is_yes(digits, speech) and not state.meer):
            state.meer = []
            return self._after_list(state, [])
        state.meer, state.na_meer, state.na_meer_buttons = [], [], []
        return None

    def _after_list(self, state: CallState, chunk: List[str]) -> VoiceResponse:
        passages = [*chunk, *state.na_meer]
        state.buttons = state.na_meer_buttons[:9]
        state.na_meer, state.na_meer_buttons = [], []
        if not passages:
            passages = [voice.NIET_VERSTAAN]
        state.last_prompt, state.herhaald = passages[-1], 0
        return self._gather(state, passages)

    def _clean_speech(self, speech: Optional[str]) -> str:
        if not speech:
            return ""
        speech = re.sub(r"[\x00-\x1f\x7f]", " ", speech)
        # a leading slash would make Rasa read the words as an intent payload
        speech = re.sub(r"\s+", " ", speech).strip().lstrip("/").strip()
        return speech[: self.settings.max_speech_chars]


class _Asker:
    """Sends one user message of one call to Rasa and returns the collected bot messages."""

    def __init__(self, channel: TwilioVoiceInput, on_new_message: Callable[[UserMessage], Awaitable[None]],
                 call_sid: str, form: Dict[str, str]) -> None:
        self.channel = channel
        self.on_new_message = on_new_message
        self.call_sid = call_sid
        self.form = form

    async def __call__(self, text: str, extra: Optional[Dict[str, Any]] = None, mask: bool = False
                       ) -> List[Dict[str, Any]]:
        metadata: Dict[str, Any] = {"kanaal": "telefoon", "bsn_gemaskeerd": False}
        if mask:
            masked = mask_pii(text)
            text = masked.text
            metadata.update(masked.metadata())
        pii = dict(metadata.get("pii") or {})
        pii.update(caller_metadata(self.form.get("From")))
        if pii:
            metadata["pii"] = pii
        metadata["telefoon"] = {k: v for k, v in (extra or {}).items()}
        collector = TwilioVoiceCollectingOutputChannel()
        try:
            await self.on_new_message(UserMessage(text, collector, self.call_sid, input_channel=CHANNEL_NAME,
                                                  metadata=metadata))
        except Exception:  # the edge: any failure inside Rasa becomes a spoken apology, never a dead line
            logger.exception("twilio_voice: handling a message failed")
            return [{"text": voice.STORING, "custom": {"hangup": True}}]
        return collector.messages


def _float(raw: Optional[str]) -> Optional[float]:
    try:
        return float(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def _dangerous(text: str) -> bool:
    """routing.detect_danger on what was heard: a one-word answer at the menu ('zelfmoord') or speech with a low
    recognition confidence must not be a no-match."""
    from routing import detect_danger

    return detect_danger(text) is not None
