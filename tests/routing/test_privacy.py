"""BSN masking (elfproef) in every written form, and phone normalisation to E.164.

The BSN tables are generated from a seeded RNG: valid numbers (9 digits, and 8 digits = a BSN whose leading zero
is left out) in every form a person or speech-to-text writes them, invalid ones in the same forms, and the
numbers that must stay readable (phone numbers, dates, postcodes, IBANs, ranges, amounts).
"""
import random
import re

import pytest

from bot.voordeur.voice import number_words, speak_digits
from routing import BSN_PLACEHOLDER, find_emails, find_phones, is_bsn, mask_bsn, mask_pii, normalise_phone
from routing.privacy import PiiMasked

VALID_BSN = ["111222333", "123456782", "999999990", "010000008"]
SEPARATORS = [" ", ".", "-", "/", " - ", ". ", "  ", "\u2013", ", "]
RNG_SEED = 11


def _elfproef(digits: str) -> bool:
    digits = digits.zfill(9)
    return (sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])) % 11 == 0


def _valid(rng: random.Random, length: int) -> str:
    """A random BSN of `length` digits (9, or 8 = a 9-digit one with a leading zero) that is not all zeros."""
    while True:
        head = "0" * (9 - length) + str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(length - 2))
        check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1))) % 11
        if check < 10:
            return (head + str(check))[9 - length:]


def _invalid(rng: random.Random, length: int) -> str:
    """A random number of `length` digits none of whose 8- and 9-digit parts passes the elfproef."""
    while True:
        digits = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(length - 1))
        parts = [digits] + ([digits[:8], digits[1:]] if length == 9 else [])
        if not any(_elfproef(p) for p in parts if p[0] != "0" or len(p) == 9):
            return digits


def _grouped(rng: random.Random, digits: str) -> str:
    """The digits in random groups of 1-5 with random (mixed) separators."""
    groups, i = [], 0
    while i < len(digits):
        size = rng.randint(1, 5)
        groups.append(digits[i:i + size])
        i += size
    out = groups[0]
    for group in groups[1:]:
        out += rng.choice(SEPARATORS) + group
    return out


def _pairs_in_words(digits: str) -> str:
    """Read in pairs as a caller does: '12 34 56 78 2' → 'twaalf vierendertig ... twee' (a pair from 0 digit by digit)."""
    pairs = [digits[i:i + 2] for i in range(0, len(digits), 2)]
    return " ".join(speak_digits(p) if p.startswith("0") else number_words(int(p)) for p in pairs)


FORMS = {
    "together": lambda rng, d: d,
    "groups_3_3_3_hyphen": lambda rng, d: "-".join(d[i:i + 3] for i in range(0, len(d), 3)),
    "groups_3_2_2_2_space": lambda rng, d: f"{d[:3]} {d[3:5]} {d[5:7]} {d[7:]}",
    "groups_4_2_3_dot": lambda rng, d: f"{d[:4]}.{d[4:6]}.{d[6:]}",
    "random_groups_mixed_separators": _grouped,
    "speech_digits_spaced": lambda rng, d: " ".join(d),
    "speech_digit_words": lambda rng, d: speak_digits(d),
    "speech_digit_words_plain_een": lambda rng, d: speak_digits(d).replace("één", "een"),
    "speech_pairs_in_words": lambda rng, d: _pairs_in_words(d),
    # a caller pauses between the groups; speech-to-text writes a comma there
    "speech_hundreds_in_words": lambda rng, d: ", ".join(number_words(int(d[i:i + 3])) if d[i] != "0"
                                                        else speak_digits(d[i:i + 3]) for i in range(0, len(d), 3)),
    "keypad_stars": lambda rng, d: "*".join(d[i:i + 3] for i in range(0, len(d), 3)) + "#",
}
CONTEXTS = {
    "sentence": "mijn bsn is {} dus",
    "followed_by_a_number": "bsn {} 2 kinderen",
    "followed_by_a_year": "{}/2024",
    "preceded_by_a_number": "ik ben 84 {} is mijn nummer",
    "followed_by_a_phone_number": "bsn {} en bel 06-12345678",
}
CASES = [(form, context, length) for form in FORMS for context in CONTEXTS for length in (9, 8)]


