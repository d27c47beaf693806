"""The production shape under faults: `make run-prod` itself (scripts/run.sh, VOORDEUR_MODE=prod: nginx, two Rasa
instances on one model, the action server, the inbox with two workers), on a private PostgreSQL and Redis that these
tests restart (tests/support/prod.py). One start for the whole module; the SIGKILL test is last.

Turns go straight to an instance's private REST channel where a test must choose the instance (alternation, 20 at
once, the kill), through nginx where the test is about the public entry."""
from __future__ import annotations

import re
import secrets
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import psycopg
import pytest

from benchmarks.conversations import SCRIPTS, resolve_step
from bot.voordeur.texts import STORING
from tests.e2e.conftest import MODEL, require_model
from tests.e2e.helpers import Chat
from tests.e2e.test_voice_calls import INWONER_TOT_SAMENVATTING, walk
from tests.support.chat_polling import PollingChat
from tests.support.prod import INSTANCES, ProdShape
from tests.support.servers import redis_command as redis
from tests.support.stack import APP_PY, ROOT
from tests.support.voice import VoiceCall

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow]


def commands_processed(port: int) -> int:
    return int(re.search(r"total_commands_processed:(\d+)", redis(port, "INFO", "stats")).group(1))


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    require_model()
    shape = ProdShape(tmp_path_factory.mktemp("run-prod"), model=MODEL)
    shape.start()
    yield shape
    shape.stop()


def tracker_events(prod: ProdShape, sender: str, rasa: str = "rasa") -> list[dict]:
    r = httpx.get(f"{prod.url_of(rasa)}/conversations/{sender}/tracker", headers=prod.rasa_api_headers(), timeout=60)
    r.raise_for_status()
    return r.json()["events"]


def user_texts(events: list[dict]) -> list[str]:
    return [e.get("text") for e in events if e["event"] == "user"]


def aanmeldingen(prod: ProdShape, sender: str) -> list[dict]:
    r = prod.inbox_get("/api/v1/aanmeldingen", conversation_id=sender)
    r.raise_for_status()
    return r.json()["items"]


def test_turns_alternating_over_both_instances_are_all_kept_in_order(prod):
    sender = f"prod-{secrets.token_hex(6)}"
    redis_before = commands_processed(prod.redis.port)
    chat = Chat(prod, sender, instances=INSTANCES)
    chat.run(SCRIPTS["wmo_routed"])
    [a] = chat.aanmeldingen()
    assert (a["onderwerpen"][0], a["wet"], a["kern"], a["contact"]["telefoon"]) == \
        ("huishoudelijke_hulp", "wmo", "Neede", "+31612345678")
    sent = [text for text, _ in chat.log]
    stored = user_texts(tracker_events(prod, sender))
    # every turn once and in the order sent (a typed phone number is stored masked)
    assert len(stored) == len(sent), chat.transcript()
    assert all(s == t or any(ch.isdigit() for ch in t) for s, t in zip(stored, sent)), (stored, sent)
    assert commands_processed(prod.redis.port) > redis_before, "the turns went through the Redis lock store"
    with psycopg.connect(f"{prod.postgres.url}/voordeur_rasa") as conn:
        stored_raw = " ".join(r[0] for r in conn.execute("SELECT data FROM events WHERE sender_id = %s", (sender,)))
    assert "612345678" not in stored_raw, "raw phone numbers never reach the tracker store"


NUMMERS = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
           "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig")


