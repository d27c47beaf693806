"""Token scopes over real HTTP (SQLite and PostgreSQL): the stats token opens only the statistics, every read with
the read token is audited per aanmelding and rate-limited per client IP before any database work."""
from __future__ import annotations

import secrets

import httpx
import pytest
from sqlalchemy import select

from inbox.api.limits import RateLimiter
from inbox.db import make_engine, make_sessionmaker
from inbox.models import AuditLog
from tests.inbox.conftest import BACKENDS, body, database_url, start_server, stop_server

API = "/api/v1"


def _start(request, tmp_path_factory, **settings):
    var_dir = tmp_path_factory.mktemp(f"inbox-scopes-{request.param}")
    srv = start_server(var_dir, database_url(request.param, var_dir, request), **settings)
    request.addfinalizer(lambda: stop_server(srv))
    return srv


@pytest.fixture(scope="module", params=BACKENDS)
def api(request, tmp_path_factory):
    return _start(request, tmp_path_factory)


@pytest.fixture(params=BACKENDS)
def limited(request, tmp_path_factory):
    """A server of its own whose read token may make 3 requests per minute."""
    return _start(request, tmp_path_factory, INBOX_READ_RATE_PER_MINUTE="3")


def _create(server, conv: str, **fields) -> int:
    r = server.post(body(conversation_id=conv, **fields), secrets.token_hex(8))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _views(server, ids) -> list[AuditLog]:
    """The audit log's 'aanmelding_bekeken' rows for these ids, oldest first (read from the server's database)."""
    engine = make_engine(server.database_url)
    try:
        with make_sessionmaker(engine)() as s:
            return list(s.scalars(select(AuditLog).where(AuditLog.actie == "aanmelding_bekeken",
                                                         AuditLog.object_id.in_([str(i) for i in ids]))
                                  .order_by(AuditLog.id)))
    finally:
        engine.dispose()


# (token, method, path, expected status). {id} is an existing aanmelding.
SCOPES = [
    ("stats", "GET", "/statistieken", 200),
    ("stats", "GET", "/statistieken?formaat=csv&periode=week", 200),
    ("stats", "GET", "/aanmeldingen", 403),
    ("stats", "GET", "/aanmeldingen/{id}", 403),
    ("stats", "POST", "/aanmeldingen", 403),
    ("stats", "POST", "/uitkomsten", 403),
    ("read", "GET", "/aanmeldingen", 200),
    ("read", "GET", "/aanmeldingen/{id}", 200),
    ("read", "GET", "/statistieken", 200),
    ("read", "POST", "/aanmeldingen", 403),
    ("read", "POST", "/uitkomsten", 403),
    ("service", "GET", "/aanmeldingen", 403),
    ("service", "GET", "/aanmeldingen/{id}", 403),
    ("service", "GET", "/statistieken", 403),
    ("geen", "GET", "/statistieken", 401),
    ("onbekend", "GET", "/statistieken", 401),
]


@pytest.mark.parametrize("token,method,path,status", SCOPES)
def test_each_token_opens_only_its_own_part_of_the_api(api, token, method, path, status):
    naam = f"Geertje Scope {secrets.token_hex(3)}"
    aanmelding_id = _create(api, f"scope-{secrets.token_hex(4)}", contact={"naam": naam, "telefoon": "+31612345678"})
    headers = {"stats": api.stats(), "read": api.read(), "service": api.service(), "geen": {},
               "onbekend": {"Authorization": "Bearer " + secrets.token_urlsafe(24)}}[token]
    r = httpx.request(method, f"{api.url}{API}{path.format(id=aanmelding_id)}", timeout=30,
                      headers={**headers, "Idempotency-Key": secrets.token_hex(8)},
                      json=body() if method == "POST" else None)
    assert r.status_code == status, r.text
    if status == 403:
        assert r.json() == {"fout": "Dit token geeft geen toegang tot dit deel van de API.", "velden": {}}
    if token == "stats":
        assert naam not in r.text and "+31612345678" not in r.text


