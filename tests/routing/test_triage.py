"""triage(): table of situations -> triage label."""
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from routing import Feiten, TriageLabel, keywords_onderwerpen, triage, verwachting
from routing.errors import RoutingConfigError
from routing.triage import VEILIGHEID_TEAM_FILE, load_veiligheid_team

# id, feiten, expected (onderwerp, also, wet, urgentie, kern, team_advies)
TABLE = [
    (
        "traplift_in_neede_is_advised_to_frontteam_neede",
        Feiten(onderwerpen=("woningaanpassing",), tekst="Ik heb een traplift nodig", kern="Neede"),
        ("woningaanpassing", (), "wmo", "normaal", "Neede", "frontteam_neede"),
    ),
    (
        "huishoudelijke_hulp_with_postcode_7271_goes_to_frontteam_borculo_beltrum",
        Feiten(onderwerpen=("huishoudelijke_hulp",), postcode="7271 AB"),
        ("huishoudelijke_hulp", (), "wmo", "normaal", "Borculo", "frontteam_borculo_beltrum"),
    ),
    (
        "scootmobiel_in_ruurlo_misspelled_goes_to_frontteam_ruurlo",
        Feiten(onderwerpen=("hulpmiddelen",), kern="ruurloo"),
        ("hulpmiddelen", (), "wmo", "normaal", "Ruurlo", "frontteam_ruurlo"),
    ),
    (
        "vervoer_in_rekken_goes_to_frontteam_eibergen_rekken",
        Feiten(onderwerpen=("vervoer",), kern="Rekken"),
        ("vervoer", (), "wmo", "normaal", "Rekken", "frontteam_eibergen_rekken"),
    ),
    (
        "frontteam_onderwerp_without_kern_goes_to_toegang",
        Feiten(onderwerpen=("begeleiding_dagbesteding",)),
        ("begeleiding_dagbesteding", (), "wmo", "normaal", None, "toegang"),
    ),
    (
        "postcode_outside_berkelland_goes_to_toegang_without_kern",
        Feiten(onderwerpen=("huishoudelijke_hulp",), postcode="7500 AB"),
        ("huishoudelijke_hulp", (), "wmo", "normaal", None, "toegang"),
    ),
    (
        "begeleiding_for_child_of_12_is_jeugdhulp_under_jeugdwet",
        Feiten(onderwerpen=("begeleiding_dagbesteding",), leeftijd=12, kern="Eibergen"),
        ("jeugdhulp", (), "jeugdwet", "normaal", "Eibergen", "frontteam_eibergen_rekken"),
    ),
    (
        "jeugdhulp_for_adult_of_30_is_begeleiding_under_wmo",
        Feiten(onderwerpen=("jeugdhulp",), leeftijd=30),
        ("begeleiding_dagbesteding", (), "wmo", "normaal", None, "toegang"),
    ),
    (
        "jeugdhulp_at_20_stays_jeugdhulp_verlengd",
        Feiten(onderwerpen=("jeugdhulp",), leeftijd=20),
        ("jeugdhulp", (), "jeugdwet", "normaal", None, "toegang"),
    ),
    (
        "opvoedvraag_is_jeugdwet_to_frontteam",
        Feiten(onderwerpen=("opvoeden_opgroeien",), leeftijd=15, kern="Beltrum"),
        ("opvoeden_opgroeien", (), "jeugdwet", "normaal", "Beltrum", "frontteam_borculo_beltrum"),
    ),
    (
        "bijstand_goes_to_fijnder_under_participatiewet",
        Feiten(onderwerpen=("inkomen_bijstand",), kern="Neede"),
        ("inkomen_bijstand", (), "participatiewet", "normaal", "Neede", "extern_fijnder"),
    ),
    (
        "no_income_and_no_food_is_urgentie_hoog",
        Feiten(onderwerpen=("inkomen_bijstand",), tekst="ik heb geen inkomen en geen eten meer"),
        ("inkomen_bijstand", (), "participatiewet", "hoog", None, "extern_fijnder"),
    ),
    (
        "schulden_with_threatened_eviction_is_hoog_to_welzijn_preventie",
        Feiten(onderwerpen=("geldzaken_schulden",), tekst="de deurwaarder dreigt met ontruiming", kern="Haarlo"),
        ("geldzaken_schulden", (), "overig", "hoog", "Haarlo", "welzijn_preventie"),
    ),
    (
        "overloaded_mantelzorger_is_hoog",
        Feiten(onderwerpen=("mantelzorg",), melder="naaste", tekst="ik zorg voor mijn man en ik sta op omvallen", kern="Gelselaar"),
        ("mantelzorg", (), "wmo", "hoog", "Gelselaar", "frontteam_borculo_beltrum"),
    ),
    (
        "urgentie_signaal_from_the_conversation_makes_hoog",
        Feiten(onderwerpen=("wonen_opvang",), urgentie_signalen=("dakloos",)),
        ("wonen_opvang", (), "wmo", "hoog", None, "toegang"),
    ),
    (
        "eenzaamheid_goes_to_welzijn_preventie",
        Feiten(onderwerpen=("eenzaamheid_meedoen",), kern="Rietmolen"),
        ("eenzaamheid_meedoen", (), "wmo", "normaal", "Rietmolen", "welzijn_preventie"),
    ),
    (
        "leerlingenvervoer_goes_to_backoffice",
        Feiten(onderwerpen=("leerlingenvervoer",)),
        ("leerlingenvervoer", (), "overig", "normaal", None, "backoffice"),
    ),
    (
        "lopende_wmo_aanvraag_takes_wet_from_other_onderwerp",
        Feiten(onderwerpen=("lopende_aanvraag", "huishoudelijke_hulp")),
        ("lopende_aanvraag", ("huishoudelijke_hulp",), "wmo", "normaal", None, "backoffice"),
    ),
    (
        "klacht_without_context_is_overig_to_toegang",
        Feiten(onderwerpen=("klacht_bezwaar",)),
        ("klacht_bezwaar", (), "overig", "normaal", None, "toegang"),
    ),
    (
        "paspoort_is_buiten_sociaal_domein_and_not_routed",
        Feiten(onderwerpen=("buiten_sociaal_domein",), tekst="ik moet mijn paspoort verlengen"),
        ("buiten_sociaal_domein", (), "overig", "normaal", None, None),
    ),
    (
        "violence_in_text_makes_veiligheid_spoed_to_veilig_thuis",
        Feiten(onderwerpen=("huishoudelijke_hulp",), tekst="mijn man slaat me", kern="Neede"),
        ("veiligheid", ("huishoudelijke_hulp",), "wmo", "spoed", "Neede", "extern_veilig_thuis"),
    ),
    (
        "child_abuse_is_jeugdwet_spoed_to_veilig_thuis",
        Feiten(onderwerpen=("veiligheid",), tekst="mijn kind wordt geslagen"),
        ("veiligheid", (), "jeugdwet", "spoed", None, "extern_veilig_thuis"),
    ),
    (
        "suicidal_thoughts_are_spoed_to_toegang",
        Feiten(onderwerpen=("geldzaken_schulden",), tekst="ik heb zoveel schulden, ik wil er een eind aan maken"),
        ("veiligheid", ("geldzaken_schulden",), "overig", "spoed", None, "toegang"),
    ),
    (
        "veiligheid_from_classifier_without_words_is_spoed_to_toegang",
        Feiten(onderwerpen=("veiligheid",)),
        ("veiligheid", (), "overig", "spoed", None, "toegang"),
    ),
    (
        "veiligheid_named_second_becomes_primary",
        Feiten(onderwerpen=("opvoeden_opgroeien", "veiligheid"), leeftijd=9),
        ("veiligheid", ("opvoeden_opgroeien",), "jeugdwet", "spoed", None, "toegang"),
    ),
    (
        "danger_signaal_from_the_conversation_makes_spoed",
        Feiten(onderwerpen=("mantelzorg",), urgentie_signalen=("geweld",)),
        ("veiligheid", ("mantelzorg",), "wmo", "spoed", None, "extern_veilig_thuis"),
    ),
    (
        "job_loss_debts_and_truancy_are_one_aanmelding_with_three_onderwerpen",
        Feiten(
            onderwerpen=("werk_reintegratie",),
            tekst="Ik ben ontslagen, ik heb schulden en mijn zoon spijbelt steeds",
            kern="Eibergen",
        ),
        ("werk_reintegratie", ("inkomen_bijstand", "geldzaken_schulden", "leerplicht"), "participatiewet", "normaal", "Eibergen", "extern_fijnder"),
    ),
    (
        "violence_with_suicidal_thoughts_goes_to_veilig_thuis",
        Feiten(onderwerpen=("veiligheid",), tekst="mijn man slaat me en ik wil niet meer leven"),
        ("veiligheid", (), "wmo", "spoed", None, "extern_veilig_thuis"),  # Veilig Thuis: art. 4.1.1 Wmo 2015
    ),
    (
        "danger_to_a_named_child_is_jeugdwet",
        Feiten(onderwerpen=("veiligheid",), tekst="ik vond sneetjes op de armen van mijn dochter"),
        ("veiligheid", (), "jeugdwet", "spoed", None, "toegang"),
    ),
    (
        "danger_to_an_adult_relative_is_wmo",
        Feiten(onderwerpen=("veiligheid",), tekst="mijn vader zegt dat hij er niet meer wil zijn"),
        ("veiligheid", (), "wmo", "spoed", None, "toegang"),
    ),
    (
        "danger_without_a_clue_to_the_situation_stays_overig",
        Feiten(onderwerpen=("veiligheid",), tekst="ik zie geen uitweg meer"),
        ("veiligheid", (), "overig", "spoed", None, "toegang"),
    ),
    (
        "threat_by_a_stranger_is_crisis_to_toegang",
        Feiten(onderwerpen=("veiligheid",), tekst="ik word bedreigd"),
        ("veiligheid", (), "overig", "spoed", None, "toegang"),
    ),
    (
        "normaal_signaal_carries_no_urgency",
        Feiten(onderwerpen=("vervoer",), urgentie_signalen=("normaal", "")),
        ("vervoer", (), "wmo", "normaal", None, "toegang"),
    ),
    (
        "spoed_signaal_from_the_conversation_makes_spoed",
        Feiten(onderwerpen=("wonen_opvang",), urgentie_signalen=("spoed",)),
        ("wonen_opvang", (), "wmo", "spoed", None, "toegang"),
    ),
    (
        "impossible_age_is_ignored",
        Feiten(onderwerpen=("begeleiding_dagbesteding",), leeftijd=-3),
        ("begeleiding_dagbesteding", (), "wmo", "normaal", None, "toegang"),
    ),
    (
        "onderwerp_from_keywords_when_classifier_gave_none",
        Feiten(onderwerpen=(), tekst="traplift"),
        ("woningaanpassing", (), "wmo", "normaal", None, "toegang"),
    ),
    (
        "professional_is_kept_as_melder",
        Feiten(onderwerpen=("jeugdhulp",), melder="professional", leeftijd=8, kern="Hupsel"),
        ("jeugdhulp", (), "jeugdwet", "normaal", "Hupsel", "frontteam_eibergen_rekken"),
    ),
]


