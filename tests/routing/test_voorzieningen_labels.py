"""Algemene voorzieningen for one onderwerp (its needs first, then lightest) and plain-Dutch labels."""
import pytest

from routing import melder_label, onderwerp_label, team_label, urgentie_label, voorzieningen_voor, wet_label
from routing.voorzieningen import voorziening


@pytest.mark.parametrize(
    "onderwerp,kern,first",
    [
        ("eenzaamheid_meedoen", "Neede", "dorpskamer_neede"),
        ("eenzaamheid_meedoen", "Rietmolen", "dorpskamer_neede"),
        ("eenzaamheid_meedoen", "Haarlo", "dorpskamer_borculo"),
        ("eenzaamheid_meedoen", "Hupsel", "dorpskamer_eibergen"),
        ("eenzaamheid_meedoen", None, "berkellandwijzer"),
        ("geldzaken_schulden", "Ruurlo", "geldzaken_spreekuur"),
        ("opvoeden_opgroeien", "Neede", "cjg_jgz"),
        ("veiligheid", None, "zelfmoordpreventie_113"),
        ("buiten_sociaal_domein", None, "gemeente_algemeen"),
    ],
)
def test_the_onderwerps_own_need_first_then_lightest_and_own_kern_before_general(catalog, onderwerp, kern, first):
    assert voorzieningen_voor(catalog, onderwerp, kern)[0].code == first


@pytest.mark.parametrize(
    "onderwerp,expected",
    [
        ("mantelzorg", "mantelzorgsteunpunt"),
        ("geldzaken_schulden", "thuisadministratie"),
        ("opvoeden_opgroeien", "cjg_jgz"),
        ("vrijwilligerswerk", "vrijwilligersvacaturebank"),
        ("huishoudelijke_hulp", "boodschappen_klussendienst"),
        ("vervoer", "vrijwillige_vervoersdienst"),
        ("veiligheid", "veilig_thuis"),
    ],
)
def test_known_voorliggende_voorziening_is_offered(catalog, onderwerp, expected):
    assert expected in [v.code for v in voorzieningen_voor(catalog, onderwerp, "Borculo", limit=10)]


def test_voorzieningen_of_another_kern_are_not_offered(catalog):
    codes = [v.code for v in voorzieningen_voor(catalog, "eenzaamheid_meedoen", "Neede", limit=50)]
    assert "dorpskamer_neede" in codes
    assert not any(c.startswith("dorpskamer_") and c != "dorpskamer_neede" for c in codes)


def test_limit_is_respected(catalog):
    assert len(voorzieningen_voor(catalog, "mantelzorg", "Neede")) == 3
    assert len(voorzieningen_voor(catalog, "mantelzorg", "Neede", limit=1)) == 1
    assert voorzieningen_voor(catalog, "mantelzorg", "Neede", limit=0) == ()


def test_onafhankelijke_clientondersteuning_is_free_and_in_the_catalogue(catalog):
    mee = voorziening(catalog, "clientondersteuning_mee")
    assert mee.kosten == "gratis"
    assert "huishoudelijke_hulp" in mee.onderwerpen


@pytest.mark.parametrize("args", [("paspoort", None), ("mantelzorg", "Amsterdam")], ids=["unknown_onderwerp", "unknown_kern"])
def test_unknown_codes_are_refused(catalog, args):
    with pytest.raises(ValueError):
        voorzieningen_voor(catalog, *args)


def test_every_voorziening_can_be_reached(catalog):
    for v in catalog.voorzieningen:
        assert v.contact.telefoon or v.contact.website or v.contact.inloop or v.contact.email, v.code


@pytest.mark.parametrize(
    "function,code,label",
    [
        (onderwerp_label, "huishoudelijke_hulp", "hulp in het huishouden"),
        (onderwerp_label, "woningaanpassing", "aanpassing van uw woning"),
        (wet_label, "wmo", "Wet maatschappelijke ondersteuning (Wmo)"),
        (wet_label, "overig", "andere regeling"),
        (urgentie_label, "spoed", "spoed (vandaag nog)"),
        (team_label, "frontteam_neede", "frontteam Neede"),
        (team_label, "extern_veilig_thuis", "Veilig Thuis"),
        (team_label, None, "niet doorzetten"),
        (melder_label, "naaste", "een naaste of mantelzorger"),
        (onderwerp_label, "onbekend_ding", "onbekend ding"),
    ],
)
def test_labels_are_plain_dutch(function, code, label):
    assert function(code) == label


def test_every_code_has_a_label(catalog):
    for code in catalog.onderwerpen:
        assert onderwerp_label(code) != code.replace("_", " ") or " " not in code
    for code in catalog.teams:
        assert "_" not in team_label(code)
    for code in catalog.wetten:
        assert wet_label(code)
