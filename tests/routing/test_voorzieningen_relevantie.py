"""Voorzieningen by relevance: real first messages, the top 3, 'licht eerst' only as the tie-breaker; verified
contact data only stated as fact; every voorziening line short and ending in a sentence."""
import pytest

from routing import behoeften_in, load_catalog, niet_geverifieerd, voorziening_tekst, voorzieningen_voor_vraag
from routing.errors import RoutingConfigError
from routing.voorzieningen import voorziening


def top(catalog, onderwerpen, tekst, kern="Neede"):
    return [v.code for v in voorzieningen_voor_vraag(catalog, onderwerpen, tekst, kern)]


@pytest.mark.parametrize(
    "onderwerpen,tekst,kern,eerst,ook,niet",
    [
        # bathing after a hip operation: a douchestoel to borrow, not a boodschappendienst or meals first
        (["woningaanpassing"], "Sinds mijn heupoperatie kom ik niet meer zelf in bad of onder de douche", "Neede",
         ["hulpmiddelen_uitleen"], [], []),
        (["huishoudelijke_hulp"], "Na mijn nieuwe heup kan ik me niet goed wassen", "Neede",
         ["hulpmiddelen_uitleen"], [], []),
        # no money for food today: the voedselbank and Fijnder, not thuisadministratie first
        (["inkomen_bijstand"], "Ik heb vandaag geen geld voor eten", "Neede",
         ["voedselbank", "wijzer_werk"], [], []),
        (["inkomen_bijstand", "geldzaken_schulden"], "ik ben mijn baan kwijt en heb geen eten meer in huis", "Borculo",
         ["voedselbank", "wijzer_werk"], [], []),
        # homelessness: opvang first, before the Juridisch Loket
        (["wonen_opvang"], "Ik ben dakloos en slaap in mijn auto", "Ruurlo", ["maatschappelijke_opvang"], [], []),
        (["wonen_opvang"], "", None, ["maatschappelijke_opvang"], [], []),
        # loneliness: the dorpskamer of the own kern
        (["eenzaamheid_meedoen"], "Ik voel me zo alleen sinds mijn man er niet meer is", "Hupsel",
         ["dorpskamer_eibergen"], [], ["dorpskamer_neede"]),
        # debt
        (["geldzaken_schulden"], "De deurwaarder stond voor de deur, ik heb schulden", "Neede",
         ["geldzaken_spreekuur", "schuldhulpmaatje"], [], []),
        (["geldzaken_schulden"], "Ik krijg mijn post en papieren niet meer op orde", "Neede",
         ["thuisadministratie"], ["geldzaken_spreekuur"], []),
        # a carer's exhaustion
        (["mantelzorg"], "Ik zorg al jaren voor mijn vrouw met dementie en ik ben uitgeput", "Neede",
         ["mantelzorgsteunpunt"], [], []),
        # a need in the words beyond the recognised onderwerp: a fall alarm for someone who asked about help at home
        (["huishoudelijke_hulp"], "Mijn moeder is twee keer gevallen en woont alleen", "Neede",
         ["personenalarmering"], [], []),
    ],
    ids=["bad_na_heupoperatie", "wassen_nieuwe_heup", "geen_geld_voor_eten", "baan_kwijt_geen_eten", "dakloos",
         "dakloos_zonder_woorden", "eenzaam", "deurwaarder", "post_niet_op_orde", "mantelzorger_uitgeput",
         "moeder_gevallen"],
)
def test_the_best_fitting_voorzieningen_come_first(catalog, onderwerpen, tekst, kern, eerst, ook, niet):
    found = top(catalog, onderwerpen, tekst, kern)
    assert set(found[: len(eerst)]) == set(eerst), found
    for code in ook:
        assert code in found, found
    for code in niet:
        assert code not in found, found


def test_licht_eerst_breaks_a_tie(catalog):
    # a message that names no need: the onderwerp's need decides, then the lightest, then the file order
    found = voorzieningen_voor_vraag(catalog, ["opvoeden_opgroeien"], "", "Neede")
    assert [v.code for v in found][:2] == ["cjg_jgz", "opvoedcursus"]
    assert [v.zwaarte for v in found[:2]] == [1, 2]


