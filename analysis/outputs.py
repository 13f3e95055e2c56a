"""Write outputs atomically and deterministically, so a failed stage leaves the old file or nothing."""

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call write(tmp) on a temporary file beside path, then rename it over path in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    return write_atomic(path, lambda tmp: df.to_csv(tmp, index=False, lineterminator="\n"))


def write_json(data: Any, path: Path) -> None:
    """Returns nothing, so a notebook's last cell that writes its metrics shows no output."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_text(text: str, path: Path) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def save_figure(fig: Figure, path: Path) -> Path:
    """Save PNG or SVG with no date or software stamp and fixed SVG ids, so reruns give identical bytes."""
    path = Path(path)
    fmt = path.suffix.lstrip(".")
    metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}

    def write(tmp: Path) -> None:
        with matplotlib.rc_context({"svg.hashsalt": "crink"}):
            fig.savefig(tmp, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)

    return write_atomic(path, write)
