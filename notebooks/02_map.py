# %% [markdown]
# # 2. Map: who does what with whom, and since when
#
# A systematic mapping of the coded events: counts per dyad and category over the whole window and per period,
# timelines, the breadth and depth of each tie, the quad as a network, the direction of flows, a scorecard, and
# the coverage table that tells a searched empty cell from one nobody looked at. Every number here is computed
# by `analysis.indices` from the cleaned codings; the parameters below decide which events count.

# %% tags=["parameters"]
clean_dir = "data/clean"
figures_dir = "figures/map"
tables_dir = "tables/map"
metrics_path = "metrics/map.json"
window_start = "2000-01"
window_end = "2025-12"
period = "year"
period_cuts = ["2014-03", "2022-02"]
multilateral = "include"
min_evidence = "claimed"
breadth_window = 1

# %%
from pathlib import Path

import pandas as pd

from analysis import indices as ix
from analysis import panel as pn
from analysis import plots
from analysis.codebook import load_codebook
from analysis.outputs import save_figure, write_csv, write_json
from analysis.states import DYADS

codebook = load_codebook()
figures, tables = Path(figures_dir), Path(tables_dir)
all_events = pd.read_csv(Path(clean_dir) / "events.csv", parse_dates=["start_date", "end_date"])
queries = pd.read_csv(Path(clean_dir) / "search_log.csv")
first, last = pd.Period(window_start, freq="M"), pd.Period(window_end, freq="M")
in_window = all_events["start_date"].between(first.start_time, last.end_time)
strong_enough = all_events["evidence"].isin(ix.evidence_at_least(codebook, min_evidence))
events = all_events[in_window & strong_enough].reset_index(drop=True)
dyad_events = pn.expand_dyads(events, multilateral=multilateral)
dyad_events["span"] = pn.period_of(dyad_events["start_date"], period_cuts)
events["span"] = pn.period_of(events["start_date"], period_cuts)
panel = pn.dyad_period_counts(dyad_events, codebook, window_start, window_end, period)
print(
    f"{len(events)} of {len(all_events)} events in {window_start} to {window_end} with evidence "
    f"{min_evidence} or stronger; multilateral events: {multilateral}; {len(dyad_events)} dyad rows."
)

# %% [markdown]
# ## Who does what with whom: events by dyad and category
# Each cell counts events of one category in one dyad; the colour scale is shared by all four panels, and 0
# marks a cell with no coded event (the scorecard below says whether it was searched). Read across a row for
# the breadth of a tie, down a column for who engages in an activity, and between panels for change over the
# periods.


# %%
def category_matrix(rows: pd.DataFrame) -> pd.DataFrame:
    table = rows.pivot_table(index="dyad", columns="category", values="weight", aggfunc="sum", observed=False)
    return table.reindex(index=list(DYADS), columns=list(codebook.codes)).fillna(0)


matrices = {f"{window_start[:4]}-{window_end[:4]}": category_matrix(dyad_events)}
matrices |= {label: category_matrix(rows) for label, rows in dyad_events.groupby("span", observed=False)}
fig = plots.count_heatmaps(matrices, "Coded events by dyad and category, whole window and per period")
_ = save_figure(fig, figures / "heatmap_dyad_category.png")

# %% [markdown]
# ## When: events per period, stacked by category
# One panel per dyad on a shared scale: the height of a bar is the number of events in that period, the
# colours show which activities make it up. Tall bars of one colour are a single kind of activity (often
# exercises or talks); bars with many colours are broad ties.

# %%
by_period = panel.assign(period=panel["period"].astype(str))
fig = plots.stacked_counts(by_period, codebook.codes, f"Coded events per {period} and dyad, by category")
_ = save_figure(fig, figures / "events_by_period_category.png")

# %% [markdown]
# ## Bursts: every event on its dyad's lane
# Each marker is one event at its start date, its shape and colour the category; dashed lines are the period
# cuts. Clusters show bursts (a summit with its agreements, an exercise season); long empty stretches show
# dormant ties.

# %%
fig = plots.swimlane(dyad_events, codebook.codes, "Coded events by dyad over time", period_cuts)
_ = save_figure(fig, figures / "swimlane_events.png")

# %% [markdown]
# ## Breadth and depth of ties
# **Breadth** is the number of the ten categories with at least one event in the trailing `breadth_window`
# periods; **depth** is the event count weighted by the codebook's tiers (1 shallow: talks, attachés, visits;
# 2 middle: agreements, training, expertise, exercises; 3 deep: placed personnel, training teams, equipment).
# Together they are the study's measure of how robust a tie is: a broad and deep tie engages many parts of two
# defence establishments and their material. They are not a measure of trust or of commitment in war, they
# count what was reported, and a rise can reflect more reporting as well as more activity.

