"""Growth without imposed break dates: a local linear trend (state-space) per dyad, smoothed, with bands."""

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis.segmented import PERIODS_PER_YEAR


def local_linear_trend(series: pd.DataFrame, period: str) -> pd.DataFrame:
    """Smoothed level and slope of log(1 + count) for one dyad (columns dyad, period_start, count).

    The level, back-transformed with exp(x) - 1, is a trend in events per period with a 95 % band (cut at 0,
    since counts cannot be negative); the slope, times the periods in a year, is the local growth of
    (1 + events) per year on the log scale.
    """
    series = series.sort_values("period_start")
    y = np.log1p(series["count"].to_numpy(dtype=float))
    res = sm.tsa.UnobservedComponents(y, level="local linear trend").fit(disp=False, maxiter=500)
    level, slope = res.smoothed_state[0], res.smoothed_state[1]
    level_sd = np.sqrt(np.clip(res.smoothed_state_cov[0, 0], 0, None))
    slope_sd = np.sqrt(np.clip(res.smoothed_state_cov[1, 1], 0, None))
    per_year = PERIODS_PER_YEAR[period]
    return pd.DataFrame(
        {
            "dyad": series["dyad"].to_numpy(),
            "period_start": series["period_start"].to_numpy(),
            "count": series["count"].to_numpy(),
            "trend": np.expm1(level).clip(min=0),
            "trend_low": np.expm1(level - 1.96 * level_sd).clip(min=0),
            "trend_high": np.expm1(level + 1.96 * level_sd),
            "growth_per_year": np.expm1(slope * per_year),
            "growth_low": np.expm1((slope - 1.96 * slope_sd) * per_year),
            "growth_high": np.expm1((slope + 1.96 * slope_sd) * per_year),
        }
    )
