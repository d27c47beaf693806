"""Shared validators as tables."""
import pytest

from bot.actions import validators


@pytest.mark.parametrize("text, expected", [
    ("06-12345678", "+31612345678"),
    ("+31 6 1234 5678", "+31612345678"),
    ("0031612345678", "+31612345678"),
    ("0545 123456", "+31545123456"),
    ("12345", None),
    ("", None),
    ("   ", None),
    ("bel me maar", None),
    ("+1 202 555 01", None),
])
def test_telefoon_is_normalised_to_e164_or_refused(text, expected):
    assert validators.telefoon(text) == expected


@pytest.mark.parametrize("e164, display", [("+31612345678", "06-****5678"), ("+31545123456", "05-****3456")])
def test_telefoon_display_shows_only_last_four_digits(e164, display):
    assert validators.mask_telefoon(e164) == display


@pytest.mark.parametrize("text, expected", [
    ("Jan@Voorbeeld.NL", "jan@voorbeeld.nl"),
    ("jan.jansen@berkelland.nl.", "jan.jansen@berkelland.nl"),
    ("jan@", None), ("geen", None), ("<script>@x.nl", None), ("", None),
])
def test_email(text, expected):
    assert validators.email(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Jan Jansen", "Jan Jansen"), ("  Fatima   El Amrani ", "Fatima El Amrani"),
    ("J", None), ("12345", None), ("[telefoon]", None), ("", None), ("x" * 101, None),
])
def test_naam(text, expected):
    assert validators.naam(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("jonger dan 18", "jonger dan 18"), ("18 of ouder", "18 of ouder"), ("15", "15"),
    ("hij is 82 jaar", "82"), ("weet ik niet", None), ("", None),
    # the phone's speech-to-text writes numbers as words
    ("negen", "9"), ("hij is zevenentachtig", "87"), ("vijftien jaar", "15"), ("een jaar", "1"),
    ("ze is een meisje", None),
])
def test_leeftijd(text, expected):
    assert validators.leeftijd(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ochtend", "ochtend"), ("liefst in de middag", "middag"), ("na het eten", "na het eten"), ("", None),
])
def test_voorkeur(text, expected):
    assert validators.voorkeur(text) == expected


@pytest.mark.parametrize("text", ["nee", "Geen", "liever niet", "nee dank u"])
def test_no_email_answers(text):
    assert validators.is_geen(text)


@pytest.mark.parametrize("voorkeur, zin", [
    ("ochtend", "het liefst 's ochtends"), ("maakt niet uit", "op een werkdag"), ("zo snel mogelijk", "zo snel mogelijk"),
    ("na vijf uur", "het liefst na vijf uur"),
    ("bellen liefst na zessen", "bellen liefst na zessen"),  # the person's own words say it already (gt4-21)
])
def test_voorkeur_zin_reads_back_in_plain_words(voorkeur, zin):
    assert validators.voorkeur_zin(voorkeur) == zin
