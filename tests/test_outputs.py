"""Outputs are written whole or not at all, and figures are byte-identical across saves."""

from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from analysis.outputs import save_figure, write_atomic, write_text


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = write_text("old\n", tmp_path / "out.txt")

    def half_write(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("stage failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, half_write)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_figures_are_byte_identical(tmp_path: Path, suffix: str) -> None:
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1, 3, 2])
    a = save_figure(fig, tmp_path / f"a.{suffix}").read_bytes()
    b = save_figure(fig, tmp_path / f"b.{suffix}").read_bytes()
    plt.close(fig)
    assert a == b and b"Date" not in a
