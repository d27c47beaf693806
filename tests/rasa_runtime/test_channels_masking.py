"""BSN, phone and e-mail masking before Rasa sees a message (bot.voordeur.pii)."""
from __future__ import annotations

import pytest

from bot.voordeur.pii import EMAIL_PLACEHOLDER, TELEFOON_PLACEHOLDER, mask_pii

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
