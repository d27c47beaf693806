"""Spoed alert, service layer (SQLite and PostgreSQL): the outbox in the aanmelding's transaction, claiming, real
SMTP (aiosmtpd) and webhook (aiohttp) receivers, retries, the banner count and the time to claim."""
from __future__ import annotations

import datetime as dt
import secrets
import threading

import pytest
from sqlalchemy import select

from inbox import schemas
from inbox.config import Config
from inbox.melders import MeldFout, bericht
from inbox.melders.smtp import SmtpMelder
from inbox.melders.webhook import WebhookMelder
from inbox.models import Spoedmelding
from inbox.services import intake, monitoring, spoedmeldingen, workflow
from inbox.spoed import Bezorger
from tests.inbox.conftest import body
from tests.support.ontvangers import SmtpOntvanger, WebhookOntvanger
from tests.support.stack import free_port

PUBLIC = "https://inbox.berkelland.example"
PERSOONLIJK = ("Jan Jansen", "+31612345678", "huishouden niet meer bijhouden", "operatie")


def aanmelden(Session, kanalen=("email", "webhook"), key: str | None = None, now: dt.datetime | None = None,
              **overrides):
    overrides.setdefault("urgentie", "spoed")
    data = schemas.parse(schemas.models()[0], body(**overrides))
    with Session() as s:
        a, _ = intake.create_aanmelding(s, data, key or secrets.token_hex(8), spoed_kanalen=kanalen, now=now)
    return a


def rows(Session) -> list[Spoedmelding]:
    with Session() as s, s.begin():
        return list(s.scalars(select(Spoedmelding).order_by(Spoedmelding.id)))


def smtp_melder(port: int) -> SmtpMelder:
    return SmtpMelder("127.0.0.1", port, "voordeur@berkelland.example", ("toegang@berkelland.example",), timeout=5)


@pytest.fixture
def smtp():
    with SmtpOntvanger() as ontvanger:
        yield ontvanger


def bezorger(Session, melders, **kw) -> Bezorger:
    return Bezorger(Session, melders, public_url=PUBLIC, max_delay=60, **kw)


# --- the outbox ----------------------------------------------------------------------------------------------------

def test_a_new_spoed_aanmelding_promises_one_alert_per_channel_and_a_repeat_promises_none(Session):
    a = aanmelden(Session, key="k-spoed")
    aanmelden(Session, key="k-spoed")  # the assistant's retry with the same key
    assert sorted((r.aanmelding_id, r.kanaal, r.status, r.pogingen) for r in rows(Session)) == [
        (a.id, "email", "wachtend", 0), (a.id, "webhook", "wachtend", 0)]


def test_a_normal_aanmelding_and_an_inbox_without_channels_promise_no_alert(Session):
    aanmelden(Session, urgentie="normaal")
    aanmelden(Session, urgentie="hoog")
    aanmelden(Session, kanalen=())
    assert rows(Session) == []


def test_an_aanmelding_refused_for_good_leaves_no_alert(Session):
    with pytest.raises(Exception):
        aanmelden(Session, toestemming={"gegeven": False, "tekstversie": "v1", "tijdstip": "2026-11-24T10:00:00+01:00"})
    assert rows(Session) == []


# --- delivery ------------------------------------------------------------------------------------------------------

def test_the_alert_goes_out_once_over_real_smtp_and_says_nothing_personal(Session, smtp):
    a = aanmelden(Session, kanalen=("email",))
    deliverer = bezorger(Session, {"email": smtp_melder(smtp.port)})
    assert deliverer.run_once() == 1
    assert deliverer.run_once() == 0
    [(ontvangers, mail)] = smtp.berichten
    assert ontvangers == ["toegang@berkelland.example"]
    assert mail["Subject"] == f"Spoedmelding {a.referentie} wacht in de inbox"
    assert mail["Message-ID"] == f"<voordeur-spoedmelding-{rows(Session)[0].id}@berkelland.example>"
    text = mail.get_content()
    assert f"Referentie: {a.referentie}" in text and "Kern: Neede" in text
    assert "Onderwerp: Hulp bij het huishouden" in text  # the label staff read, not the code
    assert f"{PUBLIC}/aanmeldingen/{a.id}" in text
    assert not [p for p in PERSOONLIJK if p in mail.as_string()]
    [row] = rows(Session)
    assert (row.status, row.pogingen, row.laatste_fout) == ("verzonden", 1, None)


