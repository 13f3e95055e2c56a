"""Run a jupytext notebook with papermill so that the executed notebook is byte-identical on every run.

Papermill cannot read percent-format .py files, writes random cell ids and timing metadata, and needs a kernel
name; this runner fixes all three and pins the hash seed, so dvc.lock does not change between reruns.
"""

import os
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import papermill

from analysis.outputs import write_atomic

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
VOLATILE_METADATA = ("execution", "papermill")


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Give cells stable ids and drop timestamps and durations that papermill and nbclient record."""
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index:03d}"
        for key in VOLATILE_METADATA:
            cell.metadata.pop(key, None)
    for key in VOLATILE_METADATA:
        nb.metadata.pop(key, None)
    return nb


def run_notebook(source: Path, output: Path, parameters: dict[str, Any], cwd: Path, stage: str = "") -> Path:
    """Execute `source` with `parameters` injected after its `parameters` cell; write it only if it succeeds.

    The executed notebook records its source and stage in its metadata, so the report can say what made each figure.
    """
    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["analysis"] = {"source": Path(source).as_posix(), "stage": stage}
    os.environ["PYTHONHASHSEED"] = "0"
    executed = papermill.execute_notebook(
        nb, None, parameters=parameters, kernel_name=KERNELSPEC["name"], cwd=str(cwd), progress_bar=False
    )
    normalise(executed)
    return write_atomic(output, lambda tmp: nbformat.write(executed, str(tmp)))
