"""Phone calls end to end: signed Twilio webhooks → Rasa (twilio_voice channel) → actions → inbox."""
from __future__ import annotations

import re

import httpx
import pytest

from tests.support.voice import VoiceCall

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def assert_dutch_twiml(call: VoiceCall) -> None:
    root = call.last
    assert root.tag == "Response"
    for say in root.iter("Say"):
        assert say.get("language") == "nl-NL" and say.get("voice", "").startswith("Polly."), call.transcript()
    for gather in root.iter("Gather"):
        assert gather.get("language") == "nl-NL" and gather.get("input") == "dtmf speech"


def walk(call: VoiceCall, steps: list[tuple[str, str]]) -> None:
    for kind, value in steps:
        (call.press if kind == "key" else call.speak)(value)
        assert_dutch_twiml(call)


INWONER_TOT_SAMENVATTING = [
    ("key", "1"), ("speech", "Ik kan mijn huis niet meer schoonmaken sinds mijn operatie"),
    ("key", "1"), ("speech", "Neede"),  # "Klopt dat?" 1: Ja, dat klopt
    # two voorzieningen, then at once "Helpt dit u verder?" with "Meer horen" as a third choice: 2 = contact
    ("key", "2"), ("speech", "Jan Jansen"),
    # "Mogen wij u terugbellen op het nummer waarmee u nu belt, eindigend op ...?" — ja; then at once the read-back
    # with its one question (no e-mail and no time question on the phone: we call on a werkdag)
    ("key", "1"),
]


def test_caller_is_routed_with_the_callsid_as_id_and_their_own_number_with_consent(stack):
    call = VoiceCall(stack, caller="+31612344567")
    call.ring()
    assert_dutch_twiml(call)
    assert "kies 1" in call.spoken.lower() and "kies 2" in call.spoken.lower()
    walk(call, INWONER_TOT_SAMENVATTING[:6])
    # Single digits are left to the Dutch voice ("4 5 6 7" is read digit by digit), words would do too.
    assert re.search(r"eindigend op (4 5 6 7|vier vijf zes zeven)", call.spoken.lower()), call.transcript()
    walk(call, INWONER_TOT_SAMENVATTING[6:])
    assert "klopt dit" in call.spoken.lower(), call.transcript()
    call.press("1")
    asked = [twiml for _, twiml in call.log if "e-mailadres geven" in twiml or "voorbeeld.nl" in twiml]
    assert not asked, "a caller is never asked for an e-mail address"
    [a] = stack.inbox_get("/api/v1/aanmeldingen", conversation_id=call.call_sid).json()["items"]
    assert (a["kanaal"], a["onderwerpen"][0], a["kern"]) == ("telefoon", "huishoudelijke_hulp", "Neede")
    assert a["contact"]["telefoon"] == "+31612344567"
    assert "vee em kaa" in call.spoken.lower() or "VMK" in call.spoken, "the reference number is spelled out"
    by_number = httpx.get(f"{stack.rasa_url}/conversations/%2B31612344567/tracker",
                          headers=stack.rasa_api_headers(), timeout=30).json()
    # Asking Rasa for an unknown id creates an empty session; what matters is that nobody spoke in it.
    assert [e for e in by_number.get("events") or [] if e["event"] == "user"] == [], \
        "the phone number is never a conversation id"
    # Then one satisfaction question, answered by saying the score; no comment is asked on the phone.
    assert "hoe tevreden bent u over dit gesprek" in call.spoken.lower(), call.transcript()
    assert "4 voor tevreden" in call.spoken.lower(), call.transcript()
    call.speak("vier")
    assert "dank u wel voor uw antwoord" in call.spoken.lower() and "iets zeggen" not in call.spoken.lower()
    t = stack.inbox_get("/api/v1/statistieken").json()["totaal"]["tevredenheid"]
    assert t["per"]["kanaal"]["telefoon"]["verdeling"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}
    assert t["per"]["onderwerp"]["huishoudelijke_hulp"]["n"] >= 1 and t["per"]["uitkomst"]["aanmelding"]["n"] >= 1
    by_sid = httpx.get(f"{stack.rasa_url}/conversations/{call.call_sid}/tracker",
                       headers=stack.rasa_api_headers(), timeout=30).json()
    assert any(e["event"] == "user" for e in by_sid["events"])


def test_professional_gets_the_partner_flow_by_menu_option_2(stack):
    call = VoiceCall(stack)
    call.ring()
    call.press("2")
    assert_dutch_twiml(call)
    assert "namen" in call.spoken.lower(), call.transcript()


def test_danger_on_the_phone_gives_the_crisis_numbers_first(stack):
    call = VoiceCall(stack)
    call.ring()
    call.press("1")
    call.speak("mijn vriend slaat me en ik durf niet naar huis")
    said = call.spoken.lower()
    assert "één één twee" in said or "112" in said, call.transcript()
    assert "twee duizend" in said, "Veilig Thuis 0800-2000 read in groups"


def test_silence_reprompts_then_menu_then_medewerker(stack):
    call = VoiceCall(stack)
    call.ring()
    call.post()  # Twilio's actionOnEmptyResult: no Digits, no SpeechResult
    first = call.spoken
    call.post()
    second = call.spoken
    call.post()
    third = call.spoken
    assert first and second and third
    assert "kies 1" in second.lower(), "the menu is offered again"
    assert "14 0545" in third or "veertien nul vijf vier vijf" in third.lower() or "medewerker" in third.lower()


def test_hang_up_ends_the_call_with_empty_twiml(stack):
    call = VoiceCall(stack)
    call.ring()
    call.press("1")
    root = call.hang_up()
    assert root.tag == "Response" and len(list(root)) == 0


@pytest.mark.parametrize("tamper", ["unsigned", "wrong-signature"])
def test_requests_without_a_valid_twilio_signature_are_refused(stack, tamper):
    call = VoiceCall(stack)
    url = f"{stack.rasa_url}/webhooks/twilio_voice/webhook"
    headers = {} if tamper == "unsigned" else {"X-Twilio-Signature": "bm90LXRoZS1zaWduYXR1cmU="}
    r = httpx.post(url, data={"CallSid": call.call_sid, "From": call.caller, "CallStatus": "ringing"},
                   headers=headers, timeout=30)
    assert r.status_code == 403
