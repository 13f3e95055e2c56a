"""Read and validate the hand-coded raw files, so every later stage gets a table it can trust.

Every problem names the file, the line a person opens in an editor (the header is line 1), the column and the
rule broken, e.g. ``events.csv:17: start_date: '2023-13-01' is not a date (YYYY-MM-DD) [date-format]``.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pycountry

from analysis.codebook import Codebook, load_codebook
from analysis.states import DYADS, STATES, WINDOW_END, WINDOW_START, dyad_name

EVENTS_FILE = "events.csv"
SOURCES_FILE = "sources.csv"
SEARCH_LOG_FILE = "search_log.csv"

EVENT_COLUMNS = (
    "event_id", "start_date", "end_date", "date_precision", "category", "participants", "provider",
    "recipient", "multilateral", "location", "title", "description", "evidence", "coder", "notes",
)  # fmt: skip
SOURCE_COLUMNS = ("event_id", "url", "outlet", "published", "supports")
SEARCH_LOG_COLUMNS = ("query", "dyad", "category", "year_from", "year_to", "results_used")

PRECISIONS = ("day", "month", "year")
BOOLEANS = ("true", "false")
EVENT_ID = re.compile(r"^[A-Z][A-Z0-9]*-\d{3,4}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Two rows of one dyad and category starting this close are probably one event coded twice.
DUPLICATE_WINDOW_DAYS = 3


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    rule: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        kind = "warning: " if self.severity == "warning" else ""
        return f"{where}: {self.column or '-'}: {kind}{self.message} [{self.rule}]"


@dataclass(frozen=True)
class Record:
    line: int
    values: dict[str, str]


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    n_events: int = 0
    n_sources: int = 0
    n_queries: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        return (
            f"{self.n_events} events, {self.n_sources} sources, {self.n_queries} logged queries: "
            f"{len(self.errors)} errors, {len(self.warnings)} warnings"
        )


class CodingsError(ValueError):
    """Raised when the raw codings break a rule; carries every problem so all can be fixed in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Codings:
    events: pd.DataFrame
    sources: pd.DataFrame
    queries: pd.DataFrame