def test_the_openapi_document_names_the_token_of_each_operation(api):
    spec = httpx.get(f"{api.url}{API}/openapi.json", timeout=30).json()
    assert {"serviceToken", "readToken", "statsToken"} <= set(spec["components"]["securitySchemes"])
    gates = lambda path, method: {name for gate in spec["paths"][path][method]["security"] for name in gate}  # noqa: E731
    assert gates(f"{API}/statistieken", "get") == {"statsToken", "readToken"}
    assert gates(f"{API}/aanmeldingen", "get") == {"readToken"}
    assert gates(f"{API}/aanmeldingen/{{aanmelding_id}}", "get") == {"readToken"}
    assert "429" in spec["paths"][f"{API}/aanmeldingen"]["get"]["responses"]


def test_every_aanmelding_read_with_the_read_token_is_audited_by_id(api):
    conv = f"audit-{secrets.token_hex(4)}"
    ids = [_create(api, conv) for _ in range(3)]
    page = httpx.get(f"{api.url}{API}/aanmeldingen", params={"conversation_id": conv, "limit": 2},
                     headers=api.read(), timeout=30).json()
    shown = [item["id"] for item in page["items"]]
    assert len(shown) == 2 and page["totaal"] == 3
    rows = _views(api, ids)
    assert sorted(int(r.object_id) for r in rows) == sorted(shown)  # every id on the page, nothing else
    assert {(r.wie, r.object_type, r.ip) for r in rows} == {("api:read", "aanmelding", "127.0.0.1")}
    assert all(r.details == {"via": "lijst", "aantal": 2, "offset": 0} for r in rows)
    [hidden] = set(ids) - set(shown)
    assert httpx.get(f"{api.url}{API}/aanmeldingen/{hidden}", headers=api.read(), timeout=30).status_code == 200
    assert sorted(int(r.object_id) for r in _views(api, ids)) == sorted(ids)  # the detail read added its id


def test_the_read_token_is_limited_per_client_ip_before_any_database_work(limited):
    conv = f"limit-{secrets.token_hex(4)}"
    aanmelding_id = _create(limited, conv)
    lijst = f"{limited.url}{API}/aanmeldingen"
    answers = [httpx.get(lijst, params={"conversation_id": conv}, headers=limited.read(), timeout=30)
               for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["fout"].startswith("Te veel aanvragen met dit token. Probeer het over ")
    detail = httpx.get(f"{lijst}/{aanmelding_id}", headers=limited.read(), timeout=30)
    assert detail.status_code == 429  # one budget per token and IP, lists and details together
    assert len(_views(limited, [aanmelding_id])) == 3  # the refused reads touched nothing
    # Another client IP has its own budget; other tokens are not limited.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=30) as other:
        assert other.get(lijst, params={"conversation_id": conv}, headers=limited.read()).status_code == 200
    assert httpx.get(f"{limited.url}{API}/statistieken", headers=limited.stats(), timeout=30).status_code == 200
    assert limited.post(body(conversation_id=conv), secrets.token_hex(8)).status_code == 201


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# (seconds after the first of 3 allowed requests, expected answer: 0 = allowed, else Retry-After)
WINDOW = [(0.0, 60), (1.0, 59), (59.5, 1), (60.0, 0)]


@pytest.mark.parametrize("later,expected", WINDOW)
def test_the_limit_slides_and_says_how_long_to_wait(session, later, expected):
    clock = Clock()
    limiter = RateLimiter(3, 60, b"geheim", clock=clock)
    assert [limiter.hit(session, "read:1.2.3.4") for _ in range(3)] == [0, 0, 0]
    clock.now += later
    assert limiter.hit(session, "read:1.2.3.4") == expected
    assert limiter.hit(session, "read:5.6.7.8") == 0