def test_twenty_simultaneous_messages_through_both_instances_are_processed_one_at_a_time_in_order(prod):
    """While a turn holds the conversation (here the test, taking a ticket as a third instance would), 20 messages
    arrive, alternately at each instance; each is sent once the previous one is queued, so the queue order is
    known. Then they must be processed one at a time, in that order, each answer going back to its own request."""
    sender = f"prod-{secrets.token_hex(6)}"
    Chat(prod, sender, instances=INSTANCES).run(["hallo"])
    base, port = f"voordeur:lock:{{{sender}}}:", prod.redis.port
    mine = redis(port, "INCR", base + "n")
    redis(port, "ZADD", base + "q", mine, mine)
    redis(port, "SET", f"{base}t:{mine}", "1", "PX", "30000")
    texts = [f"vraag nummer {word}" for word in NUMMERS]
    answers: dict[int, list[dict]] = {}

    def send(i: int) -> None:
        answers[i] = prod.say(sender, texts[i], rasa=INSTANCES[i % 2])

    with ThreadPoolExecutor(len(texts)) as pool:
        futures = []
        for i in range(len(texts)):
            futures.append(pool.submit(send, i))
            deadline = time.monotonic() + 30
            while redis(port, "ZCARD", base + "q") < i + 2:  # queued behind our ticket and the earlier ones
                assert time.monotonic() < deadline, f"message {i} was not queued"
                time.sleep(0.01)
        redis(port, "DEL", f"{base}t:{mine}")  # our "turn" is done: the queue starts moving
        redis(port, "ZREM", base + "q", mine)
        for f in futures:
            f.result()

    events = tracker_events(prod, sender)
    start = next(i for i, e in enumerate(events) if e["event"] == "user" and e.get("text") == texts[0])
    turns: list[tuple[str, list[str]]] = []
    for e in events[start:]:
        if e["event"] == "user":
            turns.append((e["text"], []))
        elif e["event"] == "bot":
            turns[-1][1].append(e.get("text"))
        elif e["event"] == "action" and e.get("name") == "action_listen":
            turns[-1] = (turns[-1][0], turns[-1][1] + ["<klaar>"])
    assert [t for t, _ in turns] == texts
    for i, (_, said) in enumerate(turns):
        assert said[-1] == "<klaar>" and "<klaar>" not in said[:-1], f"turn {i} overlapped another: {said}"
        assert said[:-1] == [m.get("text") for m in answers[i]], f"answer {i} is not its own turn's"


def test_a_phone_call_whose_signed_webhooks_alternate_between_the_instances_completes(prod):
    """Twilio signs the public URL (TWILIO_PUBLIC_URL, nginx); the webhooks reach the instances in turn."""
    call = VoiceCall(prod, caller="+31612344567", instances=INSTANCES, public_base=prod.public_url)
    call.ring()
    walk(call, INWONER_TOT_SAMENVATTING)
    assert "klopt dit" in call.spoken.lower(), call.transcript()
    call.press("1")
    [a] = aanmeldingen(prod, call.call_sid)
    assert (a["kanaal"], a["onderwerpen"][0], a["kern"], a["contact"]["telefoon"]) == \
        ("telefoon", "huishoudelijke_hulp", "Neede", "+31612344567")
    assert len(call.log) >= 8  # so both instances took several webhooks, each knowing the call's menu state


