"""BSN, phone and e-mail masking before Rasa sees a message (bot.voordeur.pii)."""
from __future__ import annotations

import random
import re

import pytest

from bot.voordeur.pii import EMAIL_PLACEHOLDER, TELEFOON_PLACEHOLDER, mask_pii
from bot.voordeur.voice import speak_digits
from routing import BSN_PLACEHOLDER

# 111222333 passes the elfproef; 123456789 does not.


@pytest.mark.parametrize(
    "text, expected_text, telefoon",
    [
        ("bel me op 06-12345678", f"bel me op {TELEFOON_PLACEHOLDER}", ["06-12345678"]),
        ("0612345678", TELEFOON_PLACEHOLDER, ["0612345678"]),
        ("nummer +31 6 1234 5678 graag", f"nummer {TELEFOON_PLACEHOLDER} graag", ["+31 6 1234 5678"]),
        ("0031612345678", TELEFOON_PLACEHOLDER, ["0031612345678"]),
        ("vast 0545 123456 of 06 123 456 78", f"vast {TELEFOON_PLACEHOLDER} of {TELEFOON_PLACEHOLDER}",
         ["0545 123456", "06 123 456 78"]),
        ("buitenland +44 20 7946 0958", f"buitenland {TELEFOON_PLACEHOLDER}", ["+44 20 7946 0958"]),
    ],
)
def test_phone_numbers_become_a_placeholder_with_the_raw_value_in_metadata(text, expected_text, telefoon):
    masked = mask_pii(text)
    assert masked.text == expected_text
    assert masked.metadata()["pii"] == {"telefoon": telefoon, "email": []}


@pytest.mark.parametrize(
    "text",
    [
        "bel 14 0545",
        "Veilig Thuis 0800-2000 of 113",
        "postcode 7271 AB, huisnummer 12, 1250 euro per maand in 2026",
        "afspraak op 24-11-2026 om 10:00",
        "rekening NL91ABNA0417164300",
        "ik ben 87 jaar en woon in Neede",
        "123456789",
    ],
)
def test_ordinary_numbers_and_public_service_numbers_stay(text):
    masked = mask_pii(text)
    assert masked.text == text
    assert "pii" not in masked.metadata()


def test_email_address_becomes_a_placeholder():
    masked = mask_pii("mail naar jan.de-vries+zorg@example.nl of bel")
    assert masked.text == f"mail naar {EMAIL_PLACEHOLDER} of bel"
    assert masked.metadata()["pii"] == {"telefoon": [], "email": ["jan.de-vries+zorg@example.nl"]}


def test_bsn_is_removed_for_good_and_flagged():
    masked = mask_pii("mijn bsn is 111222333")
    assert "111222333" not in masked.text
    assert masked.bsn_gemaskeerd is True
    assert masked.metadata() == {"bsn_gemaskeerd": True}


def test_text_without_personal_data_is_unchanged():
    masked = mask_pii("ik heb hulp nodig bij het huishouden")
    assert masked.text == "ik heb hulp nodig bij het huishouden"
    assert masked.metadata() == {"bsn_gemaskeerd": False}


def elfproef(digits: str) -> bool:
    """The BSN check, written out here so the generated numbers do not depend on the code under test."""
    padded = digits.zfill(9)
    return (sum(int(d) * w for d, w in zip(padded[:8], range(9, 1, -1))) - int(padded[8])) % 11 == 0


def _bsns(seed: str, count: int = 30) -> list[str]:
    """Generated BSNs (elfproef), 9 digits and 8 (a leading zero left out)."""
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        digits = str(rng.randint(10_000_000, 999_999_999))
        if elfproef(digits):
            found.append(digits)
    return found


# What the channels receive: typed in the web chat, said on the phone (speech-to-text), typed on the keypad.
CHANNEL_FORMS = {
    "web_hyphens": lambda b: f"mijn bsn is {b[:3]}-{b[3:6]}-{b[6:]}",
    "web_spaces_and_a_child_count": lambda b: f"bsn {b[:3]} {b[3:5]} {b[5:7]} {b[7:]} 2 kinderen",
    "web_with_a_year": lambda b: f"dossier {b}/2024",
    "speech_digits": lambda b: f"mijn burgerservicenummer is {' '.join(b)}",
    "speech_words": lambda b: f"mijn bsn is {speak_digits(b).replace('één', 'een')}",
    "keypad_with_stars": lambda b: "*".join(b[i:i + 3] for i in range(0, len(b), 3)),
}


@pytest.mark.parametrize("form", CHANNEL_FORMS)
def test_a_bsn_in_any_channel_form_is_removed_and_never_taken_for_a_phone_number(form):
    for bsn in _bsns(form):
        masked = mask_pii(CHANNEL_FORMS[form](bsn))
        assert masked.bsn_gemaskeerd is True, masked.text
        assert BSN_PLACEHOLDER in masked.text
        assert bsn not in re.sub(r"\D", "", masked.text)
        assert "pii" not in masked.metadata(), "a BSN must never travel as a number to call back"


def test_a_phone_number_next_to_a_bsn_stays_usable_for_the_callback():
    masked = mask_pii("bsn 1 2 3 4 5 6 7 8 2, bel me op 06 12 34 56 78")
    assert masked.text == f"bsn {BSN_PLACEHOLDER}, bel me op {TELEFOON_PLACEHOLDER}"
    assert masked.metadata() == {"bsn_gemaskeerd": True, "pii": {"telefoon": ["06 12 34 56 78"], "email": []}}
