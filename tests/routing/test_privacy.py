"""BSN masking (elfproef) and phone normalisation to E.164."""
import random

import pytest

from routing import BSN_PLACEHOLDER, find_emails, find_phones, is_bsn, mask_bsn, normalise_phone

VALID_BSN = ["111222333", "123456782", "999999990", "010000008"]


def _elfproef(digits: str) -> bool:
    return (sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])) % 11 == 0


@pytest.mark.parametrize("bsn", VALID_BSN)
def test_valid_bsn_passes_the_elfproef(bsn):
    assert is_bsn(bsn)


@pytest.mark.parametrize("value", ["123456789", "111222334", "000000000", "12345678", "1234567890", "12345678a", "", "abc"])
def test_invalid_bsn_fails(value):
    assert not is_bsn(value)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("mijn bsn is 111222333", f"mijn bsn is {BSN_PLACEHOLDER}"),
        ("BSN: 123456782.", f"BSN: {BSN_PLACEHOLDER}."),
        ("nummer 123 456 782 graag", f"nummer {BSN_PLACEHOLDER} graag"),
        ("nummer 1234.56.782", f"nummer {BSN_PLACEHOLDER}"),
        ("111222333 en 123456782", f"{BSN_PLACEHOLDER} en {BSN_PLACEHOLDER}"),
    ],
    ids=["plain", "punctuation_around", "grouped_3_3_3", "grouped_4_2_3", "two_bsns"],
)
def test_bsn_in_text_is_masked(text, expected):
    assert mask_bsn(text) == (expected, True)


@pytest.mark.parametrize(
    "text",
    [
        "mijn nummer is 123456789",
        "bel me op 0612345678",
        "bel 06-12345678",
        "of +31 6 1234 5678",
        "vast nummer 0545 123456",
        "0031612345678",
        "IBAN NL91ABNA0417164300",
        "dossiernummer 1112223330",
        "geen cijfers hier",
        "",
    ],
    ids=["nine_digits_failing_elfproef", "mobile", "mobile_dash", "international", "landline", "0031", "iban", "ten_digits", "text", "empty"],
)
def test_text_without_bsn_is_left_alone(text):
    assert mask_bsn(text) == (text, False)


def test_random_nine_digit_numbers_are_masked_only_when_they_pass_the_elfproef():
    rng = random.Random(2026)
    for _ in range(500):
        digits = "".join(rng.choice("0123456789") for _ in range(9))
        masked, found = mask_bsn(f"nummer {digits} dus")
        should = _elfproef(digits) and digits != "000000000"
        assert found is should, digits
        assert (BSN_PLACEHOLDER in masked) is should


@pytest.mark.parametrize(
    "raw,e164",
    [
        ("06-12345678", "+31612345678"),
        ("0612345678", "+31612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("0545 123456", "+31545123456"),
        ("0545-123456", "+31545123456"),
        ("(0545) 12 34 56", "+31545123456"),
        ("+49 30 1234567", "+49301234567"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_valid_phone_number_is_normalised_to_e164(raw, e164):
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["", "   ", "12345", "0612", "06-1234567", "bel me maar", "06123456789012", "+31 6 1234", None, "😀"])
def test_invalid_phone_number_gives_none(raw):
    assert normalise_phone(raw) is None


@pytest.mark.parametrize(
    "raw,e164",
    [
        ("mijn nummer is 06-12345678", "+31612345678"),
        ("bel me op 0545 123456 graag", "+31545123456"),
        ("06 12345678 of 0545 123456", None),
        ("mijn nummer is 0612", None),
    ],
    ids=["one_mobile_in_a_sentence", "one_landline_in_a_sentence", "two_numbers_is_ambiguous", "too_short_in_a_sentence"],
)
def test_a_sentence_with_exactly_one_valid_number_gives_that_number(raw, e164):
    assert normalise_phone(raw) == e164


def test_phones_and_emails_are_found_in_free_text():
    text = "Bel me op 06-12345678 of mail naar jan.jansen@example.nl, anders 0545 123456."
    assert find_phones(text) == ("+31612345678", "+31545123456")
    assert find_emails(text) == ("jan.jansen@example.nl",)