# %%
indices = ix.breadth_depth(panel, codebook, window=breadth_window)
indices["period_start"] = pd.PeriodIndex(indices["period"], freq=pn.FREQ_CODES[period]).start_time
fig = plots.dyad_lines(
    indices,
    "period_start",
    {"breadth": "categories active", "depth": "tier-weighted events"},
    f"Breadth and depth of each tie per {period}",
    xlabel=period,
)
_ = save_figure(fig, figures / "breadth_depth.png")

# %% [markdown]
# ## The quad as a network
# The four states at fixed places, one panel per period: the wider an edge, the more events; its colour is
# the mean tier of those events, from shallow (light) to deep (dark). A bloc would show as a dense square; a
# hub-and-spoke pattern shows as edges meeting at one node.

# %%
edges = {label: ix.dyad_totals(rows, codebook) for label, rows in dyad_events.groupby("span", observed=False)}
fig = plots.quad_networks(edges, "Events and depth of each tie per period", max_tier=max(codebook.tiers))
_ = save_figure(fig, figures / "quad_network.png")
_ = save_figure(fig, figures / "quad_network.svg")

# %% [markdown]
# ## Direction: who gives and who receives
# Training, expertise, placed personnel, training teams and equipment have a provider and a recipient. Rows
# are providers, columns recipients; each event counts once, even when more than two of the four took part.

# %%
flows = {label: ix.direction_matrix(rows, codebook) for label, rows in events.groupby("span", observed=False)}
fig = plots.count_heatmaps(
    flows, "Directional events: provider to recipient, per period", ncols=3, xlabel="recipient",
    ylabel="provider",
)  # fmt: skip
_ = save_figure(fig, figures / "direction_matrix.png")
direction = pd.concat(
    {label: m.stack().rename("events") for label, m in flows.items()}, names=["span"]
).reset_index()

# %% [markdown]
# ## Scorecard: every dyad and category
# First and last year seen, events, the share confirmed by a participating government, and the queries that
# looked for the cell. `status` is "coded" when events were found, "searched, none found" when logged queries
# aimed at the cell found nothing, and "not searched" otherwise.

# %%
card = ix.scorecard(dyad_events, queries, codebook)
coverage = ix.coverage_table(panel, queries, codebook)
card.pivot(index="dyad", columns="category", values="status").reindex(columns=list(codebook.codes))

# %% [markdown]
# ## Growth of each tie
# The yearly event rate after the last period cut against the period before it; a ratio of 2 means twice as
# many events a year. Dyads without events before the cut get no ratio.

# %%
growth = ix.growth_ratio(dyad_events, period_cuts, window_start, window_end)
last_year = ix.last_full_year(window_end)
breadth_last = ix.breadth_depth(
    pn.dyad_period_counts(dyad_events, codebook, f"{last_year}-01", f"{last_year}-12", "year"), codebook, 1
).set_index("dyad")["breadth"]
growth.round(3)

# %%
totals = ix.dyad_totals(dyad_events, codebook).set_index("dyad")
assert (card["events"] >= 0).all() and len(card) == len(DYADS) * len(codebook.codes)
assert direction["events"].sum() <= events["category"].isin(codebook.directional).sum()
write_csv(coverage, tables / "coverage_dyad_category_year.csv")
write_csv(card, tables / "scorecard.csv")
write_csv(indices.drop(columns="period_start"), tables / "breadth_depth.csv")
write_csv(direction, tables / "direction_flows.csv")
write_csv(growth.round(6), tables / "growth_ratio.csv")
write_json(
    {
        "events_per_dyad": {d: float(n) for d, n in totals["events"].items()},
        "growth_ratio": {
            r.dyad: None if pd.isna(r.growth_ratio) else round(r.growth_ratio, 4) for r in growth.itertuples()
        },
        "last_full_year": last_year,
        "growth_periods": dict(zip(["before", "after"], pn.period_labels(period_cuts)[-2:], strict=True)),
        "breadth_last_full_year": {d: int(b) for d, b in breadth_last.items()},
        "cells_searched_none_found": int((card["status"] == ix.SEARCHED_NONE).sum()),
        "cells_not_searched": int((card["status"] == ix.NOT_SEARCHED).sum()),
    },
    Path(metrics_path),
)