def _digits_left(text: str) -> str:
    """All digits in a text, number words included (so a BSN read aloud cannot hide)."""
    words = {w: str(i) for i, w in enumerate(("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht",
                                              "negen"))} | {"één": "1"}
    spoken = " ".join(words.get(w, w) for w in text.lower().split())
    return re.sub(r"\D", "", spoken)


@pytest.mark.parametrize("bsn", VALID_BSN)
def test_valid_bsn_passes_the_elfproef(bsn):
    assert is_bsn(bsn)


@pytest.mark.parametrize("value", ["123 456 782", "123-456-782", "23456784"])
def test_bsn_with_separators_or_without_its_leading_zero_passes_the_elfproef(value):
    assert is_bsn(value)


@pytest.mark.parametrize("value", ["123456789", "111222334", "000000000", "00000000", "12345678", "1234567890",
                                   "12345678a", "1234567", "", "abc"])
def test_invalid_bsn_fails(value):
    assert not is_bsn(value)


@pytest.mark.parametrize("form,context,length", CASES, ids=[f"{f}-{c}-{n}" for f, c, n in CASES])
def test_generated_bsns_are_masked_in_every_form_and_context(form, context, length):
    rng = random.Random(f"{RNG_SEED}-{form}-{context}-{length}")
    for _ in range(40):
        bsn = _valid(rng, length)
        written = FORMS[form](rng, bsn)
        masked, found = mask_bsn(CONTEXTS[context].format(written))
        assert found and BSN_PLACEHOLDER in masked, (written, masked)
        assert bsn not in _digits_left(masked), (written, masked)
        if form in ("together", "groups_3_3_3_hyphen") and context in ("sentence", "followed_by_a_number",
                                                                       "followed_by_a_phone_number"):
            # whole groups: the other numbers of the sentence stay readable (a number right before the BSN or a
            # year right after it may go too, when it passes the elfproef together with part of the BSN)
            assert masked == CONTEXTS[context].format(BSN_PLACEHOLDER), (written, masked)


@pytest.mark.parametrize("form,length", [(f, n) for f in FORMS for n in (9, 8)])
def test_generated_numbers_failing_the_elfproef_stay_in_every_form(form, length):
    rng = random.Random(f"{RNG_SEED}-invalid-{form}-{length}")
    for _ in range(40):
        text = f"mijn nummer is {FORMS[form](rng, _invalid(rng, length))} dus"
        assert mask_bsn(text) == (text, False)


def test_a_bsn_with_a_leading_zero_is_masked_with_and_without_that_zero():
    assert mask_bsn("bsn 010000008") == (f"bsn {BSN_PLACEHOLDER}", True)
    assert mask_bsn("bsn 10000008") == (f"bsn {BSN_PLACEHOLDER}", True)
    assert mask_bsn("bsn 0 1 0 0 0 0 0 0 8") == (f"bsn {BSN_PLACEHOLDER}", True)


def _mobile(rng):
    return "6" + "".join(rng.choice("0123456789") for _ in range(8))


def _landline(rng):
    return rng.choice(["545", "544", "10", "20", "53", "30"]), "".join(rng.choice("0123456789") for _ in range(7))


def _phones(rng):
    m = _mobile(rng)
    area, rest = _landline(rng)
    rest = rest[: 9 - len(area)]
    return [f"0{m}", f"0{m[0]}-{m[1:]}", f"0{m[0]} {m[1:]}", f"0{m[0]} " + " ".join(m[i:i + 2] for i in range(1, 9, 2)),
            f"0{m[0]} {m[1:4]} {m[4:7]} {m[7:]}", f"+31 {m[0]} {m[1:]}", f"+31{m}", f"+31 {m[0]} {m[1:5]} {m[5:]}",
            f"0031 {m[0]} {m[1:]}", f"0{area} {rest}", f"0{area}-{rest}", f"(0{area}) {rest}",
            "nul zes " + speak_digits(m[1:]), " ".join("0" + m)]


