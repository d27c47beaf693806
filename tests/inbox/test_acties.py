"""The detail page's action table (pure): each form is parsed into its use case's arguments or refused with Dutch
messages per field, before anything touches the database."""
from __future__ import annotations

import datetime as dt

import pytest

from inbox.web.acties import ACTIES, FormulierFout


@pytest.mark.parametrize("actie, form, args, kwargs", [
    ("oppakken", {}, (), {}),
    ("toewijzen", {"behandelaar": "nina"}, ("nina",), {}),
    ("contact", {"wijze": "huisbezoek", "bereikt": "nee", "notitie": ""}, (),
     {"hoe": "huisbezoek, niet bereikt", "notitie": None}),
    ("notitie", {"tekst": "Teruggebeld."}, ("Teruggebeld.",), {}),
    ("doorzetten", {"team": "frontteam_neede", "overdracht": "Voor Nina"}, ("frontteam_neede", "Voor Nina"), {}),
    ("afsluiten", {"uitkomst": "niet_bereikbaar", "toelichting": "drie keer gebeld"}, ("niet_bereikbaar",),
     {"toelichting": "drie keer gebeld"}),
    ("heropenen", {"reden": ""}, (), {"reden": None}),
])
def test_a_well_filled_form_becomes_the_use_cases_arguments(actie, form, args, kwargs):
    assert ACTIES[actie].formulier(form) == (args, kwargs)


def test_the_label_form_sends_the_complete_label_with_its_extra_onderwerpen():
    form = {"onderwerp": "mantelzorg", "onderwerpen_ook": ["vervoer", "hulpmiddelen"], "wet": "wmo",
            "urgentie": "hoog", "reden": "mantelzorger overbelast"}
    assert ACTIES["label"].formulier(form) == ((), {"onderwerp": "mantelzorg", "onderwerpen_ook": ["vervoer",
                                                                                                  "hulpmiddelen"],
                                                    "wet": "wmo", "urgentie": "hoog",
                                                    "reden": "mantelzorger overbelast"})


def test_terugkoppeling_on_an_earlier_day_is_that_day_at_midday_in_amsterdam():
    (when, hoe), _ = ACTIES["terugkoppeling"].formulier({"datum": "2026-11-24", "wijze": "email",
                                                          "toelichting": "uitslag gemaild"})
    assert when == dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.timezone.utc) and hoe == "e-mail: uitslag gemaild"


@pytest.mark.parametrize("actie, form, velden", [
    ("toewijzen", {}, {"behandelaar"}),
    ("contact", {"wijze": "postduif"}, {"wijze", "bereikt"}),
    ("label", {"onderwerp": "paspoort", "wet": "wmo", "urgentie": "normaal"}, {"onderwerp", "reden"}),
    ("notitie", {"tekst": ""}, {"tekst"}),
    ("doorzetten", {"team": "toegang"}, {"team", "overdracht"}),
    ("afsluiten", {"uitkomst": "weet_niet"}, {"uitkomst"}),
    ("terugkoppeling", {"datum": "24-11-2026", "wijze": "telefoon"}, {"datum"}),
    ("terugkoppeling", {"wijze": "telefoon"}, {"datum"}),
    ("heropenen", {"reden": "x" * 10_001}, {"reden"}),
    ("notitie", {"tekst": "x" * 10_001}, {"tekst"}),
    ("label", {"onderwerp": "vervoer", "onderwerpen_ook": ["paspoort"], "wet": "wmo", "urgentie": "hoog",
               "reden": "r"}, {"onderwerpen_ook"}),
])
def test_a_form_that_is_not_filled_in_well_names_each_wrong_field_in_dutch(actie, form, velden):
    with pytest.raises(FormulierFout) as err:
        ACTIES[actie].formulier(form)
    assert set(err.value.velden) == velden
    assert all(message.endswith(".") and message[0].isupper() for message in err.value.velden.values())
