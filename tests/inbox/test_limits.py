"""Rate limits counted in the database (inbox/services/limits.py) on SQLite and PostgreSQL: what two workers count
together, what is stored (no address, no typed name), and that old rows go."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from inbox.api.limits import RateLimiter
from inbox.models import RateLimitHit
from inbox.services import limits
from inbox.web.security import LoginRateLimiter

SECRET = b"geheim"


def test_two_workers_hitting_one_key_at_once_never_pass_more_than_the_limit(Session):
    """Ten requests of one client at the same moment on ten connections (as from two workers' thread pools)."""
    limiter = RateLimiter(4, 60, SECRET)

    def one(_: int) -> int:
        with Session() as session:
            return limiter.hit(session, "read:192.0.2.1")

    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(one, range(10)))
    assert answers.count(0) == 4 and all(a > 0 for a in answers if a)


def test_failed_logins_are_counted_per_address_and_per_account_and_a_success_clears_the_account(session):
    limiter = LoginRateLimiter(max_per_ip=3, max_per_account=2, window=900, secret=SECRET)
    limiter.failure(session, "192.0.2.1", "Marieke")
    assert not limiter.blocked(session, "192.0.2.1", "marieke")
    limiter.failure(session, "192.0.2.2", "MARIEKE")  # another address, same account (names compare lower-case)
    assert limiter.blocked(session, "192.0.2.9", "marieke")
    limiter.success(session, "marieke")
    assert not limiter.blocked(session, "192.0.2.9", "marieke")
    for name in ("a", "b", "c"):
        limiter.failure(session, "192.0.2.3", name)
    assert limiter.blocked(session, "192.0.2.3", "iemand-anders")
    assert not limiter.blocked(session, "192.0.2.4", "iemand-anders")


def test_the_database_holds_neither_the_address_nor_the_typed_name(session):
    LoginRateLimiter(3, 3, 900, SECRET).failure(session, "192.0.2.77", "Wachtwoord123!")
    with session.begin():
        keys = session.scalars(select(RateLimitHit.sleutel)).all()
    assert len(keys) == 2 and not any("192.0.2.77" in k or "wachtwoord" in k.lower() for k in keys)
    assert limits.pseudonym(SECRET, "login-ip:192.0.2.77") in keys


def test_rows_whose_window_has_passed_are_deleted_by_the_next_write(session):
    limits.record(session, ["a", "b"], window=60, now=1000.0)
    limits.record(session, ["c"], window=60, now=1061.0)
    with session.begin():
        assert session.scalars(select(RateLimitHit.sleutel)).all() == ["c"]
