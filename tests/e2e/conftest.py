"""End-to-end fixtures: the real inbox, action server and Rasa as processes (embedded mode)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from tests.support.stack import DEFAULT_MODEL, Stack

MODEL = Path(os.environ.get("VOORDEUR_TEST_MODEL", DEFAULT_MODEL))


def require_model() -> None:
    if not MODEL.exists():
        pytest.fail(f"geen getraind model op {MODEL}: draai `make train` (make test doet dat zelf)")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory):
    require_model()
    s = Stack(tmp_path_factory.mktemp("e2e-stack"), model=MODEL)
    s.start()
    yield s
    s.stop()


@pytest.fixture
def sender() -> str:
    """A fresh conversation id (what the public channels issue on the server side)."""
    return f"e2e-{secrets.token_hex(8)}"
