"""Shared fixtures: the small hand-checked codings under tests/fixtures/valid."""

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture codings."""
    target = tmp_path / "raw"
    shutil.copytree(FIXTURES / "valid", target)
    return target
