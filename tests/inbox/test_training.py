"""The trainers' queue, review and export as services on a real database (SQLite and PostgreSQL) with a tracker
store in Rasa's layout: what lands in the queue and what does not, masked words read where they are kept and
audited per item, four eyes, and an export that writes each approved example once."""
from __future__ import annotations

import datetime as dt
import secrets

import pytest
import yaml
from sqlalchemy import select

from inbox import schemas
from inbox.config import Config
from inbox.errors import GeenToegang, Ongeldig, OngeldigeOvergang
from inbox.models import AuditLog, Trainingsitem
from inbox.services import intake, tevredenheid, training_export, training_queue, training_review, users, workflow
from tests.inbox.conftest import Actor
from tests.nlu.test_uit_inbox import problems
from tests.support.payloads import aanmelding_body
from tests.support.tracker import TrackerStore

TARA, TIM = Actor("tara", "trainer"), Actor("tim", "trainer")
FLURP = "Ik ben Greet Wessels uit Neede en ik heb last van de blauwe flurp"


@pytest.fixture
def tracker(tmp_path):
    store = TrackerStore(f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    yield store
    store.dispose()


@pytest.fixture
def config(tmp_path, db_url, tracker) -> Config:
    return Config(var_dir=tmp_path, database_url=db_url, tracker_db_url=tracker.url, training_low_confidence=0.8)


@pytest.fixture
def trainers(Session, toegang):
    with Session() as s:
        for actor in (TARA, TIM):
            users.create_user(s, actor.username, "trainer", wie="tests")


def collect(Session, config):
    with Session() as s:
        return training_queue.collect(s, config)


def items(Session) -> list[Trainingsitem]:
    with Session() as s:
        return list(s.scalars(select(Trainingsitem).order_by(Trainingsitem.id)))


def page(Session, config, user=TARA, **filters):
    with Session() as s:
        return training_queue.page(s, config, user, training_queue.Filters(**{"status": None, **filters}), limit=25,
                                   offset=0)


def conversation(tracker, first: tuple, sender: str | None = None) -> str:
    """A conversation that starts with a greeting and the 'for myself' button, then the question `first`."""
    sender = sender or f"gesprek-{secrets.token_hex(4)}"
    tracker.user(sender, "hallo", "greet", 0.97)
    tracker.action(sender, "utter_welkom")
    tracker.user(sender, "/melder_zelf", "melder_zelf", 1.0)
    tracker.user(sender, *first)
    return sender


def test_the_first_question_that_fell_back_or_was_unsure_is_queued_once_with_what_the_model_made_of_it(
        Session, config, tracker):
    conversation(tracker, (FLURP, "nlu_fallback", 0.7, [("vraag_hulpmiddelen", 0.41), ("greet", 0.2)]))
    conversation(tracker, ("mijn moeder kan niet meer naar de dagbesteding", "vraag_vervoer", 0.74))
    sure = conversation(tracker, ("ik heb een rolstoel nodig", "vraag_hulpmiddelen", 0.93))
    tracker.user(sure, "wat zeg je nou weer", "nlu_fallback", 0.7)  # not the first question: not queued
    conversation(tracker, ("ik wil er een eind aan maken", "vraag_veiligheid", 1.0))  # danger was seen

    assert collect(Session, config).nieuw == 2
    fell_back, unsure = items(Session)
    assert (fell_back.bron, fell_back.intent, fell_back.onderwerp, fell_back.zekerheid, fell_back.model_versie) == (
        "niet_begrepen", "nlu_fallback", "hulpmiddelen", pytest.approx(0.41), "model-a")
    assert (unsure.bron, unsure.intent, unsure.onderwerp, unsure.zekerheid) == (
        "lage_zekerheid", "vraag_vervoer", "vervoer", pytest.approx(0.74))
    assert fell_back.tekst is None and unsure.tekst is None  # codes only: the words stay in the tracker store
    assert collect(Session, config).nieuw == 0  # read once: nothing new

    later = conversation(tracker, ("hoe vraag ik een wmo taxi aan", "vraag_vervoer", 0.71))
    assert collect(Session, config).nieuw == 1 and items(Session)[-1].sleutel.startswith("gesprek:")
    assert later not in items(Session)[-1].sleutel  # a hash, not the conversation id


def test_corrections_label_changes_and_low_scores_with_a_comment_come_from_the_inbox(
        Session, config, tracker, toegang):
    with Session() as s:
        corrected, _ = intake.create_aanmelding(s, schemas.parse(schemas.models()[0], aanmelding_body(
            onderwerpen=["hulpmiddelen"], onderwerp_gok=["woningaanpassing"], onderwerp_correctie=["hulpmiddelen"],
            model_versie="model-a", samenvatting="Ik heb een tillift nodig, ik ben Jan Jansen")), "k1")
        confirmed, _ = intake.create_aanmelding(s, schemas.parse(schemas.models()[0], aanmelding_body(
            onderwerp_gok=["huishoudelijke_hulp"], onderwerp_correctie=[])), "k2")
    with Session() as s:
        workflow.change_label(s, toegang, confirmed.id, onderwerp="mantelzorg", reden="gaat over de mantelzorger")
    with Session() as s:
        workflow.change_label(s, toegang, confirmed.id, kern="Eibergen", reden="verhuisd")  # no training signal
    for score, opmerking in ((1, "Hij snapte niet dat ik over mijn scootmobiel belde"), (2, None), (4, "Prima")):
        with Session() as s:
            tevredenheid.record(s, schemas.parse(schemas.tevredenheid_model(), {
                "sleutel": secrets.token_urlsafe(18), "score": score, "uitkomst": "aanmelding", "kanaal": "web",
                "onderwerp": "vervoer", "opmerking": opmerking}))

    assert collect(Session, config).nieuw == 3
    by_bron = {i.bron: i for i in items(Session)}
    assert set(by_bron) == {"correctie", "herlabeld", "tevredenheid"}
    assert (by_bron["correctie"].aanmelding_id, by_bron["correctie"].onderwerp,
            by_bron["correctie"].model_versie) == (corrected.id, "woningaanpassing", "model-a")
    assert (by_bron["herlabeld"].onderwerp, by_bron["herlabeld"].aanmelding_id) == ("huishoudelijke_hulp",
                                                                                    confirmed.id)

    shown, total = page(Session, config)
    assert total == 3
    text = {s.item.bron: s for s in shown}
    assert text["correctie"].tekst == "Ik heb een tillift nodig, ik ben [naam]"
    assert text["correctie"].label["correctie"] == ["hulpmiddelen"]
    assert (text["herlabeld"].label["oud"], text["herlabeld"].label["nieuw"]) == (["huishoudelijke_hulp"],
                                                                                  ["mantelzorg"])
    assert "scootmobiel" in text["tevredenheid"].tekst


def test_a_page_is_newest_first_filtered_counted_masked_and_audited_per_item(Session, config, tracker):
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    for n, (words, intent, conf) in enumerate([(FLURP, "nlu_fallback", 0.7),
                                               ("iemand om mee te praten", "vraag_eenzaamheid_meedoen", 0.72),
                                               ("bel mij op 06-12345678 over de rekeningen", "nlu_fallback", 0.7)]):
        sender = conversation(tracker, (words, intent, conf, [("vraag_geldzaken_schulden", 0.3)]))
        with tracker.engine.begin() as conn:  # spread the messages in time: oldest first
            conn.exec_driver_sql("UPDATE events SET timestamp = ? WHERE sender_id = ?", (now - 100 + n, sender))
            conn.exec_driver_sql("UPDATE events SET data = json_set(data, '$.timestamp', ?) WHERE sender_id = ?",
                                 (now - 100 + n, sender))
    collect(Session, config)

    shown, total = page(Session, config)
    assert total == 3
    assert [s.tekst for s in shown] == ["bel mij op [telefoonnummer] over de rekeningen",
                                        "iemand om mee te praten",
                                        "Ik ben [naam] uit [plaats] en ik heb last van de blauwe flurp"]
    fell_back, total = page(Session, config, bron="niet_begrepen")
    assert total == 2 and {s.item.bron for s in fell_back} == {"niet_begrepen"}
    with Session() as s:
        counts = training_queue.counts(s, training_queue.Filters(status="open"))
    assert counts["bron"] == {"niet_begrepen": 2, "lage_zekerheid": 1}
    assert (counts["status"]["open"], counts["status"]["te_doen"], counts["status"]["goedgekeurd"]) == (3, 3, 0)
    with Session() as s:
        seen = s.execute(select(AuditLog.wie, AuditLog.object_id).where(
            AuditLog.actie == "trainingsitem_bekeken")).all()
    assert sorted(seen) == sorted([("tara", str(i.id)) for i in items(Session)] +
                                  [("tara", str(s.item.id)) for s in fell_back])


def test_only_a_trainer_sees_the_queue(Session, config, tracker, toegang):
    conversation(tracker, (FLURP, "nlu_fallback", 0.7))
    collect(Session, config)
    for who in (toegang, Actor("bea", "beheerder"), Actor("olaf", "trainer", active=False)):
        with pytest.raises(GeenToegang):
            page(Session, config, user=who)


def test_a_refused_consent_takes_the_item_out_retention_takes_unworked_items(Session, config, tracker, trainers):
    wiped = conversation(tracker, (FLURP, "nlu_fallback", 0.7))
    purged = conversation(tracker, ("iets over de blauwe flurp", "nlu_fallback", 0.7))
    worked = conversation(tracker, ("de flurp is weer blauw", "nlu_fallback", 0.7))
    collect(Session, config)
    by_text = {s.tekst: s.item.id for s in page(Session, config)[0]}
    with Session() as s:
        training_review.annotate(s, TARA, by_text["de flurp is weer blauw"], onderwerp="hulpmiddelen", gevaar=False,
                                 tekst="de flurp is weer blauw")
    tracker.wipe(wiped)
    tracker.purge(purged)
    tracker.purge(worked)
    assert collect(Session, config).opgeruimd == 2
    [kept] = items(Session)
    assert kept.tekst == "de flurp is weer blauw" and kept.status == "ter_goedkeuring"
    assert page(Session, config)[0][0].tekst is None  # its words are gone; the masked example stays


def test_four_eyes_annotate_masks_approve_by_another_trainer_only(Session, config, tracker, trainers):
    conversation(tracker, (FLURP, "nlu_fallback", 0.7))
    collect(Session, config)
    [item] = items(Session)
    with Session() as s:
        done = training_review.annotate(s, TARA, item.id, onderwerp="hulpmiddelen", gevaar=False,
                                        tekst="Ik ben Greet Wessels en ik heb last van de blauwe flurp")
    assert done.nagemaskeerd and done.item.tekst == "Ik ben [naam] en ik heb last van de blauwe flurp"
    with Session() as s, pytest.raises(GeenToegang, match="zelf gemaakt"):
        training_review.approve(s, TARA, item.id)
    with Session() as s:
        training_review.send_back(s, TIM, item.id, reden="Dit gaat over een hulpmiddel in huis")
    with Session() as s, pytest.raises(OngeldigeOvergang):
        training_review.approve(s, TIM, item.id)  # sent back: nothing to approve until annotated again
    with Session() as s:
        training_review.annotate(s, TARA, item.id, onderwerp="woningaanpassing", gevaar=False,
                                 tekst="ik heb last van de blauwe flurp in huis")
    with Session() as s:
        approved = training_review.approve(s, TIM, item.id)
    assert (approved.status, approved.gekozen_onderwerp, approved.goedgekeurd_door) == (
        "goedgekeurd", "woningaanpassing", "tim")
    with Session() as s:
        steps = s.execute(select(AuditLog.wie, AuditLog.actie).where(
            AuditLog.object_type == "trainingsitem", AuditLog.object_id == str(item.id),
            AuditLog.actie != "trainingsitem_bekeken").order_by(AuditLog.id)).all()
    assert steps == [("tara", "trainingsitem_geannoteerd"), ("tim", "trainingsitem_teruggestuurd"),
                     ("tara", "trainingsitem_geannoteerd"), ("tim", "trainingsitem_goedgekeurd")]


@pytest.mark.parametrize("kwargs,veld", [
    ({"onderwerp": None, "gevaar": False, "tekst": "iets"}, "onderwerp"),
    ({"onderwerp": "bestaat_niet", "gevaar": False, "tekst": "iets"}, "onderwerp"),
    ({"onderwerp": "vervoer", "gevaar": False, "tekst": "   "}, "tekst"),
    ({"onderwerp": "vervoer", "gevaar": False, "tekst": "x" * 501}, "tekst"),
    ({"onderwerp": "vervoer", "gevaar": False, "tekst": "ik zoek [vervoer](onderwerp)"}, "tekst"),
])
def test_an_annotation_needs_a_known_onderwerp_and_a_short_plain_example(Session, config, tracker, trainers,
                                                                         kwargs, veld):
    conversation(tracker, (FLURP, "nlu_fallback", 0.7))
    collect(Session, config)
    [item] = items(Session)
    with Session() as s, pytest.raises(Ongeldig) as err:
        training_review.annotate(s, TARA, item.id, **kwargs)
    assert veld in err.value.velden


def test_missed_danger_becomes_a_veiligheid_example_and_niet_bruikbaar_closes_an_item(Session, config, tracker,
                                                                                       trainers):
    conversation(tracker, ("ik zie het allemaal niet meer zitten", "vraag_eenzaamheid_meedoen", 0.72))
    conversation(tracker, ("asdf jkl", "nlu_fallback", 0.7))
    collect(Session, config)
    danger, noise = items(Session)
    with Session() as s:
        marked = training_review.annotate(s, TARA, danger.id, onderwerp="eenzaamheid_meedoen", gevaar=True,
                                          tekst="ik zie het allemaal niet meer zitten").item
    assert (marked.gekozen_onderwerp, marked.gevaar, training_review.intent_of(marked)) == (
        "veiligheid", True, "vraag_veiligheid")
    with Session() as s:
        closed = training_review.reject(s, TIM, noise.id, reden="Geen vraag, alleen letters")
    assert closed.status == "niet_bruikbaar"
    with Session() as s, pytest.raises(OngeldigeOvergang):
        training_review.annotate(s, TARA, noise.id, onderwerp="vervoer", gevaar=False, tekst="asdf")


def approved_items(Session, config, tracker, texts: list[str]) -> list[int]:
    for t in texts:
        conversation(tracker, (t, "nlu_fallback", 0.7))
    collect(Session, config)
    ids = []
    for item, t in zip(items(Session)[-len(texts):], texts):
        with Session() as s:
            training_review.annotate(s, TARA, item.id, onderwerp="hulpmiddelen", gevaar=t.startswith("!"),
                                     tekst=t.lstrip("!"))
        with Session() as s:
            training_review.approve(s, TIM, item.id)
        ids.append(item.id)
    return ids


def test_the_export_writes_each_approved_example_once_in_rasas_format_naming_its_item(Session, config, tracker,
                                                                                     trainers, tmp_path):
    folder = tmp_path / "uit_inbox"
    ids = approved_items(Session, config, tracker, ["ik heb last van de blauwe flurp", "!ik doe mezelf wat aan"])
    day = dt.date(2026, 12, 1)
    with Session() as s:
        first = training_export.export(s, folder, today=day)
    assert first.bestand == folder / "2026-12-01.yml" and first.geexporteerd == ids
    body = first.bestand.read_text(encoding="utf-8")
    data = yaml.safe_load(body)
    assert data["version"] == "3.1"
    assert {b["intent"]: [e["text"] for e in b["examples"]] for b in data["nlu"]} == {
        "vraag_hulpmiddelen": ["ik heb last van de blauwe flurp"], "vraag_veiligheid": ["ik doe mezelf wat aan"]}
    for item_id in ids:
        assert f"  # trainingsitem {item_id}\n  - text: " in body
    assert problems(first.bestand) == []  # what the test over bot/data/nlu/uit_inbox/ checks
    assert {i.status for i in items(Session)} == {"geexporteerd"}

    with Session() as s:
        again = training_export.export(s, folder, today=day)
    assert again.bestand is None and again.geexporteerd == [] and len(list(folder.glob("*.yml"))) == 1

    [late] = approved_items(Session, config, tracker, ["mijn flurp is kapot"])
    with Session() as s:  # the file of a run whose commit failed already names it: not written twice
        s.get(Trainingsitem, ids[0]).status = "goedgekeurd"
        s.commit()
        third = training_export.export(s, folder, today=day)
    assert third.al_in_bestand == [ids[0]] and third.geexporteerd == [late]
    assert third.bestand == folder / "2026-12-01-2.yml"


def test_the_export_refuses_a_test_line_and_sends_back_what_the_masker_now_finds(Session, config, tracker, trainers,
                                                                               tmp_path):
    copy, fine = approved_items(Session, config, tracker, ["dit staat in de testset", "ik mis mijn flurp"])
    with Session() as s:  # as if the masker learned a new name after approval
        s.get(Trainingsitem, fine).tekst = "ik mis mijn flurp, groet Henk de Vries"
        s.commit()
        result = training_export.export(s, tmp_path, refuse=lambda t: "testzin" if "testset" in t else None)
    assert result.geweigerd == {copy: "testzin"} and result.teruggezet == [fine] and result.bestand is None
    assert [(i.status, i.reden is not None) for i in items(Session)] == [("niet_bruikbaar", True), ("open", True)]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_tracker_store_is_read_but_never_written(backend, tmp_path, request):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from inbox import tracker_store
    from tests.inbox.conftest import database_url

    store = TrackerStore(database_url(backend, tmp_path, request) if backend == "postgresql"
                         else f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    try:
        sender = conversation(store, (FLURP, "nlu_fallback", 0.7, [("vraag_hulpmiddelen", 0.41)]))
        with tracker_store.engine_for(store.url).connect() as conn:
            q = tracker_store.first_question_of(conn, sender)
            assert (q.intent, q.onderwerp) == ("nlu_fallback", "hulpmiddelen")
            with pytest.raises(DBAPIError, match="(?i)read.only|readonly"):
                conn.execute(text("DELETE FROM events"))
    finally:
        tracker_store.engine_for(store.url).dispose()
        store.dispose()
