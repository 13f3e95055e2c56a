"""The codebook is complete, and its rendered and machine-readable forms are the ones the code makes."""

import json
import shutil
from pathlib import Path

import frictionless
import pytest

from analysis.codebook import load_codebook
from analysis.datapackage import build_datapackage
from analysis.docs import render_codebook

REPO = Path(__file__).resolve().parent.parent
CODEBOOK = load_codebook()
TEN = {"senior_contact", "attache", "agreement", "training", "expertise", "exchange_port_visit", "placement",
       "training_team", "equipment_aid", "exercise"}  # fmt: skip


def test_codebook_has_the_ten_categories_with_rules_and_examples() -> None:
    assert set(CODEBOOK.codes) == TEN
    for c in CODEBOOK.categories.values():
        assert len(c.definition) > 80 and c.include and c.exclude and len(c.examples) >= 2


def test_tiers_and_directions_follow_the_study_design() -> None:
    assert CODEBOOK.tier_of == {"senior_contact": 1, "attache": 1, "exchange_port_visit": 1, "agreement": 2,
                                "training": 2, "expertise": 2, "exercise": 2, "placement": 3,
                                "training_team": 3, "equipment_aid": 3}  # fmt: skip
    assert CODEBOOK.directional == {"training", "expertise", "placement", "training_team", "equipment_aid"}


def test_changelog_records_the_current_version() -> None:
    assert CODEBOOK.raw["changelog"][-1]["version"] == CODEBOOK.version


def test_rendered_codebook_is_current() -> None:
    rendered = render_codebook(CODEBOOK)
    assert (REPO / "docs" / "codebook.md").read_text(encoding="utf-8") == rendered, (
        "run: python -m analysis codebook"
    )
    for c in CODEBOOK.categories.values():
        assert f"### `{c.code}`: {c.label}" in rendered


def test_datapackage_is_current() -> None:
    committed = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == build_datapackage(CODEBOOK), "run: python -m analysis datapackage"


def package_copy(tmp_path: Path, raw: Path) -> Path:
    """The descriptor beside a copy of the raw files, since frictionless refuses absolute paths."""
    (tmp_path / "data").mkdir()
    shutil.copytree(raw, tmp_path / "data" / "raw")
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(build_datapackage(CODEBOOK)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "raw", [REPO / "data" / "raw", REPO / "tests" / "fixtures" / "valid"], ids=["shipped", "fixture"]
)
def test_datapackage_validates_codings(raw: Path, tmp_path: Path) -> None:
    report = frictionless.validate(str(package_copy(tmp_path, raw)))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_rejects_a_bad_category(tmp_path: Path) -> None:
    path = package_copy(tmp_path, REPO / "tests" / "fixtures" / "valid")
    events = tmp_path / "data" / "raw" / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace(",exercise,", ",visit,", 1), encoding="utf-8"
    )
    report = frictionless.validate(str(path))
    assert not report.valid
    assert [2, "category", "constraint-error"] in report.flatten(["rowNumber", "fieldName", "type"])
