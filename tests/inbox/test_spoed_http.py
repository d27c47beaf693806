"""Spoed alert through the real app (`python -m inbox` processes, SQLite and PostgreSQL): exactly once over real SMTP
(aiosmtpd) and at a real webhook receiver (aiohttp), across a restart and with two deliverers racing; the banner
for team toegang until someone picks it up; the time to claim on the monitoring; readiness, metrics, JSON logs."""
from __future__ import annotations

import json
import re
import secrets
import time

import httpx
import pytest
from sqlalchemy import select

from inbox import migrate
from inbox.db import make_engine, make_sessionmaker
from inbox.models import Spoedmelding
from inbox.services import users
from tests.inbox.conftest import body, spawn_server, start_server, stop_server, wait_until_up
from tests.support.ontvangers import SmtpOntvanger, WebhookOntvanger, wait_until
from tests.support.stack import free_port

PUBLIC = "https://inbox.berkelland.example"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
WACHTWOORD = "een-lang-eigen-wachtwoord"


def spoed_env(smtp_port: int, hook_url: str) -> dict[str, str]:
    return {"VOORDEUR_SPOED_SMTP_HOST": "127.0.0.1", "VOORDEUR_SPOED_SMTP_PORT": str(smtp_port),
            "VOORDEUR_SPOED_SMTP_FROM": "voordeur@berkelland.example",
            "VOORDEUR_SPOED_SMTP_TO": "toegang@berkelland.example", "VOORDEUR_SPOED_WEBHOOK_URL": hook_url,
            "VOORDEUR_SPOED_POLL_SECONDS": "0.2", "VOORDEUR_SPOED_MAX_DELAY": "1", "VOORDEUR_SPOED_TIMEOUT": "3",
            "INBOX_PUBLIC_URL": PUBLIC}


def spoed(server, **overrides) -> dict:
    r = server.post(body(urgentie="spoed", **overrides), secrets.token_hex(8))
    assert r.status_code == 201, r.text
    return r.json()


def meldingen(db_url: str) -> list[Spoedmelding]:
    engine = make_engine(db_url)
    try:
        with make_sessionmaker(engine)() as s, s.begin():
            return list(s.scalars(select(Spoedmelding).order_by(Spoedmelding.id)))
    finally:
        engine.dispose()


def metric(server, name: str, headers: dict | None = None) -> float:
    text = httpx.get(f"{server.url}/metrics", headers=headers or {}).text
    [value] = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name + " ")]
    return value


def test_a_spoed_aanmelding_arrives_exactly_once_by_email_and_at_the_webhook(db_url, tmp_path):
    with SmtpOntvanger() as smtp, WebhookOntvanger() as hook:
        srv = start_server(tmp_path / "var", db_url, **spoed_env(smtp.port, hook.url))
        try:
            key = secrets.token_hex(8)
            created = srv.post(body(urgentie="spoed"), key)
            assert created.status_code == 201
            assert srv.post(body(urgentie="spoed"), key).status_code == 200  # the assistant's retry
            assert srv.post(body(), secrets.token_hex(8)).status_code == 201  # normaal: no alert
            assert wait_until(lambda: len(smtp.berichten) == 1 and len(hook.ontvangen) == 1, 20)
            time.sleep(1.5)  # several polls of the deliverer later
            a = created.json()
            assert smtp.onderwerpen() == [f"Spoedmelding {a['referentie']} wacht in de inbox"]
            assert f"{PUBLIC}/aanmeldingen/{a['id']}" in smtp.berichten[0][1].get_content()
            assert len(hook.ontvangen) == 1 and f"Referentie: {a['referentie']}" in hook.ontvangen[0]["text"]
            assert "Jan Jansen" not in smtp.berichten[0][1].as_string() + hook.ontvangen[0]["text"]
            assert metric(srv, 'voordeur_inbox_spoed_alerts_sent_total{kanaal="email"}') == 1
            assert metric(srv, 'voordeur_inbox_spoed_alerts{kanaal="webhook",status="wachtend"}') == 0
            assert metric(srv, "voordeur_inbox_spoed_waiting") == 1
        finally:
            stop_server(srv)


def test_alerts_survive_a_restart_and_two_racing_deliverers_send_each_exactly_once(db_url, tmp_path):
    smtp_port, hook = free_port(), WebhookOntvanger()
    env = spoed_env(smtp_port, hook.url)  # neither receiver is up yet
    first = start_server(tmp_path / "a", db_url, **env)
    try:
        made = [spoed(first) for _ in range(6)]
        first.post(body(), secrets.token_hex(8))
        assert wait_until(lambda: all(m.pogingen >= 1 for m in meldingen(db_url)) and len(meldingen(db_url)) == 12)
        assert {m.status for m in meldingen(db_url)} == {"wachtend"}
        assert metric(first, 'voordeur_inbox_spoed_alerts_failing{kanaal="email"}') == 6
        assert metric(first, 'voordeur_inbox_spoed_alert_outbox_oldest_seconds{kanaal="webhook"}') > 0
        assert httpx.get(f"{first.url}/ready").json()["controles"]["spoedmeldingen"] == "actief"
    finally:
        stop_server(first)
    # Two workers on the same database come up while the mail server and the chat service are still away, so both
    # claim and fail alongside each other; then the receivers come back and the two race to send.
    second, third = spawn_server(tmp_path / "b", db_url, **env), spawn_server(tmp_path / "c", db_url, **env)
    try:
        wait_until_up(second)
        wait_until_up(third)
        time.sleep(1.0)
        with SmtpOntvanger(port=smtp_port) as smtp, hook:
            assert wait_until(lambda: len(smtp.berichten) >= 6 and len(hook.ontvangen) >= 6, 30)
            time.sleep(2.5)  # more than two polls and a backoff later: nothing arrives twice
            expected = sorted(f"Spoedmelding {a['referentie']} wacht in de inbox" for a in made)
            assert sorted(smtp.onderwerpen()) == expected
            assert sorted(h["text"].split("Referentie: ")[1].split("\n")[0] for h in hook.ontvangen) == sorted(
                a["referentie"] for a in made)
            assert len(set(hook.sleutels)) == 6
        rows = meldingen(db_url)
        assert {m.status for m in rows} == {"verzonden"} and min(m.pogingen for m in rows) >= 2
    finally:
        stop_server(second)
        stop_server(third)
    for log in ("a", "b", "c"):
        assert "Traceback" not in (tmp_path / log / "inbox.log").read_text(errors="replace")


