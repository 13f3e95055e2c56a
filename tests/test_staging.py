"""Only events whose source a checker found and confirmed reach data/raw, with the checker's fixes."""

import csv
from pathlib import Path

import pytest

from analysis.codings import EVENT_COLUMNS, SEARCH_LOG_COLUMNS, SOURCE_COLUMNS, CodingsError
from analysis.staging import merge_batch, parse_fix

FIXTURE = Path(__file__).parent / "fixtures" / "valid"
CHECK_COLUMNS = ["event_id", "url", "found", "verdict", "fix"]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, data: list[dict[str, str]], columns) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    """A batch of the fixture's first three events (sources with a query column) and an empty raw directory."""
    batch, raw = tmp_path / "batch", tmp_path / "raw"
    batch.mkdir()
    raw.mkdir()
    events = [e for e in rows(FIXTURE / "events.csv") if e["event_id"] in ("T1-001", "T1-002", "T1-003")]
    sources = [
        {**s, "query": "q"}
        for s in rows(FIXTURE / "sources.csv")
        if s["event_id"] in ("T1-001", "T1-002", "T1-003")
    ]
    write(batch / "events.csv", events, EVENT_COLUMNS)
    write(batch / "sources.csv", sources, [*SOURCE_COLUMNS, "query"])
    write(batch / "search_log.csv", rows(FIXTURE / "search_log.csv"), SEARCH_LOG_COLUMNS)
    for name, columns in (
        ("events.csv", EVENT_COLUMNS),
        ("sources.csv", SOURCE_COLUMNS),
        ("search_log.csv", SEARCH_LOG_COLUMNS),
    ):
        write(raw / name, [], columns)
    checks = [
        {
            "event_id": "T1-001",
            "url": sources[0]["url"],
            "found": "yes",
            "verdict": "fix",
            "fix": "location=Shandong",
        },
        {"event_id": "T1-002", "url": sources[1]["url"], "found": "no", "verdict": "reject", "fix": ""},
        {"event_id": "T1-003", "url": sources[2]["url"], "found": "yes", "verdict": "unchecked", "fix": ""},
        {"event_id": "T1-003", "url": sources[3]["url"], "found": "yes", "verdict": "unchecked", "fix": ""},
    ]
    write(batch / "check.csv", checks, CHECK_COLUMNS)
    return batch, raw


def test_merges_confirmed_rejects_refuted_and_keeps_unchecked_pending(batch: tuple[Path, Path]) -> None:
    result = merge_batch(*batch)
    assert (result.merged, result.rejected, result.pending) == (["T1-001"], ["T1-002"], ["T1-003"])
    raw = batch[1]
    merged = rows(raw / "events.csv")
    assert [e["event_id"] for e in merged] == ["T1-001"] and merged[0]["location"] == "Shandong"
    assert list(rows(raw / "sources.csv")[0]) == list(SOURCE_COLUMNS), "the checker's query column is dropped"
    assert len(rows(raw / "search_log.csv")) == 2


def test_merging_a_batch_again_adds_only_its_newly_checked_events(batch: tuple[Path, Path]) -> None:
    merge_batch(*batch)
    check = batch[0] / "check.csv"
    check.write_text(check.read_text(encoding="utf-8").replace("unchecked", "ok"), encoding="utf-8")
    result = merge_batch(*batch)
    assert (result.merged, result.pending) == (["T1-003"], [])
    raw = batch[1]
    assert [e["event_id"] for e in rows(raw / "events.csv")] == ["T1-001", "T1-003"]
    assert len(rows(raw / "search_log.csv")) == 2, "the batch's log is appended once"


def test_a_batch_that_would_break_a_rule_changes_nothing(batch: tuple[Path, Path]) -> None:
    check = batch[0] / "check.csv"
    check.write_text(
        check.read_text(encoding="utf-8").replace("location=Shandong", "category=visit"), encoding="utf-8"
    )
    before = {p.name: p.read_bytes() for p in batch[1].iterdir()}
    with pytest.raises(CodingsError, match=r"events.csv:2: category: 'visit' is not a codebook category"):
        merge_batch(*batch)
    assert {p.name: p.read_bytes() for p in batch[1].iterdir()} == before


def test_parse_fix_reads_pairs_and_refuses_unknown_columns() -> None:
    assert parse_fix("start_date=2014-05-01 | date_precision=month") == {
        "start_date": "2014-05-01",
        "date_precision": "month",
    }
    assert parse_fix("") == {}
    with pytest.raises(ValueError, match="event column"):
        parse_fix("colour=red")
