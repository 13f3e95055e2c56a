"""The validator names the file, line, column and rule of every broken rule, exits 1, and writes nothing."""

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.codings import CodingsError, read_codings, validate


def set_field(file: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    """Mutation: set one cell, addressed by the line a person sees in an editor (header = line 1)."""

    def mutate(directory: Path) -> None:
        path = directory / file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        rows[line - 1][rows[0].index(column)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")

    return mutate


def edit_text(file: str, edit: Callable[[str], str]) -> Callable[[Path], None]:
    def mutate(directory: Path) -> None:
        path = directory / file
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return mutate


def drop_line(file: str, line: int) -> Callable[[Path], None]:
    return edit_text(file, lambda t: "".join(ln for i, ln in enumerate(t.splitlines(True), 1) if i != line))


def write_bytes(file: str, data: bytes) -> Callable[[Path], None]:
    return lambda d: (d / file).write_bytes(data)


E, S, Q = "events.csv", "sources.csv", "search_log.csv"
# (mutation, file, line, column, rule); fixture lines: events T1-001..T1-006 on lines 2..7.
CASES = [
    (set_field(E, 2, "start_date", "2023-13-01"), E, 2, "start_date", "date-format"),
    (set_field(E, 2, "start_date", "2005/08/18"), E, 2, "start_date", "date-format"),
    (set_field(E, 2, "start_date", ""), E, 2, "start_date", "required"),
    (set_field(E, 2, "start_date", "1999-12-31"), E, 2, "start_date", "date-window"),
    (set_field(E, 2, "end_date", "2026-01-02"), E, 2, "end_date", "date-window"),
    (set_field(E, 2, "end_date", "2005-08-10"), E, 2, "end_date", "end-before-start"),
    (set_field(E, 2, "date_precision", "week"), E, 2, "date_precision", "enum"),
    (set_field(E, 3, "start_date", "2014-05-15"), E, 3, "start_date", "precision-mismatch"),
    (set_field(E, 5, "start_date", "2022-03-01"), E, 5, "start_date", "precision-mismatch"),
    (set_field(E, 2, "category", "visit"), E, 2, "category", "enum"),
    (set_field(E, 2, "category", ""), E, 2, "category", "required"),
    (set_field(E, 2, "participants", "CHN;XXX"), E, 2, "participants", "iso3"),
    (set_field(E, 2, "participants", "RUS;chn"), E, 2, "participants", "iso3"),
    (set_field(E, 2, "participants", "CHN;CHN"), E, 2, "participants", "duplicate-participant"),
    (set_field(E, 2, "participants", "RUS;CHN"), E, 2, "participants", "participants-order"),
    (set_field(E, 2, "participants", "CHN;USA"), E, 2, "participants", "two-of-four"),
    (set_field(E, 2, "participants", ""), E, 2, "participants", "required"),
    (set_field(E, 2, "multilateral", "yes"), E, 2, "multilateral", "enum"),
    (set_field(E, 4, "multilateral", "false"), E, 4, "multilateral", "multilateral-mismatch"),
    (set_field(E, 3, "provider", ""), E, 3, "provider", "direction-required"),
    (set_field(E, 3, "recipient", ""), E, 3, "recipient", "direction-required"),
    (set_field(E, 2, "provider", "CHN"), E, 2, "provider", "direction-not-allowed"),
    (set_field(E, 3, "provider", "IRN"), E, 3, "provider", "direction-participant"),
    (set_field(E, 3, "recipient", "RUS"), E, 3, "recipient", "direction-self"),
    (set_field(E, 2, "event_id", "cr1-1"), E, 2, "event_id", "id-format"),
    (set_field(E, 3, "event_id", "T1-001"), E, 3, "event_id", "duplicate-id"),
    (set_field(E, 2, "title", ""), E, 2, "title", "required"),
    (set_field(E, 2, "description", ""), E, 2, "description", "required"),
    (set_field(E, 2, "evidence", "rumoured"), E, 2, "evidence", "enum"),
    (set_field(E, 2, "coder", ""), E, 2, "coder", "required"),
    (drop_line(S, 3), E, 3, "event_id", "no-source"),
    (set_field(S, 2, "url", "ftp://example.org/x"), S, 2, "url", "url"),
    (set_field(S, 2, "url", "example.org/x"), S, 2, "url", "url"),
    (set_field(S, 2, "url", "https://exa mple.org/x"), S, 2, "url", "url"),
    (set_field(S, 2, "event_id", "T9-999"), S, 2, "event_id", "unknown-event"),
    (set_field(S, 2, "published", "18.08.2005"), S, 2, "published", "date-format"),
    (set_field(S, 2, "outlet", ""), S, 2, "outlet", "required"),
    (set_field(S, 2, "supports", ""), S, 2, "supports", "required"),
    (edit_text(S, lambda t: t + t.splitlines(True)[1]), S, 9, "url", "duplicate-source"),
    (edit_text(E, lambda t: t.replace(",coder,notes", ",coder,note", 1)), E, 1, "notes", "missing-column"),
    (edit_text(E, lambda t: t.replace(",notes\n", ",notes,extra\n", 1)), E, 1, "extra", "extra-column"),
    (
        edit_text(E, lambda t: t.replace(",coder,notes", ",coder,notes,coder", 1)),
        E,
        1,
        "coder",
        "duplicate-column",
    ),
    (edit_text(E, lambda t: t.replace("test,\n", "test,,surplus\n", 1)), E, 2, None, "ragged-row"),
    (write_bytes(E, b"event_id,start_date\nT1-001,2005\nT1-\xff\n"), E, 3, None, "encoding"),
    (write_bytes(E, b""), E, 1, None, "empty-file"),
    (lambda d: (d / S).unlink(), S, None, None, "file-missing"),
    (
        edit_text(E, lambda t: t.replace("Peace Mission 2005,", '"Peace Mission 2005,', 1)),
        E,
        2,
        None,
        "csv-syntax",
    ),
    (set_field(Q, 2, "dyad", "CHN-USA"), Q, 2, "dyad", "enum"),
    (set_field(Q, 2, "year_from", "abc"), Q, 2, "year_from", "integer"),
    (set_field(Q, 2, "year_from", "2010"), Q, 2, "year_to", "year-order"),
    (set_field(Q, 2, "results_used", "-1"), Q, 2, "results_used", "integer"),
    (set_field(Q, 2, "query", " "), Q, 2, "query", "required"),
]


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_fixture_is_valid(valid_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(valid_dir)]) == 0
    assert (
        capsys.readouterr().out.strip() == "ok: 6 events, 7 sources, 2 logged queries: 0 errors, 0 warnings"
    )


def test_there_are_at_least_forty_bad_input_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("mutate", "file", "line", "column", "rule"), CASES, ids=[c[4] + f"-{i}" for i, c in enumerate(CASES)]
)
def test_bad_input_names_file_line_column_and_rule(
    valid_dir: Path, capsys: pytest.CaptureFixture[str], mutate, file, line, column, rule
) -> None:
    mutate(valid_dir)
    before = snapshot(valid_dir)
    assert main(["validate", str(valid_dir)]) == 1
    out = capsys.readouterr().out.splitlines()
    where = f"{file}:{line}" if line is not None else file
    expected_start = f"{where}: {column or '-'}: "
    assert any(ln.startswith(expected_start) and ln.endswith(f"[{rule}]") for ln in out), out
    assert out[-1].startswith("FAILED: ")
    assert snapshot(valid_dir) == before, "validation must not write anything"