def read_table(path: Path, columns: tuple[str, ...]) -> tuple[list[Record], list[Problem]]:
    """Read a CSV strictly: UTF-8, the exact column set, no ragged rows; blank lines are skipped."""
    name = path.name
    if not path.is_file():
        return [], [Problem(name, None, None, "file-missing", f"file not found: {path}")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return [], [Problem(name, line, None, "encoding", f"byte {data[err.start]:#x} is not valid UTF-8")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    records: list[Record] = []
    start = 1
    try:
        header = next(reader, None)
        if not header:
            return [], [Problem(name, 1, None, "empty-file", "no header row")]
        problems += _header_problems(name, header, columns)
        if any(p.rule == "missing-column" for p in problems):
            return [], problems
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if not row:
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(
                        name, start, None, "ragged-row", f"{len(row)} fields, the header has {len(header)}"
                    )
                )
                continue
            records.append(Record(start, dict(zip(header, row, strict=True))))
    except csv.Error as err:
        problems.append(Problem(name, start, None, "csv-syntax", f"{err} (in the row starting here)"))
    return records, problems


def _header_problems(name: str, header: list[str], columns: tuple[str, ...]) -> list[Problem]:
    problems = [
        Problem(name, 1, col, "duplicate-column", "column appears more than once")
        for col in sorted({c for c in header if header.count(c) > 1})
    ]
    problems += [Problem(name, 1, c, "missing-column", "missing column") for c in columns if c not in header]
    problems += [Problem(name, 1, c, "extra-column", "unexpected column") for c in header if c not in columns]
    return problems


def parse_date(text: str) -> date | None:
    """A strict YYYY-MM-DD date, or None (fromisoformat alone also accepts forms such as 20230101)."""
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def is_iso3(code: str) -> bool:
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def split_participants(text: str) -> list[str]:
    return text.split(";") if text else []


def four_state_dyads(participants: Iterable[str]) -> list[str]:
    """The dyads of the four states among the participants: k of the four give k(k-1)/2 dyads."""
    present = sorted(set(participants) & set(STATES))
    return [dyad_name(a, b) for a, b in combinations(present, 2)]


def _check_event(rec: Record, codebook: Codebook) -> list[tuple[str, str, str]]:
    """Field rules of one event row, as (column, rule, message) triples."""
    v = rec.values
    out: list[tuple[str, str, str]] = []
    for col in ("event_id", "start_date", "date_precision", "category", "participants", "multilateral",
                "title", "description", "evidence", "coder"):  # fmt: skip
        if not v[col].strip():
            out.append((col, "required", "value is required"))
    if v["event_id"] and not EVENT_ID.match(v["event_id"]):
        out.append(("event_id", "id-format", f"{v['event_id']!r} is not of the form BATCH-nnn, e.g. CR3-017"))
    start = _check_date(v, "start_date", out)
    end = _check_date(v, "end_date", out)
    if start and end and end < start:
        out.append(("end_date", "end-before-start", f"end {end} is before start {start}"))
    precision = v["date_precision"]
    if precision and precision not in PRECISIONS:
        out.append(("date_precision", "enum", f"{precision!r} is not one of {', '.join(PRECISIONS)}"))
    elif start and precision == "month" and start.day != 1:
        out.append(("start_date", "precision-mismatch", "month precision needs the day written as 01"))
    elif start and precision == "year" and (start.month, start.day) != (1, 1):
        out.append(("start_date", "precision-mismatch", "year precision needs the date written YYYY-01-01"))
    category = v["category"]
    if category and category not in codebook.categories:
        out.append(("category", "enum", f"{category!r} is not a codebook category"))
    for col, allowed in (("evidence", codebook.evidence_levels), ("multilateral", BOOLEANS)):
        if v[col] and v[col] not in allowed:
            out.append((col, "enum", f"{v[col]!r} is not one of {', '.join(allowed)}"))
    participants = split_participants(v["participants"])
    out += _check_participants(participants, v["multilateral"])
    out += _check_direction(v, category in codebook.directional, participants)
    return out


def _check_date(v: dict[str, str], col: str, out: list[tuple[str, str, str]]) -> date | None:
    if not v[col]:
        return None
    parsed = parse_date(v[col])
    if parsed is None:
        out.append((col, "date-format", f"{v[col]!r} is not a date (YYYY-MM-DD)"))
    elif not WINDOW_START <= parsed <= WINDOW_END:
        out.append(
            (col, "date-window", f"{parsed} is outside the study window {WINDOW_START} to {WINDOW_END}")
        )
        return None
    return parsed


def _check_participants(participants: list[str], multilateral: str) -> list[tuple[str, str, str]]:
    out = []
    bad = [p for p in participants if not is_iso3(p)]
    if bad:
        out.append(("participants", "iso3", f"{', '.join(map(repr, bad))} not an ISO3 country code"))
    if len(set(participants)) != len(participants):
        out.append(("participants", "duplicate-participant", "a state is listed twice"))
    elif participants != sorted(participants):
        out.append(("participants", "participants-order", "list the codes alphabetically, joined by ';'"))
    if participants and len(set(participants) & set(STATES)) < 2:
        out.append(("participants", "two-of-four", f"needs at least two of {', '.join(STATES)}"))
    if multilateral == "false" and len(set(participants)) > 2:
        out.append(("multilateral", "multilateral-mismatch", "false needs exactly two participants"))
    return out


def _check_direction(
    v: dict[str, str], directional: bool, participants: list[str]
) -> list[tuple[str, str, str]]:
    out = []
    for col in ("provider", "recipient"):
        value = v[col]
        if directional and not value:
            out.append((col, "direction-required", f"required for category {v['category']!r}"))
        elif not directional and value:
            out.append((col, "direction-not-allowed", f"must be empty for category {v['category']!r}"))
        elif value and value not in participants:
            out.append((col, "direction-participant", f"{value!r} is not among the participants"))
    if v["provider"] and v["provider"] == v["recipient"]:
        out.append(("recipient", "direction-self", "provider and recipient are the same state"))
    return out


def _check_source(rec: Record, event_ids: set[str]) -> list[tuple[str, str, str]]:
    v = rec.values
    out = [
        (c, "required", "value is required") for c in ("event_id", "url", "outlet", "supports") if not v[c]
    ]
    if v["event_id"] and v["event_id"] not in event_ids:
        out.append(("event_id", "unknown-event", f"{v['event_id']!r} is not an event_id in {EVENTS_FILE}"))
    if v["url"] and not is_http_url(v["url"]):
        out.append(("url", "url", f"{v['url']!r} is not a well-formed http(s) address"))
    if v["published"] and parse_date(v["published"]) is None:
        out.append(("published", "date-format", f"{v['published']!r} is not a date (YYYY-MM-DD)"))
    return out


def _check_query(rec: Record) -> list[tuple[str, str, str]]:
    v = rec.values
    out = [] if v["query"].strip() else [("query", "required", "value is required")]
    if v["dyad"] not in (*DYADS, "all"):
        out.append(("dyad", "enum", f"{v['dyad']!r} is not one of the six dyads or 'all'"))
    years = {}
    for col in ("year_from", "year_to", "results_used"):
        if not v[col].isdigit():
            out.append((col, "integer", f"{v[col]!r} is not a whole number"))
        else:
            years[col] = int(v[col])
    if years.get("year_from", 0) > years.get("year_to", 9999):
        out.append(("year_to", "year-order", "year_to is before year_from"))
    return out


def _as_problems(file: str, rec: Record, found: list[tuple[str, str, str]]) -> list[Problem]:
    return [Problem(file, rec.line, col, rule, msg) for col, rule, msg in found]


def _unique(
    file: str, records: list[Record], key: Callable[[Record], object], col: str, rule: str
) -> list[Problem]:
    seen: dict[object, int] = {}
    problems = []
    for rec in records:
        k = key(rec)
        if k in seen:
            problems.append(Problem(file, rec.line, col, rule, f"repeats line {seen[k]}"))
        else:
            seen[k] = rec.line
    return problems


def _probable_duplicates(events: list[Record]) -> list[Problem]:
    """Warn on two rows of one dyad and category starting within a few days, unless a note names the other."""
    rows = []
    for rec in events:
        start = parse_date(rec.values["start_date"])
        if start is not None:
            for dyad in four_state_dyads(split_participants(rec.values["participants"])):
                rows.append((dyad, rec.values["category"], start, rec))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3].line))
    warned: set[tuple[int, int]] = set()
    problems = []
    for i, (dyad, category, start, rec) in enumerate(rows):
        for dyad2, category2, start2, rec2 in rows[i + 1 :]:
            if (dyad2, category2) != (dyad, category) or (start2 - start).days > DUPLICATE_WINDOW_DAYS:
                break
            pair = (rec.line, rec2.line)
            id1, id2 = rec.values["event_id"], rec2.values["event_id"]
            if pair in warned or id1 in rec2.values["notes"] or id2 in rec.values["notes"]:
                continue
            warned.add(pair)
            problems.append(
                Problem(
                    EVENTS_FILE,
                    rec2.line,
                    "start_date",
                    "probable-duplicate",
                    f"{id2} may repeat {id1} (line {rec.line}: {dyad}, {category}, {start} and {start2}); "
                    f"merge them or name {id1} in notes",
                    "warning",
                )
            )
    return problems