def client_from(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def upstream_of(prod: ProdShape, address: str) -> str:
    """The Rasa instance nginx pins a socket.io client at `address` to (from nginx's access log)."""
    with client_from(address) as client:
        PollingChat(client, prod.public_url, prod.public_url).connect().close()
    lines = [line for line in prod.access_log() if line.startswith(address + " ") and "/socket.io/" in line]
    return re.search(r"upstream=(\S+)", lines[-1]).group(1)


def test_a_chat_from_outside_through_nginx_alternating_over_both_instances_ends_in_the_inbox(prod):
    """The public entry only: socket.io through nginx, from two client addresses that nginx pins to different
    instances; each turn on a new connection resuming the session with its token. The aanmelding arrives with the
    right labels; Rasa's API and the inbox's /metrics are not reachable through the proxy."""
    by_upstream: dict[str, str] = {}
    for i in range(2, 40):
        address = f"127.0.0.{i}"
        by_upstream.setdefault(upstream_of(prod, address), address)
        if len(by_upstream) == 2:
            break
    assert len(by_upstream) == 2, f"all addresses went to one instance: {by_upstream}"
    addresses = list(by_upstream.values())

    with client_from(addresses[0]) as first:
        chat = PollingChat(first, prod.public_url, prod.public_url).connect()
        token, last = chat.start()
        chat.close()
    sent = 0
    for step in SCRIPTS["wmo_routed"]:
        text = resolve_step(step, last)
        with client_from(addresses[sent % 2]) as client:
            chat = PollingChat(client, prod.public_url, prod.public_url).connect()
            chat.start(token)
            last = chat.turn(text)
            chat.close()
        sent += 1
    sender = token.split(".")[0]
    [a] = aanmeldingen(prod, sender)
    assert (a["kanaal"], a["onderwerpen"][0], a["wet"], a["urgentie"], a["kern"]) == \
        ("web", "huishoudelijke_hulp", "wmo", "normaal", "Neede")
    served = {re.search(r"upstream=(\S+)", line).group(1) for line in prod.access_log()
              if line.split(" ")[0] in addresses and "/socket.io/" in line}
    assert served == set(by_upstream), "the conversation's turns went through both instances"
    assert httpx.get(f"{prod.public_url}/status", timeout=30).status_code == 404
    assert httpx.get(f"{prod.inbox_proxy_url}/metrics", timeout=30).status_code == 404
    assert httpx.get(f"{prod.inbox_url}/metrics", timeout=30).status_code == 200  # internal: Prometheus scrapes here


def test_the_login_limit_holds_across_both_inbox_workers(prod):
    """INBOX_LOGIN_MAX_PER_IP (20) failed logins from one address, spread over the two workers, then 429."""
    base = prod.inbox_proxy_url
    codes = []
    for i in range(21):
        with client_from("127.0.0.9") as c:  # a new connection each time: the workers take turns at accepting
            page = c.get(f"{base}/login")
            csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            codes.append(c.post(f"{base}/login", data={"csrf_token": csrf, "gebruikersnaam": f"iemand{i}",
                                                       "wachtwoord": "fout"}).status_code)
    assert codes == [401] * 20 + [429]


@dataclass
class Outage:
    """A service restart the conversations run into: `down` is set once it is stopped, `before` the turn that waits
    for that, `waited` the seconds each conversation's turn `before` took."""

    server: object
    before: int
    seconds: float
    down: threading.Event = field(default_factory=threading.Event)
    waited: list[float] = field(default_factory=list)


def converse(prod: ProdShape, sender: str, steps: list, outages: list[Outage], progress: list[int],
             deadline: float) -> list[tuple[str, list[dict]]]:
    """A conversation through the instances in turn, as a person does it: a turn that fails (no answer, or the
    assistant's own "Er ging iets mis") is sent again a moment later. Turn `outage.before` is sent only once that
    service is down, so it runs into the restart."""
    last: list[dict] = []
    log = []
    for i, step in enumerate(steps):
        for outage in outages:
            if i == outage.before:
                assert outage.down.wait(120), f"{outage.server} was never stopped"
        text = resolve_step(step, last)
        started = time.monotonic()
        while True:
            try:
                answer = prod.say(sender, text, rasa=INSTANCES[i % 2])
                if not any(m.get("text") == STORING for m in answer):
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"{sender}: turn {i} ({text!r}) never went through"
            time.sleep(1)
        for outage in outages:
            if i == outage.before:
                outage.waited.append(time.monotonic() - started)
        last = answer
        log.append((text, answer))
        progress.append(i)
    return log


def test_redis_and_postgresql_restarts_lose_no_aanmelding_and_make_none_twice(prod):
    """Four conversations run into a Redis restart (locks, call state, rate limits) in their fifth turn and a
    PostgreSQL restart (tracker store and inbox, down 3 s) in their last, the one that sends the aanmelding. The
    turns wait or are sent again; each conversation ends with exactly one aanmelding."""
    senders = [f"prod-restart-{i}-{secrets.token_hex(4)}" for i in range(4)]
    script = SCRIPTS["wmo_routed"]
    outages = [Outage(prod.redis, before=4, seconds=2), Outage(prod.postgres, before=len(script) - 1, seconds=3)]
    deadline = time.monotonic() + 240
    progress: list[int] = []
    with ThreadPoolExecutor(len(senders)) as pool:
        futures = [pool.submit(converse, prod, s, script, outages, progress, deadline) for s in senders]
        for outage in outages:
            while progress.count(outage.before - 1) < len(senders):  # every conversation is at that turn
                assert time.monotonic() < deadline and not any(f.done() for f in futures), progress
                time.sleep(0.05)
            outage.server.stop()
            outage.down.set()
            time.sleep(outage.seconds)
            outage.server.start()
        logs = [f.result() for f in futures]
    for outage in outages:
        assert max(outage.waited) >= outage.seconds * 0.5, f"no turn ran into the restart: {outage.waited}"
    for sender, log in zip(senders, logs):
        found = aanmeldingen(prod, sender)
        assert len(found) == 1, (sender, [t for t, _ in log])
        assert (found[0]["onderwerpen"][0], found[0]["kern"]) == ("huishoudelijke_hulp", "Neede")
    with psycopg.connect(f"{prod.postgres.url}/voordeur") as conn:
        total = conn.execute("SELECT count(*) FROM aanmelding WHERE conversation_id = ANY(%s)", (senders,)).fetchone()
    assert total[0] == len(senders)


def test_retention_purges_rasa_events_on_postgres_and_keeps_the_figures(prod):
    chat = Chat(prod, f"prod-{secrets.token_hex(6)}")
    chat.run(SCRIPTS["voorziening_genoeg"])
    stats_before = prod.inbox_get("/api/v1/statistieken").json()["totaal"]
    env = {**prod.env, "TRACKER_RETENTION_DAYS": "0", "RETENTION_LOG_DIR": "off"}  # run-prod logs to var/logs
    out = subprocess.run([str(APP_PY), "-m", "inbox.cli", "retention"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    with psycopg.connect(f"{prod.postgres.url}/voordeur_rasa") as conn:
        left = conn.execute("SELECT count(*) FROM events WHERE sender_id = %s", (chat.sender,)).fetchone()[0]
    assert left == 0, out.stdout
    stats_after = prod.inbox_get("/api/v1/statistieken").json()["totaal"]
    assert stats_after["gesprekken"] == stats_before["gesprekken"]
    assert stats_after["verwezen_voorliggend_veld"] == stats_before["verwezen_voorliggend_veld"]


def test_sigkill_of_an_instance_mid_turn_and_the_conversation_goes_on_through_the_other(prod):
    """The last turn (the one that sends the aanmelding) is in progress on instance 2 when it is killed. The
    person sends it again through instance 1, which waits until the dead instance's ticket expires (10 s), and the
    conversation ends with one aanmelding. nginx keeps serving the chat page; run-prod starts the killed one again."""
    sender = f"prod-kill-{secrets.token_hex(6)}"
    steps = SCRIPTS["wmo_routed"]
    chat = Chat(prod, sender, instances=("rasa",))
    chat.run(steps[:-1])
    final = resolve_step(steps[-1], chat.last)
    before = user_texts(tracker_events(prod, sender)).count(final)  # the same button payload came earlier too
    killed = prod.pid("rasa2")
    queue = f"voordeur:lock:{{{sender}}}:q"
    outcome: dict[str, object] = {}

    def last_turn_on_instance_2() -> None:
        try:
            outcome["answer"] = prod.say(sender, final, rasa="rasa2")
        except httpx.HTTPError as e:
            outcome["error"] = e

    turn = threading.Thread(target=last_turn_on_instance_2)
    turn.start()
    deadline = time.monotonic() + 30
    while not redis(prod.redis.port, "ZCARD", queue):  # instance 2 holds the conversation: the turn is running
        assert time.monotonic() < deadline and turn.is_alive(), "the turn never started on instance 2"
        time.sleep(0.005)
    subprocess.run(["kill", "-KILL", str(killed)], check=True)
    turn.join(60)
    assert "error" in outcome, "instance 2 answered although it was killed mid-turn"

    started = time.monotonic()
    if user_texts(tracker_events(prod, sender)).count(final) == before:  # the killed turn was not saved: again
        answer = prod.say(sender, final, rasa="rasa")
        assert any("VMK-" in (m.get("text") or "") for m in answer), answer
    else:  # it was saved just before the kill: the conversation simply goes on
        prod.say(sender, "dank u", rasa="rasa")
    assert time.monotonic() - started < 20, "waited for more than the dead instance's ticket"
    assert len(aanmeldingen(prod, sender)) == 1
    assert user_texts(tracker_events(prod, sender)).count(final) == before + 1
    for _ in range(4):  # the proxy skips the dead instance
        assert httpx.get(f"{prod.public_url}/chat/", timeout=30).status_code == 200
    deadline = time.monotonic() + 20
    while f"rasa-{prod.ports['rasa2']} stopped; starting it again" not in prod.output():
        assert time.monotonic() < deadline, prod.output()[-2000:]
        time.sleep(0.5)