@pytest.mark.parametrize("feiten,expected", [(f, e) for _, f, e in TABLE], ids=[i for i, _, _ in TABLE])
def test_triage(catalog, feiten, expected):
    label = triage(catalog, feiten)
    assert (label.onderwerp, label.also, label.wet, label.urgentie, label.kern, label.team_advies) == expected
    assert label.melder == feiten.melder
    assert label.redenen, "every label explains itself"
    assert all(isinstance(r, str) and r.strip() for r in label.redenen)


def test_buiten_sociaal_domein_says_niet_doorzetten(catalog):
    label = triage(catalog, Feiten(onderwerpen=("buiten_sociaal_domein",)))
    assert label.team_advies is None and not label.doorzetten
    assert any("niet doorzetten" in r for r in label.redenen)


def test_redenen_are_plain_dutch(catalog):
    label = triage(catalog, Feiten(onderwerpen=("woningaanpassing",), kern="Neede"))
    assert label.redenen == ("Aanpassing van uw woning in Neede: frontteam Neede.",)


def test_redenen_name_the_danger_words(catalog):
    label = triage(catalog, Feiten(onderwerpen=("huishoudelijke_hulp",), tekst="hij slaat me"))
    assert any("slaat me" in r for r in label.redenen)
    assert any("Veilig Thuis" in r for r in label.redenen)


