"""The notebooks, params.yaml and dvc.yaml fit together, and a stage runs deterministically end to end."""

from pathlib import Path

import jupytext
import nbformat
import papermill
import pytest
import yaml

from analysis.notebook import normalise, run_notebook

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.py"))
STAGES = yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
PARAMS = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))


def parameter_names(path: Path) -> set[str]:
    nb = jupytext.read(path)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
    return {line.split("=")[0].strip() for line in cells[0].source.splitlines() if "=" in line}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_parameters_cell_and_is_a_stage(path: Path) -> None:
    rel = f"notebooks/{path.name}"
    stages = [(name, s) for name, s in STAGES.items() if rel in s["cmd"].split()]
    assert len(stages) == 1, f"{rel} must be run by exactly one stage"
    name, stage = stages[0]
    section = stage["cmd"].split("--params")[1].split()[0]
    assert rel in stage["deps"] and stage["params"] == [section] and name == section
    assert parameter_names(path) == set(PARAMS[section]), (
        "the parameters cell and params.yaml must list the same keys"
    )


def test_stages_run_in_study_order() -> None:
    assert list(STAGES) == ["clean", "map", "model", "reliability", "report"]


def test_normalise_gives_stable_ids_and_drops_timing() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_markdown_cell("x")])
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    nb.cells[0].metadata["papermill"] = {"duration": 0.1}
    nb.metadata["papermill"] = {"start_time": "2026-01-01"}
    normalise(nb)
    assert [c.id for c in nb.cells] == ["cell-000", "cell-001"]
    assert "execution" not in nb.cells[0].metadata and "papermill" not in nb.metadata


def clean_params(raw: Path, out: Path) -> dict:
    return {**PARAMS["clean"], "raw_dir": str(raw), "clean_dir": str(out / "clean"),
            "metrics_path": str(out / "clean.json")}  # fmt: skip


@pytest.mark.pipeline
def test_clean_stage_is_byte_identical_across_runs(valid_dir: Path, tmp_path: Path) -> None:
    first = run_notebook(
        REPO / "notebooks/01_clean.py", tmp_path / "a.ipynb", clean_params(valid_dir, tmp_path / "a"), REPO
    )
    second = run_notebook(
        REPO / "notebooks/01_clean.py", tmp_path / "b.ipynb", clean_params(valid_dir, tmp_path / "b"), REPO
    )
    for name in ("events.csv", "panel.csv", "search_log.csv"):
        assert (tmp_path / "a/clean" / name).read_bytes() == (tmp_path / "b/clean" / name).read_bytes()
    text = first.read_text(encoding="utf-8")
    assert text.replace(str(tmp_path / "a"), "X") == second.read_text(encoding="utf-8").replace(
        str(tmp_path / "b"), "X"
    )
    assert '"events": 6' in (tmp_path / "a/clean.json").read_text(encoding="utf-8")


@pytest.mark.pipeline
def test_clean_stage_writes_nothing_on_bad_input(valid_dir: Path, tmp_path: Path) -> None:
    events = valid_dir / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace("2005-08-18", "2005-13-18", 1), encoding="utf-8"
    )
    with pytest.raises(papermill.PapermillExecutionError, match=r"events.csv:2: start_date"):
        run_notebook(
            REPO / "notebooks/01_clean.py", tmp_path / "out.ipynb", clean_params(valid_dir, tmp_path), REPO
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_rendered_pages_carry_no_warnings_or_machine_paths():
    """A warning printed into an executed notebook names this machine's paths and breaks byte-identical reruns."""
    for page in sorted((REPO / "reports").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "site-packages" not in text and str(REPO) not in text, page.name
