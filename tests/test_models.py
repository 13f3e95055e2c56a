"""The growth model recovers a known trend from simulated counts and declines sparse dyads."""

import numpy as np
import pandas as pd
import pytest

from analysis.models import trend_growth


def simulated(growth: float, years: int = 26, base: float = 3.0, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = np.arange(years)
    return pd.DataFrame({"dyad": "CHN-RUS", "year": 2000 + t, "count": rng.poisson(base * (1 + growth) ** t)})


@pytest.mark.parametrize("growth", [0.0, 0.08, -0.05])
def test_recovers_known_growth_within_tolerance(growth: float) -> None:
    row = trend_growth(simulated(growth), min_events=10).iloc[0]
    assert row["status"] == "estimated"
    assert row["growth_per_year"] == pytest.approx(growth, abs=0.03)
    assert row["ci_low"] < growth < row["ci_high"]


def test_sparse_dyad_gets_insufficient_events() -> None:
    sparse = pd.DataFrame({"dyad": "IRN-PRK", "year": [2000, 2001, 2002], "count": [1, 0, 2]})
    row = trend_growth(sparse, min_events=10).iloc[0]
    assert row["status"] == "insufficient events" and row["events"] == 3 and np.isnan(row["growth_per_year"])
