"""Figures of the study in one consistent, colour-blind-safe style (Okabe-Ito palette)."""

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
plt.rcParams.update({"figure.dpi": 100, "font.size": 9})


def count_heatmaps(matrices: dict[str, pd.DataFrame], title: str) -> Figure:
    """One heatmap per panel on a shared colour scale, zero cells written as 0 so empty reads as empty."""
    vmax = max(float(m.to_numpy().max()) for m in matrices.values()) or 1.0
    fig, axes = plt.subplots(
        1, len(matrices), figsize=(4.2 * len(matrices) + 1, 4.6), squeeze=False, sharey=True
    )
    for ax, (label, matrix) in zip(axes[0], matrices.items(), strict=True):
        sns.heatmap(matrix, ax=ax, vmin=0, vmax=vmax, cmap="Blues", annot=True, fmt="g", cbar=False,
                    linewidths=0.5, linecolor="white", annot_kws={"fontsize": 7})  # fmt: skip
        ax.set_title(label)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(axis="x", labelrotation=90)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def yearly_lines(table: pd.DataFrame, value: str, title: str, ylabel: str) -> Figure:
    """One line per dyad over the years."""
    fig, ax = plt.subplots(figsize=(8, 4))
    for color, (dyad, rows) in zip(OKABE_ITO, table.groupby("dyad", sort=True), strict=False):
        ax.plot(rows["year"], rows[value], label=dyad, color=color, linewidth=1.6)
    ax.set_title(title)
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    ax.legend(ncols=3, fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