def test_crisis_lines_are_offered_for_veiligheid_only_never_because_of_a_word(catalog):
    codes = top(catalog, ["geldzaken_schulden"], "de rekeningen slaan me dood, ik word er gek van")
    assert "zelfmoordpreventie_113" not in codes and "veilig_thuis" not in codes


def test_each_voorziening_is_offered_once_over_several_onderwerpen(catalog):
    codes = top(catalog, ["mantelzorg", "eenzaamheid_meedoen", "begeleiding_dagbesteding"], "ik ben alleen")
    assert len(codes) == len(set(codes)) == 3


@pytest.mark.parametrize(
    "tekst,behoeften",
    [
        ("Geen geld voor eten", ("eten", "geld_nu")),
        ("Ik ben dakloos", ("slaapplek",)),
        ("Ik kan niet meer in bad", ("verzorging",)),
        ("Vraag over mijn paspoort", ()),
        ("", ()),
    ],
)
def test_needs_in_a_message(catalog, tekst, behoeften):
    assert behoeften_in(catalog, tekst) == behoeften


def test_every_voorziening_says_whether_its_contact_data_is_verified(catalog):
    assert all(isinstance(v.geverifieerd, bool) for v in catalog.voorzieningen)
    assert 0 < len(niet_geverifieerd(catalog)) < len(catalog.voorzieningen)


def test_unverified_contact_data_is_not_stated_as_fact(catalog):
    for v in niet_geverifieerd(catalog):
        bereik = voorziening_tekst(catalog, v)["bereik"]
        for value in (v.contact.telefoon, v.contact.inloop, v.contact.adres):
            if value and value != catalog.gemeente["telefoon"]:
                assert value not in bereik, (v.code, bereik)
        if v.contact.website:
            assert bereik.startswith("Kijk op "), bereik
        else:
            assert "Bel 14 0545 (werkdagen van 8.30 tot 17.00 uur) en vraag naar" in bereik, bereik


def test_verified_contact_data_is_given_in_full(catalog):
    bereik = voorziening_tekst(catalog, voorziening(catalog, "veilig_thuis"))["bereik"]
    assert "0800-2000" in bereik and "www.veiligthuis.nl" in bereik


def test_no_placeholder_numbers_and_no_other_regions_housing_site(catalog):
    for v in catalog.voorzieningen:
        assert not (v.contact.telefoon or "").startswith("0545 250"), v.code
        assert "stedendriehoek" not in (v.contact.website or ""), v.code


def test_every_voorziening_line_is_short_and_ends_in_a_sentence(catalog):
    for v in catalog.voorzieningen:
        parts = voorziening_tekst(catalog, v)
        line = f"{parts['naam']}: {parts['wat']} {parts['bereik']} {parts['kosten']}"
        assert len(line.split()) <= 40, (len(line.split()), line)
        assert parts["kosten"].startswith("Kosten: ") and parts["kosten"].endswith("."), parts["kosten"]
        assert not line.rstrip(". ").endswith("Gratis"), line


@pytest.mark.parametrize(
    "old,new,key,message",
    [
        ("    geverifieerd: true\n    kosten: gratis advies", "    kosten: gratis advies", "geverifieerd", "missing"),
        ("    geverifieerd: true\n    kosten: gratis advies", "    geverifieerd: ja\n    kosten: gratis advies",
         "geverifieerd", "true or false"),
        ("    behoeften: [juridisch]\n    kernen: alle\n    contact:\n      telefoon: \"0900 - 8020\"",
         "    behoeften: [rechtshulp]\n    kernen: alle\n    contact:\n      telefoon: \"0900 - 8020\"",
         "behoeften", "unknown behoefte"),
    ],
    ids=["geverifieerd_missing", "geverifieerd_not_bool", "unknown_behoefte"],
)
def test_broken_voorziening_data_names_entry_and_key(data_copy, old, new, key, message):
    path = data_copy / "voorzieningen.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RoutingConfigError) as info:
        load_catalog(data_copy)
    assert (info.value.file, info.value.entry, info.value.key) == ("voorzieningen.yml", "juridisch_loket", key)
    assert message in str(info.value)


def test_make_run_reports_how_many_voorzieningen_are_unverified(catalog):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "routing.controle"], capture_output=True, text=True, check=True).stdout
    n = len(niet_geverifieerd(catalog))
    assert f"Voorzieningen: {n} van {len(catalog.voorzieningen)} nog niet nagekeken" in out
    assert "Wetsbronnen:" in out
