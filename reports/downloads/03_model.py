# %% [markdown]
# # 3. Model: how fast does each tie grow?
#
# A first, deliberately simple model: for each dyad, a log-linear (quasi-Poisson) regression of yearly event
# counts on the year. Its slope, turned into a yearly growth rate, says how fast coded activity rose or fell
# over the window. It imposes one constant rate on 26 years, so it says nothing yet about whether growth changed
# at 2014 or 2022; the segmented and state-space models of the modelling issue answer that.

# %% tags=["parameters"]
clean_dir = "data/clean"
figures_dir = "figures/model"
tables_dir = "tables/model"
metrics_path = "metrics/model.json"
min_events = 10

# %%
from pathlib import Path

import pandas as pd

from analysis import panel as pn
from analysis.models import trend_growth
from analysis.outputs import write_csv, write_json

panel = pd.read_csv(Path(clean_dir) / "panel.csv")
yearly = pn.yearly_counts(panel).groupby(["dyad", "year"], as_index=False)["count"].sum()
growth = trend_growth(yearly, min_events=min_events)
growth

# %% [markdown]
# `growth_per_year` is the estimated proportional change in events from one year to the next (0.10 = +10 % a
# year), with a 95 % interval widened for overdispersion (`dispersion` > 1 means more variance than Poisson).
# Dyads with fewer than `min_events` coded events are reported as "insufficient events".

# %%
write_csv(growth, Path(tables_dir) / "trend_growth.csv")
estimated = growth[growth["status"] == "estimated"]
write_json(
    {"growth_per_year": {r.dyad: round(r.growth_per_year, 4) for r in estimated.itertuples()}},
    Path(metrics_path),
)
