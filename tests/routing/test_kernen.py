"""Postcodes and place names to kern and frontteam."""
import pytest

from routing import resolve_kern

CASES = [
    ("7271 AB", "Borculo", "frontteam_borculo_beltrum"),
    ("7271AB", "Borculo", "frontteam_borculo_beltrum"),
    ("7271ab", "Borculo", "frontteam_borculo_beltrum"),
    ("7271", "Borculo", "frontteam_borculo_beltrum"),
    ("7273", "Haarlo", "frontteam_borculo_beltrum"),
    ("7274 BA", "Geesteren", "frontteam_borculo_beltrum"),
    ("7275", "Gelselaar", "frontteam_borculo_beltrum"),
    ("7156", "Beltrum", "frontteam_borculo_beltrum"),
    ("7157", "Holterhoek", "frontteam_eibergen_rekken"),
    ("7270", "Borculo", "frontteam_borculo_beltrum"),
    ("7261 CD", "Ruurlo", "frontteam_ruurlo"),
    ("7161 LW", "Neede", "frontteam_neede"),
    ("7165", "Rietmolen", "frontteam_neede"),
    ("7151", "Eibergen", "frontteam_eibergen_rekken"),
    ("7152", "Rekken", "frontteam_eibergen_rekken"),
    ("Neede", "Neede", "frontteam_neede"),
    ("neede", "Neede", "frontteam_neede"),
    ("NEEDE", "Neede", "frontteam_neede"),
    ("Noordijk", "Noordijk", "frontteam_neede"),
    ("Eiberge", "Eibergen", "frontteam_eibergen_rekken"),
    ("eijbergen", "Eibergen", "frontteam_eibergen_rekken"),
    ("borkelo", "Borculo", "frontteam_borculo_beltrum"),
    ("Borclo", "Borculo", "frontteam_borculo_beltrum"),
    ("ruurloo", "Ruurlo", "frontteam_ruurlo"),
    ("Holterhoek", "Holterhoek", "frontteam_eibergen_rekken"),
    ("hupsel", "Hupsel", "frontteam_eibergen_rekken"),
    ("ik woon in Rietmolen", "Rietmolen", "frontteam_neede"),
    ("Geesteren (Gld)", "Geesteren", "frontteam_borculo_beltrum"),
    ("riet molen", "Rietmolen", "frontteam_neede"),
    ("  Beltrum  ", "Beltrum", "frontteam_borculo_beltrum"),
    ("mijn postcode is 7261 AB in Ruurlo", "Ruurlo", "frontteam_ruurlo"),
]

# How people answer "In welk dorp of welke stad woont u?" in a sentence, typed or spoken.
ZINNEN = [
    ("bij Neede", "Neede", None),
    ("ik woon in eibergen", "Eibergen", None),
    ("in de buurt van Borculo", "Borculo", None),
    ("Rietmolen bij Neede", "Rietmolen", None),
    ("ik woon in Rietmolen, dat is bij Neede", "Rietmolen", None),
    ("mijn postcode is 7271", "Borculo", "7271"),
    ("7271 AB", "Borculo", "7271 AB"),
    ("7271 ab", "Borculo", "7271 AB"),
    ("Dorpsstraat 12, 7161 AB Neede", "Neede", "7161 AB"),
    ("ik woon sinds 2019 in Neede", "Neede", None),
    ("wij wonen al 40 jaar in Ruurlo", "Ruurlo", None),
    ("in de omgeving van borklo", "Borculo", None),
    ("ik woon in Borclo", "Borculo", None),
    # speech to text on the phone (spoken variants in kernen.yml)
    ("nee de", "Neede", None),
    ("ik woon in nee de", "Neede", None),
    ("uh nee de", "Neede", None),
    ("bel trum", "Beltrum", None),
    ("ik woon in bel trum", "Beltrum", None),
    ("in ei bergen", "Eibergen", None),
    # a name split into two or three words that are in no list: joined where a place stands
    ("gees te ren", "Geesteren", None),
    ("ik woon in gel se laar", "Gelselaar", None),
    ("bij hol ter hoek", "Holterhoek", None),
    # where someone works or goes to school is not where they live
    ("Ik woon in Eibergen en werk in Neede", "Eibergen", None),
    ("ik woon en werk in Neede", "Neede", None),
    ("mijn zoon gaat naar school in Eibergen, we wonen in Rekken", "Rekken", None),
]


@pytest.mark.parametrize("value,kern,postcode", ZINNEN, ids=[z[0] for z in ZINNEN])
def test_kern_or_postcode_inside_a_sentence_is_found(catalog, value, kern, postcode):
    result = resolve_kern(catalog, value)
    assert (result.kern, result.postcode, result.in_berkelland) == (kern, postcode, True)