def test_triage_is_deterministic_and_compares_by_value(catalog):
    feiten = Feiten(onderwerpen=("mantelzorg",), tekst="ik ben overbelast", kern="Neede")
    assert triage(catalog, feiten) == triage(catalog, feiten)
    assert isinstance(triage(catalog, feiten), TriageLabel)


@pytest.mark.parametrize(
    "feiten",
    [Feiten(onderwerpen=("paspoort",)), Feiten(onderwerpen=("mantelzorg",), melder="buurman"), Feiten(onderwerpen=(), tekst="")],
    ids=["unknown_onderwerp", "unknown_melder", "nothing_to_go_on"],
)
def test_triage_refuses_what_is_not_in_the_taxonomy(catalog, feiten):
    with pytest.raises(ValueError):
        triage(catalog, feiten)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ik heb een traplift nodig en hulp bij het schoonmaken", ("woningaanpassing", "huishoudelijke_hulp")),
        ("mijn dochter heeft ADHD", ("jeugdhulp",)),
        ("SCHULDEN", ("geldzaken_schulden",)),
        ("ik wil een rolstoel en een scootmobiel", ("hulpmiddelen",)),
        ("de regiotaxi komt te laat", ("vervoer",)),
        ("ik heb een vraag over mijn paspoort", ("buiten_sociaal_domein",)),
        ("leerlingen vervoer voor mijn zoon", ("leerlingenvervoer",)),
        ("ik ben het niet eens met de beschikking", ("klacht_bezwaar",)),
        ("sinds de scheiding heb ik schulden", ("geldzaken_schulden",)),
        ("goedemorgen", ()),
        ("", ()),
    ],
)
def test_keywords_onderwerpen_finds_onderwerpen_in_order(catalog, text, expected):
    assert keywords_onderwerpen(catalog, text) == expected