def test_the_webhook_gets_one_json_post_with_a_stable_key_and_a_refusal_is_retried(Session):
    a = aanmelden(Session, kanalen=("webhook",))
    with WebhookOntvanger(fail_first=1) as hook:
        deliverer = bezorger(Session, {"webhook": WebhookMelder(hook.url, timeout=5)})
        assert deliverer.run_once() == 0  # the receiver answered 500
        [row] = rows(Session)
        assert (row.status, row.pogingen, row.laatste_fout) == ("wachtend", 1, "webhook: antwoord 500")
        later = row.volgende_poging_op + dt.timedelta(seconds=1)
        assert deliverer.run_once(now=later) == 1
        assert deliverer.run_once(now=later) == 0
    [sent] = hook.ontvangen
    assert list(sent) == ["text"] and f"Referentie: {a.referentie}" in sent["text"]
    assert not [p for p in PERSOONLIJK if p in sent["text"]]
    assert hook.sleutels == [f"voordeur-spoedmelding-{row.id}"]


def test_a_failing_smtp_server_is_retried_with_backoff_shown_and_sent_once_it_is_back(Session, smtp):
    aanmelden(Session, kanalen=("email",))
    down = free_port()
    deliverer = bezorger(Session, {"email": smtp_melder(down)})
    assert deliverer.run_once() == 0
    [row] = rows(Session)
    assert row.status == "wachtend" and row.pogingen == 1 and "ConnectionRefusedError" in row.laatste_fout
    wait = (row.volgende_poging_op - row.aangemaakt_op).total_seconds()
    assert 1.5 <= wait <= 3  # 2 s after the first failure (80-100 % jitter), doubling after each next one
    assert deliverer.run_once() == 0 and rows(Session)[0].pogingen == 1  # not due yet: no attempt
    with Session() as s:
        assert [m["kanaal"] for m in spoedmeldingen.niet_verstuurd(s)] == ["email"]
        assert monitoring.statistieken(s)["spoed_niet_verstuurd"] == 1
    deliverer.melders["email"] = smtp_melder(smtp.port)
    assert deliverer.run_once(now=row.volgende_poging_op) == 1
    assert len(smtp.berichten) == 1
    with Session() as s:
        assert spoedmeldingen.niet_verstuurd(s) == [] and spoedmeldingen.niet_verstuurd_aantal(s) == 0