def _dates(rng):
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1930, 2030)
    return [f"{d:02d}-{m:02d}-{y}", f"{d}-{m}-{y}", f"{d:02d}/{m:02d}/{y}", f"{d:02d}.{m:02d}.{y}",
            f"{y}-{m:02d}-{d:02d}", f"{d:02d}{m:02d}{y}", f"{y}{m:02d}{d:02d}", f"{y}-{y + 1}",
            f"{rng.randint(7, 12)}.{rng.choice(['00', '15', '30', '45'])}-{rng.randint(13, 18)}.{rng.choice(['00', '30'])}"]


def _iban(rng):
    bank = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
    account = "".join(rng.choice("0123456789") for _ in range(10))
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    iban = f"NL{check:02d}{bank}{account}"
    return [iban, " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))]


@pytest.mark.parametrize(
    "kind,generate",
    [("phone_number", _phones), ("date_or_range", _dates), ("iban", _iban),
     ("postcode_and_house_number", lambda rng: [f"{rng.randint(1000, 9999)} {rng.choice(['AB', 'XY'])} "
                                                f"{rng.randint(1, 200)}", f"{rng.randint(1000, 9999)}AB"]),
     ("amount", lambda rng: [f"€ {rng.randint(10, 99)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}"])],
)
def test_generated_numbers_that_are_no_bsn_stay(kind, generate):
    rng = random.Random(f"{RNG_SEED}-{kind}")
    for _ in range(300):
        for value in generate(rng):
            text = f"het is {value} dus"
            assert mask_bsn(text) == (text, False), value


def test_a_phone_number_next_to_a_bsn_stays_usable():
    text = "bsn 123 456 782 bel 06 12 34 56 78 of 0545-123456"
    masked, found = mask_bsn(text)
    assert (masked, found) == (f"bsn {BSN_PLACEHOLDER} bel 06 12 34 56 78 of 0545-123456", True)
    assert find_phones(masked) == ("+31612345678", "+31545123456")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("mijn bsn is 111222333", f"mijn bsn is {BSN_PLACEHOLDER}"),
        ("BSN: 123456782.", f"BSN: {BSN_PLACEHOLDER}."),
        ("nummer 123 456 782 graag", f"nummer {BSN_PLACEHOLDER} graag"),
        ("nummer 1234.56.782", f"nummer {BSN_PLACEHOLDER}"),
        ("111222333 en 123456782", f"{BSN_PLACEHOLDER} en {BSN_PLACEHOLDER}"),
        ("123-456-782", BSN_PLACEHOLDER),
        ("123 45 67 82", BSN_PLACEHOLDER),
        ("1 2 3 4 5 6 7 8 2", BSN_PLACEHOLDER),
        ("bsn 123456782 2 kinderen", f"bsn {BSN_PLACEHOLDER} 2 kinderen"),
        ("123456782/2024", f"{BSN_PLACEHOLDER}/2024"),
        ("bsn 23456784", f"bsn {BSN_PLACEHOLDER}"),
        ("een twee drie vier vijf zes zeven acht twee", BSN_PLACEHOLDER),
        ("honderddrieëntwintig vierhonderdzesenvijftig zevenhonderdtweeëntachtig", BSN_PLACEHOLDER),
        ("bsn 123 456 782, 06-12345678", f"bsn {BSN_PLACEHOLDER}, 06-12345678"),
    ],
    ids=["plain", "punctuation_around", "grouped_3_3_3", "grouped_4_2_3", "two_bsns", "hyphens", "grouped_3_2_2_2",
         "speech_digits", "followed_by_a_number", "followed_by_a_year", "eight_digits", "digit_words",
         "hundreds_as_one_word", "followed_by_a_phone_number"],
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
        "IBAN NL91 ABNA 0417 1643 00",
        "dossiernummer 1112223330",
        "kenmerk VMK-2026-000123",
        "Veilig Thuis 0800-2000, of 0900 1234",
        "geboren 12-03-1985, postcode 7271 AB 12",
        "een twee drie",
        "geen cijfers hier",
        "",
    ],
    ids=["nine_digits_failing_elfproef", "mobile", "mobile_dash", "international", "landline", "0031", "iban",
         "iban_grouped", "ten_digits_in_one_block", "kenmerk", "service_numbers", "date_and_postcode", "words",
         "text", "empty"],
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
        # typed in pairs, as people read a number out; 06-7… / 06-9… are not handed out yet but are clearly a
        # mobile number of the right length (the read-back lets the person check it)
        ("06 12 34 56 78", "+31612345678"),
        ("06 78 12 34 56", "+31678123456"),
        ("06 98 76 54 32", "+31698765432"),
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
        ("U kunt mij bereiken op 06 78 12 34 56.", "+31678123456"),
        ("geboren op 12-03-2024", None),
    ],
    ids=["one_mobile_in_a_sentence", "one_landline_in_a_sentence", "two_numbers_is_ambiguous", "too_short_in_a_sentence",
         "mobile_in_pairs_in_a_sentence", "a_date_is_no_number"],
)
def test_a_sentence_with_exactly_one_valid_number_gives_that_number(raw, e164):
    assert normalise_phone(raw) == e164


