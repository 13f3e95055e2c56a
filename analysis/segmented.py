"""Segmented (interrupted time-series) count models of tie growth, per dyad and pooled over dyads.

Parametrisation, so every coefficient reads one way: with t in years since the window's start and, for each
break b at time t_b, a step S_b = 1[t >= t_b] and a ramp R_b = (t - t_b) S_b,

    log E[count_t] = b0 + trend * t + sum_b (level_b * S_b + slope_b * R_b).

exp(trend) - 1 is the yearly growth before the first break; exp(level_b) is the jump in the rate at b against
the pre-break trend extrapolated (an incidence-rate ratio); exp(slope_b) multiplies the yearly growth factor
from b on, so the growth after the k-th break is exp(trend + slope_1 + ... + slope_k) - 1.
The counts are negative binomial (NB2, variance mu + alpha mu^2) with alpha estimated by maximum likelihood
(statsmodels' discrete NegativeBinomial), and Newey-West (HAC) standard errors guard against autocorrelation.
Where the dispersion estimate is at zero the NB2 likelihood is the Poisson one, and the Poisson fit is reported.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.base.model import LikelihoodModel
from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning

PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
ESTIMATE_COLUMNS = ["dyad", "model", "term", "estimate", "se", "irr", "ci_low", "ci_high", "p_value", "n"]


class InsufficientEvents(ValueError):
    """A series too sparse for the model: fewer events than the minimum overall or in a segment."""


# how a fit fails without a usable estimate: no convergence, no invertible Hessian, a singular design
FIT_FAILURES = (ConvergenceWarning, np.linalg.LinAlgError)
# an NB2 dispersion below this is the Poisson boundary: the likelihood is flat in alpha, the optimiser stalls
ALPHA_BOUNDARY = 1e-4
POISSON_REASON = "Poisson reported: the NB2 dispersion estimate is at zero (no overdispersion)"


@dataclass(frozen=True)
class SegmentedFit:
    """One dyad's segmented count model (NB2, or Poisson at the boundary) with its Poisson twin and checks."""

    dyad: str
    events: float
    periods: int
    breaks: tuple[str, ...]
    family: str  # "NB2", or "Poisson" when the NB2 dispersion estimate is at zero
    main: object  # statsmodels results of the reported model, HAC covariance
    poisson: object  # statsmodels results of the Poisson model, HAC covariance
    overdispersion_t: float
    overdispersion_p: float
    hac_lags: int


def newey_west_lags(periods: int) -> int:
    """The Newey-West (1994) rule of thumb floor(4 (T/100)^(2/9)), used when no lag count is set."""
    return int(np.floor(4 * (periods / 100) ** (2 / 9)))


def break_terms(brk: str) -> tuple[str, str]:
    """Names of a break's level and slope coefficients, e.g. 'level 2014-03', 'slope 2014-03'."""
    return f"level {brk}", f"slope {brk}"


def design(period_starts: pd.Series, breaks: list[str], period: str) -> pd.DataFrame:
    """The segmented design matrix: constant, trend in years, and a step and a ramp per break."""
    starts = pd.to_datetime(period_starts).reset_index(drop=True)
    per_year = PERIODS_PER_YEAR[period]
    index = np.arange(len(starts))
    cols = {"const": np.ones(len(starts)), "trend": index / per_year}
    for brk in breaks:
        at = int(np.searchsorted(starts.to_numpy(), np.datetime64(pd.Timestamp(brk)), side="left"))
        if not 0 < at < len(starts):
            raise ValueError(
                f"break {brk} is not inside the series {starts.iloc[0]:%Y-%m} to {starts.iloc[-1]:%Y-%m}"
            )
        step = (index >= at).astype(float)
        level, slope = break_terms(brk)
        cols[level] = step
        cols[slope] = step * (index - at) / per_year
    return pd.DataFrame(cols)