def test_two_deliverers_racing_send_each_alert_exactly_once(Session, smtp):
    made = [aanmelden(Session, kanalen=("email",)) for _ in range(12)]
    deliverers = [bezorger(Session, {"email": smtp_melder(smtp.port)}, door=f"werker-{i}") for i in (1, 2)]
    start = threading.Barrier(2)
    sent: dict[str, int] = {}

    def run(d: Bezorger) -> None:
        start.wait()
        sent[d.door] = d.run_once()

    threads = [threading.Thread(target=run, args=(d,)) for d in deliverers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(sent.values()) == 12
    assert sorted(smtp.onderwerpen()) == sorted(f"Spoedmelding {a.referentie} wacht in de inbox" for a in made)
    assert {r.status for r in rows(Session)} == {"verzonden"}


def test_the_claim_of_a_deliverer_that_died_runs_out_and_another_sends_the_alert(Session, smtp):
    aanmelden(Session, kanalen=("email",))
    [row] = rows(Session)
    with Session() as s:
        dead = spoedmeldingen.claim(s, row.id, "gestorven", dt.timedelta(seconds=60))
    assert dead is not None
    other = bezorger(Session, {"email": smtp_melder(smtp.port)})
    assert other.run_once() == 0 and smtp.berichten == []  # still held
    assert other.run_once(now=dead_until(Session) + dt.timedelta(seconds=1)) == 1
    with Session() as s:
        assert spoedmeldingen.verzonden(s, dead) is False  # its late word changes nothing
    assert len(smtp.berichten) == 1 and rows(Session)[0].pogingen == 2


def dead_until(Session) -> dt.datetime:
    return rows(Session)[0].bezig_tot


def test_an_alert_for_an_aanmelding_picked_up_before_it_went_out_is_not_sent(Session, smtp, toegang):
    a = aanmelden(Session, kanalen=("email",))
    with Session() as s:
        workflow.claim(s, toegang, a.id)
    assert bezorger(Session, {"email": smtp_melder(smtp.port)}).run_once() == 0
    assert smtp.berichten == [] and (rows(Session)[0].status, rows(Session)[0].pogingen) == ("vervallen", 0)


def test_a_channel_no_longer_configured_is_a_visible_failure_not_a_silent_drop(Session):
    aanmelden(Session, kanalen=("webhook",))
    assert bezorger(Session, {}).run_once() == 0
    with Session() as s:
        [m] = spoedmeldingen.niet_verstuurd(s)
    assert m["laatste_fout"] == "kanaal webhook is niet (meer) ingesteld"


def test_a_webhook_error_never_repeats_the_secret_url():
    melder = WebhookMelder(f"http://127.0.0.1:{free_port()}/hooks/T000-geheim", timeout=2)
    b = bericht(1, 1, "VMK-2026-000001", "huishoudelijke_hulp", None, dt.datetime.now(dt.timezone.utc), PUBLIC)
    with pytest.raises(MeldFout) as exc:
        melder.send(b)
    assert "geheim" not in str(exc.value) and "ConnectError" in str(exc.value)
    assert "Kern: onbekend" in b.tekst


# --- the banner and the monitoring ---------------------------------------------------------------------------------

def test_spoed_waits_for_someone_until_a_step_takes_it_out_of_nieuw(Session, toegang):
    first, second = aanmelden(Session, kanalen=()), aanmelden(Session, kanalen=())
    aanmelden(Session, kanalen=(), urgentie="hoog")
    with Session() as s:
        assert spoedmeldingen.wachtend(s) == 2
        workflow.add_note(s, toegang, first.id, "Bel eerst de huisarts.")  # looking is not picking up
        assert spoedmeldingen.wachtend(s) == 2
        workflow.claim(s, toegang, first.id)
        assert spoedmeldingen.wachtend(s) == 1
        workflow.log_contact(s, toegang, second.id)
        assert spoedmeldingen.wachtend(s) == 0


def test_time_to_claim_for_spoed_is_the_median_and_max_of_real_claims(Session, toegang):
    now = dt.datetime.now(dt.timezone.utc)
    made = [aanmelden(Session, kanalen=(), now=now - dt.timedelta(minutes=m)) for m in (30, 10, 60)]
    normaal = aanmelden(Session, kanalen=(), urgentie="normaal", now=now - dt.timedelta(minutes=500))
    with Session() as s:
        workflow.claim(s, toegang, made[0].id)
        workflow.doorzetten(s, toegang, made[1].id, "frontteam_neede", "Graag vandaag bellen.")
        workflow.claim(s, toegang, normaal.id)
        figures = monitoring.statistieken(s, now=now + dt.timedelta(seconds=5))
    spoed = figures["totaal"]["spoed_tijd_tot_oppakken_minuten"]
    assert spoed["n"] == 2 and spoed["niet_opgepakt"] == 1
    assert spoed["mediaan"] == pytest.approx(20, abs=0.5) and spoed["max"] == pytest.approx(30, abs=0.5)
    assert spoed["langst_wachtend"] == pytest.approx(60, abs=0.5)
    assert sum(p["spoed_tijd_tot_oppakken_minuten"]["n"] for p in figures["perioden"]) == 2
    csv = monitoring.to_csv(figures).splitlines()
    assert "totaal;spoed_tijd_tot_oppakken_minuten.n;2" in csv
    assert "stand;spoed_niet_verstuurd;0" in csv


def test_the_setting_names_the_channels_and_an_smtp_host_needs_recipients(tmp_path):
    env = {"VOORDEUR_VAR_DIR": str(tmp_path), "INBOX_SERVICE_TOKEN": "s", "INBOX_READ_TOKEN": "r",
           "INBOX_STATS_TOKEN": "t"}
    assert Config.from_env(env).spoed_kanalen == ()
    both = Config.from_env({**env, "VOORDEUR_SPOED_SMTP_HOST": "smtp.berkelland.example",
                            "VOORDEUR_SPOED_SMTP_TO": "toegang@berkelland.example, wachtdienst@berkelland.example",
                            "VOORDEUR_SPOED_WEBHOOK_URL": "https://chat.example/hook",
                            "INBOX_PUBLIC_URL": PUBLIC + "/"})
    assert both.spoed_kanalen == ("email", "webhook") and both.public_url == PUBLIC
    assert both.spoed_smtp_to == ("toegang@berkelland.example", "wachtdienst@berkelland.example")
    with pytest.raises(ValueError, match="VOORDEUR_SPOED_SMTP_TO"):
        Config.from_env({**env, "VOORDEUR_SPOED_SMTP_HOST": "smtp.berkelland.example"})