def test_every_onderwerp_has_synoniemen(catalog):
    for code, ond in catalog.onderwerpen.items():
        assert ond.synoniemen, code
        assert keywords_onderwerpen(catalog, ond.synoniemen[0])[:1] == (code,) or code in keywords_onderwerpen(catalog, ond.synoniemen[0]), code


@pytest.mark.parametrize("text, expected", [
    ("ik ben mijn baan kwijt", ("inkomen_bijstand", "werk_reintegratie")),
    ("mijn zoon gaat niet meer naar school en spijbelt", ("leerplicht",)),
    ("leerlingen vervoer naar school", ("leerlingenvervoer",)),
    # a state said not to be so is no onderwerp; a need put in negative words still is
    ("Ik zoek vrijwilligerswerk, ja. Eenzaam ben ik overigens niet, hoor.", ("vrijwilligerswerk",)),
    ("ik voel me niet eenzaam, ik wil iets doen als vrijwilliger", ("vrijwilligerswerk",)),
    ("ik kan het huishouden niet meer doen", ("huishoudelijke_hulp",)),
    # "het is geen …", "het gaat niet om …" says what it is not; "er is geen …" is a lack, still the onderwerp
    ("zorgen over gedrag. Het is geen schoolverzuim, hij komt gewoon elke dag", ()),
    ("het gaat niet om schulden maar ik wil een uitkering", ("inkomen_bijstand",)),
    ("er is geen traplift in huis", ("woningaanpassing",)),
    ("ik heb geen uitkering meer", ("inkomen_bijstand",)),
], ids=["same-words-under-two-onderwerpen-signal-both", "everyday-school-phrasings", "longest-match-still-wins",
        "negated-state", "negated-feeling", "need-in-negative-words", "het-is-geen", "het-gaat-niet-om",
        "a-lack-is-a-need", "a-lack-in-other-words"])
