"""Service tests on a real database (SQLite and PostgreSQL): creation, werkvoorraad, workflow, authorisation."""
from __future__ import annotations

import datetime as dt
import secrets

import pytest
from sqlalchemy import func, select

from inbox import schemas
from inbox.api import presenters
from inbox.errors import GeenToegang, Ongeldig, OngeldigeOvergang
from inbox.models import Aanmelding, AuditLog, LabelWijziging
from inbox.services import intake, werkvoorraad, workflow
from inbox.services.werkvoorraad import Filters
from tests.inbox.conftest import Actor, body

BSN = "111222333"  # passes the elfproef


def make(Session, key: str | None = None, **overrides) -> Aanmelding:
    data = schemas.parse(schemas.models()[0], body(**overrides))
    with Session() as s:
        a, _ = intake.create_aanmelding(s, data, key or secrets.token_hex(8))
    return a


def test_creation_masks_every_bsn_before_storing(Session):
    a = make(Session, samenvatting=f"Mijn BSN is {BSN}.", contact={"naam": f"Jan {BSN}", "telefoon": "+31612345678"},
             transcript=[{"van": "inwoner", "tekst": f"bsn 111.222.333 en {BSN}"}], redenen=[f"r {BSN}"])
    with Session() as s, s.begin():
        stored = s.get(Aanmelding, a.id)
        blob = repr(presenters.aanmelding_dict(stored))
    assert BSN not in blob and "111.222.333" not in blob
    assert "[BSN verwijderd]" in stored.samenvatting


def test_same_idempotency_key_gives_the_same_aanmelding(Session):
    first = make(Session, key="k-1")
    data = schemas.parse(schemas.models()[0], body())
    with Session() as s:
        again, created = intake.create_aanmelding(s, data, "k-1")
        count = s.scalar(select(func.count(Aanmelding.id)))
    assert not created and again.id == first.id and count == 1
    assert presenters.created_body(again) == presenters.created_body(first)


def test_referenties_count_up_per_year(Session):
    refs = [make(Session).referentie for _ in range(3)]
    year = dt.datetime.now().year
    numbers = [int(r.rsplit("-", 1)[1]) for r in refs]
    assert all(r.startswith(f"VMK-{year}-") for r in refs) and numbers == [1, 2, 3]


def test_without_consent_nothing_is_stored(Session):
    with pytest.raises(Ongeldig) as err:
        make(Session, toestemming={"gegeven": False, "tekstversie": "v1", "tijdstip": "2026-11-24T10:00:00Z"})
    assert "toestemming.gegeven" in err.value.velden
    with Session() as s:
        assert s.scalar(select(func.count(Aanmelding.id))) == 0


def test_werkvoorraad_puts_spoed_first_then_the_earliest_deadline(Session, toegang):
    normaal = make(Session, urgentie="normaal")
    hoog = make(Session, urgentie="hoog")
    spoed = make(Session, urgentie="spoed", onderwerpen=["veiligheid"], wet="overig")
    with Session() as s:
        page = werkvoorraad.list_aanmeldingen(s, Filters(status="actief"), toegang)
    assert [a.id for a in page.items] == [spoed.id, hoog.id, normaal.id] and page.totaal == 3
    assert spoed.verwacht_contact_voor <= normaal.verwacht_contact_voor


def test_closed_aanmeldingen_leave_the_active_werkvoorraad(Session, toegang):
    a, b = make(Session), make(Session)
    with Session() as s:
        workflow.close(s, toegang, a.id, "geen_vervolg_nodig")
        ids = [x.id for x in werkvoorraad.list_aanmeldingen(s, Filters(status="actief"), toegang).items]
        counts = werkvoorraad.counts(s, Filters(status="actief"), toegang)
    assert ids == [b.id]
    assert counts["status"] == {"afgerond": 1, "nieuw": 1}  # the status bar shows every status


def test_filters_and_search_treat_sql_metacharacters_literally(Session, toegang):
    make(Session, samenvatting="100% zeker: hulp_nodig; DROP TABLE aanmelding;--", kern="Eibergen")
    make(Session, samenvatting="iets anders", kern="Neede", kanaal="telefoon")
    with Session() as s:
        assert werkvoorraad.list_aanmeldingen(s, Filters(zoek="100%"), toegang).totaal == 1
        assert werkvoorraad.list_aanmeldingen(s, Filters(zoek="100_"), toegang).totaal == 0
        assert werkvoorraad.list_aanmeldingen(s, Filters(zoek="DROP TABLE"), toegang).totaal == 1
        assert werkvoorraad.list_aanmeldingen(s, Filters(kern="Neede", kanaal="telefoon"), toegang).totaal == 1
        counts = werkvoorraad.counts(s, Filters(kern="Neede"), toegang)
    assert counts["kern"] == {"Eibergen": 1, "Neede": 1}  # a filter's own counts ignore that filter
    assert counts["kanaal"] == {"telefoon": 1}


