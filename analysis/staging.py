"""Merge a coder's checked batch into data/raw: only events with a source row that a second person found
and confirmed against its page, with the checker's corrections applied. The rest stays in the batch."""

import csv
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from analysis.codings import (
    EVENT_COLUMNS,
    EVENTS_FILE,
    SEARCH_LOG_COLUMNS,
    SEARCH_LOG_FILE,
    SOURCE_COLUMNS,
    SOURCES_FILE,
    CodingsError,
    validate,
)

CHECK_FILE = "check.csv"
ACCEPTED = ("ok", "fix")


@dataclass(frozen=True)
class MergeResult:
    merged: list[str]
    rejected: list[str]
    pending: list[str]


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def parse_fix(text: str) -> dict[str, str]:
    """'start_date=2014-05-01 | date_precision=month' -> {'start_date': '2014-05-01', 'date_precision': 'month'}."""
    fixes = {}
    for part in filter(None, (p.strip() for p in text.split(" | "))):
        column, sep, value = part.partition("=")
        if not sep or column.strip() not in EVENT_COLUMNS or column.strip() == "event_id":
            raise ValueError(f"cannot apply fix {part!r}: expected column=value for an event column")
        fixes[column.strip()] = value.strip()
    return fixes


def merge_batch(batch: Path, raw: Path) -> MergeResult:
    """Append the batch's confirmed events, their confirmed sources and its search log to raw; the merged
    tables are validated in a scratch copy first, so a bad batch changes nothing. Events and log rows already
    in raw are skipped, so a batch merged again once its pending rows are checked adds only what is new."""
    raw_events, raw_log = _read(raw / EVENTS_FILE), _read(raw / SEARCH_LOG_FILE)
    done = {e["event_id"] for e in raw_events}
    events = [e for e in _read(batch / EVENTS_FILE) if e["event_id"] not in done]
    sources = _read(batch / SOURCES_FILE)
    new_log = [r for r in _read(batch / SEARCH_LOG_FILE) if r not in raw_log]
    checks = {(c["event_id"], c["url"]): c for c in _read(batch / CHECK_FILE)}
    # Each event's source rows with their check (None where the checker left no row).
    by_event: dict[str, list[tuple[dict[str, str], dict[str, str] | None]]] = defaultdict(list)
    for source in sources:
        by_event[source["event_id"]].append((source, checks.get((source["event_id"], source["url"]))))
    confirmed: list[dict[str, str]] = []
    merged, rejected, pending = [], [], []
    for event in events:
        pairs = by_event[event["event_id"]]
        good = [(s, c) for s, c in pairs if c and c["found"] == "yes" and c["verdict"] in ACCEPTED]
        if good:
            for _, check in good:
                event.update(parse_fix(check.get("fix", "")))
            confirmed += [s for s, _ in good]
            merged.append(event)
        elif pairs and all(c and c["verdict"] == "reject" for _, c in pairs):
            rejected.append(event)
        else:
            pending.append(event)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        _write(tmp / EVENTS_FILE, raw_events + merged, EVENT_COLUMNS)
        _write(tmp / SOURCES_FILE, _read(raw / SOURCES_FILE) + confirmed, SOURCE_COLUMNS)
        _write(tmp / SEARCH_LOG_FILE, raw_log + new_log, SEARCH_LOG_COLUMNS)
        report, _, _ = validate(tmp)
        if report.errors:
            raise CodingsError(report.errors)
        for name in (EVENTS_FILE, SOURCES_FILE, SEARCH_LOG_FILE):
            shutil.move(tmp / name, raw / name)
    return MergeResult(
        merged=[e["event_id"] for e in merged],
        rejected=[e["event_id"] for e in rejected],
        pending=[e["event_id"] for e in pending],
    )
