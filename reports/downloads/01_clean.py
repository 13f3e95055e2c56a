# %% [markdown]
# # 1. Clean: validate the codings and build the dyad-period panel
#
# This stage reads the hand-coded events and sources, checks every rule of the codebook and the schema
# (`python -m analysis validate` runs the same checks), and hands later stages three typed tables:
# the events, the dyad x month x category panel (a multilateral event counts for every pair of the four
# states present), and the search log.
# If any rule is broken the stage stops here and writes nothing.

# %% tags=["parameters"]
raw_dir = "data/raw"
clean_dir = "data/clean"
window_start = "2000-01"
window_end = "2025-12"
period = "month"
multilateral = "include"
metrics_path = "metrics/clean.json"

# %%
from pathlib import Path

from analysis import panel as pn
from analysis.codebook import load_codebook
from analysis.codings import read_codings
from analysis.outputs import write_csv, write_json
from analysis.states import DYADS

codebook = load_codebook()
codings = read_codings(Path(raw_dir), codebook)
events = codings.events
print(f"{len(events)} events and {len(codings.sources)} sources passed validation")

# %% [markdown]
# ## Events by dyad
# A multilateral event counts once for every pair of the four states among its participants.

# %%
dyad_events = pn.expand_dyads(events, multilateral=multilateral)
panel = pn.dyad_period_counts(dyad_events, codebook, window_start, window_end, period)
per_dyad = dyad_events.groupby("dyad")["weight"].sum().reindex(list(DYADS), fill_value=0)
per_dyad.rename("events").to_frame()

# %%
assert panel["count"].ge(0).all(), "negative counts are impossible"
assert set(dyad_events["event_id"]) <= set(events["event_id"])
write_csv(events, Path(clean_dir) / "events.csv")
write_csv(panel, Path(clean_dir) / "panel.csv")
write_csv(codings.queries, Path(clean_dir) / "search_log.csv")
write_json(
    {
        "events": len(events),
        "sources": len(codings.sources),
        "dyad_events": {k: float(v) for k, v in per_dyad.items()},
    },
    Path(metrics_path),
)