def test_keyword_onderwerpen_from_everyday_phrasings(catalog, text, expected):
    from routing import keywords_onderwerpen

    assert keywords_onderwerpen(catalog, text) == expected


# Spoed: the team advice follows the shared policy (taxonomy.yml, veiligheid.team_advies: "extern_veilig_thuis bij
# huiselijk geweld of kindermishandeling, anders toegang"), also when the danger words name no categorie (the
# classifier's 'crisis'): the situation decides (routing/data/veiligheid_team.yml).
# id, tekst, melder, expected (urgentie, team_advies), a reason that must be given (or None)
SPOED_TABLE = [
    ("neighbour_hears_violence_with_children_in_the_house_is_veilig_thuis",
     "Bij de buren hoor ik bijna elke avond geschreeuw en harde klappen. Er wonen drie kleine kinderen.",
     "naaste", ("spoed", "extern_veilig_thuis"), "Er zijn kinderen bij betrokken."),
    ("neighbour_reports_abuse_the_children_see_is_veilig_thuis",
     "Mijn buurvrouw wordt door haar man mishandeld en de kinderen zien het allemaal.",
     "naaste", ("spoed", "extern_veilig_thuis"), "warme overdracht"),
    ("woman_hiding_from_a_violent_partner_is_veilig_thuis",
     "Ik zit ondergedoken bij een vriendin want mijn man is gewelddadig.",
     "inwoner", ("spoed", "extern_veilig_thuis"), "De situatie wijst op huiselijk geweld"),
    ("woman_hiding_for_her_partner_who_hurt_her_is_veilig_thuis",
     "Ik verstop me voor mijn vriend, hij heeft me vaker pijn gedaan.",
     "inwoner", ("spoed", "extern_veilig_thuis"), None),
    ("teacher_seeing_bruises_on_a_pupil_is_veilig_thuis_under_the_meldcode",
     "Ik ben leerkracht en een leerling van mij heeft steeds blauwe plekken op haar armen.",
     "professional", ("spoed", "extern_veilig_thuis"), "Wet verplichte meldcode"),
    ("suicidal_thoughts_are_toegang_crisis_route",
     "Ik denk de laatste tijd steeds aan zelfmoord.",
     "inwoner", ("spoed", "toegang"), "113"),
    ("suicidal_parent_who_mentions_the_children_stays_toegang",
     "Mijn kinderen zijn beter af zonder mij.",
     "inwoner", ("spoed", "toegang"), None),
    ("bruises_on_an_adult_after_a_fall_with_suicidal_words_stay_toegang",
     "Ik ben gevallen, zit onder de blauwe plekken en zie het leven niet meer zitten.",
     "inwoner", ("spoed", "toegang"), None),
]


@pytest.mark.parametrize("tekst,melder,expected,reden", [row[1:] for row in SPOED_TABLE],
                         ids=[row[0] for row in SPOED_TABLE])