def test_search_finds_by_referentie(Session, toegang):
    a = make(Session)
    make(Session)
    with Session() as s:
        page = werkvoorraad.list_aanmeldingen(s, Filters(zoek=a.referentie.lower()), toegang)
    assert [x.id for x in page.items] == [a.id]


def test_unicode_and_10000_characters_are_stored_intact(Session):
    text = ("Zoë 🙂 café ‘quote’ <script>alert(1)</script> " * 300)[:10_000]
    a = make(Session, samenvatting=text)
    with Session() as s, s.begin():
        assert s.get(Aanmelding, a.id).samenvatting == text


def test_the_full_workflow_writes_history_and_audit(Session, toegang, neede):
    a = make(Session)
    with Session() as s:
        workflow.claim(s, toegang, a.id)
        workflow.log_contact(s, toegang, a.id, notitie="Gebeld, mevrouw was thuis")
        workflow.add_note(s, toegang, a.id, f"BSN genoemd: {BSN}")
        workflow.doorzetten(s, toegang, a.id, "frontteam_neede", "Warm overgedragen aan Nina")
        workflow.close(s, neede, a.id, "keukentafelgesprek_gepland")
        workflow.reopen(s, toegang, a.id, reden="toch nog een vraag")
        final = werkvoorraad.get_aanmelding(s, a.id, toegang)
        audit = s.scalars(select(AuditLog.actie).where(AuditLog.object_type == "aanmelding",
                                                    AuditLog.object_id == str(a.id)).order_by(AuditLog.id)).all()
    assert final.status == "doorgezet" and final.actief and final.eerste_contact_op is not None
    assert final.claimed_by == "tessa" and final.doorgezet_naar == "frontteam_neede"
    assert [g.soort for g in final.gebeurtenissen] == ["aangemaakt", "claim", "log_contact", "add_note",
                                                        "doorzetten", "close", "reopen"]
    assert all(BSN not in n.tekst for n in final.notities)
    assert audit == ["aanmelding_aangemaakt", "claim", "log_contact", "add_note", "doorzetten", "close", "reopen",
                     "aanmelding_bekeken"]


def test_changing_the_label_keeps_old_and_new_and_moves_the_deadline(Session, toegang):
    a = make(Session, urgentie="normaal")
    with Session() as s:
        changed = workflow.change_label(s, toegang, a.id, onderwerp="mantelzorg", urgentie="hoog",
                                        reden="mantelzorger staat op omvallen")
        lw = s.scalars(select(LabelWijziging).where(LabelWijziging.aanmelding_id == a.id)).one()
    assert lw.oud["onderwerpen"] == ["huishoudelijke_hulp"] and lw.oud["urgentie"] == "normaal"
    assert lw.nieuw["onderwerpen"] == ["mantelzorg"] and lw.nieuw["urgentie"] == "hoog"
    assert changed.urgentie_rang == 1 and changed.verwacht_contact_voor <= a.verwacht_contact_voor


def test_a_retriage_of_the_onderwerp_keeps_the_extra_onderwerpen_and_records_them_complete(Session, toegang):
    a = make(Session, onderwerpen=["huishoudelijke_hulp", "vervoer", "mantelzorg"])
    with Session() as s:
        changed = workflow.change_label(s, toegang, a.id, onderwerp="mantelzorg", reden="vooral de mantelzorger")
        lw = s.scalars(select(LabelWijziging).where(LabelWijziging.aanmelding_id == a.id)).one()
    assert changed.onderwerpen == ["mantelzorg", "vervoer"]
    assert lw.oud["onderwerpen"] == ["huishoudelijke_hulp", "vervoer", "mantelzorg"]
    assert lw.nieuw["onderwerpen"] == ["mantelzorg", "vervoer"]


@pytest.mark.parametrize("ook, expected", [
    (["hulpmiddelen", "vervoer", "hulpmiddelen", "huishoudelijke_hulp"], ["huishoudelijke_hulp", "hulpmiddelen",
                                                                          "vervoer"]),
    ([], ["huishoudelijke_hulp"]),
])
def test_a_retriage_can_set_or_clear_the_extra_onderwerpen(Session, toegang, ook, expected):
    a = make(Session, onderwerpen=["huishoudelijke_hulp", "mantelzorg"])
    with Session() as s:
        changed = workflow.change_label(s, toegang, a.id, onderwerpen_ook=ook, reden="aangevuld")
        lw = s.scalars(select(LabelWijziging).where(LabelWijziging.aanmelding_id == a.id)).one()
    assert changed.onderwerpen == expected and lw.nieuw["onderwerpen"] == expected