@pytest.mark.parametrize("value", [
    "nee", "Nee.", "nee dank u", "nee de buurvrouw helpt mij", "weet ik niet", "mijn naam is Gerda Wolters",
    "Jan de Vries", "06 1234 5678", "[telefoonnummer]", "ze belt me gisteren terug", "ik woon buiten Berkelland",
    "ik werk in neede bij de kassen nee ik werkte",
    "hij rekt ken niet",  # words that join into a kern, but not where a place stands
])
def test_answer_without_a_kern_is_not_taken_for_one(catalog, value):
    result = resolve_kern(catalog, value)
    assert (result.kern, result.postcode) == (None, None)
    assert "postcode" in result.message


@pytest.mark.parametrize("value,kern,team", CASES, ids=[f"{c[0]}_is_{c[1]}" for c in CASES])
def test_postcode_or_name_resolves_to_kern_and_frontteam(catalog, value, kern, team):
    result = resolve_kern(catalog, value)
    assert (result.kern, result.in_berkelland, result.frontteam) == (kern, True, team)


def test_postcode_is_returned_in_standard_form(catalog):
    assert resolve_kern(catalog, "7271ab").postcode == "7271 AB"
    assert resolve_kern(catalog, "7271").postcode == "7271"


@pytest.mark.parametrize("postcode", ["1012AB", "9999", "3500 AA"])
def test_postcode_outside_berkelland_points_kindly_to_own_gemeente(catalog, postcode):
    result = resolve_kern(catalog, postcode)
    assert (result.kern, result.in_berkelland, result.gemeente) == (None, False, None)
    assert result.postcode is not None
    assert "niet in de gemeente Berkelland" in result.message
    assert "eigen gemeente" in result.message
    assert "14" in result.message


@pytest.mark.parametrize(
    "postcode,gemeente,telefoon",
    [("7481", "Haaksbergen", "14 053"), ("7131 CD", "Oost Gelre", "14 0544"), ("7241", "Lochem", "14 0573"), ("7500 AB", "Enschede", "14 053")],
)
def test_postcode_in_a_neighbouring_gemeente_names_that_gemeente(catalog, postcode, gemeente, telefoon):
    result = resolve_kern(catalog, postcode)
    assert (result.kern, result.in_berkelland, result.gemeente) == (None, False, gemeente)
    assert "niet in de gemeente Berkelland" in result.message
    assert gemeente in result.message and telefoon in result.message


@pytest.mark.parametrize("value,gemeente,plaats", [
    ("Haaksbergen", "Haaksbergen", "Haaksbergen"),
    ("ik woon in Buurse", "Haaksbergen", "Buurse"),
    ("Barchem, vlak bij Borculo", "Lochem", "Barchem"),  # named first: where the person lives
    ("wij wonen in groenlo", "Oost Gelre", "Groenlo"),
    ("markelo", "Hof van Twente", "Markelo"),
    # speech-to-text splits a compound name: the words said as one
    ("ik woon in haaks bergen", "Haaksbergen", "Haaksbergen"),
    ("win ters wijk", "Winterswijk", "Winterswijk"),
])
def test_a_place_in_a_neighbouring_gemeente_names_that_gemeente(catalog, value, gemeente, plaats):
    result = resolve_kern(catalog, value)
    assert (result.kern, result.in_berkelland, result.gemeente, result.postcode) == (None, False, gemeente, None)
    assert result.message.startswith(f"{plaats} ligt niet in de gemeente Berkelland")


@pytest.mark.parametrize("value,kern", [("ik woon in Neede, vlak bij Haaksbergen", "Neede"),
                                        ("Rietmolen richting Buurse", "Rietmolen")])
def test_a_kern_named_before_a_neighbouring_place_is_the_kern(catalog, value, kern):
    assert resolve_kern(catalog, value).kern == kern


def test_a_neighbouring_place_that_is_also_a_kern_is_refused(data_copy):
    from routing import RoutingConfigError, load_catalog

    path = data_copy / "kernen.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("plaatsen: [Buurse,", "plaatsen: [Neede, Buurse,"),
                    encoding="utf-8")
    with pytest.raises(RoutingConfigError, match="Neede"):
        load_catalog(data_copy)


@pytest.mark.parametrize("value", ["", "   ", "Amsterdam", "xyz", "😀", "<b>Neede</b>x" * 0 + "qqqq"])
def test_unknown_place_asks_for_postcode(catalog, value):
    result = resolve_kern(catalog, value)
    assert result.kern is None
    assert "postcode" in result.message


def test_html_around_a_kern_name_still_resolves(catalog):
    assert resolve_kern(catalog, "<b>Neede</b>").kern == "Neede"


def test_every_kern_of_the_taxonomy_resolves_by_its_own_name(catalog):
    for naam in catalog.kernen:
        assert resolve_kern(catalog, naam).kern == naam


def test_a_neighbouring_place_named_next_to_where_someone_works_is_the_neighbouring_place(catalog):
    result = resolve_kern(catalog, "Barchem valt onder de gemeente Lochem. Ik werk in Ruurlo, dus ik dacht dat ik "
                                   "hier ook goed zat.")
    assert (result.kern, result.gemeente, result.in_berkelland) == (None, "Lochem", False)
