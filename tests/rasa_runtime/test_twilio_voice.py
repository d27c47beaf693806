"""The phone channel over real HTTP: a Sanic server with the channel registered the way Rasa registers it and a
stub agent at the edge (`on_new_message`), driven by Twilio-shaped, form-encoded, signed webhooks."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-auth-token-" + uuid.uuid4().hex
ACCOUNT_SID = "AC" + "1" * 32
CALLER = "+31612344567"
OUR_NUMBER = "+31545250000"
PUBLIC_BASE = "https://voordeur.berkelland.example"

# Allowed TwiML: verb → attributes. <Dial> only appears on the open-hours transfer route (unit test below).
ALLOWED = {
    "Response": set(),
    "Say": {"voice", "language", "loop"},
    "Gather": {"input", "action", "method", "language", "timeout", "speechTimeout", "actionOnEmptyResult",
               "profanityFilter", "numDigits", "hints", "speechModel", "enhanced", "finishOnKey"},
    "Pause": {"length"},
    "Hangup": set(),
    "Redirect": {"method"},
}
ALLOWED_CHILDREN = {"Response": {"Say", "Gather", "Pause", "Hangup", "Redirect"}, "Gather": {"Say", "Pause"}}

STUB_SERVER = textwrap.dedent(
    """
    import json, os, sys
    from sanic import Sanic
    from rasa.core.channels.channel import register
    from bot.voordeur.channels.twilio_voice import TwilioVoiceInput

    LOG = os.environ["STUB_LOG"]

    async def on_new_message(message):
        with open(LOG, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"sender_id": message.sender_id, "text": message.text,
                                 "metadata": message.metadata, "input_channel": message.input_channel}) + "\\n")
        out, text, rid = message.output_channel, message.text, message.sender_id
        pii = (message.metadata or {}).get("pii") or {}
        if text == "/melder_zelf":
            await out.send_text_message(rid, "Vertel in uw eigen woorden waar u hulp bij zoekt. 😊")
        elif text == "/melder_professional":
            await out.send_text_with_buttons(rid, "Gaat het om een **signaal**, een aanmelding of overleg?", [
                {"title": "Signaal", "payload": "/inform_signaal"},
                {"title": "Aanmelding 📝", "payload": "/inform_aanmelding"},
                {"title": "Overleg", "payload": "/inform_overleg"}])
        elif text == "/mens_spreken":
            await out.send_text_with_buttons(
                rid, "Mogen wij u terugbellen op het nummer waarmee u nu belt, eindigend op "
                     + pii.get("beller_laatste_cijfers", "?") + "?",
                [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}])
        elif text == "/affirm":
            await out.send_text_message(rid, "Uw aanmelding is ontvangen onder nummer VMK-2026-000123. "
                                             "Vragen? Bel 14 0545 of kijk op https://www.berkelland.nl/zorg.")
        elif "dood" in text:
            await out.send_text_message(rid, "Bel bij direct gevaar 112. Denkt u aan zelfdoding? Bel 113 of "
                                             "0800-0113. Veilig Thuis: 0800-2000.")
        elif "dichtbij" in text:
            await out.send_text_message(rid, "Dit is er bij u in de buurt:\\n- Dorpskamer Neede\\n- "
                                             "Repair cafe\\n- Voedselbank\\n- Welzijn Berkelland\\n\\nHelpt dat?")
            await out.send_text_with_buttons(rid, "Zal ik u aanmelden?", [
                {"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}])
        elif "tot ziens" in text:
            await out.send_custom_json(rid, {"hangup": True})
            await out.send_text_message(rid, "Tot ziens.")
        elif "storing" in text:
            raise RuntimeError("stub failure")
        else:
            await out.send_text_message(rid, "U zei: " + text)

    class StubAgent:
        # stands in for rasa.core.agent.Agent: `register` routes every UserMessage to handle_message

        async def handle_message(self, message):
            return await on_new_message(message)

    app = Sanic("twilio_stub")
    app.ctx.agent = StubAgent()
    channel = TwilioVoiceInput.from_credentials({"openingstijden": "ma-zo 00:00-00:00"})
    register([channel], app, route="/webhooks/")
    app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, workers=1)
    """
)


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """X-Twilio-Signature as Twilio computes it: HMAC-SHA1(token, url + k1 + v1 + k2 + v2 ... sorted by key)."""
    payload = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Phone:
    """Plays Twilio against the server: one CallSid per call, real field names, form encoding, signatures."""

    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log
        self.call_sid = "CA" + uuid.uuid4().hex

    def post(self, signed: bool = True, url: str | None = None, headers: dict | None = None,
             **fields: str) -> requests.Response:
        params = {"AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": self.call_sid,
                  "CallStatus": "in-progress", "Called": OUR_NUMBER, "Caller": CALLER, "Direction": "inbound",
                  "From": CALLER, "FromCity": "", "FromCountry": "NL", "To": OUR_NUMBER, **fields}
        params = {k: v for k, v in params.items() if v is not None}
        signed_url = url or f"{self.base}/webhooks/twilio_voice/webhook"
        hdrs = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        if signed:
            hdrs["X-Twilio-Signature"] = twilio_signature(TOKEN, signed_url, params)
        return requests.post(f"{self.base}/webhooks/twilio_voice/webhook", data=urlencode(params),
                             headers=hdrs, timeout=20)

    def twiml(self, **fields: str) -> ET.Element:
        resp = self.post(**fields)
        assert resp.status_code == 200, resp.text
        assert resp.headers["content-type"].startswith("text/xml")
        root = ET.fromstring(resp.content)
        assert_valid_twiml(root)
        return root

    def ring(self) -> ET.Element:
        return self.twiml(CallStatus="ringing")

    def received(self) -> list[dict]:
        if not self.log.exists():
            return []
        lines = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line]
        return [m for m in lines if m["sender_id"] == self.call_sid]


def assert_valid_twiml(root: ET.Element) -> None:
    """Well-formed TwiML with only the verbs and attributes this channel may use; Dutch everywhere."""
    assert root.tag == "Response"
    for parent in root.iter():
        assert parent.tag in ALLOWED, f"verb {parent.tag} not allowed"
        assert set(parent.attrib) <= ALLOWED[parent.tag], f"{parent.tag} has {parent.attrib}"
        for child in parent:
            assert child.tag in ALLOWED_CHILDREN.get(parent.tag, set()), f"{child.tag} inside {parent.tag}"
        if parent.tag == "Say":
            assert parent.get("language") == "nl-NL" and parent.get("voice") == "Polly.Lotte"
            assert (parent.text or "").strip()
            assert "http" not in parent.text and "**" not in parent.text
        if parent.tag == "Gather":
            assert parent.get("language") == "nl-NL"
            assert parent.get("input") == "dtmf speech"
            assert parent.get("actionOnEmptyResult") == "true"
            assert parent.get("action").endswith("/webhooks/twilio_voice/webhook")


def spoken(root: ET.Element) -> str:
    return " ".join((say.text or "").strip() for say in root.iter("Say"))


def gather(root: ET.Element) -> ET.Element:
    found = root.find("Gather")
    assert found is not None, ET.tostring(root)
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("twilio")
    log = tmp / "messages.jsonl"
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_VOICE": "", "TWILIO_PUBLIC_URL": "", "STUB_LOG": str(log)}
    server_log = tmp / "server.log"
    with server_log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", STUB_SERVER, str(port)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if requests.get(f"{base}/webhooks/twilio_voice/", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.3)
    else:
        proc.kill()
    if proc.poll() is not None:
        pytest.fail(f"stub server did not start:\n{server_log.read_text(errors='replace')[-3000:]}")
    yield base, log
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def phone(server) -> Phone:
    base, log = server
    return Phone(base, log)


def test_incoming_call_hears_welcome_and_the_keuzemenu_in_dutch(phone: Phone) -> None:
    root = phone.ring()
    text = spoken(root)
    assert text.startswith("Welkom bij Voormekaar")
    for option in ("kies 1", "kies 2", "kies 0", "kies 9"):
        assert option in text
    g = gather(root)
    assert g.get("numDigits") == "1"
    assert "inwoner" in g.get("hints")
    assert phone.received() == []  # the menu is the channel's own; Rasa hears nothing yet


def test_new_call_hears_112_in_the_first_say_before_any_menu_choice(phone: Phone) -> None:
    root = phone.ring()
    assert_valid_twiml(root)
    first = (next(root.iter("Say")).text or "").strip()
    assert "Bent u in gevaar? Hang op en bel 112." in first
    assert "kies" not in first.lower()
    text = spoken(root)
    assert text.index("112") < text.lower().index("kies")


@pytest.mark.parametrize("answer", [{"Digits": "9"}, {"SpeechResult": "hm", "Confidence": "0.9"}])
def test_a_repeated_menu_says_112_again_before_the_choices(phone: Phone, answer) -> None:
    phone.ring()
    root = phone.twiml(**answer)
    assert_valid_twiml(root)
    text = spoken(root)
    assert text.count("bel 112") == 1 and text.index("112") < text.lower().index("kies")


def test_unsigned_request_is_refused(phone: Phone) -> None:
    assert phone.post(signed=False, CallStatus="ringing").status_code == 403


def test_request_with_wrong_signature_is_refused(phone: Phone) -> None:
    resp = phone.post(headers={"X-Twilio-Signature": twilio_signature("not-the-token", phone.base +
                                                                       "/webhooks/twilio_voice/webhook", {})},
                      signed=False, CallStatus="ringing")
    assert resp.status_code == 403


def test_signature_over_other_fields_is_refused(phone: Phone) -> None:
    params = {"CallSid": phone.call_sid, "Digits": "1"}
    sig = twilio_signature(TOKEN, f"{phone.base}/webhooks/twilio_voice/webhook", params)
    resp = phone.post(signed=False, headers={"X-Twilio-Signature": sig}, Digits="2")  # tampered digits
    assert resp.status_code == 403


def test_signature_over_the_public_url_behind_a_proxy_is_accepted(phone: Phone) -> None:
    url = "https://voordeur.berkelland.example/webhooks/twilio_voice/webhook"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "voordeur.berkelland.example"}
    assert phone.post(url=url, headers=headers, CallStatus="ringing").status_code == 200
    # the same signature without the proxy headers is for a different URL
    params_sig_url = phone.post(url=url, CallStatus="ringing")
    assert params_sig_url.status_code == 403


def test_key_1_starts_the_inwoner_dialogue_with_callsid_as_conversation_id(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(Digits="1")
    msgs = phone.received()
    assert [m["text"] for m in msgs] == ["/melder_zelf"]
    msg = msgs[0]
    assert msg["sender_id"] == phone.call_sid and msg["sender_id"] != CALLER
    assert CALLER not in msg["sender_id"]
    assert msg["input_channel"] == "twilio_voice"
    assert msg["metadata"]["kanaal"] == "telefoon"
    assert msg["metadata"]["pii"] == {"beller": CALLER, "beller_laatste_cijfers": "4 5 6 7"}
    text = spoken(root)
    assert text.startswith("Vertel in uw eigen woorden") and "😊" not in text


@pytest.mark.parametrize("said,intent", [("Eén.", "/melder_zelf"), ("een", "/melder_zelf"),
                                         ("twee", "/melder_professional"), ("optie 2", "/melder_professional"),
                                         ("Ik ben huisarts", "/melder_professional")])
def test_spoken_menu_choice_works_like_a_key(phone: Phone, said: str, intent: str) -> None:
    phone.ring()
    phone.twiml(SpeechResult=said, Confidence="0.91")
    assert [m["text"] for m in phone.received()] == [intent]


def test_key_9_repeats_the_menu_without_asking_rasa(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(Digits="9")
    assert "kies 1" in spoken(root)
    assert phone.received() == []


def test_professional_buttons_are_read_as_numbered_choice_and_keys_pick_them(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(Digits="2")
    text = spoken(root)
    assert "Kies 1 voor signaal, 2 voor aanmelding, 3 voor overleg, of zeg het." in text
    assert "**" not in text and "📝" not in text
    assert gather(root).get("numDigits") == "1"
    assert gather(root).get("hints") == "Signaal, Aanmelding, Overleg"
    phone.twiml(Digits="3")
    assert [m["text"] for m in phone.received()] == ["/melder_professional", "/inform_overleg"]


def test_spoken_number_picks_a_button_too(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="2")
    phone.twiml(SpeechResult="Twee.", Confidence="0.8")
    assert [m["text"] for m in phone.received()] == ["/melder_professional", "/inform_aanmelding"]


def test_key_0_outside_opening_hours_offers_a_terugbelverzoek_on_the_callers_number(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(Digits="0")
    text = spoken(root)
    assert "niet bereikbaar" in text and "terugbellen" in text
    assert "eindigend op 4 5 6 7" in text
    msg = phone.received()[0]
    assert msg["text"] == "/mens_spreken"
    assert msg["metadata"]["telefoon"]["openingstijden"]["open"] is False
    root = phone.twiml(Digits="1")  # Ja
    text = spoken(root)
    assert "vee em kaa, twee nul twee zes, nul nul nul één twee drie" in text
    assert "veertien nul vijf vier vijf" in text and "http" not in text


def test_spoken_nee_in_a_whole_sentence_at_a_ja_nee_question_sends_the_nee_buttons_payload(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(Digits="0")
    assert "Kies 1 voor ja, 2 voor nee, of zeg het." in spoken(root)
    phone.twiml(SpeechResult="nee dat was het dank u wel", Confidence="0.9")
    assert [m["text"] for m in phone.received()] == ["/mens_spreken", "/deny"]


def test_alarming_speech_starting_with_nee_at_a_ja_nee_question_reaches_the_assistant_as_said(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="0")
    phone.twiml(SpeechResult="nee ik wil er niet meer zijn", Confidence="0.9")
    assert [m["text"] for m in phone.received()] == ["/mens_spreken", "nee ik wil er niet meer zijn"]


def test_free_speech_is_masked_and_sent_under_the_callsid(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    phone.twiml(SpeechResult="mijn bsn is 111222333 en bel me op 06 12 34 56 78", Confidence="0.8")
    msg = phone.received()[-1]
    assert "111222333" not in msg["text"] and "06 12 34 56 78" not in msg["text"]
    assert msg["metadata"]["bsn_gemaskeerd"] is True
    assert msg["metadata"]["pii"]["beller"] == CALLER
    assert msg["metadata"]["pii"]["telefoon"]


def test_long_speech_result_is_cut_to_the_limit(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    phone.twiml(SpeechResult="hulp " * 400, Confidence="0.8")
    assert len(phone.received()[-1]["text"]) <= 500


def test_crisis_by_voice_reads_emergency_numbers_in_groups(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(SpeechResult="mijn buurman slaat zijn kind bijna dood", Confidence="0.9")
    text = spoken(root)
    assert "één één twee" in text and "één één drie" in text
    assert "nul acht honderd, twee duizend" in text and "nul acht honderd, nul één één drie" in text


def test_silence_reprompts_then_menu_then_medewerker_route(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    first = phone.twiml()  # Twilio posts the Gather action with no Digits and no SpeechResult
    assert spoken(first).startswith("Ik hoorde niets.")
    assert "Vertel in uw eigen woorden" in spoken(first)
    second = phone.twiml(SpeechResult="")
    assert "keuzemenu" in spoken(second) and "kies 1" in spoken(second)
    third = phone.twiml()
    assert "terugbellen" in spoken(third)
    assert [m["text"] for m in phone.received()] == ["/melder_zelf", "/mens_spreken"]


def test_low_confidence_at_the_menu_is_a_no_match(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(SpeechResult="gnrf", Confidence="0.05")
    assert spoken(root).startswith("Dat heb ik niet goed verstaan.") and "kies 1" in spoken(root)
    root = phone.twiml(Digits="7")
    assert "keuzemenu" in spoken(root)
    assert phone.received() == []


def test_low_confidence_in_the_dialogue_is_checked_once_with_zei_u(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    root = phone.twiml(SpeechResult="ik woon in neede", Confidence="0.1")
    assert spoken(root) == "Zei u: ik woon in neede? Kies 1 voor ja, 2 voor nee."
    assert [m["text"] for m in phone.received()] == ["/melder_zelf"]  # nothing counted yet
    phone.twiml(Digits="1")
    assert phone.received()[-1]["text"] == "ik woon in neede"  # yes: what was heard counts


def test_nee_to_zei_u_asks_again_and_a_second_unsure_answer_is_a_no_match(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    phone.twiml(SpeechResult="ik woon in rekken", Confidence="0.1")
    root = phone.twiml(SpeechResult="nee", Confidence="0.9")
    assert spoken(root).startswith("Zegt u het dan nog een keer?")
    root = phone.twiml(SpeechResult="rekken", Confidence="0.1")
    assert spoken(root).startswith("Dat heb ik niet goed verstaan.")  # one "Zei u" per question, not a loop
    assert [m["text"] for m in phone.received()] == ["/melder_zelf"]


def test_danger_heard_with_low_confidence_still_reaches_the_assistant(phone: Phone) -> None:
    phone.ring()
    phone.twiml(SpeechResult="ik wil er niet meer zijn", Confidence="0.2")
    assert phone.received()[-1]["text"] == "ik wil er niet meer zijn"


def test_long_lists_are_read_two_at_a_time(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    root = phone.twiml(SpeechResult="wat is er dichtbij", Confidence="0.9")
    text = spoken(root)
    assert "Dorpskamer Neede" in text and "Repair cafe" in text and "Voedselbank" not in text
    assert text.endswith("Wilt u meer horen? Zeg ja, of kies 1.")
    root = phone.twiml(SpeechResult="ja graag", Confidence="0.9")
    text = spoken(root)
    assert "Voedselbank" in text and "Welzijn Berkelland" in text and "Zal ik u aanmelden?" in text
    phone.twiml(Digits="1")  # now the Ja button
    assert [m["text"] for m in phone.received()][-1] == "/affirm"


def test_hangup_ends_the_call_with_empty_twiml_and_forgets_it(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    root = phone.twiml(CallStatus="completed", CallDuration="42")
    assert list(root) == []
    # a late Gather for the same call starts again at the menu rather than in a stale state
    root = phone.twiml(Digits="2")
    assert "kies 1" in spoken(root) or "Welkom" in spoken(root)


def test_bot_can_end_the_call(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    root = phone.twiml(SpeechResult="Dat was het, tot ziens", Confidence="0.9")
    assert root.find("Hangup") is not None and root.find("Gather") is None


def test_failure_inside_rasa_is_a_spoken_apology_not_a_500(phone: Phone) -> None:
    phone.ring()
    phone.twiml(Digits="1")
    root = phone.twiml(SpeechResult="dit geeft een storing", Confidence="0.9")
    assert "één één twee" in spoken(root) and root.find("Hangup") is not None


def test_malformed_callsid_is_rejected_even_when_signed(phone: Phone) -> None:
    phone.call_sid = "+31612344567"
    assert phone.post(CallStatus="ringing").status_code == 400


# --- limits before work: each refusal is decided before the call is touched (nothing reaches Rasa) ----------

def _raw_post(phone: Phone, body: bytes, signature: str | None) -> requests.Response:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    return requests.post(f"{phone.base}/webhooks/twilio_voice/webhook", data=body, headers=headers, timeout=20)


def _signed_form(phone: Phone, **extra: str) -> tuple[bytes, str]:
    """Key 1 at the menu (which would send /melder_zelf to Rasa), plus `extra` fields, signed."""
    params = {"AccountSid": ACCOUNT_SID, "CallSid": phone.call_sid, "CallStatus": "in-progress", "From": CALLER,
              "To": OUR_NUMBER, "Digits": "1", **extra}
    return urlencode(params).encode(), twilio_signature(TOKEN, f"{phone.base}/webhooks/twilio_voice/webhook", params)


def _status_of_headers_only(phone: Phone, headers: dict[str, str]) -> int:
    """Send only the request head announcing a 100 MB body; the status line must come back without the body."""
    port = int(phone.base.rsplit(":", 1)[1])
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall((f"POST /webhooks/twilio_voice/webhook HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                      f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n"
                      f"{head}\r\n").encode())
        status_line = sock.recv(200).split(b"\r\n", 1)[0].decode()  # socket.timeout if the server waits
    return int(status_line.split()[1])


def test_unsigned_request_announcing_100_mb_is_refused_403_before_its_body_is_read(phone: Phone) -> None:
    assert _status_of_headers_only(phone, {}) == 403


def test_signed_request_announcing_100_mb_is_refused_413_before_its_body_is_read(phone: Phone) -> None:
    _, sig = _signed_form(phone)
    assert _status_of_headers_only(phone, {"X-Twilio-Signature": sig}) == 413


def test_signed_body_over_the_cap_is_413_and_never_reaches_the_call(phone: Phone) -> None:
    phone.ring()
    body, sig = _signed_form(phone, SpeechResult="x" * 70_000)
    assert _raw_post(phone, body, sig).status_code == 413
    assert phone.received() == []


def test_form_with_more_than_100_fields_is_refused_400_even_when_signed(phone: Phone) -> None:
    phone.ring()
    body, sig = _signed_form(phone, **{f"Veld{i}": "x" for i in range(100)})
    assert _raw_post(phone, body, sig).status_code == 400
    assert phone.received() == []


def test_signed_twilio_form_of_about_30_fields_within_the_caps_reaches_the_call(phone: Phone) -> None:
    phone.ring()
    body, sig = _signed_form(phone, **{f"StirVerstat{i}": "TN-Validation-Passed-A" for i in range(20)})
    assert _raw_post(phone, body, sig).status_code == 200
    assert [m["text"] for m in phone.received()] == ["/melder_zelf"]



def test_a_key_that_is_not_a_choice_is_the_callers_answer_in_the_dialogue(phone: Phone) -> None:
    """"9" to a question with three choices is an answer (an age, a score), not 'repeat': the dialogue decides and
    counts it, so no question comes round again and again without its repair (issue 9)."""
    phone.ring()
    phone.twiml(Digits="2")  # the professional's three choices
    phone.twiml(Digits="9")
    assert [m["text"] for m in phone.received()][-1] == "9"


def test_wat_zegt_u_says_the_question_again_without_asking_rasa_then_it_is_an_answer(phone: Phone) -> None:
    """A caller who did not hear the question asks for it again: that is not an answer ("wat zeg ie" at "Klopt
    dat?" must not undo a right guess). At most twice for one prompt; a third time it goes to the dialogue."""
    phone.ring()
    first = spoken(phone.twiml(Digits="2"))  # the professional's three choices
    for said in ("wat zegt u?", "eh sorry, kunt u dat herhalen"):
        again = spoken(phone.twiml(SpeechResult=said, Confidence="0.9"))
        assert "Kies 1 voor signaal, 2 voor aanmelding, 3 voor overleg" in again and again in first
    assert [m["text"] for m in phone.received()] == ["/melder_professional"]
    phone.twiml(SpeechResult="wat zegt u?", Confidence="0.9")
    assert [m["text"] for m in phone.received()][-1] == "wat zegt u?"


def test_wat_zegt_u_at_the_menu_repeats_the_menu(phone: Phone) -> None:
    phone.ring()
    root = phone.twiml(SpeechResult="pardon?", Confidence="0.9")
    assert "kies 1" in spoken(root) and phone.received() == []
