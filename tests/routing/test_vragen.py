"""The question model (routing/data/vragen.yml): which contact questions each path asks, and its validation."""
from __future__ import annotations

import pytest

from routing import RoutingConfigError, default_vragen, load_vragen, samen_gevraagd, vragen_voor

# The web asks when to call together with the number (samen_gevraagd), not as a question of its own.
WEB_INWONER = ("naam", "telefoon", "toestemming")
PARTNER = ("partner_soort", "organisatie", "functie", "naam", "telefoon", "inwoner_akkoord", "toestemming")


@pytest.mark.parametrize("kanaal, urgentie, melder, vragen", [
    # the web without spoed: no e-mail address until the person chooses contact by e-mail (below)
    ("web", "normaal", "inwoner", WEB_INWONER),
    ("web", "hoog", "naaste", WEB_INWONER),
    ("web", None, None, WEB_INWONER),
    ("web", "normaal", "professional", PARTNER),
    # spoed: a name and a number to call today, and consent; no e-mail, no time preference
    ("web", "spoed", "inwoner", ("naam", "telefoon", "toestemming")),
    ("web", "spoed", "naaste", ("naam", "telefoon", "toestemming")),
    ("telefoon", "spoed", "inwoner", ("naam", "telefoon", "toestemming")),
    ("web", "spoed", "professional",
     ("partner_soort", "organisatie", "functie", "naam", "telefoon", "inwoner_akkoord", "toestemming")),
    # the phone: never an e-mail address, and no question of its own for when to call (the read-back says werkdag)
    ("telefoon", "normaal", "inwoner", ("naam", "telefoon", "toestemming")),
    ("telefoon", "hoog", "naaste", ("naam", "telefoon", "toestemming")),
    ("telefoon", "normaal", "professional",
     ("partner_soort", "organisatie", "functie", "naam", "telefoon", "inwoner_akkoord", "toestemming")),
])
def test_each_path_asks_only_what_it_needs(kanaal, urgentie, melder, vragen):
    assert vragen_voor(default_vragen(), kanaal, urgentie, melder) == vragen


@pytest.mark.parametrize("kanaal, urgentie, melder, voorkeur, vragen", [
    ("web", "normaal", "inwoner", "email", ("naam", "telefoon", "email", "toestemming")),
    ("web", "hoog", "naaste", "ochtend", WEB_INWONER),
    ("web", "normaal", "professional", "email", PARTNER[:-1] + ("email", "toestemming")),
    ("telefoon", "normaal", "inwoner", "email", ("naam", "telefoon", "toestemming")),  # never by phone
    ("web", "spoed", "inwoner", "email", ("naam", "telefoon", "toestemming")),  # spoed: we call today
])
def test_the_email_address_only_after_choosing_email(kanaal, urgentie, melder, voorkeur, vragen):
    assert vragen_voor(default_vragen(), kanaal, urgentie, melder, {"voorkeur": voorkeur}) == vragen


@pytest.mark.parametrize("kanaal, urgentie, melder, samen", [
    ("web", "normaal", "inwoner", ("voorkeur",)),
    ("web", None, "professional", ("voorkeur",)),
    ("web", "spoed", "inwoner", ()),  # spoed asks no time preference, so none is asked with the number
    ("telefoon", "normaal", "inwoner", ()),  # the phone asks no time at all: a key answers one thing
])
def test_the_web_asks_when_to_call_with_the_number(kanaal, urgentie, melder, samen):
    assert samen_gevraagd(default_vragen(), kanaal, urgentie, melder, "telefoon") == samen
    assert samen_gevraagd(default_vragen(), kanaal, urgentie, melder, "naam") == ()


@pytest.mark.parametrize("kanaal", ["web", "telefoon"])
@pytest.mark.parametrize("urgentie", ["spoed", "hoog", "normaal", None])
@pytest.mark.parametrize("melder", ["inwoner", "naaste", "professional"])
def test_every_path_keeps_name_number_and_consent(kanaal, urgentie, melder):
    vragen = vragen_voor(default_vragen(), kanaal, urgentie, melder)
    assert {"naam", "telefoon", "toestemming"} <= set(vragen)
    assert vragen[-1] == "toestemming"  # consent is asked last, after the details it covers


@pytest.mark.parametrize("change, entry, key", [
    (lambda t: t.replace("  spoed: [email, voorkeur]", "  spoed: [email, telefoon]"), "spoed",
     "niet_vragen_per_urgentie"),
    (lambda t: t.replace("  telefoon: [email, voorkeur]", "  telefoon: [e-mail]"), "telefoon", "niet_vragen_per_kanaal"),
    (lambda t: t.replace("  spoed: [email, voorkeur]", "  morgen: [email]"), "morgen", "niet_vragen_per_urgentie"),
    (lambda t: t.replace("  naaste: [naam, telefoon, voorkeur, email, toestemming]\n", ""), "naaste", "vragen"),
    (lambda t: t.replace("  naaste: [naam, telefoon, voorkeur, email, toestemming]",
                         "  naaste: [naam, telefoon, voorkeur, email]"), "naaste", "vragen"),
    (lambda t: t.replace("  inwoner: [naam, telefoon, voorkeur, email, toestemming]",
                         "  inwoner: [naam, telefoon, email, email, toestemming]"), "inwoner", "vragen"),
    # the condition's question must come first, and a question that is always asked has no condition
    (lambda t: t.replace("  inwoner: [naam, telefoon, voorkeur, email, toestemming]",
                         "  inwoner: [naam, telefoon, email, voorkeur, toestemming]"), "email", "alleen_als"),
    (lambda t: t.replace("  email: {voorkeur: email}", "  naam: {voorkeur: email}"), "naam", "alleen_als"),
    (lambda t: t.replace("  email: {voorkeur: email}", "  email: [voorkeur]"), "email", "alleen_als"),
    (lambda t: t.replace("  web: {voorkeur: telefoon}", "  fax: {voorkeur: telefoon}"), "fax", "samen_gevraagd"),
    (lambda t: t.replace("  web: {voorkeur: telefoon}", "  web: {naam: telefoon}"), "naam", "samen_gevraagd"),
    (lambda t: t.replace("  web: {voorkeur: telefoon}", "  web: {voorkeur: email}"), "voorkeur", "samen_gevraagd"),
])
def test_a_mistake_in_vragen_yml_names_the_entry_and_key(data_copy, change, entry, key):
    path = data_copy / "vragen.yml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(RoutingConfigError) as info:
        load_vragen(data_copy)
    assert (info.value.file, info.value.entry, info.value.key) == ("vragen.yml", entry, key)