def test_spoed_team_advies_follows_the_policy(catalog, tekst, melder, expected, reden):
    # as the assistant routes a danger message: onderwerp veiligheid, the words the inwoner wrote, the melder
    label = triage(catalog, Feiten(onderwerpen=("veiligheid",), melder=melder, tekst=tekst))
    assert (label.urgentie, label.team_advies) == expected
    assert label.onderwerp == "veiligheid" and label.melder == melder
    if reden:
        assert any(reden in r for r in label.redenen), label.redenen
    if label.team_advies == "toegang":
        assert not any("advies Veilig Thuis" in r or "overdracht" in r for r in label.redenen), label.redenen


def test_suicidal_thoughts_get_113_and_112_first(catalog):
    label = triage(catalog, Feiten(onderwerpen=("veiligheid",), tekst="ik wil niet meer leven"))
    uitleg = verwachting(catalog, label.onderwerp, "crisis", label.urgentie)
    nummers = " ".join(uitleg.crisisnummers)
    assert label.team_advies == "toegang" and "113" in nummers and "112" in nummers


def test_professional_noting_no_acute_risk_is_not_spoed(catalog):
    tekst = ("Ik ben wijkverpleegkundige. Mevrouw is somber maar er is geen acuut suïciderisico. "
             "Zij wil graag dagbesteding.")
    label = triage(catalog, Feiten(onderwerpen=("begeleiding_dagbesteding",), melder="professional", tekst=tekst))
    assert label.urgentie != "spoed" and label.onderwerp == "begeleiding_dagbesteding"
    assert label.team_advies != "extern_veilig_thuis"


@pytest.mark.parametrize("edit,key", [
    (lambda d: d["situaties"][0].update(team="veilig_thuis"), "team"),
    (lambda d: d["situaties"][0].update(woorden=[]), "woorden"),
    (lambda d: d["situaties"][1].update(met_kind="ja"), "met_kind"),
    (lambda d: d["melder"].update(buurman="tekst"), "buurman"),
    (lambda d: d.update(kinderen=None), "kinderen"),
], ids=["unknown_team", "empty_woorden", "met_kind_not_boolean", "unknown_melder", "no_kinderen"])
def test_bad_veiligheid_team_data_gives_a_clear_error(catalog, tmp_path, edit, key):
    data = yaml.safe_load(VEILIGHEID_TEAM_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "veiligheid_team.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RoutingConfigError) as err:
        load_veiligheid_team(path, teams=tuple(catalog.teams))
    assert err.value.file == "veiligheid_team.yml" and err.value.key == key


def test_shipped_veiligheid_team_data_uses_only_taxonomy_teams(catalog):
    config = load_veiligheid_team(teams=tuple(catalog.teams))
    assert {s.team for s in config.situaties} == {"extern_veilig_thuis"}


def test_spoed_verwachting_tells_the_inwoner_who_calls_and_the_warme_overdracht(catalog):
    label = triage(catalog, Feiten(onderwerpen=("veiligheid",), melder="naaste",
                                   tekst="Mijn buurman slaat zijn vrouw en de kinderen zijn erbij."))
    dinsdag = datetime(2026, 12, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    uitleg = verwachting(catalog, label.onderwerp, "toegang", label.urgentie, created=dinsdag, melder=label.melder,
                         team=label.team_advies)
    assert label.team_advies == "extern_veilig_thuis" and uitleg.teamroute == "veilig_thuis"
    # per the policy team toegang calls first and hands over to Veilig Thuis: say that, not "Veilig Thuis belt u"
    assert "Voormekaar belt u" in uitleg.wie and "in contact met Veilig Thuis" in uitleg.wie
    assert "Veilig Thuis neemt contact" not in uitleg.tekst and "bezwaar" not in uitleg.tekst
    assert "vandaag nog" in uitleg.wanneer and "112" in uitleg.hoe_lang
    assert "Wmo 2015 art. 4.1.1" in uitleg.basis and any("0800-2000" in n for n in uitleg.crisisnummers)