def validate(directory: Path, codebook: Codebook | None = None) -> tuple[Report, list[Record], list[Record]]:
    """Check events, sources and (if present) the search log; return the report and the readable records."""
    directory = Path(directory)
    codebook = codebook or load_codebook()
    report = Report()
    events, problems = read_table(directory / EVENTS_FILE, EVENT_COLUMNS)
    report.problems += problems
    sources, problems = read_table(directory / SOURCES_FILE, SOURCE_COLUMNS)
    report.problems += problems
    report.n_events, report.n_sources = len(events), len(sources)
    for rec in events:
        report.problems += _as_problems(EVENTS_FILE, rec, _check_event(rec, codebook))
    report.problems += _unique(
        EVENTS_FILE, events, lambda r: r.values["event_id"], "event_id", "duplicate-id"
    )
    event_ids = {rec.values["event_id"] for rec in events}
    for rec in sources:
        report.problems += _as_problems(SOURCES_FILE, rec, _check_source(rec, event_ids))
    report.problems += _unique(
        SOURCES_FILE, sources, lambda r: (r.values["event_id"], r.values["url"]), "url", "duplicate-source"
    )
    sourced = {rec.values["event_id"] for rec in sources}
    report.problems += [
        Problem(
            EVENTS_FILE,
            rec.line,
            "event_id",
            "no-source",
            f"{rec.values['event_id']} has no row in {SOURCES_FILE}",
        )
        for rec in events
        if rec.values["event_id"] and rec.values["event_id"] not in sourced
    ]
    if (directory / SEARCH_LOG_FILE).exists():
        queries, problems = read_table(directory / SEARCH_LOG_FILE, SEARCH_LOG_COLUMNS)
        report.problems += problems
        report.n_queries = len(queries)
        for rec in queries:
            report.problems += _as_problems(SEARCH_LOG_FILE, rec, _check_query(rec))
    if not report.errors:
        report.problems += _probable_duplicates(events)
    return report, events, sources


def read_codings(directory: Path, codebook: Codebook | None = None) -> Codings:
    """The validated codings as typed tables; raises CodingsError listing every problem if any rule is broken."""
    report, events, sources = validate(directory, codebook)
    if report.errors:
        raise CodingsError(report.errors)
    ev = pd.DataFrame([r.values for r in events], columns=list(EVENT_COLUMNS))
    ev["start_date"] = pd.to_datetime(ev["start_date"], format="%Y-%m-%d")
    ev["end_date"] = pd.to_datetime(ev["end_date"].where(ev["end_date"] != "", None), format="%Y-%m-%d")
    ev["end_date"] = ev["end_date"].fillna(ev["start_date"])
    ev["multilateral"] = ev["multilateral"] == "true"
    src = pd.DataFrame([r.values for r in sources], columns=list(SOURCE_COLUMNS))
    log, _ = read_table(directory / SEARCH_LOG_FILE, SEARCH_LOG_COLUMNS)
    queries = pd.DataFrame([r.values for r in log], columns=list(SEARCH_LOG_COLUMNS))
    queries = queries.astype({"year_from": int, "year_to": int, "results_used": int})
    return Codings(
        events=ev.sort_values(["start_date", "event_id"], ignore_index=True), sources=src, queries=queries
    )
