"""Figures of the study in one consistent, colour-blind-safe style.

Dyads take the Okabe-Ito palette; the ten categories take Paul Tol's "muted" scheme (nine colours and a grey)
together with a marker each, so a category reads by shape where colours are hard to tell apart.
"""

import math

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, NullFormatter

from analysis.states import DYADS, STATES

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
             "#BBBBBB"]  # fmt: skip
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]
DYAD_COLORS = dict(zip(DYADS, OKABE_ITO, strict=False))
# The quad drawn as a square, China and Russia across the top, so every period's panel has the same layout.
QUAD_POSITIONS = {"CHN": (0.0, 1.0), "RUS": (1.0, 1.0), "PRK": (0.0, 0.0), "IRN": (1.0, 0.0)}
plt.rcParams.update({"figure.dpi": 100, "font.size": 9})


def category_styles(codes: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Colour and marker for each category code, in codebook order."""
    return {code: (TOL_MUTED[i], MARKERS[i]) for i, code in enumerate(codes)}


def _grid(n: int, ncols: int, width: float, height: float, **kwargs) -> tuple[Figure, list]:
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False, **kwargs)
    flat = list(axes.flat)
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def count_heatmaps(
    matrices: dict[str, pd.DataFrame], title: str, ncols: int = 2, xlabel: str = "", ylabel: str = ""
) -> Figure:
    """One heatmap per panel on a shared colour scale, zero cells written as 0 so empty reads as empty."""
    vmax = max(float(m.to_numpy().max()) for m in matrices.values()) or 1.0
    first = next(iter(matrices.values()))
    width = 0.55 * first.shape[1] + 2.2
    height = 0.45 * first.shape[0] + 2.2
    fig, axes = _grid(len(matrices), ncols, width, height)
    for ax, (label, matrix) in zip(axes, matrices.items(), strict=True):
        sns.heatmap(matrix, ax=ax, vmin=0, vmax=vmax, cmap="Blues", annot=True, fmt="g", cbar=False,
                    linewidths=0.5, linecolor="#DDDDDD", annot_kws={"fontsize": 8})  # fmt: skip
        ax.set_title(label)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.tick_params(axis="x", labelrotation=90)
        ax.tick_params(axis="y", labelrotation=0)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def stacked_counts(counts: pd.DataFrame, codes: tuple[str, ...], title: str, ncols: int = 2) -> Figure:
    """Per dyad, a bar per period stacked by category; counts has columns dyad, period, category, count."""
    styles = category_styles(codes)
    periods = sorted(counts["period"].unique())
    x = np.arange(len(periods))
    fig, axes = _grid(len(DYADS), ncols, 6.0, 2.6, sharex=True, sharey=True)
    for ax, dyad in zip(axes, DYADS, strict=True):
        wide = counts[counts["dyad"] == dyad].pivot_table(
            index="period", columns="category", values="count", aggfunc="sum"
        )
        wide = wide.reindex(index=periods, columns=list(codes), fill_value=0).fillna(0)
        bottom = np.zeros(len(periods))
        for code in codes:
            ax.bar(x, wide[code], bottom=bottom, color=styles[code][0], width=0.85, label=code)
            bottom += wide[code].to_numpy()
        ax.set_title(dyad)
        ax.grid(axis="y", alpha=0.3)
        ax.set_ylabel("events")
    step = max(1, len(periods) // 8)
    for ax in axes[-ncols:]:
        ax.set_xticks(x[::step], [str(p) for p in periods[::step]], rotation=0)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=5, frameon=False, fontsize=8)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def swimlane(dyad_events: pd.DataFrame, codes: tuple[str, ...], title: str, cuts: list[str]) -> Figure:
    """Each event as a marker on its dyad's lane, at its start date, with a sub-row and marker per category;
    dashed lines mark the period cuts so bursts read against them."""
    styles = category_styles(codes)
    fig, ax = plt.subplots(figsize=(11, 6.5))
    offset = {code: (i - (len(codes) - 1) / 2) * 0.08 for i, code in enumerate(codes)}
    lanes = {dyad: len(DYADS) - 1 - i for i, dyad in enumerate(DYADS)}
    for code in codes:
        rows = dyad_events[dyad_events["category"] == code]
        color, marker = styles[code]
        ax.scatter(rows["start_date"], rows["dyad"].map(lanes) + offset[code], s=16, marker=marker, color=color,
                   edgecolors="none", alpha=0.85, label=code)  # fmt: skip
    for cut in cuts:
        ax.axvline(pd.Timestamp(cut), color="#555555", linestyle="--", linewidth=0.8)
    ax.set_yticks(list(lanes.values()), list(lanes))
    ax.set_ylim(-0.6, len(DYADS) - 0.4)
    for y in range(len(DYADS) - 1):
        ax.axhline(y + 0.5, color="#DDDDDD", linewidth=0.8)
    ax.set_xlabel("start date")
    ax.set_title(title)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.09), ncols=5, frameon=False, fontsize=8, markerscale=1.5
    )
    fig.tight_layout()
    return fig


def dyad_lines(table: pd.DataFrame, x: str, panels: dict[str, str], title: str, xlabel: str) -> Figure:
    """One panel per column of `panels` (column -> axis label), one line per dyad."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 4), squeeze=False)
    for ax, (column, label) in zip(axes[0], panels.items(), strict=True):
        for dyad, rows in table.groupby("dyad", sort=True):
            ax.plot(rows[x], rows[column], label=dyad, color=DYAD_COLORS[dyad], linewidth=1.6)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0][0].legend(ncols=2, fontsize=8, frameon=False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def quad_networks(edges: dict[str, pd.DataFrame], title: str, max_tier: int) -> Figure:
    """The four states as nodes at fixed places, one panel per period; edge width grows with events and edge
    colour shows the mean tier of those events (1 shallow to max_tier deep). edges: dyad, events, mean_tier."""
    top = max(float(e["events"].max()) for e in edges.values()) or 1.0
    cmap, norm = plt.get_cmap("cividis_r"), Normalize(vmin=1, vmax=max_tier)
    fig, axes = _grid(len(edges), len(edges), 3.4, 3.8, layout="constrained")
    for ax, (label, table) in zip(axes, edges.items(), strict=True):
        graph = nx.Graph()
        graph.add_nodes_from(STATES)
        present = table[table["events"] > 0]
        for row in present.itertuples(index=False):
            a, b = row.dyad.split("-")
            graph.add_edge(a, b, events=row.events, mean_tier=row.mean_tier)
        edge_list = list(graph.edges(data=True))
        nx.draw_networkx_edges(graph, QUAD_POSITIONS, ax=ax, edgelist=[(a, b) for a, b, _ in edge_list],
                               width=[0.8 + 11 * d["events"] / top for _, _, d in edge_list],
                               edge_color=[cmap(norm(d["mean_tier"])) for _, _, d in edge_list])  # fmt: skip
        nx.draw_networkx_nodes(
            graph, QUAD_POSITIONS, ax=ax, node_color="white", edgecolors="#333333", node_size=900
        )
        nx.draw_networkx_labels(graph, QUAD_POSITIONS, ax=ax, font_size=9)
        for row in present.itertuples(index=False):
            a, b = row.dyad.split("-")
            (xa, ya), (xb, yb) = QUAD_POSITIONS[a], QUAD_POSITIONS[b]
            ax.text((xa + xb) / 2 + 0.06, (ya + yb) / 2 + 0.06, f"{row.events:g}", fontsize=8,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # fmt: skip
        ax.set_title(label)
        ax.set_xlim(-0.3, 1.3)
        ax.set_ylim(-0.3, 1.3)
        ax.axis("off")
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=axes, orientation="horizontal",
                       fraction=0.06, aspect=40)  # fmt: skip
    bar.set_label("mean depth tier of the events (1 shallow, 3 deep); width and number: events")
    fig.suptitle(title)
    return fig


def dyad_panels(dyads: list[str], draw, title: str, ncols: int = 2, sharey: bool = False) -> Figure:
    """Small multiples, one panel per dyad in its colour; draw(ax, dyad, color) fills a panel."""
    fig, axes = _grid(len(dyads), ncols, 5.2, 2.6, sharex=True, sharey=sharey)
    for ax, dyad in zip(axes, dyads, strict=True):
        draw(ax, dyad, DYAD_COLORS[dyad])
        ax.set_title(dyad)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def mark_breaks(ax, breaks: list[str], detected: list[pd.Timestamp] = ()) -> None:
    """Pre-registered breaks as dashed grey lines, breaks the data found as solid red ones."""
    for brk in breaks:
        ax.axvline(pd.Timestamp(brk), color="#555555", linestyle="--", linewidth=1)
    for when in detected:
        ax.axvline(when, color="#CC3311", linewidth=1.2)


def irr_forest(estimates: pd.DataFrame, terms: list[str], title: str) -> Figure:
    """Incidence-rate ratios with 95 % intervals, one panel per term, dyads down the side, log scale, 1 marked."""
    ncols = min(len(terms), 3)
    fig, axes = _grid(len(terms), ncols, 3.6, 0.5 * estimates["dyad"].nunique() + 1.4, sharey=True)
    for ax, term in zip(axes, terms, strict=True):
        rows = (
            estimates[estimates["term"] == term].sort_values("dyad", ascending=False).reset_index(drop=True)
        )
        for y, r in rows.iterrows():
            color = DYAD_COLORS[r["dyad"]]
            ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=color, linewidth=2)
            ax.plot(r["irr"], y, "o", color=color, markeredgecolor="black")
        ax.set_yticks(range(len(rows)), rows["dyad"])
        ax.axvline(1, color="#555555", linewidth=1)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_title(term)
        ax.set_xlabel("incidence-rate ratio")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def penalty_curves(paths: dict[str, pd.DataFrame], chosen: dict[str, float], title: str) -> Figure:
    """Number of breaks against the penalty per dyad, the penalty chosen by the rule marked."""

    def draw(ax, dyad: str, color: str) -> None:
        path = paths[dyad]
        ax.step(path["penalty"], path["breaks"], where="post", color=color)
        ax.axvline(chosen[dyad], color="#CC3311", linewidth=1.2)
        ax.set_xscale("log")
        ax.set_xlabel("penalty")
        ax.set_ylabel("breaks found")

    return dyad_panels(list(paths), draw, title)
