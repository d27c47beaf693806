"""HTTP-level checks of the staff pages: authorisation matrix (every route × every role incl. anonymous), CSRF,
login rate limit, session cookie, idle timeout, logout, security headers and Dutch error pages."""
from __future__ import annotations

import time

import httpx
import pytest

from tests.browser.conftest_inbox import *  # noqa: F401,F403
from tests.browser.conftest_inbox import PASSWORD, csrf_of, http_login, start_inbox

pytestmark = [pytest.mark.e2e]
ROLES = ["anoniem", "toegang", "neede", "ruurlo", "beheerder"]
ACCOUNTS = {"toegang": "toegang1", "neede": "neede1", "ruurlo": "ruurlo1", "beheerder": "beheer1"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'")
LOGIN = "login"  # expected outcome: 303 to /login
HOST_COOKIE = "__Host-vmk_sessie"  # the session cookie's name with INBOX_COOKIE_SECURE=1


@pytest.fixture(scope="module")
def world(inbox):
    """Two aanmeldingen: one still with team toegang, one doorgezet to frontteam Neede; a user to deactivate."""
    eigen = inbox.seed(samenvatting="Matrix: bij team toegang")
    neede = inbox.seed(samenvatting="Matrix: doorgezet naar Neede")
    c = http_login(inbox, "toegang1")
    page = c.get(f"/aanmeldingen/{neede['id']}").text
    r = c.post(f"/aanmeldingen/{neede['id']}/doorzetten",
               data={"csrf_token": csrf_of(page), "team": "frontteam_neede", "overdracht": "Warm overgedragen."})
    assert r.status_code == 303
    inbox.make_user("weg1", "toegang")
    from inbox.db import make_engine, make_sessionmaker
    from inbox.services import users

    engine = make_engine(inbox.env["DATABASE_URL"])
    with make_sessionmaker(engine)() as s:
        weg_id = next(u.id for u in users.list_users(s) if u.username == "weg1")
    engine.dispose()
    clients = {role: http_login(inbox, ACCOUNTS.get(role)) for role in ROLES}
    yield {"eigen": eigen["id"], "neede": neede["id"], "weg": weg_id, "clients": clients}
    for cl in clients.values():
        cl.close()


# (method, path template, form data, {role: expected status or LOGIN})
MATRIX = [
    ("GET", "/", {}, {"anoniem": LOGIN, "toegang": 303, "neede": 303, "ruurlo": 303, "beheerder": 303}),
    ("GET", "/werkvoorraad", {}, {"anoniem": LOGIN, "toegang": 200, "neede": 200, "ruurlo": 200, "beheerder": 403}),
    ("GET", "/aanmeldingen/{eigen}", {},
     {"anoniem": LOGIN, "toegang": 200, "neede": 403, "ruurlo": 403, "beheerder": 403}),
    ("GET", "/aanmeldingen/{neede}", {},
     {"anoniem": LOGIN, "toegang": 200, "neede": 200, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{eigen}/notitie", {"tekst": "matrix"},
     {"anoniem": LOGIN, "toegang": 303, "neede": 403, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{neede}/notitie", {"tekst": "matrix"},
     {"anoniem": LOGIN, "toegang": 303, "neede": 303, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{neede}/oppakken", {},
     {"anoniem": LOGIN, "toegang": 303, "neede": 303, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{neede}/contact", {"wijze": "telefoon", "bereikt": "ja"},
     {"anoniem": LOGIN, "toegang": 303, "neede": 303, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{neede}/label", {"onderwerp": "vervoer", "wet": "wmo", "urgentie": "normaal",
                                             "reden": "matrix"},
     {"anoniem": LOGIN, "toegang": 303, "neede": 403, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{eigen}/toewijzen", {"behandelaar": "toegang2"},
     {"anoniem": LOGIN, "toegang": 303, "neede": 403, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{neede}/terugkoppeling", {"datum": "2026-01-01", "wijze": "telefoon"},
     {"anoniem": LOGIN, "toegang": None, "neede": None, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{neede}/doorzetten", {"team": "frontteam_neede", "overdracht": "matrix"},
     {"anoniem": LOGIN, "toegang": None, "neede": 403, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{eigen}/afsluiten", {"uitkomst": "geen_vervolg_nodig"},
     {"anoniem": LOGIN, "toegang": None, "neede": 403, "ruurlo": 403, "beheerder": 403}),
    ("POST", "/aanmeldingen/{eigen}/heropenen", {},
     {"anoniem": LOGIN, "toegang": None, "neede": 403, "ruurlo": 403, "beheerder": 403}),
    ("GET", "/monitoring", {}, {"anoniem": LOGIN, "toegang": 200, "neede": 403, "ruurlo": 403, "beheerder": 200}),
    ("GET", "/monitoring/export.csv", {},
     {"anoniem": LOGIN, "toegang": 200, "neede": 403, "ruurlo": 403, "beheerder": 200}),
    ("GET", "/beheer/gebruikers", {}, {"anoniem": LOGIN, "toegang": 403, "neede": 403, "ruurlo": 403, "beheerder": 200}),
    ("POST", "/beheer/gebruikers", {"gebruikersnaam": "nieuw-{role}", "rol": "toegang"},
     {"anoniem": LOGIN, "toegang": 403, "neede": 403, "ruurlo": 403, "beheerder": 200}),
    ("POST", "/beheer/gebruikers/{weg}/deactiveren", {},
     {"anoniem": LOGIN, "toegang": 403, "neede": 403, "ruurlo": 403, "beheerder": 303}),
    ("GET", "/beheer/audit", {}, {"anoniem": LOGIN, "toegang": 403, "neede": 403, "ruurlo": 403, "beheerder": 200}),
    ("GET", "/beheer/bewaartermijn", {},
     {"anoniem": LOGIN, "toegang": 403, "neede": 403, "ruurlo": 403, "beheerder": 200}),
    ("GET", "/account/wachtwoord", {}, {"anoniem": LOGIN, "toegang": 200, "neede": 200, "ruurlo": 200, "beheerder": 200}),
    ("POST", "/account/wachtwoord", {"huidig": "fout", "nieuw": "x", "herhaal": "y"},
     {"anoniem": LOGIN, "toegang": 422, "neede": 422, "ruurlo": 422, "beheerder": 422}),
]


@pytest.mark.parametrize("method,path,data,expected", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_authorisation_matrix(world, method, path, data, expected):
    """Each role gets exactly what it may: 200/303 (done), 403 (Dutch page), or a redirect to the login page."""
    for role in ROLES:
        want = expected[role]
        client = world["clients"][role]
        url = path.format(**world)
        if method == "GET":
            r = client.get(url)
        else:
            token = csrf_of(client.get("/login").text) if role == "anoniem" else _token(client)
            r = client.post(url, data={**{k: v.format(role=role) for k, v in data.items()}, "csrf_token": token})
        if want is None:  # allowed, outcome depends on the status flow (done or a Dutch 409/422 page)
            assert r.status_code in (303, 409, 422), f"{role} {method} {url}: {r.status_code}"
        elif want == LOGIN:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), \
                f"{role} {method} {url}: {r.status_code} {r.headers.get('location')}"
        else:
            assert r.status_code == want, f"{role} {method} {url}: {r.status_code}\n{r.text[:500]}"
        if r.status_code == 403:
            assert "Geen toegang" in r.text and 'lang="nl"' in r.text


def _token(client: httpx.Client) -> str:
    return csrf_of(client.get("/account/wachtwoord").text)


def test_frontteam_werkvoorraad_lists_only_its_own_team(world, inbox):
    neede = world["clients"]["neede"].get("/werkvoorraad").text
    ruurlo = world["clients"]["ruurlo"].get("/werkvoorraad").text
    assert "Matrix: doorgezet naar Neede" in neede and "Matrix: bij team toegang" not in neede
    assert "Matrix: doorgezet naar Neede" not in ruurlo


def test_post_without_or_with_wrong_csrf_token_is_403_and_changes_nothing(world, inbox):
    c = world["clients"]["toegang"]
    url = f"/aanmeldingen/{world['eigen']}/notitie"
    for data in ({"tekst": "zonder token"}, {"tekst": "fout token", "csrf_token": "x" * 32},
                 {"tekst": "token van een ander", "csrf_token": _token(world["clients"]["neede"])}):
        r = c.post(url, data=data)
        assert r.status_code == 403
        assert "Formulier verlopen" in r.text and "niet opgeslagen" in r.text
        assert r.headers["content-type"].startswith("text/html")
    detail = c.get(f"/aanmeldingen/{world['eigen']}").text
    assert "zonder token" not in detail and "fout token" not in detail and "token van een ander" not in detail
    # logout and login need the token too
    anon = httpx.Client(base_url=inbox.url)
    assert anon.post("/login", data={"gebruikersnaam": "toegang1", "wachtwoord": PASSWORD}).status_code == 403
    assert c.post("/logout", data={}).status_code == 403


def test_security_headers_and_session_cookie(world, inbox):
    c = world["clients"]["toegang"]
    for url in ("/login", "/werkvoorraad", f"/aanmeldingen/{world['eigen']}", "/monitoring",
                "/aanmeldingen/999999", "/static/web/inbox.css"):
        r = c.get(url)
        assert r.headers["content-security-policy"] == CSP, url
        assert "unsafe-inline" not in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    for url in ("/werkvoorraad", f"/aanmeldingen/{world['eigen']}", "/monitoring/export.csv", "/beheer/audit"):
        assert "no-store" in c.get(url).headers.get("cache-control", ""), url
    page = c.get(f"/aanmeldingen/{world['eigen']}").text
    assert "<script>" not in page and " style=" not in page and "onclick" not in page
    r = httpx.get(f"{inbox.url}/login")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie  # localhost http
    assert cookie.startswith("vmk_sessie=") and "strict-transport-security" not in r.headers  # no HSTS on http


def test_dutch_error_pages(world):
    c = world["clients"]["toegang"]
    for url in ("/aanmeldingen/999999", "/aanmeldingen/abc", "/aanmeldingen/1/onbekende-actie"):
        r = c.get(url) if "actie" not in url else c.post(url, data={"csrf_token": _token(c)})
        assert r.status_code in (404, 405), url
        assert 'lang="nl"' in r.text and ("niet gevonden" in r.text.lower() or "bestaat niet" in r.text)


def test_logout_revokes_the_session_cookie(inbox):
    c = http_login(inbox, "toegang2")
    stolen = dict(c.cookies)
    assert c.get("/werkvoorraad").status_code == 200
    r = c.post("/logout", data={"csrf_token": _token(c)})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    replay = httpx.Client(base_url=inbox.url, cookies=stolen)
    r = replay.get("/werkvoorraad")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_login_redirect_stays_on_this_site(inbox):
    c = httpx.Client(base_url=inbox.url)
    r = c.get("/login?volgende=//evil.example/x")
    r = c.post("/login", data={"csrf_token": csrf_of(r.text), "gebruikersnaam": "toegang1", "wachtwoord": PASSWORD,
                               "volgende": "//evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad"


@pytest.fixture(scope="module")
def strict_inbox(tmp_path_factory):
    """A second inbox with a low login limit, a short idle timeout and Secure cookies."""
    server = start_inbox(tmp_path_factory.mktemp("strict"), INBOX_LOGIN_MAX_PER_ACCOUNT="3",
                         INBOX_LOGIN_MAX_PER_IP="6", INBOX_IDLE_MINUTES="0.1", INBOX_COOKIE_SECURE="1")
    for name in ("anna", "bert", "carla", "dirk"):
        server.make_user(name, "toegang")
    ok = _attempt(server, "dirk", PASSWORD)  # signed in before any test fills the rate limiter
    assert ok.status_code == 303
    server.dirk_cookie = ok.cookies.get(HOST_COOKIE)
    yield server
    server.stop()


def _attempt(server, name: str, password: str) -> httpx.Response:
    c = httpx.Client(base_url=server.url)
    token = csrf_of(c.get("/login").text)
    # Secure cookies are not sent back over http by browsers; httpx does the same, so pass it explicitly
    cookie = c.cookies.get(HOST_COOKIE)
    return httpx.post(f"{server.url}/login", data={"csrf_token": token, "gebruikersnaam": name,
                                                   "wachtwoord": password},
                      headers={"Cookie": f"{HOST_COOKIE}={cookie}"})


def test_secure_cookie_in_production_and_idle_timeout(strict_inbox):
    r = httpx.get(f"{strict_inbox.url}/login")
    assert "Secure" in r.headers["set-cookie"]
    # __Host- prefix: Secure, Path=/ and no Domain, so no sibling (sub)domain can set or shadow it
    attrs = [a.strip().lower() for a in r.headers["set-cookie"].split(";")]
    assert attrs[0].startswith(HOST_COOKIE.lower() + "=") and "path=/" in attrs
    assert not any(a.startswith("domain") for a in attrs)
    assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    api = httpx.get(f"{strict_inbox.url}/health")
    assert api.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    # a cookie without the prefix (as a sibling domain could set) is not a session
    plain = httpx.get(f"{strict_inbox.url}/werkvoorraad", headers={"Cookie": f"vmk_sessie={strict_inbox.dirk_cookie}"})
    assert plain.status_code == 303 and plain.headers["location"].startswith("/login")
    c = httpx.Client(base_url=strict_inbox.url)
    page = c.get("/login")
    token = csrf_of(page.text)
    cookie = c.cookies.get(HOST_COOKIE)
    bert = {"Cookie": f"{HOST_COOKIE}={strict_inbox.dirk_cookie}"}
    assert httpx.get(f"{strict_inbox.url}/werkvoorraad", headers=bert).status_code == 200
    time.sleep(7)
    # a signed-in session idle longer than INBOX_IDLE_MINUTES is over: back to the login page, with the reason
    r = httpx.get(f"{strict_inbox.url}/werkvoorraad", headers=bert)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = httpx.get(f"{strict_inbox.url}/login", headers=bert)
    assert "te lang niet actief" in r.text
    # an expired anonymous session gets a fresh CSRF token: the old form's token is refused
    r = httpx.post(f"{strict_inbox.url}/login", data={"csrf_token": token, "gebruikersnaam": "bert",
                                                      "wachtwoord": PASSWORD},
                   headers={"Cookie": f"{HOST_COOKIE}={cookie}"})
    assert r.status_code == 403


def test_login_rate_limit_per_account_and_per_ip(strict_inbox):
    for _ in range(3):
        r = _attempt(strict_inbox, "anna", "fout")
        assert r.status_code == 401 and "klopt niet" in r.text
    r = _attempt(strict_inbox, "anna", PASSWORD)  # even the right password is refused now
    assert r.status_code == 429 and "te vaak geprobeerd" in r.text
    assert _attempt(strict_inbox, "bert", PASSWORD).status_code == 303  # other accounts still work
    for _ in range(3):
        _attempt(strict_inbox, "onbekend-x", "fout")  # 6 failures from this IP in total
    r = _attempt(strict_inbox, "carla", PASSWORD)
    assert r.status_code == 429