# --- the banner ----------------------------------------------------------------------------------------------------

def signed_in(server, name: str, role: str, team: str | None = None) -> httpx.Client:
    with server.Session() as s:
        user, one_time = users.create_user(s, name, role, team=team, wie="tests")
        users.change_password(s, user.id, one_time, WACHTWOORD)
    c = httpx.Client(base_url=server.url, timeout=60, follow_redirects=False)
    token = CSRF_RE.search(c.get("/login").text).group(1)
    assert c.post("/login", data={"csrf_token": token, "gebruikersnaam": name, "wachtwoord": WACHTWOORD}
                  ).status_code == 303
    return c


def banner(page: httpx.Response) -> str | None:
    found = re.search(r'<div class="spoedbalk" role="status" id="spoedbalk">(.*?)</div>', page.text, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else None


def test_every_toegang_page_shows_waiting_spoed_until_someone_picks_it_up(staff_server):
    srv = staff_server
    tessa = signed_in(srv, "tessa", "toegang")
    bea = signed_in(srv, "bea", "beheerder")
    nina = signed_in(srv, "nina", "frontteam", team="frontteam_neede")
    assert banner(tessa.get("/werkvoorraad")) is None
    first, second = spoed(srv), spoed(srv)
    srv.post(body(urgentie="hoog"), secrets.token_hex(8))
    pages = ["/werkvoorraad", "/monitoring", f"/aanmeldingen/{first['id']}", "/account/wachtwoord",
             "/beheer/bezorgfouten", "/aanmeldingen/999999"]
    for path in pages:
        page = tessa.get(path)
        assert banner(page) == "2 spoedmeldingen wachten op iemand die ze oppakt.", path
        assert 'href="/werkvoorraad?urgentie=spoed&amp;status=nieuw"' in page.text
        assert "unsafe-inline" not in page.headers["content-security-policy"]
        assert "script-src 'self'" in page.headers["content-security-policy"]
    listed = tessa.get("/werkvoorraad?urgentie=spoed&status=nieuw").text
    assert first["referentie"] in listed and second["referentie"] in listed
    assert banner(bea.get("/monitoring")) is None and banner(nina.get("/werkvoorraad")) is None

    token = CSRF_RE.search(tessa.get(f"/aanmeldingen/{first['id']}").text).group(1)
    assert tessa.post(f"/aanmeldingen/{first['id']}/oppakken", data={"csrf_token": token}).status_code == 303
    assert banner(tessa.get("/werkvoorraad")) == "1 spoedmelding wacht op iemand die haar oppakt."
    assert tessa.post(f"/aanmeldingen/{second['id']}/oppakken", data={"csrf_token": token}).status_code == 303
    assert banner(tessa.get("/werkvoorraad")) is None

    monitoring = tessa.get("/monitoring").text
    table = monitoring[monitoring.index('id="tabel-spoed-oppakken"'):]
    cells = re.findall(r"<td>(.*?)</td>", table[:table.index("</table>")], re.S)
    assert [c.strip() for c in cells][2:4] == ["2", "0"]  # opgepakt, nog niet opgepakt
    assert "totaal;spoed_tijd_tot_oppakken_minuten.n;2" in tessa.get("/monitoring/export.csv").text


# --- operable: readiness, metrics, JSON logs -----------------------------------------------------------------------

def test_readiness_metrics_with_a_token_and_json_logs(db_url, tmp_path):
    server = start_server(tmp_path / "var", db_url, VOORDEUR_LOG_FORMAT="json", VOORDEUR_METRICS_TOKEN="m-geheim")
    try:
        ready = httpx.get(f"{server.url}/ready")
        assert (ready.status_code, ready.json()) == (200, {"status": "ok", "controles": {
            "database": "ok", "migratie": "ok", "spoedmeldingen": "uit"}})
        assert httpx.get(f"{server.url}/metrics").status_code == 401
        token = {"Authorization": "Bearer m-geheim"}
        page = httpx.get(f"{server.url}/metrics", headers=token)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
        assert metric(server, "voordeur_inbox_spoed_waiting", token) == 0
        spoed(server)
        assert metric(server, "voordeur_inbox_spoed_waiting", token) == 1
        assert metric(server, 'voordeur_inbox_aanmeldingen_received_total{kanaal="web",urgentie="spoed"}', token) == 1
        assert metric(server, "voordeur_inbox_spoed_waiting_oldest_seconds", token) > 0

        migrate.downgrade(db_url, "0009")
        behind = httpx.get(f"{server.url}/ready")
        assert behind.status_code == 503
        assert behind.json()["controles"]["migratie"] == f"0009, verwacht {migrate.head()}"
        migrate.upgrade(db_url)
        assert httpx.get(f"{server.url}/ready").status_code == 200
    finally:
        stop_server(server)
    lines = [line for line in (tmp_path / "var" / "inbox.log").read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]
    assert entries and all({"time", "level", "logger", "message", "pid"} <= set(e) for e in entries)
    assert any(e["logger"].startswith("sanic") for e in entries)
