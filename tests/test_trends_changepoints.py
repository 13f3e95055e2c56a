"""The state-space trend and the change-point detector on series whose shape is known."""

import numpy as np
import pandas as pd
import pytest

from analysis import changepoints as cp
from analysis import trends

QUARTERS = pd.date_range("2000-01-01", periods=104, freq="QS")


def quarterly(counts: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {"dyad": "AAA-BBB", "period_start": QUARTERS[: len(counts)], "count": counts.astype(float)}
    )


def test_detects_a_mean_shift_at_the_right_quarter():
    rng = np.random.default_rng(4)
    counts = np.concatenate([rng.poisson(1.0, 60), rng.poisson(6.0, 44)])
    found = cp.change_points(quarterly(counts), min_size=4)
    assert len(found) == 1
    assert abs((found["break_start"].iloc[0] - QUARTERS[60]).days) <= 92


def test_finds_no_break_in_a_flat_series():
    rng = np.random.default_rng(6)
    none = cp.change_points(quarterly(rng.poisson(2.0, 104)), min_size=4)
    assert none.empty
    # an empty table keeps the date type, so it concatenates with other dyads' breaks as dates
    assert pd.api.types.is_datetime64_any_dtype(none["break_start"])


def test_bic_penalty_is_two_sigma_squared_log_t():
    diffs = np.tile([-2.0, -1.0, 0.0, 1.0, 2.0], 20)  # median 0, median |difference| 1
    signal = np.concatenate([[0.0], np.cumsum(diffs)])
    sigma = 1 / 0.6745 / np.sqrt(2)
    assert cp.bic_penalty(signal) == pytest.approx(2 * sigma**2 * np.log(101))


def test_penalty_path_never_adds_breaks_as_the_penalty_grows():
    rng = np.random.default_rng(8)
    signal = np.log1p(np.concatenate([rng.poisson(1.0, 40), rng.poisson(5.0, 40), rng.poisson(2.0, 24)]))
    path = cp.penalty_path(signal, np.geomspace(0.01, 100, 25), min_size=4)
    assert path["breaks"].is_monotonic_decreasing
    assert path["breaks"].iloc[-1] == 0


def test_local_linear_trend_follows_steady_growth():
    """Counts growing about 10 % a year: the smoothed yearly growth sits near it and the band holds the trend."""
    rng = np.random.default_rng(2)
    years = np.arange(104) / 4
    counts = rng.poisson(3.0 * np.exp(0.1 * years))
    trend = trends.local_linear_trend(quarterly(counts), "quarter")
    assert trend["growth_per_year"].median() == pytest.approx(0.1, abs=0.05)
    assert (trend["trend_low"] <= trend["trend"]).all() and (trend["trend"] <= trend["trend_high"]).all()
    assert (trend["trend_low"] >= 0).all()
