# %% [markdown]
# # 2. Map: who does what with whom, and since when
#
# Counts of coded events per dyad and category, over the whole window and per period, and the coverage table
# (dyad x category x year) that shows where the codings are dense and where they are thin. A multilateral
# event counts for every pair of the four states taking part.

# %% tags=["parameters"]
clean_dir = "data/clean"
figures_dir = "figures/map"
tables_dir = "tables/map"
metrics_path = "metrics/map.json"
period_cuts = ["2014-03", "2022-02"]

# %%
from pathlib import Path

import pandas as pd

from analysis import panel as pn
from analysis import plots
from analysis.codebook import load_codebook
from analysis.outputs import save_figure, write_csv, write_json
from analysis.states import DYADS

codebook = load_codebook()
panel = pd.read_csv(Path(clean_dir) / "panel.csv")
dyad_events = pd.read_csv(Path(clean_dir) / "dyad_events.csv", parse_dates=["start_date"])
coverage = pn.coverage_by_year(panel)

# %% [markdown]
# ## Events by dyad and category
# Each cell is the number of events; the colour scale is shared across panels, and 0 marks a cell with no
# coded event.

# %%
dyad_events["period"] = pn.period_of(dyad_events["start_date"], period_cuts)


def matrix(rows: pd.DataFrame) -> pd.DataFrame:
    table = rows.pivot_table(index="dyad", columns="category", values="weight", aggfunc="sum", observed=False)
    return table.reindex(index=list(DYADS), columns=list(codebook.codes)).fillna(0)


matrices = {"2000-2025": matrix(dyad_events)}
matrices |= {label: matrix(rows) for label, rows in dyad_events.groupby("period", observed=False)}
fig = plots.count_heatmaps(matrices, "Coded events by dyad and category")
_ = save_figure(fig, Path(figures_dir) / "heatmap_dyad_category.png")

# %% [markdown]
# ## Events per year and dyad

# %%
yearly = coverage.groupby(["dyad", "year"], as_index=False)["count"].sum()
fig = plots.yearly_lines(yearly, "count", "Coded events per year", "events")
_ = save_figure(fig, Path(figures_dir) / "events_per_year.png")

# %%
assert coverage["count"].ge(0).all()
write_csv(coverage, Path(tables_dir) / "coverage_dyad_category_year.csv")
per_dyad = matrices["2000-2025"].sum(axis=1)
write_json({"events_per_dyad": {d: float(n) for d, n in per_dyad.items()}}, Path(metrics_path))
per_dyad.rename("events").to_frame()
