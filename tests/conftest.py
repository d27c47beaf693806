"""Shared by both runtimes' test runs (Python 3.10 with Rasa, and 3.11): keep it stdlib + pytest only.

`make test` sets VOORDEUR_STRICT_SKIPS=1: there every prerequisite (trained model, PostgreSQL, Redis, Chromium,
espeak-ng) is installed by the setup, so a test that would skip for a missing part fails instead. Run pytest
by hand without it and such tests skip with their reason.
"""
from __future__ import annotations

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("VOORDEUR_STRICT_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped while `make test` requires every part to be present: {reason}"
