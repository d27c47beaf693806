import shutil
from pathlib import Path

import pytest

from routing import default_catalog
from routing.loader import DEFAULT_DATA_DIR


@pytest.fixture(scope="session")
def catalog():
    return default_catalog()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of routing/data to break in a test."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target
