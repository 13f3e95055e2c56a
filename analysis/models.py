"""Growth models of the ties. This first model is a per-dyad log-linear trend of yearly counts."""

import numpy as np
import pandas as pd
import statsmodels.api as sm


def trend_growth(yearly: pd.DataFrame, min_events: int) -> pd.DataFrame:
    """Per dyad, the yearly growth rate of events from a quasi-Poisson regression of count on year.

    The Pearson chi-square scale widens the intervals when counts are overdispersed. Dyads with fewer than
    `min_events` events get status "insufficient events" and no estimate, rather than a meaningless one.
    """
    rows = []
    for dyad, g in yearly.groupby("dyad", sort=True):
        n = float(g["count"].sum())
        if n < min_events:
            rows.append({"dyad": dyad, "status": "insufficient events", "events": n})
            continue
        x = sm.add_constant(g["year"].to_numpy(dtype=float) - g["year"].min())
        fit = sm.GLM(g["count"].to_numpy(dtype=float), x, family=sm.families.Poisson()).fit(scale="X2")
        low, high = fit.conf_int()[1]
        rows.append(
            {
                "dyad": dyad,
                "status": "estimated",
                "events": n,
                "growth_per_year": float(np.expm1(fit.params[1])),
                "ci_low": float(np.expm1(low)),
                "ci_high": float(np.expm1(high)),
                "p_value": float(fit.pvalues[1]),
                "dispersion": float(fit.scale),
            }
        )
    columns = ["dyad", "status", "events", "growth_per_year", "ci_low", "ci_high", "p_value", "dispersion"]
    return pd.DataFrame(rows).reindex(columns=columns)
