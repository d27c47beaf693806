"""load_catalog(): the data is validated in full; every error names file, entry and key."""
import pickle
from pathlib import Path

import pytest
import yaml

from routing import RoutingConfigError, default_catalog, load_catalog
from routing.loader import DEFAULT_DATA_DIR

SHARED_TAXONOMY = Path(__file__).resolve().parents[2] / ".." / "shared" / "triage-taxonomy.yml"


def _codes(data):
    return {
        "wetten": set(data["wetten"]),
        "onderwerpen": set(data["onderwerpen"]),
        "urgentie": set(data["urgentie"]),
        "melder": set(data["melder"]),
        "teams": set(data["teams"]),
        "kernen": dict(data["kernen"]),
        "wet_per_onderwerp": {k: v["wet"] for k, v in data["onderwerpen"].items()},
        "team_per_onderwerp": {k: v["team_advies"] for k, v in data["onderwerpen"].items()},
    }


def test_taxonomy_codes_match_the_shared_file():
    ours = yaml.safe_load((DEFAULT_DATA_DIR / "taxonomy.yml").read_text(encoding="utf-8"))
    if not SHARED_TAXONOMY.exists():
        pytest.skip("../shared/triage-taxonomy.yml is not present in this checkout")
    shared = yaml.safe_load(SHARED_TAXONOMY.read_text(encoding="utf-8"))
    assert _codes(ours) == _codes(shared)


def test_taxonomy_has_the_documented_code_counts(catalog):
    assert len(catalog.onderwerpen) == 20
    assert set(catalog.wetten) == {"wmo", "jeugdwet", "participatiewet", "overig"}
    assert set(catalog.urgenties) == {"spoed", "hoog", "normaal"}
    assert set(catalog.melders) == {"inwoner", "naaste", "professional"}
    assert len(catalog.kernen) == 13


def test_default_catalog_is_loaded_once(catalog):
    assert default_catalog() is default_catalog()
    assert load_catalog() == catalog  # frozen dataclasses compare by value