def test_error_message_reads_as_documented(valid_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_field(E, 17 - 15, "start_date", "2023-13-01")(valid_dir)
    main(["validate", str(valid_dir)])
    assert (
        "events.csv:2: start_date: '2023-13-01' is not a date (YYYY-MM-DD) [date-format]"
        in capsys.readouterr().out
    )


def test_probable_duplicate_is_a_warning_until_notes_name_the_other(valid_dir: Path) -> None:
    # T1-007 repeats Peace Mission 2005 two days later: same dyad, category, start within 3 days.
    edit_text(
        E,
        lambda t: t + "T1-007,2005-08-20,,day,exercise,CHN;RUS,,,false,,Again,Same drill.,confirmed,test,\n",
    )(valid_dir)
    edit_text(S, lambda t: t + "T1-007,https://example.org/again,Example,,date\n")(valid_dir)
    report, _, _ = validate(valid_dir)
    assert not report.errors
    assert [(w.line, w.rule) for w in report.warnings] == [(8, "probable-duplicate")]
    set_field(E, 8, "notes", "Not T1-001: a separate drill.")(valid_dir)
    assert validate(valid_dir)[0].warnings == []


def test_read_codings_types_and_fills_end_date(valid_dir: Path) -> None:
    events = read_codings(valid_dir).events
    assert list(events["event_id"]) == ["T1-001", "T1-002", "T1-003", "T1-004", "T1-005", "T1-006"]
    assert events["multilateral"].tolist() == [False, False, True, False, False, False]
    row = events.set_index("event_id").loc["T1-006"]
    assert row["end_date"] == row["start_date"]


def test_read_codings_raises_with_every_problem(valid_dir: Path) -> None:
    set_field(E, 2, "category", "visit")(valid_dir)
    set_field(E, 3, "evidence", "rumoured")(valid_dir)
    with pytest.raises(CodingsError) as err:
        read_codings(valid_dir)
    assert [(p.line, p.rule) for p in err.value.problems] == [(2, "enum"), (3, "enum")]
