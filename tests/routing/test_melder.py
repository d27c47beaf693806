"""Melder from free text: professionals who introduce themselves, naasten writing about someone else, the rest."""
import pytest

from routing import detect_melder
from routing.errors import RoutingConfigError
from routing.melder import load_melder_woorden

CASES = [
    # (text, onderwerp or None, melder)
    ("Ik ben huisarts en wil een patiënt aanmelden", None, "professional"),
    ("wijkverpleegkundige hier, mw. kan niet meer douchen", "hulpmiddelen", "professional"),
    ("Wijkverpleging Sensire: mw. is na ontslag uit ZGT niet in staat tot huishoudelijke taken", None, "professional"),
    ("Als IB'er maak ik me zorgen over een leerling", "jeugdhulp", "professional"),
    ("namens ProWonen: onze huurder heeft een huurachterstand", "geldzaken_schulden", "professional"),
    ("mijn cliënt heeft begeleiding nodig bij de post", "begeleiding_dagbesteding", "professional"),
    ("ik werk als ambulant begeleider en zoek dagbesteding", None, "professional"),
    ("vanuit school willen we een leerling bespreken", None, "professional"),
    ("de huisarts zegt dat ik een rollator via de gemeente moet aanvragen", "hulpmiddelen", "inwoner"),
    ("mijn moeder kan niet meer zelf douchen sinds haar val", "hulpmiddelen", "naaste"),
    ("ik zoek hulp voor mijn vader, hij vergeet alles", "begeleiding_dagbesteding", "naaste"),
    ("ik maak me zorgen om mijn zoon van 15", "jeugdhulp", "naaste"),
    ("ik heb een dochter van 8 met adhd", "jeugdhulp", "naaste"),
    ("ik zorg al jaren voor mijn man met alzheimer en ik kan niet meer", "mantelzorg", "naaste"),
    ("ik ben oma van Jesse en maak me zorgen", None, "naaste"),
    ("mijn man en ik hebben schulden", "geldzaken_schulden", "inwoner"),
    ("ik heb geen geld meer voor eten voor mijn kinderen", "inkomen_bijstand", "inwoner"),
    ("ik ben 16 en mn vader heeft me eruit gezet, ik slaap bij een vriend", "wonen_opvang", "inwoner"),
    ("ik kan mijn huis niet meer schoonhouden", "huishoudelijke_hulp", "inwoner"),
    # a relative who died is not who the question is for; the one who cares for someone still is
    ("sinds mijn vrouw vorig jaar is overleden zit ik de hele dag alleen", "eenzaamheid_meedoen", "inwoner"),
    ("na de dood van mijn man weet ik niet hoe ik de rekeningen moet betalen", "geldzaken_schulden", "inwoner"),
    ("ik maak me zorgen om mn oma, sinds opa dood is zit ze alleen thuis", "eenzaamheid_meedoen", "naaste"),
    ("ik bin mantelzorger veur mien man, hij hef alzheimer", "mantelzorg", "naaste"),
    ("het gaat over mien noaber, hij woont allenig", "eenzaamheid_meedoen", "naaste"),
    # a name before the role on the phone; a signature is no professional's shorthand
    ("goedemorgen met eh jeroen de boer wijkagent politie ik heb hier een meneer", None, "professional"),
    ("goedemorgen met mijn moeder gaat het niet goed, de huisarts zegt dat ze hulp nodig heeft", None, "naaste"),
    ("Ik heb al jaren huishoudelijke hulp. Met vriendelijke groet, mevr. A. Weenk", "klacht_bezwaar", "inwoner"),
    # no longer at work: an inwoner who mentions a former job
    ("Als gepensioneerd docent heb ik tijd over en zoek ik vrijwilligerswerk", "vrijwilligerswerk", "inwoner"),
    ("", None, "inwoner"),
]


@pytest.mark.parametrize("text,onderwerp,melder", CASES, ids=[c[0] or "leeg" for c in CASES])
def test_melder_from_the_words(text, onderwerp, melder):
    assert detect_melder(text, onderwerp) == melder


def test_a_broken_melder_file_names_the_section_and_key(tmp_path):
    path = tmp_path / "melder.yml"
    path.write_text("professional:\n  rollen: []\n", encoding="utf-8")
    with pytest.raises(RoutingConfigError, match="professional.*rollen"):
        load_melder_woorden(path)


@pytest.mark.parametrize("tekst, rol", [
    ("Goedemiddag, ik ben wijkverpleegkundige en wil graag een cliënt aanmelden", "wijkverpleegkundige"),
    ("als POH GGZ van de praktijk bel ik over een patiënt", "poh ggz"),
    ("Intern begeleider hier, over een leerling uit groep 6", "intern begeleider"),
    ("mijn moeder kan niet meer douchen", None),
])
def test_the_role_a_professional_names_is_found(tekst, rol):
    from routing.melder import rol_in_tekst

    assert rol_in_tekst(tekst) == rol


@pytest.mark.parametrize("tekst, alleen", [
    ("Ik ben wijkagent en wil een signaal doorgeven over een gezin", False),
    ("als IB'er wil ik een leerling aanmelden voor jeugdhulp", False),
    ("ik ben huisarts, welk aanbod er is voor eenzame ouderen? ik wil niemand aanmelden", True),
    ("Puur ter informatie: wat is er voor mantelzorgers, zodat ik het aan patienten meegeven kan", True),
])
def test_a_professional_who_asks_only_for_information(tekst, alleen):
    from routing.melder import alleen_informatie

    assert alleen_informatie(tekst) is alleen
