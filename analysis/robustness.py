"""Robustness of the break estimates: data variants (period, evidence, categories) and a placebo over random dates."""

import numpy as np
import pandas as pd

from analysis import segmented as sg
from analysis.codebook import Codebook
from analysis.indices import evidence_at_least
from analysis.panel import Multilateral, dyad_series, expand_dyads


def variant_series(
    events: pd.DataFrame,
    codebook: Codebook,
    *,
    start: str,
    end: str,
    period: str,
    multilateral: Multilateral = "include",
    min_evidence: str = "claimed",
    categories: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The dyad series of one variant of the data: which events count (evidence, categories) and at what period."""
    keep = events["evidence"].isin(evidence_at_least(codebook, min_evidence))
    if categories is not None:
        keep &= events["category"].isin(categories)
    return dyad_series(expand_dyads(events[keep], multilateral), start, end, period)


def placebo_dates(starts: pd.Series, n_draws: int, seed: int, margin: int) -> list[pd.Timestamp]:
    """Random break dates, at least `margin` periods from either end of the series, drawn with a fixed seed."""
    starts = pd.Series(sorted(pd.to_datetime(starts))).reset_index(drop=True)
    candidates = starts.iloc[margin : len(starts) - margin]
    rng = np.random.default_rng(seed)
    return list(
        candidates.iloc[rng.choice(len(candidates), size=min(n_draws, len(candidates)), replace=False)]
    )


def placebo(
    series: pd.DataFrame,
    period: str,
    dates: list[pd.Timestamp],
    *,
    min_events: float,
    min_segment: float,
    hac_lags: int | None,
) -> pd.DataFrame:
    """The single-break Wald statistic of one dyad at each placebo date; dates the model cannot fit are dropped."""
    rows = []
    for date in dates:
        brk = f"{date:%Y-%m}"
        try:
            fit = sg.fit_segmented(
                series, [brk], period, min_events=min_events, min_segment=min_segment, hac_lags=hac_lags
            )
        except (sg.InsufficientEvents, *sg.FIT_FAILURES):
            continue
        rows.append({"dyad": fit.dyad, "break_month": brk, "statistic": sg.break_statistic(fit, brk)})
    return pd.DataFrame(rows, columns=["dyad", "break_month", "statistic"])


def placebo_p(observed: float, draws: pd.Series) -> float:
    """Share of placebo statistics at least as large as the observed one, counting the observed (never 0)."""
    return float((1 + (draws >= observed).sum()) / (1 + len(draws)))
