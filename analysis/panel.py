"""Turn events into dyad rows and the dyad x period x category panel that every figure and model reads."""

from typing import Literal

import pandas as pd

from analysis.codebook import Codebook
from analysis.codings import four_state_dyads, split_participants
from analysis.states import DYADS

Multilateral = Literal["include", "exclude", "downweight"]
FREQ_CODES = {"month": "M", "quarter": "Q", "year": "Y"}


def expand_dyads(events: pd.DataFrame, multilateral: Multilateral = "include") -> pd.DataFrame:
    """One row per event and pair of the four states among its participants, dyad named alphabetically.

    weight is 1, or with multilateral="downweight" 1 / (pairs of the four present), so a three-way drill adds
    one event in total across its three dyads; "exclude" drops multilateral events.
    """
    if multilateral not in ("include", "exclude", "downweight"):
        raise ValueError(f"multilateral must be include, exclude or downweight, got {multilateral!r}")
    rows = []
    for ev in events.itertuples(index=False):
        if multilateral == "exclude" and ev.multilateral:
            continue
        dyads = four_state_dyads(split_participants(ev.participants))
        weight = 1 / len(dyads) if multilateral == "downweight" and ev.multilateral else 1.0
        rows += [(ev.event_id, dyad, weight) for dyad in dyads]
    pairs = pd.DataFrame(rows, columns=["event_id", "dyad", "weight"])
    keep = ["event_id", "start_date", "category", "multilateral", "provider", "recipient", "evidence"]
    return pairs.merge(events[keep], on="event_id", how="left", validate="many_to_one")


def period_index(start: str, end: str, period: str) -> pd.PeriodIndex:
    """Every period of the window, so periods without events appear as zeros, not as gaps."""
    return pd.period_range(start, end, freq=FREQ_CODES[period])


def _grid_counts(
    dyad_events: pd.DataFrame, start: str, end: str, period: str, categories: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Weighted event counts on the full grid of dyads x periods of the window (x categories if given), zeros filled."""
    periods = period_index(start, end, period)
    rows = dyad_events.assign(period=dyad_events["start_date"].dt.to_period(FREQ_CODES[period]))
    rows = rows[rows["period"].isin(periods)]
    keys = ["dyad", "period"] + (["category"] if categories else [])
    counts = rows.groupby(keys, observed=True)["weight"].sum()
    levels = [DYADS, periods] + ([categories] if categories else [])
    grid = pd.MultiIndex.from_product(levels, names=keys)
    return counts.reindex(grid, fill_value=0.0).rename("count").reset_index()


def dyad_period_counts(
    dyad_events: pd.DataFrame, codebook: Codebook, start: str, end: str, period: str
) -> pd.DataFrame:
    """Weighted event counts for every dyad x period x category of the window, zeros filled."""
    panel = _grid_counts(dyad_events, start, end, period, codebook.codes)
    panel["period_start"] = panel["period"].dt.start_time.dt.date.astype(str)
    panel["period"] = panel["period"].astype(str)
    return panel[["dyad", "period", "period_start", "category", "count"]]


def yearly_counts(panel: pd.DataFrame) -> pd.DataFrame:
    """Dyad x category x year sums of a panel at any period, for tables and models read by the year."""
    years = panel.assign(year=panel["period_start"].str[:4].astype(int))
    return years.groupby(["dyad", "category", "year"], as_index=False, sort=True)["count"].sum()


def period_of(dates: pd.Series, cuts: list[str]) -> pd.Series:
    """Label each date with its period between cut months, e.g. cuts ['2014-03', '2022-02'] give
    'to 2014-02', '2014-03 to 2022-01' and 'from 2022-02'."""
    labels = period_labels(cuts)
    bins = [pd.Timestamp(c) for c in cuts]
    index = sum((dates >= b).astype(int) for b in bins) if bins else pd.Series(0, index=dates.index)
    return pd.Series(pd.Categorical.from_codes(index, categories=labels, ordered=True), index=dates.index)


def period_labels(cuts: list[str]) -> list[str]:
    if list(cuts) != sorted(cuts):
        raise ValueError(f"period cuts must be in order, got {cuts}")
    ends = [str(pd.Period(c, freq="M") - 1) for c in cuts]
    if not cuts:
        return ["whole window"]
    return (
        [f"to {ends[0]}"]
        + [f"{a} to {b}" for a, b in zip(cuts[:-1], ends[1:], strict=True)]
        + [f"from {cuts[-1]}"]
    )


def dyad_series(dyad_events: pd.DataFrame, start: str, end: str, period: str) -> pd.DataFrame:
    """Weighted event counts per dyad and period of the window, all six dyads, zeros filled: the models' input."""
    series = _grid_counts(dyad_events, start, end, period)
    series["period_start"] = series["period"].dt.start_time
    return series[["dyad", "period_start", "count"]]