def test_unknown_codes_in_a_label_change_are_rejected(Session, toegang):
    a = make(Session)
    with Session() as s, pytest.raises(Ongeldig) as err:
        workflow.change_label(s, toegang, a.id, onderwerp="paspoort", onderwerpen_ook=["vervoer", "paspoort"],
                              kern="Amsterdam")
    assert set(err.value.velden) == {"onderwerp", "onderwerpen_ook", "kern"}


def test_frontteam_sees_only_what_was_handed_to_its_team(Session, toegang, neede):
    mine, other, not_yet = make(Session), make(Session), make(Session)
    with Session() as s:
        workflow.doorzetten(s, toegang, mine.id, "frontteam_neede", "voor Neede")
        workflow.doorzetten(s, toegang, other.id, "frontteam_ruurlo", "voor Ruurlo")
        visible = [a.id for a in werkvoorraad.list_aanmeldingen(s, None, neede).items]
        assert visible == [mine.id]
        for forbidden in (other.id, not_yet.id):
            with pytest.raises(GeenToegang):
                werkvoorraad.get_aanmelding(s, forbidden, neede)
        with pytest.raises(GeenToegang):
            workflow.doorzetten(s, neede, mine.id, "welzijn_preventie", "verder")
        workflow.log_contact(s, neede, mine.id)


def test_beheerder_and_inactive_accounts_see_no_aanmeldingen(Session):
    a = make(Session)
    with Session() as s:
        for actor in (Actor("bea", "beheerder"), Actor("oud", "toegang", active=False)):
            assert werkvoorraad.list_aanmeldingen(s, None, actor).totaal == 0
            with pytest.raises(GeenToegang):
                werkvoorraad.get_aanmelding(s, a.id, actor)


def test_closing_needs_a_known_outcome_and_an_open_aanmelding(Session, toegang):
    a = make(Session)
    with Session() as s:
        with pytest.raises(Ongeldig):
            workflow.close(s, toegang, a.id, "weet_niet")
        workflow.close(s, toegang, a.id, "niet_bereikbaar")
        with pytest.raises(OngeldigeOvergang):
            workflow.close(s, toegang, a.id, "niet_bereikbaar")
        with pytest.raises(OngeldigeOvergang):
            workflow.claim(s, toegang, a.id)


def test_uitkomst_is_recorded_once_per_conversation_and_outcome(Session):
    model = schemas.models()[1]
    data = schemas.parse(model, {"conversation_id": "c-1", "uitkomst": "verwezen_voorliggend_veld",
                                 "kanaal": "web", "onderwerpen": ["eenzaamheid_meedoen"]})
    with Session() as s:
        first, created = intake.record_uitkomst(s, data)
        again, created_again = intake.record_uitkomst(s, data)
    assert created and not created_again and first.id == again.id


def test_the_list_waiting_for_terugkoppeling_holds_only_open_partner_requests_that_want_it(Session, toegang, neede):
    partner = {"organisatie": "Huisartsenpraktijk Neede", "functie": "POH", "telefoon": "+31544123456"}
    wil = make(Session, melder="professional", professional=partner,
               partner={"soort": "signaal", "inwoner_akkoord": True, "terugkoppeling_gewenst": True})
    make(Session, melder="professional", professional=partner,
         partner={"soort": "signaal", "inwoner_akkoord": True, "terugkoppeling_gewenst": False})
    gedaan = make(Session, melder="professional", professional=partner,
                  partner={"soort": "signaal", "inwoner_akkoord": True, "terugkoppeling_gewenst": True})
    make(Session)  # an inwoner's own aanmelding
    with Session() as s:
        workflow.record_terugkoppeling(s, toegang, gedaan.id, dt.datetime.now(dt.timezone.utc), "telefonisch")
    with Session() as s:
        assert [a.id for a in werkvoorraad.wacht_op_terugkoppeling(s, toegang)] == [wil.id]
        assert werkvoorraad.wacht_op_terugkoppeling(s, neede) == [], "a frontteam sees only what was handed to it"


def test_terugkoppeling_to_a_partner_is_recorded(Session, toegang):
    a = make(Session, melder="professional", partner={"soort": "signaal", "inwoner_akkoord": True,
                                                      "terugkoppeling_gewenst": True},
             professional={"organisatie": "Huisartsenpraktijk Neede", "functie": "POH", "telefoon": "+31544123456"})
    when = dt.datetime.now(dt.timezone.utc)
    with Session() as s:
        done = workflow.record_terugkoppeling(s, toegang, a.id, when, "telefonisch")
    assert done.teruggekoppeld_op == when and done.teruggekoppeld_hoe == "telefonisch"
    assert presenters.aanmelding_dict(done)["partner"]["terugkoppeling_gewenst"] is True