def test_phones_and_emails_are_found_in_free_text():
    text = "Bel me op 06-12345678 of mail naar jan.jansen@example.nl, anders 0545 123456."
    assert find_phones(text) == ("+31612345678", "+31545123456")
    assert find_emails(text) == ("jan.jansen@example.nl",)


@pytest.mark.parametrize("text", ["woning van 80 m²", "x³ + 2", "½ jaar wachten", "١٢٣ en ²³"])
def test_superscripts_and_other_unicode_numbers_never_break_the_masker(text):
    masked, found = mask_bsn(text)
    assert (masked, found) == (text, False)


# --- mask_pii: free text (the channels before Rasa, the inbox for a tevredenheid comment) ---------------------

@pytest.mark.parametrize("text, masked", [
    ("Bel mij op 06-12345678 aub", "Bel mij op [telefoonnummer] aub"),
    ("mail naar j.jansen@example.nl, dank", "mail naar [e-mailadres], dank"),
    ("mijn bsn is 111222333 en mijn nummer 0544 123456", f"mijn bsn is {BSN_PLACEHOLDER} en mijn nummer [telefoonnummer]"),
    ("+31 6 1234 5678 of 0031612345678", "[telefoonnummer] of [telefoonnummer]"),
    ("Fijn gesprek, bel gerust 14 0545", "Fijn gesprek, bel gerust 14 0545"),
    ("Op 12-03-2026 kreeg ik €1.250,00", "Op 12-03-2026 kreeg ik €1.250,00"),
])
def test_mask_pii_replaces_bsn_phone_and_email_but_leaves_other_numbers(text, masked):
    assert mask_pii(text).text == masked


def test_mask_pii_says_what_it_took_out():
    m = mask_pii("06 1234 5678, a@b.nl en 123456782")
    assert (m.telefoon, m.email, m.bsn_gemaskeerd) == (("06 1234 5678",), ("a@b.nl",), True)
    assert mask_pii("niets persoonlijks") == PiiMasked(text="niets persoonlijks")


# --- one e-mail pattern for the whole project -------------------------------------------------------------------

@pytest.mark.parametrize(
    "value,ok",
    [
        ("gerda@example.nl", True),
        ("jan.de-vries+zorg@mail.berkelland.nl", True),
        ("gerda@example", False),
        ("gerda example.nl", False),
        ("@example.nl", False),
        ("gerda@@example.nl", False),
        ("a" * 250 + "@x.nl", False),
        ("", False),
    ],
)
def test_is_email(value, ok):
    from routing import is_email

    assert is_email(value) is ok


def test_the_masker_the_search_and_the_check_share_one_pattern():
    from routing import find_emails, is_email, mask_pii

    text = "Mail gerda@example.nl of (jan@berkelland.nl), niet naar kees@localhost."
    assert find_emails(text) == ("gerda@example.nl", "jan@berkelland.nl")
    assert mask_pii(text).email == find_emails(text)
    assert all(is_email(e) for e in find_emails(text))


def test_no_other_module_defines_its_own_email_pattern():
    """routing.privacy is the one home of personal-data detection: no '@' pattern elsewhere in the code."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = []
    for folder in ("bot", "inbox", "routing"):
        for path in (root / folder).rglob("*.py"):
            if path.name == "privacy.py" and path.parent.name == "routing":
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if re.search(r"re\.compile\(.*@|=\s*r[\"'].*@\[", line):
                    found.append(f"{path.relative_to(root)}: {line.strip()}")
    assert found == []