def test_every_onderwerp_with_a_voorliggende_voorziening_has_one(catalog):
    covered = {o for v in catalog.voorzieningen for o in v.onderwerpen}
    # lopende aanvragen and leerlingenvervoer have no algemene voorziening in front of them
    assert set(catalog.onderwerpen) - covered <= {"leerlingenvervoer", "lopende_aanvraag"}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: '{old}' not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    # id, file, old, new, (file, entry, key) expected, message part
    ("invalid_yaml", "voorzieningen.yml", "  - code: berkellandwijzer\n", "  - code: [berkellandwijzer\n", ("voorzieningen.yml", None, None), "invalid YAML"),
    ("voorziening_unknown_onderwerp", "voorzieningen.yml", "onderwerpen: [vervoer, eenzaamheid_meedoen]", "onderwerpen: [vervoer, gezelligheid]", ("voorzieningen.yml", "vrijwillige_vervoersdienst", "onderwerpen"), "gezelligheid"),
    ("voorziening_unknown_kern", "voorzieningen.yml", "kernen: [Ruurlo]", "kernen: [Rurlo]", ("voorzieningen.yml", "dorpskamer_ruurlo", "kernen"), "Rurlo"),
    ("voorziening_zwaarte_zero", "voorzieningen.yml", "    kosten: een vast bedrag per rit; minder met een Wmo-pas\n    zwaarte: 3", "    kosten: een vast bedrag per rit; minder met een Wmo-pas\n    zwaarte: 0", ("voorzieningen.yml", "regiotaxi", "zwaarte"), "1 (lightest)"),
    ("voorziening_zwaarte_text", "voorzieningen.yml", "    kosten: een vast bedrag per rit; minder met een Wmo-pas\n    zwaarte: 3", "    kosten: een vast bedrag per rit; minder met een Wmo-pas\n    zwaarte: licht", ("voorzieningen.yml", "regiotaxi", "zwaarte"), "whole number"),
    ("voorziening_without_contact_channel", "voorzieningen.yml", "    contact:\n      website: https://www.rechtsbijstand.nl\n", "    contact:\n      adres: Utrecht\n", ("voorzieningen.yml", "raad_voor_rechtsbijstand", "contact"), "at least one"),
    ("voorziening_unknown_contact_key", "voorzieningen.yml", "      website: https://www.rechtsbijstand.nl\n", "      webiste: https://www.rechtsbijstand.nl\n", ("voorzieningen.yml", "raad_voor_rechtsbijstand", "contact.webiste"), "unknown key"),
    ("voorziening_duplicate_code", "voorzieningen.yml", "code: regiotaxi", "code: maaltijdservice", ("voorzieningen.yml", "maaltijdservice", "code"), "duplicate"),
    ("voorziening_missing_naam", "voorzieningen.yml", "    naam: Maaltijdservice\n", "", ("voorzieningen.yml", "maaltijdservice", "naam"), "missing"),
    ("voorziening_code_with_accent", "voorzieningen.yml", "code: maaltijdservice", "code: maaltijdsérvice", ("voorzieningen.yml", "maaltijdsérvice", "code"), "lower case"),
    ("kern_misspelled", "kernen.yml", "  Neede:\n", "  Nede:\n", ("kernen.yml", "Nede", None), "not in taxonomy"),
    ("kern_wrong_frontteam", "kernen.yml", "  Ruurlo:\n    frontteam: frontteam_ruurlo", "  Ruurlo:\n    frontteam: frontteam_neede", ("kernen.yml", "Ruurlo", "frontteam"), "differs"),
    ("kern_postcodes_overlap", "kernen.yml", 'postcodes: ["7165"]', 'postcodes: ["7160-7165"]', ("kernen.yml", "Rietmolen", "postcodes"), "overlaps"),
    ("buurgemeente_overlaps_a_kern", "kernen.yml", 'postcodes: ["7240-7245"]', 'postcodes: ["7240-7261"]', ("kernen.yml", "Lochem", "postcodes"), "overlaps with Ruurlo"),
    ("kern_postcode_not_4_digits", "kernen.yml", 'postcodes: ["7165"]', 'postcodes: ["7165AB"]', ("kernen.yml", "Rietmolen", "postcodes"), "4-digit"),
    ("taxonomy_unknown_wet", "taxonomy.yml", "  vervoer:\n    wet: wmo", "  vervoer:\n    wet: wmo2015", ("taxonomy.yml", "vervoer", "wet"), "unknown wet"),
    ("taxonomy_unknown_team", "taxonomy.yml", "    team_advies: backoffice\n", "    team_advies: backofice\n", ("taxonomy.yml", "leerlingenvervoer", "team_advies"), "unknown team"),
    ("taxonomy_verdringt_unknown", "taxonomy.yml", "    verdringt: [vervoer]\n", "    verdringt: [vervoerr]\n", ("taxonomy.yml", "leerlingenvervoer", "verdringt"), "unknown onderwerp"),
    ("taxonomy_unknown_field", "taxonomy.yml", "  vervoer:\n    wet: wmo", "  vervoer:\n    wett: wmo\n    wet: wmo", ("taxonomy.yml", "vervoer", "wett"), "unknown key"),
    ("verwachtingen_negative_norm", "verwachtingen.yml", "  normaal: 3\n", "  normaal: -1\n", ("verwachtingen.yml", "contactnorm", "normaal"), "werkdagen"),
    ("verwachtingen_missing_norm", "verwachtingen.yml", "  hoog: 1\n", "", ("verwachtingen.yml", "contactnorm", "hoog"), "missing"),
    ("verwachtingen_bad_time", "verwachtingen.yml", 'eindtijd_werkdag: "17:00"', 'eindtijd_werkdag: "5 uur"', ("verwachtingen.yml", None, "eindtijd_werkdag"), "time"),
    ("verwachtingen_bron_without_article", "verwachtingen.yml", 'bron: "Wgs art. 4a lid 2"', 'bron: "Wet gemeentelijke schuldhulpverlening"', ("verwachtingen.yml", "routes.toegang.onderwerp.geldzaken_schulden", "hoe_lang.bron"), "law and article"),
    ("verwachtingen_bubbel_unknown_key", "verwachtingen.yml", 'bron: "Wgs art. 4a lid 2"', 'bron: "Wgs art. 4a lid 2"\n            wet: wgs', ("verwachtingen.yml", "routes.toegang.onderwerp.geldzaken_schulden", "hoe_lang.wet"), "unknown key"),
    ("verwachtingen_bad_vanaf", "verwachtingen.yml", "    vanaf: aanvraag\n", "    vanaf: gesprek\n", ("verwachtingen.yml", "wmo_beschikking", "vanaf"), "melding"),
    ("verwachtingen_spoed_after_closing", "verwachtingen.yml", 'spoed_vandaag_tot: "16:00"', 'spoed_vandaag_tot: "18:00"', ("verwachtingen.yml", None, "spoed_vandaag_tot"), "eindtijd"),
    ("verwachtingen_bad_date", "verwachtingen.yml", "extra_vrije_dagen: []", "extra_vrije_dagen: [2026-13-01]", ("verwachtingen.yml", "extra_vrije_dagen", "2026-13-01"), "date"),
    ("verwachtingen_unknown_termijn", "verwachtingen.yml", "  geldzaken_schulden: wgs_eerste_gesprek\n", "  geldzaken_schulden: wgs_gesprek\n", ("verwachtingen.yml", "termijn_per_onderwerp", "geldzaken_schulden"), "unknown termijn"),
    ("verwachtingen_termijn_both_units", "verwachtingen.yml", "    label: besluit op de aanvraag\n    weken: 2\n", "    label: besluit op de aanvraag\n    weken: 2\n    werkdagen: 10\n", ("verwachtingen.yml", "wmo_beschikking", "weken"), "exactly one"),
    ("verwachtingen_unknown_onderwerp_text", "verwachtingen.yml", "      leerplicht:\n        wie:", "      leerplich:\n        wie:", ("verwachtingen.yml", "routes.toegang.onderwerp", "leerplich"), "unknown onderwerp"),
    ("verwachtingen_route_missing_wie", "verwachtingen.yml", '      wie:\n        tekst: "U belt of mailt zelf met de organisatie. U hoeft daarvoor niets aan te vragen."\n        bron: "Wmo 2015 art. 1.1.1 lid 1"\n', "", ("verwachtingen.yml", "routes.voorziening.standaard", "wie"), "missing"),
    ("verwachtingen_recht_not_text", "verwachtingen.yml", '          - tekst: "Bewaar uw brieven en rekeningen. Neem ze mee naar het eerste gesprek."\n            melder: inwoner\n', "          - 42\n", ("verwachtingen.yml", "routes.toegang.onderwerp.geldzaken_schulden", "rechten"), "text"),
    ("verwachtingen_unknown_melder", "verwachtingen.yml", "            melder: naaste\n", "            melder: buurman\n", ("verwachtingen.yml", "routes.toegang.wet.wmo", "wat.melder"), "unknown melder"),
    ("verwachtingen_unknown_teamroute", "verwachtingen.yml", "      welzijn:\n        wie:", "      welzijnn:\n        wie:", ("verwachtingen.yml", "routes.toegang.team", "welzijnn"), "unknown teamroute"),
    ("verwachtingen_team_in_no_route", "verwachtingen.yml", "  backoffice: [backoffice]\n", "", ("verwachtingen.yml", "teamroutes", "backoffice"), "in no route"),
    ("verwachtingen_standaard_without_text_for_a_melder", "verwachtingen.yml", '          melder: professional\n      hoe_lang: "Hoe lang', '          melder: [inwoner]\n      hoe_lang: "Hoe lang', ("verwachtingen.yml", "routes.toegang.standaard", "wat"), "melder 'professional'"),
]


