"""Shared fixtures: the small hand-checked codings under tests/fixtures/valid."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.codings import Codings, read_codings

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture codings."""
    target = tmp_path / "raw"
    shutil.copytree(FIXTURES / "valid", target)
    return target


@pytest.fixture
def fixture_codings(valid_dir: Path) -> Codings:
    """The fixture codings read as the clean stage reads them: six events, two logged queries."""
    return read_codings(valid_dir)


@pytest.fixture
def fixture_events(fixture_codings: Codings) -> pd.DataFrame:
    return fixture_codings.events
