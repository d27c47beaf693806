"""Werkdagen arithmetic, contact norm, legal terms and the 'what to expect' texts."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest
import yaml

from routing import (add_werkdagen, contact_deadline, contact_moment, feestdagen, is_werkdag, load_catalog,
                     verwachting, wettelijke_termijn)

CET = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    "year,expected",
    [
        (2026, [date(2026, 1, 1), date(2026, 4, 5), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5), date(2026, 5, 14), date(2026, 5, 24), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26)]),
        (2025, [date(2025, 1, 1), date(2025, 4, 20), date(2025, 4, 21), date(2025, 4, 26), date(2025, 5, 5), date(2025, 5, 29), date(2025, 6, 8), date(2025, 6, 9), date(2025, 12, 25), date(2025, 12, 26)]),
    ],
    ids=["2026", "2025_koningsdag_on_sunday_moves_to_saturday"],
)
def test_feestdagen_follow_the_algemene_termijnenwet(year, expected):
    assert list(feestdagen(year)) == expected


@pytest.mark.parametrize(
    "day,werkdag",
    [
        (date(2026, 11, 24), True),
        (date(2026, 11, 28), False),
        (date(2026, 11, 29), False),
        (date(2026, 12, 25), False),
        (date(2026, 4, 6), False),
        (date(2026, 4, 3), True),  # Goede Vrijdag is no holiday under the Algemene termijnenwet
        (date(2027, 5, 6), False),  # Hemelvaartsdag 2027
    ],
)
def test_is_werkdag(day, werkdag):
    assert is_werkdag(day) is werkdag


@pytest.mark.parametrize(
    "start,n,expected",
    [
        (date(2026, 11, 20), 3, date(2026, 11, 25)),  # Friday + 3 -> Wednesday
        (date(2026, 11, 23), 3, date(2026, 11, 26)),
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # from Saturday
        (date(2026, 12, 24), 3, date(2026, 12, 30)),  # over Christmas
        (date(2026, 4, 2), 3, date(2026, 4, 8)),  # over Easter Monday
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # over New Year and a weekend
        (date(2026, 11, 28), 0, date(2026, 11, 30)),
        (date(2026, 11, 24), 0, date(2026, 11, 24)),
    ],
)
def test_add_werkdagen_skips_weekends_and_holidays(start, n, expected):
    assert add_werkdagen(start, n) == expected


def test_add_werkdagen_honours_extra_days_off():
    assert add_werkdagen(date(2026, 11, 23), 1, extra_vrij=[date(2026, 11, 24)]) == date(2026, 11, 25)
    with pytest.raises(ValueError):
        add_werkdagen(date(2026, 11, 23), -1)


@pytest.mark.parametrize(
    "created,urgentie,expected",
    [
        (datetime(2026, 11, 20, 10, 0, tzinfo=CET), "normaal", datetime(2026, 11, 25, 17, 0, tzinfo=CET)),
        (datetime(2026, 11, 20, 10, 0, tzinfo=CET), "hoog", datetime(2026, 11, 23, 17, 0, tzinfo=CET)),
        (datetime(2026, 11, 24, 10, 0, tzinfo=CET), "spoed", datetime(2026, 11, 24, 17, 0, tzinfo=CET)),
        (datetime(2026, 11, 24, 18, 0, tzinfo=CET), "spoed", datetime(2026, 11, 25, 17, 0, tzinfo=CET)),
        (datetime(2026, 11, 28, 9, 0, tzinfo=CET), "spoed", datetime(2026, 11, 30, 17, 0, tzinfo=CET)),
        (datetime(2026, 12, 24, 9, 0), "normaal", datetime(2026, 12, 30, 17, 0)),
    ],
    ids=[
        "normaal_friday_is_wednesday",
        "hoog_friday_is_monday",
        "spoed_in_office_hours_is_same_day",
        "spoed_after_hours_is_next_werkdag",
        "spoed_on_saturday_is_monday",
        "naive_datetime_over_christmas",
    ],
)
def test_contact_deadline_follows_team_toegang_norm(catalog, created, urgentie, expected):
    assert contact_deadline(catalog, created, urgentie) == expected


def test_contact_norm_is_configurable(data_copy):
    path = data_copy / "verwachtingen.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  normaal: 3\n", "  normaal: 5\n", 1), encoding="utf-8")
    catalog = load_catalog(data_copy)
    assert contact_deadline(catalog, datetime(2026, 11, 23, 9), "normaal") == datetime(2026, 11, 30, 17, 0)


def test_extra_vrije_dagen_from_data_shift_the_deadline(data_copy):
    path = data_copy / "verwachtingen.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("extra_vrije_dagen: []", "extra_vrije_dagen: [2026-11-24]"), encoding="utf-8")
    catalog = load_catalog(data_copy)
    assert contact_deadline(catalog, datetime(2026, 11, 23, 9), "hoog") == datetime(2026, 11, 25, 17, 0)


def test_unknown_urgentie_is_refused(catalog):
    with pytest.raises(ValueError):
        contact_deadline(catalog, datetime(2026, 11, 23, 9), "morgen")


CREATED = datetime(2026, 11, 24, 10, 0, tzinfo=CET)


@pytest.mark.parametrize(
    "what,urgentie,expected_day,label_part",
    [
        ("wmo", None, date(2027, 1, 5), "onderzoek"),
        ("huishoudelijke_hulp", None, date(2027, 1, 5), "onderzoek"),
        ("jeugdwet", None, date(2027, 1, 19), "jeugdhulp"),
        ("jeugdhulp", None, date(2027, 1, 19), "jeugdhulp"),
        ("participatiewet", None, date(2027, 1, 19), "bijstand"),
        ("inkomen_bijstand", None, date(2027, 1, 19), "bijstand"),
        ("geldzaken_schulden", None, date(2026, 12, 22), "schuldhulpverlening"),
        ("geldzaken_schulden", "normaal", date(2026, 12, 22), "schuldhulpverlening"),
        ("geldzaken_schulden", "hoog", date(2026, 11, 27), "dreigende"),
        ("geldzaken_schulden", "spoed", date(2026, 11, 27), "dreigende"),
    ],
)
def test_wettelijke_termijn_per_onderwerp_or_wet(catalog, what, urgentie, expected_day, label_part):
    label, deadline = wettelijke_termijn(catalog, what, CREATED, urgentie=urgentie)
    assert deadline.date() == expected_day
    assert label_part in label


@pytest.mark.parametrize("what", ["overig", "leerplicht", "werk_reintegratie", "eenzaamheid_meedoen", "buiten_sociaal_domein"])
def test_no_wettelijke_termijn_where_the_law_sets_none(catalog, what):
    assert wettelijke_termijn(catalog, what, CREATED) is None


def test_wettelijke_termijn_ending_on_christmas_moves_to_next_werkdag(catalog):
    label, deadline = wettelijke_termijn(catalog, "wmo", datetime(2026, 11, 13, 9, 0))
    assert deadline == datetime(2026, 12, 28, 9, 0)


def test_wettelijke_termijn_refuses_unknown_code(catalog):
    with pytest.raises(ValueError):
        wettelijke_termijn(catalog, "paspoort", CREATED)


@pytest.mark.parametrize(
    "onderwerp,route,urgentie,must_contain",
    [
        ("huishoudelijke_hulp", "toegang", "normaal", ["6 weken", "2 weken", "cliëntondersteuner", "vertrouwt", "3 werkdagen"]),
        ("woningaanpassing", "toegang", "hoog", ["6 weken", "1 werkdag"]),
        ("jeugdhulp", "toegang", "normaal", ["8 weken", "cliëntondersteuner"]),
        ("opvoeden_opgroeien", "toegang", "normaal", ["8 weken"]),
        ("inkomen_bijstand", "toegang", "normaal", ["8 weken", "Fijnder"]),
        ("geldzaken_schulden", "toegang", "hoog", ["3 werkdagen", "zorgverzekering", "Wgs art. 4a lid 2"]),
        ("leerplicht", "toegang", "normaal", ["leerplichtambtenaar"]),
        ("veiligheid", "toegang", "spoed", ["Voormekaar belt u", "dezelfde werkdag", "112"]),
        ("veiligheid", "crisis", "spoed", ["112", "113", "0800-2000"]),
        ("eenzaamheid_meedoen", "voorziening", "normaal", ["niets aan te vragen", "14 0545", "8.30 tot 17.00"]),
        ("buiten_sociaal_domein", "toegang", "normaal", ["14 0545", "niet bij Voormekaar"]),
        ("buiten_sociaal_domein", "buiten", "normaal", ["14 0545"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_verwachting_says_who_when_and_how_long(catalog, onderwerp, route, urgentie, must_contain):
    v = verwachting(catalog, onderwerp, route, urgentie)
    text = v.tekst + " " + v.basis + " " + " ".join(v.crisisnummers)
    for part in must_contain:
        assert part in text, (part, text)
    assert "{" not in text


@pytest.mark.parametrize(
    "urgentie,wanneer",
    [
        ("normaal", "U hoort binnen 3 werkdagen van ons."),
        ("hoog", "U hoort binnen 1 werkdag van ons."),
        ("spoed", "U hoort dezelfde werkdag (na 16.00 uur: de volgende werkdag) van ons."),
    ],
)
def test_wanneer_reads_as_a_plain_sentence_per_urgentie(catalog, urgentie, wanneer):
    assert verwachting(catalog, "mantelzorg", "toegang", urgentie).wanneer == wanneer


def test_wmo_verwachting_names_the_legal_articles(catalog):
    basis = verwachting(catalog, "hulpmiddelen", "toegang", "normaal").basis
    assert "2.3.2" in basis and "2.3.5" in basis and "2.2.4" in basis
    assert "cliëntondersteuner" in verwachting(catalog, "hulpmiddelen", "toegang", "normaal").tekst


def test_spoed_verwachting_always_carries_the_crisis_numbers(catalog):
    v = verwachting(catalog, "huishoudelijke_hulp", "toegang", "spoed")
    joined = " ".join(v.crisisnummers)
    for number in ("112", "113", "0800-0113", "0800-2000"):
        assert number in joined
    assert verwachting(catalog, "huishoudelijke_hulp", "toegang", "normaal").crisisnummers == ()


def test_every_onderwerp_route_urgentie_and_melder_has_a_complete_verwachting(catalog):
    for onderwerp in catalog.onderwerpen:
        for route in ("toegang", "voorziening", "crisis", "buiten"):
            for urgentie in ("spoed", "hoog", "normaal"):
                for melder in ("inwoner", "naaste", "professional"):
                    v = verwachting(catalog, onderwerp, route, urgentie, melder=melder)
                    assert v.wie and v.wanneer and v.wat and v.hoe_lang, (onderwerp, route, melder)
                    assert "{" not in v.tekst


def test_texts_address_the_inwoner_with_u_not_je(catalog):
    raw = yaml.safe_load((catalog_dir(catalog) / "verwachtingen.yml").read_text(encoding="utf-8"))
    texts = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            texts.append(node)

    walk(raw["routes"])
    for text in texts:
        assert not re.search(r"\b(je|jij|jouw|jou)\b", text, re.I), text


def catalog_dir(catalog):
    from pathlib import Path

    return Path(catalog.data_dir)


@pytest.mark.parametrize("args", [("paspoort", "toegang", "normaal"), ("wmo", "toegang", "normaal"), ("huishoudelijke_hulp", "ergens", "normaal"), ("huishoudelijke_hulp", "toegang", "heel snel")])
def test_verwachting_refuses_unknown_codes(catalog, args):
    with pytest.raises(ValueError):
        verwachting(catalog, *args)


@pytest.mark.parametrize("kwargs", [{"melder": "buurman"}, {"team": "frontteam_zutphen"}])
def test_verwachting_refuses_an_unknown_melder_or_team(catalog, kwargs):
    with pytest.raises(ValueError):
        verwachting(catalog, "huishoudelijke_hulp", **kwargs)


@pytest.mark.parametrize(
    "contact,created,tekst",
    [
        (None, datetime(2026, 12, 1, 10, 0, tzinfo=CET), "vandaag nog, voor 17.00 uur"),
        (None, datetime(2026, 12, 4, 16, 55, tzinfo=CET), "uiterlijk maandag 7 december"),
        # the inbox answers in UTC: 16.00 UTC is 17.00 in Berkelland, the same day
        (datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc), datetime(2026, 12, 1, 10, 0, tzinfo=CET),
         "vandaag nog, voor 17.00 uur"),
        (datetime(2026, 12, 7, 16, 0, tzinfo=timezone.utc), datetime(2026, 12, 4, 16, 55, tzinfo=CET),
         "uiterlijk maandag 7 december"),
        (None, None, "dezelfde werkdag (na 16.00 uur: de volgende werkdag)"),
    ],
    ids=["spoed_morning", "spoed_friday_1655", "inbox_utc_same_day", "inbox_monday", "no_moment"],
)
def test_contact_moment_says_today_only_when_the_deadline_is_today(catalog, contact, created, tekst):
    assert contact_moment(catalog, "spoed", created, contact) == tekst
