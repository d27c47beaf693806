"""A name, or "my own number", from the sentence people really answer with."""
import pytest

from bot.actions.extractie import bedoelt_eigen_nummer, naam_uit_zin

NAMEN = [
    ("Mijn naam is Gerda Wolters", "Gerda Wolters"),
    ("mijn naam is Gerda Wolters.", "Gerda Wolters"),
    ("Goedemiddag, mijn naam is Gerda Wolters", "Gerda Wolters"),
    ("Mijn naam is Gerda Wolters en ik bel voor mijn moeder", "Gerda Wolters"),
    ("Ik heet Jan", "Jan"),
    ("ik heet fatima el amrani", "Fatima el Amrani"),
    ("met Jan", "Jan"),
    ("Met Jan de Vries", "Jan de Vries"),
    ("ja met mevrouw Jansen", "mevrouw Jansen"),
    ("Dit is Henk Nijhof", "Henk Nijhof"),
    ("naam: Gerda Wolters", "Gerda Wolters"),
    ("Naam: Gerda", "Gerda"),
    ("Gerda Wolters hier", "Gerda Wolters"),
    ("Gerda Wolters is mijn naam", "Gerda Wolters"),
    ("ik ben Gerda", "Gerda"),
    ("ik ben Ben", "Ben"),
    ("gerda wolters", "Gerda Wolters"),
    ("GERDA WOLTERS", "Gerda Wolters"),
    ("jan van der berg", "Jan van der Berg"),
    ("Jan van der Berg", "Jan van der Berg"),
    ("de vries", "De Vries"),
    ("de Vries", "de Vries"),
    ("J. Jansen", "J. Jansen"),
    ("Anne-Marie ter Horst", "Anne-Marie ter Horst"),
    ("anne-marie ter horst", "Anne-Marie ter Horst"),
    ("Wil Jansen", "Wil Jansen"),
    ("  Fatima   El Amrani ", "Fatima El Amrani"),
    ("Jan Jansen", "Jan Jansen"),
    ("Jan", "Jan"),
    ("mijn naam is gerda, ik bel over mijn moeder", "Gerda"),
    ("Gerda Wolters, ik bel voor mijn moeder", "Gerda Wolters"),
    ("Jan, 06 12345678", "Jan"),
    # someone else's name first, then one's own (gt3-18)
    ("mijn moeder heet aaltje heijink ik ben anja wiggers", "Anja Wiggers"),
    ("Mijn moeder heet Aaltje, en ik ben Anja Wiggers", "Anja Wiggers"),
]

GEEN_NAAM = [
    "06 12345678", "[telefoonnummer]", "12345", "weet ik niet", "nee", "Nee.", "ja", "geen", "anoniem",
    "liever niet", "dat zeg ik liever niet", "J", "", "   ", "x" * 101, "gerda@example.nl", "[e-mailadres]",
    "mijn moeder kan niet meer zelf douchen en ik weet niet wat ik moet doen",
    "ik bel over mijn moeder met dementie",
    "dit is voor mijn moeder",
    "ik ben de dochter",
    "mijn naam is",
    "van der",
    "Jan Jansen 06 12345678 en ik woon in Neede",
    "Nee, dat wil ik niet zeggen",
    "Mijn moeder, ze kan niet meer douchen",
    "ik ben haar dochter",
]


@pytest.mark.parametrize("text, expected", NAMEN, ids=[n[0] for n in NAMEN])
def test_naam_uit_zin_takes_only_the_name(text, expected):
    assert naam_uit_zin(text) == expected


@pytest.mark.parametrize("text", GEEN_NAAM)
def test_naam_uit_zin_refuses_what_is_no_name(text):
    assert naam_uit_zin(text) is None


@pytest.mark.parametrize("text, expected", [
    ("het nummer waarmee ik bel", True),
    ("dit nummer", True),
    ("ja dit nummer", True),
    ("Ja, op dit nummer graag", True),
    ("hetzelfde nummer", True),
    ("het nummer waar ik nu mee bel", True),
    ("ja", False),
    ("nee, niet dit nummer", False),
    ("een ander nummer", False),
    ("06 12345678", False),
    ("mijn nummer is [telefoonnummer]", False),
])
def test_the_callers_own_number_is_recognised_in_a_sentence(text, expected):
    assert bedoelt_eigen_nummer(text) is expected