def check_enough(
    counts: np.ndarray, X: pd.DataFrame, breaks: list[str], min_events: float, min_segment: float
) -> None:
    """Raise InsufficientEvents when the series or any segment between breaks holds too few events.

    A segment without events drives its level coefficient to minus infinity, so an estimate would be meaningless.
    """
    total = float(counts.sum())
    if total < min_events:
        raise InsufficientEvents(f"{total:g} events, fewer than the minimum {min_events:g}")
    edges = [0] + [int(X[break_terms(b)[0]].to_numpy().argmax()) for b in breaks] + [len(counts)]
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        segment = float(counts[lo:hi].sum())
        if segment < min_segment:
            raise InsufficientEvents(
                f"{segment:g} events in periods {lo}-{hi - 1}, fewer than {min_segment:g}"
            )


def _fit(model: LikelihoodModel, cov_kwds: dict[str, object], **kwargs: object) -> object:
    """Fit with HAC covariance ('hac-panel' when groups are given); a fit that does not converge is an error.

    The optimiser may try parameters where the NB2 likelihood takes log(0); numpy's warnings about those trial
    steps are silenced (they would print machine paths into the notebook), and a non-finite final likelihood
    counts as not converged.
    """
    cov_type = "hac-panel" if "groups" in cov_kwds else "HAC"
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("error", HessianInversionWarning)
        try:
            res = model.fit(disp=0, maxiter=500, cov_type=cov_type, cov_kwds=cov_kwds, **kwargs)
        except HessianInversionWarning as err:
            raise ConvergenceWarning(f"no standard errors: {err}") from err
    if not res.mle_retvals.get("converged", True) or not np.isfinite(res.llf):
        raise ConvergenceWarning("the likelihood maximisation did not converge")
    return res


def _dispersion(model: LikelihoodModel, start: np.ndarray) -> float:
    """The NB2 dispersion estimate of a fit that failed the strict checks, to tell the Poisson boundary (alpha
    near 0, where the likelihood is flat in alpha) from a real failure."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = model.fit(disp=0, maxiter=500, start_params=start)
    return float(np.asarray(res.params)[-1])


def _nb2_or_poisson(
    nb2: LikelihoodModel, poisson: object, lags: int, start: np.ndarray
) -> tuple[str, object]:
    """The NB2 fit, or the Poisson twin when the NB2 dispersion estimate is at the boundary (alpha near 0).

    At the boundary the strict NB2 fit may fail to converge; a lenient refit then tells the boundary (report
    the Poisson fit) from a real failure (raise).
    """
    try:
        fit = _fit(nb2, {"maxlags": lags}, start_params=start)
    except FIT_FAILURES:
        if _dispersion(nb2, start) < ALPHA_BOUNDARY:
            return "Poisson", poisson
        raise
    if float(fit.params["alpha"]) < ALPHA_BOUNDARY:
        return "Poisson", poisson
    return "NB2", fit


def overdispersion_test(y: np.ndarray, mu: np.ndarray) -> tuple[float, float]:
    """Cameron-Trivedi (1990) test of Poisson against NB2: regress ((y - mu)^2 - y) / mu on mu without constant.

    Returns the t statistic of alpha and its one-sided p-value (alpha > 0 means overdispersion).
    """
    y, mu = np.asarray(y, dtype=float), np.asarray(mu, dtype=float)
    aux = sm.OLS(((y - mu) ** 2 - y) / mu, mu).fit()
    t = float(aux.tvalues[0])
    return t, float(stats.t.sf(t, aux.df_resid))


def fit_segmented(
    series: pd.DataFrame,
    breaks: list[str],
    period: str,
    *,
    min_events: float,
    min_segment: float,
    hac_lags: int | None = None,
) -> SegmentedFit:
    """Fit the segmented NB2 and Poisson models to one dyad's series (columns dyad, period_start, count)."""
    series = series.sort_values("period_start")
    y = series["count"].to_numpy(dtype=float)
    X = design(series["period_start"], breaks, period)
    check_enough(y, X, breaks, min_events, min_segment)
    lags = newey_west_lags(len(y)) if hac_lags is None else hac_lags
    poisson = _fit(sm.Poisson(y, X), {"maxlags": lags})
    start = np.append(poisson.params.to_numpy(), 0.5)
    nb2 = sm.NegativeBinomial(y, X, loglike_method="nb2")
    family, main = _nb2_or_poisson(nb2, poisson, lags, start)
    t, p = overdispersion_test(y, poisson.predict(X))
    return SegmentedFit(
        dyad=str(series["dyad"].iloc[0]),
        events=float(y.sum()),
        periods=len(y),
        breaks=tuple(breaks),
        family=family,
        main=main,
        poisson=poisson,
        overdispersion_t=t,
        overdispersion_p=p,
        hac_lags=lags,
    )