@pytest.mark.parametrize("file,old,new,where,message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_data_raises_routing_config_error_naming_file_entry_and_key(data_copy, file, old, new, where, message):
    _replace(data_copy / file, old, new)
    with pytest.raises(RoutingConfigError) as info:
        load_catalog(data_copy)
    error = info.value
    assert (error.file, error.entry, error.key) == where
    assert message in str(error)
    assert error.file in str(error)


def test_missing_file_names_the_file(data_copy):
    (data_copy / "kernen.yml").unlink()
    with pytest.raises(RoutingConfigError) as info:
        load_catalog(data_copy)
    assert info.value.file == "kernen.yml"


def test_empty_file_is_refused(data_copy):
    (data_copy / "voorzieningen.yml").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(RoutingConfigError) as info:
        load_catalog(data_copy)
    assert info.value.file == "voorzieningen.yml"


def test_routing_config_error_survives_pickling():
    error = RoutingConfigError("kernen.yml", "Neede", "postcodes", "overlaps")
    again = pickle.loads(pickle.dumps(error))
    assert (again.file, again.entry, again.key, again.message) == ("kernen.yml", "Neede", "postcodes", "overlaps")
    assert str(again) == "kernen.yml, entry 'Neede', key 'postcodes': overlaps"


def test_functioneel_beheerder_can_add_a_voorziening_in_yaml_only(data_copy):
    path = data_copy / "voorzieningen.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + """
  - code: repair_cafe_neede
    naam: Repair Café Neede
    wat: Samen spullen repareren en koffie drinken.
    onderwerpen: [eenzaamheid_meedoen]
    behoeften: [ontmoeten, klussen]
    kernen: [Neede]
    contact:
      inloop: eerste zaterdag van de maand 10.00-13.00 uur
    geverifieerd: true
    kosten: gratis
    zwaarte: 1
""",
        encoding="utf-8",
    )
    catalog = load_catalog(data_copy)
    assert any(v.code == "repair_cafe_neede" and v.kernen == ("Neede",) for v in catalog.voorzieningen)
