"""The mapping's indices: breadth, depth, growth ratio, direction flows, the scorecard and search coverage.

Each takes the cleaned tables (events, dyad rows, the panel, the search log) and plain parameter values, so the
map notebook only calls and shows them, and tests check them on hand-computed cases.
"""

import pandas as pd

from analysis.codebook import Codebook
from analysis.panel import yearly_counts
from analysis.states import DYADS, STATES

NOT_SEARCHED, SEARCHED_NONE, CODED = "not searched", "searched, none found", "coded"


def evidence_at_least(codebook: Codebook, level: str) -> tuple[str, ...]:
    """The evidence levels at or above `level`; the codebook lists them strongest first."""
    levels = tuple(codebook.evidence_levels)
    if level not in levels:
        raise ValueError(f"minimum evidence must be one of {', '.join(levels)}, got {level!r}")
    return levels[: levels.index(level) + 1]


def breadth_depth(panel: pd.DataFrame, codebook: Codebook, window: int) -> pd.DataFrame:
    """Per dyad-period: breadth, the categories active in the trailing `window` periods (this one included),
    and depth, the tier-weighted event count of the period (tiers from the codebook)."""
    if window < 1:
        raise ValueError(f"window must be at least one period, got {window}")
    wide = panel.pivot_table(index=["dyad", "period"], columns="category", values="count", sort=True)
    wide = wide.reindex(columns=list(codebook.codes))
    active = (
        wide.groupby(level="dyad", group_keys=False)
        .apply(lambda g: g.rolling(window, min_periods=1).sum())
        .gt(0)
    )
    tiers = pd.Series(codebook.tier_of)[wide.columns]
    out = pd.DataFrame(
        {
            "events": wide.sum(axis=1),
            "breadth": active.sum(axis=1).astype(int),
            "depth": wide.mul(tiers, axis=1).sum(axis=1),
        }
    )
    return out.reset_index()