def tidy(res: object, dyad: str, model: str) -> pd.DataFrame:
    """A fit's coefficients as rows of the estimates table, with incidence-rate ratios and 95 % intervals."""
    ci = res.conf_int()
    out = pd.DataFrame(
        {
            "dyad": dyad,
            "model": model,
            "term": res.params.index,
            "estimate": res.params.to_numpy(),
            "se": res.bse.to_numpy(),
            "irr": np.exp(res.params.to_numpy()),
            "ci_low": np.exp(ci.iloc[:, 0].to_numpy()),
            "ci_high": np.exp(ci.iloc[:, 1].to_numpy()),
            "p_value": res.pvalues.to_numpy(),
            "n": int(res.nobs),
        }
    )
    # alpha is the NB2 dispersion, not a log rate: it has no incidence-rate ratio
    out.loc[out["term"] == "alpha", ["irr", "ci_low", "ci_high"]] = np.nan
    return out[ESTIMATE_COLUMNS]


def growth_by_segment(fit: SegmentedFit) -> pd.DataFrame:
    """Yearly growth exp(slope) - 1 in each segment; 95 % intervals from the HAC covariance on the log scale."""
    names = list(fit.main.params.index)
    cov = fit.main.cov_params()
    rows = []
    weights = pd.Series(0.0, index=names)
    weights["trend"] = 1.0
    labels = ["before " + fit.breaks[0] if fit.breaks else "whole window"]
    labels += [f"from {b}" for b in fit.breaks]
    for i, label in enumerate(labels):
        if i:
            weights[break_terms(fit.breaks[i - 1])[1]] = 1.0
        slope = float(weights @ fit.main.params)
        se = float(np.sqrt(weights @ cov @ weights))
        rows.append(
            {
                "dyad": fit.dyad,
                "segment": label,
                "growth_per_year": np.expm1(slope),
                "ci_low": np.expm1(slope - 1.96 * se),
                "ci_high": np.expm1(slope + 1.96 * se),
            }
        )
    return pd.DataFrame(rows)


