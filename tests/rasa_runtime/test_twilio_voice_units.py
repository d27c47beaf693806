"""The phone channel's settings and call flow without HTTP: configuration checks, the open-hours transfer,
absolute action URLs behind a public base URL (per-call state: test_call_state.py)."""
from __future__ import annotations

import asyncio
import uuid
import xml.etree.ElementTree as ET

import pytest
from rasa.shared.exceptions import InvalidConfigException

from bot.voordeur.channels.twilio_voice import (
    TwilioVoiceInput,
    VoiceSettings,
    caller_metadata,
    signature_valid,
)


def call(channel: TwilioVoiceInput, received: list, **fields: str) -> ET.Element:
    async def on_new_message(message) -> None:
        received.append(message)
        await message.output_channel.send_text_message(message.sender_id, "Mogen wij u terugbellen?")

    form = {"CallSid": fields.pop("CallSid"), "From": "+31612344567", "CallStatus": "in-progress", **fields}
    return ET.fromstring(str(asyncio.run(channel.handle(form, on_new_message))))


def test_key_0_during_opening_hours_with_a_transfer_number_dials_a_medewerker() -> None:
    channel = TwilioVoiceInput(VoiceSettings(openingstijden="ma-zo 00:00-23:59", medewerker_nummer="+31545250000"))
    sid, received = "CA" + uuid.uuid4().hex, []
    call(channel, received, CallSid=sid, CallStatus="ringing")
    root = call(channel, received, CallSid=sid, Digits="0")
    dial = root.find("Dial")
    assert dial is not None and dial.text == "+31545250000"
    assert root.find("Say").get("language") == "nl-NL"
    assert received == []
    assert asyncio.run(channel.store.get(sid)) is None  # the call left us: nothing of it is kept


def test_key_0_during_opening_hours_without_transfer_number_asks_the_dialogue() -> None:
    channel = TwilioVoiceInput(VoiceSettings(openingstijden="ma-zo 00:00-23:59"))
    sid, received = "CA" + uuid.uuid4().hex, []
    call(channel, received, CallSid=sid, CallStatus="ringing")
    root = call(channel, received, CallSid=sid, SpeechResult="een medewerker", Confidence="0.9")
    assert [m.text for m in received] == ["/mens_spreken"]
    assert received[0].metadata["telefoon"]["openingstijden"]["open"] is True
    assert "Ik breng u in contact met een medewerker." in "".join(s.text for s in root.iter("Say"))


def test_public_base_url_makes_the_gather_action_absolute() -> None:
    channel = TwilioVoiceInput(VoiceSettings(public_base="https://voordeur.example/rasa/"))
    root = call(channel, [], CallSid="CA" + uuid.uuid4().hex, CallStatus="ringing")
    assert root.find("Gather").get("action") == "https://voordeur.example/rasa/webhooks/twilio_voice/webhook"


def test_speech_model_is_only_sent_when_configured() -> None:
    plain = call(TwilioVoiceInput(VoiceSettings()), [], CallSid="CA" + uuid.uuid4().hex, CallStatus="ringing")
    assert "speechModel" not in plain.find("Gather").attrib
    tuned = TwilioVoiceInput(VoiceSettings(speech_model="phone_call", enhanced=True))
    root = call(tuned, [], CallSid="CA" + uuid.uuid4().hex, CallStatus="ringing")
    assert root.find("Gather").get("speechModel") == "phone_call" and root.find("Gather").get("enhanced") == "true"


@pytest.mark.parametrize("credentials", [
    {"assistant_voice": "Polly.Joanna"},
    {"openingstijden": "altijd"},
    {"timeout": "kort"},
])
def test_invalid_settings_are_refused_at_startup(credentials: dict) -> None:
    with pytest.raises(InvalidConfigException):
        TwilioVoiceInput.from_credentials(credentials)


def test_voice_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_VOICE", "Polly.Ruben")
    channel = TwilioVoiceInput.from_credentials({})
    root = call(channel, [], CallSid="CA" + uuid.uuid4().hex, CallStatus="ringing")
    assert {s.get("voice") for s in root.iter("Say")} == {"Polly.Ruben"}


def test_no_auth_token_refuses_everything() -> None:
    assert not signature_valid(None, "https://x/webhooks/twilio_voice/webhook", {}, "anything")
    assert not signature_valid("token", "https://x/webhooks/twilio_voice/webhook", {}, None)


def test_caller_number_only_for_real_numbers() -> None:
    assert caller_metadata("+31612344567") == {"beller": "+31612344567", "beller_laatste_cijfers": "4 5 6 7"}
    assert caller_metadata("anonymous") == {}
    assert caller_metadata("client:alice") == {}


@pytest.mark.parametrize("status", ["completed", "busy", "failed", "no-answer", "canceled"])
def test_every_final_status_returns_empty_twiml(status: str) -> None:
    channel = TwilioVoiceInput(VoiceSettings())
    sid, received = "CA" + uuid.uuid4().hex, []
    call(channel, received, CallSid=sid, CallStatus="ringing")
    root = call(channel, received, CallSid=sid, CallStatus=status)
    assert root.tag == "Response" and list(root) == [] and asyncio.run(channel.store.get(sid)) is None


def test_hangup_mid_conversation_tells_the_dialogue_when_configured() -> None:
    channel = TwilioVoiceInput(VoiceSettings(hangup_intent="/goodbye"))
    sid, received = "CA" + uuid.uuid4().hex, []
    call(channel, received, CallSid=sid, CallStatus="ringing")
    call(channel, received, CallSid=sid, Digits="1")
    root = call(channel, received, CallSid=sid, CallStatus="completed")
    assert list(root) == []
    assert [m.text for m in received] == ["/melder_zelf", "/goodbye"]
    assert received[-1].sender_id == sid and received[-1].metadata["telefoon"] == {"opgehangen": "completed"}


def test_hangup_at_the_menu_does_not_bother_the_dialogue() -> None:
    channel = TwilioVoiceInput(VoiceSettings(hangup_intent="/goodbye"))
    sid, received = "CA" + uuid.uuid4().hex, []
    call(channel, received, CallSid=sid, CallStatus="ringing")
    call(channel, received, CallSid=sid, CallStatus="completed")
    assert received == []