def dyad_totals(dyad_events: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Every dyad's events, tier-weighted depth and mean tier (depth / events; empty when it has no event)."""
    tiers = dyad_events["category"].map(codebook.tier_of)
    rows = dyad_events.assign(depth=dyad_events["weight"] * tiers)
    totals = rows.groupby("dyad")[["weight", "depth"]].sum().reindex(list(DYADS), fill_value=0.0)
    totals = totals.rename(columns={"weight": "events"})
    totals["mean_tier"] = (totals["depth"] / totals["events"]).where(totals["events"] > 0)
    return totals.reset_index()


def yearly_rate(dyad_events: pd.DataFrame, start: str, end: str) -> pd.Series:
    """Weighted events per year for each dyad between the months `start` (inclusive) and `end` (exclusive)."""
    begin, stop = pd.Period(start, freq="M"), pd.Period(end, freq="M")
    months = (stop - begin).n
    if months <= 0:
        raise ValueError(f"the span {start} to {end} holds no month")
    inside = dyad_events["start_date"].between(begin.start_time, stop.start_time, inclusive="left")
    totals = dyad_events[inside].groupby("dyad")["weight"].sum().reindex(list(DYADS), fill_value=0.0)
    return totals * 12 / months


def growth_ratio(
    dyad_events: pd.DataFrame, cuts: list[str], window_start: str, window_end: str
) -> pd.DataFrame:
    """Yearly event rate after the last cut over the rate between the two last cuts (or from the window's start
    when there is one cut): e.g. from 2022-02 against 2014-03 to 2022-01. No events before gives no ratio."""
    if not cuts:
        raise ValueError("the growth ratio needs at least one period cut")
    after_end = str(pd.Period(window_end, freq="M") + 1)
    before_start = cuts[-2] if len(cuts) > 1 else window_start
    before = yearly_rate(dyad_events, before_start, cuts[-1])
    after = yearly_rate(dyad_events, cuts[-1], after_end)
    ratio = (after / before).where(before > 0)
    return pd.DataFrame(
        {
            "dyad": list(DYADS),
            "rate_before": before.values,
            "rate_after": after.values,
            "growth_ratio": ratio.values,
        }
    )


def direction_matrix(events: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Provider (rows) x recipient (columns) counts over the four states for the directional categories.

    Counted per event, not per dyad row, so a three-way event with one provider and one recipient is one flow.
    """
    directional = events[events["category"].isin(codebook.directional)]
    flows = directional[directional["provider"].isin(STATES) & directional["recipient"].isin(STATES)]
    table = pd.crosstab(flows["provider"], flows["recipient"])
    return table.reindex(index=list(STATES), columns=list(STATES), fill_value=0).rename_axis(
        index="provider", columns="recipient"
    )


def query_counts(queries: pd.DataFrame, codebook: Codebook, years: range | None = None) -> pd.DataFrame:
    """Logged queries aimed at each dyad x category (x year when `years` is given).

    A query counts for a dyad when it names that dyad or 'all', and for a category only when it names that
    category: a general query ('all') is not evidence that a particular cell was looked for.
    """
    rows = []
    for q in queries.itertuples(index=False):
        dyads = DYADS if q.dyad == "all" else (q.dyad,)
        if q.category not in codebook.codes:
            continue
        spans = [y for y in years if q.year_from <= y <= q.year_to] if years is not None else [None]
        rows += [(d, q.category, y) for d in dyads for y in spans]
    keys = ["dyad", "category"] + (["year"] if years is not None else [])
    found = pd.DataFrame(rows, columns=["dyad", "category", "year"])[keys].value_counts()
    grid = [DYADS, codebook.codes] + ([list(years)] if years is not None else [])
    index = pd.MultiIndex.from_product(grid, names=keys)
    return found.reindex(index, fill_value=0).rename("queries").reset_index()


def cell_status(events: pd.Series, queries: pd.Series) -> pd.Series:
    """coded, 'searched, none found' (no event but a logged query aimed at the cell) or 'not searched'."""
    status = pd.Series(NOT_SEARCHED, index=events.index)
    status[queries > 0] = SEARCHED_NONE
    status[events > 0] = CODED
    return status


def coverage_table(panel: pd.DataFrame, queries: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Dyad x category x year: events, the queries aimed at the cell, and its status, so a reader can tell a
    searched empty cell from one nobody looked at."""
    counts = yearly_counts(panel)
    span = range(int(counts["year"].min()), int(counts["year"].max()) + 1)
    table = counts.merge(query_counts(queries, codebook, span), on=["dyad", "category", "year"], how="left")
    return table.assign(status=cell_status(table["count"], table["queries"]))


def scorecard(dyad_events: pd.DataFrame, queries: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Every dyad x category, empty ones included: events, first and last year seen, the share of events with
    confirmed evidence, the queries aimed at the cell and its status."""
    rows = dyad_events.assign(
        year=dyad_events["start_date"].dt.year,
        confirmed=dyad_events["weight"].where(dyad_events["evidence"] == "confirmed", 0.0),
    )
    summary = rows.groupby(["dyad", "category"]).agg(
        events=("weight", "sum"),
        first_year=("year", "min"),
        last_year=("year", "max"),
        confirmed=("confirmed", "sum"),
    )
    index = pd.MultiIndex.from_product([DYADS, codebook.codes], names=["dyad", "category"])
    card = summary.reindex(index).reset_index()
    card["events"] = card["events"].fillna(0.0)
    card["confirmed_share"] = (card.pop("confirmed") / card["events"]).where(card["events"] > 0).round(3)
    card[["first_year", "last_year"]] = card[["first_year", "last_year"]].astype("Int64")
    card = card.merge(query_counts(queries, codebook), on=["dyad", "category"], how="left")
    card.insert(2, "tier", card["category"].map(codebook.tier_of))
    return card.assign(status=cell_status(card["events"], card["queries"]))


def last_full_year(window_end: str) -> int:
    """The last calendar year wholly inside the window (the window ends with month `window_end`)."""
    end = pd.Period(window_end, freq="M")
    return end.year if end.month == 12 else end.year - 1
