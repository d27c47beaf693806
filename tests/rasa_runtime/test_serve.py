"""`python -m bot.voordeur.serve`: how the Rasa command line is built (the process-level checks, secret not on
/proc/<pid>/cmdline and telemetry off, are in tests/e2e/test_edge.py against the real Rasa)."""
from __future__ import annotations

import pytest

from bot.voordeur.serve import ServeError, rasa_argv


def test_the_secret_is_added_for_rasa_only_as_one_equals_argument() -> None:
    assert rasa_argv(["--enable-api", "-p", "5005"], "-begint-met-streep") == [
        "rasa", "run", "--enable-api", "-p", "5005", "--jwt-secret=-begint-met-streep"]


@pytest.mark.parametrize("args, secret", [
    (["--enable-api", "--jwt-secret=geheim"], "geheim"),  # a secret on the command line is what we avoid
    (["--enable-api", "--jwt-secret", "geheim"], ""),
    (["--enable-api"], ""),  # the HTTP API without a secret would be open to anyone who reaches it
])
def test_refuses_to_start_with_the_secret_in_argv_or_an_open_api(args: list, secret: str) -> None:
    with pytest.raises(ServeError):
        rasa_argv(args, secret)


def test_without_the_http_api_no_secret_is_needed() -> None:
    assert rasa_argv(["-p", "5005"], "") == ["rasa", "run", "-p", "5005"]