def fit_summary(fit: SegmentedFit) -> dict[str, float | int | str]:
    """One row of model checks: family and dispersion alpha (0 for Poisson), overdispersion test, Ljung-Box on
    Pearson residuals, HAC lags, AICs."""
    y = fit.main.model.endog
    mu = fit.main.predict()
    alpha = float(fit.main.params["alpha"]) if fit.family == "NB2" else 0.0
    pearson = (y - mu) / np.sqrt(mu + alpha * mu**2)
    lags = min(12, fit.periods // 5)
    lb = sm.stats.acorr_ljungbox(pearson, lags=[lags])
    return {
        "dyad": fit.dyad,
        "events": fit.events,
        "periods": fit.periods,
        "family": fit.family,
        "nb_alpha": alpha,
        "overdispersion_t": fit.overdispersion_t,
        "overdispersion_p": fit.overdispersion_p,
        "ljung_box_lags": lags,
        "ljung_box_p": float(lb["lb_pvalue"].iloc[0]),
        "hac_lags": fit.hac_lags,
        "aic": float(fit.main.aic),
        "aic_poisson": float(fit.poisson.aic),
    }


def break_statistic(fit: SegmentedFit, brk: str) -> float:
    """Wald chi-square (HAC) that a break's level and slope changes are both zero: the placebo's statistic."""
    return float(wald(fit.main, brk, [{term: 1.0} for term in break_terms(brk)])["chi2"])


@dataclass(frozen=True)
class PooledFit:
    """The pooled panel NB2: dyad fixed effects with dyad-specific trends and breaks, and its common twin."""

    dyads: tuple[str, ...]
    specific: object  # every dyad its own trend, level and slope changes
    common: object  # one trend and one set of breaks shared by all dyads
    wald: pd.DataFrame


def _pooled_design(series: pd.DataFrame, breaks: list[str], period: str, specific: bool) -> pd.DataFrame:
    """Dyad dummies, and the segmented terms either interacted with each dyad or shared."""
    blocks = []
    dyads = sorted(series["dyad"].unique())
    for dyad in dyads:
        one = series[series["dyad"] == dyad].sort_values("period_start")
        X = design(one["period_start"], breaks, period).drop(columns="const")
        if specific:
            X.columns = [f"{c} x {dyad}" for c in X.columns]
        fe = pd.DataFrame({f"dyad {d}": float(d == dyad) for d in dyads}, index=X.index)
        blocks.append(pd.concat([fe, X], axis=1))
    return pd.concat(blocks, ignore_index=True).fillna(0.0)


def wald(res: object, label: str, restrictions: list[dict[str, float]]) -> dict[str, object]:
    """Joint Wald chi-square test that each restriction (coefficient name -> weight) sums to zero."""
    names = list(res.params.index)
    R = np.zeros((len(restrictions), len(names)))
    for row, weights in enumerate(restrictions):
        for name, weight in weights.items():
            R[row, names.index(name)] = weight
    test = res.wald_test(R, scalar=True)
    return {
        "hypothesis": label,
        "chi2": float(test.statistic),
        "df": len(restrictions),
        "p_value": float(test.pvalue),
    }


def fit_pooled(series: pd.DataFrame, breaks: list[str], period: str, hac_lags: int | None) -> PooledFit:
    """Fit both pooled models (HAC by dyad panel) and test that the breaks are zero and equal across dyads.

    hac_lags None takes the Newey-West rule on the length of one dyad's series.
    """
    series = series.sort_values(["dyad", "period_start"], ignore_index=True)
    if hac_lags is None:
        hac_lags = newey_west_lags(series["period_start"].nunique())
    y = series["count"].to_numpy(dtype=float)
    groups = pd.factorize(series["dyad"], sort=True)[0]
    cov = {"maxlags": hac_lags, "groups": groups}
    fits = {}
    for specific in (True, False):
        X = _pooled_design(series, breaks, period, specific)
        start = np.append(_fit(sm.Poisson(y, X), cov).params.to_numpy(), 0.5)
        fits[specific] = _fit(sm.NegativeBinomial(y, X, loglike_method="nb2"), cov, start_params=start)
    dyads = sorted(series["dyad"].unique())
    res = fits[True]
    tests = []
    for brk in breaks:
        terms = break_terms(brk)
        zero = [{f"{t} x {d}": 1.0} for t in terms for d in dyads]
        equal = [{f"{t} x {d}": 1.0, f"{t} x {dyads[0]}": -1.0} for t in terms for d in dyads[1:]]
        tests.append(wald(res, f"{brk}: no level or slope change in any dyad", zero))
        tests.append(wald(res, f"{brk}: level and slope changes equal across dyads", equal))
    equal_trends = [{f"trend x {d}": 1.0, f"trend x {dyads[0]}": -1.0} for d in dyads[1:]]
    tests.append(wald(res, "trends before the first break equal across dyads", equal_trends))
    return PooledFit(dyads=tuple(dyads), specific=res, common=fits[False], wald=pd.DataFrame(tests))


def fit_dyads(
    series: pd.DataFrame,
    breaks: list[str],
    period: str,
    *,
    min_events: float,
    min_segment: float,
    hac_lags: int | None,
) -> tuple[list[SegmentedFit], pd.DataFrame]:
    """Fit every dyad; return the fits and a status row per dyad (estimated, insufficient events, no convergence)."""
    fits, status = [], []
    for dyad, one in series.groupby("dyad", sort=True):
        try:
            fit = fit_segmented(
                one, breaks, period, min_events=min_events, min_segment=min_segment, hac_lags=hac_lags
            )
        except InsufficientEvents as err:
            status.append({"dyad": dyad, "status": "insufficient events", "reason": str(err)})
            continue
        except FIT_FAILURES as err:
            status.append({"dyad": dyad, "status": "did not converge", "reason": str(err)})
            continue
        fits.append(fit)
        reason = POISSON_REASON if fit.family == "Poisson" else ""
        status.append({"dyad": dyad, "status": "estimated", "reason": reason})
    return fits, pd.DataFrame(status, columns=["dyad", "status", "reason"])
