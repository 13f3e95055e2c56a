# %% [markdown]
# # 3. Model: how fast does each tie grow, and did growth change?
#
# The question is whether defence diplomacy in each dyad grows, how fast, and whether its growth changed at the
# two moments the study fixed in advance: Russia's annexation of Crimea (2014-03) and its full-scale invasion of
# Ukraine (2022-02). Four kinds of model answer it, each with its uncertainty:
#
# 1. **Confirmatory, per dyad: a segmented count model.** Event counts per period follow a negative binomial
#    (NB2) regression with a linear trend and, at each pre-registered break, a change in level and a change in
#    slope (an interrupted time series). The dispersion alpha is estimated by maximum likelihood (statsmodels'
#    discrete `NegativeBinomial`, not a GLM with alpha fixed), and Newey-West (HAC) standard errors allow for
#    autocorrelation. A Poisson fit and the Cameron-Trivedi overdispersion test sit beside it. Where the
#    dispersion estimate is at zero (no overdispersion) the NB2 likelihood is the Poisson one, the optimiser
#    cannot settle alpha on that boundary, and the Poisson fit is reported instead (the status table says so).
# 2. **Confirmatory, pooled**: all dyads with enough events in one NB2 model with dyad fixed effects, Wald tests
#    that the breaks are zero and that they are equal across dyads.
# 3. **Exploratory: a state-space trend** per dyad (local linear trend), which shows growth without imposing
#    any break date.
# 4. **Exploratory: breaks the data finds** (penalised change-point detection), set beside the pre-registered
#    dates, then a **robustness battery** and a **placebo** over random break dates.
#
# **How to read the coefficients.** With t in years since January 2000, each break b adds a step (0 before b,
# 1 from b) and a ramp (years since b, 0 before): log E[events] = const + trend t + level_b step_b + slope_b
# ramp_b. exp(trend) - 1 is the yearly growth before 2014-03. exp(level_b) is the incidence-rate ratio (IRR)
# of the jump at b against the earlier trend carried forward. exp(slope_b) multiplies the yearly growth factor
# from b on. A level IRR of 2 means twice the events expected from the old trend, just after the break; a slope
# IRR of 1.2 means growth 20 % faster per year than before.

# %% tags=["parameters"]
clean_dir = "data/clean"
figures_dir = "figures/model"
tables_dir = "tables/model"
metrics_path = "metrics/model.json"
window_start = "2000-01"
window_end = "2025-12"
period = "month"
multilateral = "include"
min_evidence = "claimed"
breaks = {"2014-03": "Crimea annexation", "2022-02": "full-scale invasion of Ukraine"}
alternative_breaks = {}
hac_lags = None
min_events = 20
min_segment_events = 3
trend_period = "quarter"
changepoint_period = "quarter"
changepoint_min_size = 4
placebo_draws = 100
placebo_margin = 24
seed = 2026

# %%
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import changepoints as cp
from analysis import plots, trends
from analysis import robustness as rb
from analysis import segmented as sg
from analysis.codebook import load_codebook
from analysis.outputs import save_figure, write_csv, write_json

pd.set_option("display.max_colwidth", None)
codebook = load_codebook()
figures, tables = Path(figures_dir), Path(tables_dir)
events = pd.read_csv(Path(clean_dir) / "events.csv", parse_dates=["start_date", "end_date"])
registered = list(breaks)
window = {"start": window_start, "end": window_end}


def series_for(**variant) -> pd.DataFrame:
    """The dyad series of the main specification, changed only where a variant says so."""
    spec = {"period": period, "multilateral": multilateral, "min_evidence": min_evidence} | variant
    return rb.variant_series(events, codebook, **window, **spec)


def fit_all(series: pd.DataFrame, at: list[str], per: str) -> tuple[list, pd.DataFrame]:
    return sg.fit_dyads(
        series, at, per, min_events=min_events, min_segment=min_segment_events, hac_lags=hac_lags
    )


series = series_for()
print(
    f"{len(events)} coded events; {series['count'].sum():g} dyad events in {series['period_start'].nunique()} "
    f"{period}s, {window_start} to {window_end}; multilateral: {multilateral}; evidence {min_evidence} or stronger."
)
pd.DataFrame({"break": registered, "reason": [breaks[b] for b in registered]})

# %% [markdown]
# The table above is the pre-registration: these break dates, with their reasons, were fixed in `params.yaml`
# before the models were read, and only they enter the confirmatory tests.
#
# ## Confirmatory: segmented count model per dyad
# A dyad gets an estimate only with at least `min_events` events and `min_segment_events` in every segment
# between breaks; otherwise the model would have to fit a level for an empty segment (minus infinity), and the
# table says "insufficient events" instead.

# %%
fits, status = fit_all(series, registered, period)
status

# %%
estimates = pd.concat(
    [sg.tidy(f.main, f.dyad, "segmented") for f in fits]
    + [sg.tidy(f.poisson, f.dyad, "segmented Poisson") for f in fits],
    ignore_index=True,
)
shown = estimates[(estimates["model"] == "segmented") & (estimates["term"] != "const")]
shown.round({"estimate": 3, "se": 3, "irr": 3, "ci_low": 3, "ci_high": 3, "p_value": 4})

# %% [markdown]
# The IRRs of each dyad's segmented model (`model` "segmented": NB2, or Poisson where the status says so) with
# 95 % HAC intervals. `trend` is the yearly growth factor before 2014-03; `alpha` is the NB2 dispersion.
# Translated into growth per year in each segment:

# %%
growth = pd.concat([sg.growth_by_segment(f) for f in fits], ignore_index=True)
growth.round(3)

# %% [markdown]
# ### Diagnostics
# `family` is the reported model; `nb_alpha` (0 for Poisson) and the overdispersion test say whether the
# negative binomial is needed (a small p: yes); the Ljung-Box p-value tests the Pearson residuals for
# autocorrelation left after the model (a small p: the HAC errors matter); `aic` (the reported model) and
# `aic_poisson` compare it with the Poisson twin.

# %%
diagnostics = pd.DataFrame([sg.fit_summary(f) for f in fits])
diagnostics.round(3)

# %%
observed = series.assign(fitted=np.nan)
for f in fits:
    observed.loc[observed["dyad"] == f.dyad, "fitted"] = f.main.predict()
estimated = [f.dyad for f in fits]


def draw_fit(ax, dyad: str, color: str) -> None:
    one = observed[observed["dyad"] == dyad]
    ax.plot(one["period_start"], one["count"], ".", color="#999999", markersize=3, label="observed")
    ax.plot(one["period_start"], one["fitted"], color=color, linewidth=2, label="fitted")
    plots.mark_breaks(ax, registered)
    ax.set_ylabel(f"events per {period}")


fig = plots.dyad_panels(
    estimated,
    draw_fit,
    f"Observed events per {period} and the segmented model's fit (dashed: registered breaks)",
)
_ = save_figure(fig, figures / "fitted_observed.png")

# %% [markdown]
# Grey dots are the coded events per period, the line the model's expected count. Where the line bends at a
# dashed break the slope changed; where it jumps, the level did. A line that misses long runs of dots would
# show in the Ljung-Box test above.

# %%
terms = [t for b in registered for t in sg.break_terms(b)] + ["trend"]
fig = plots.irr_forest(shown, terms, "Incidence-rate ratios of the segmented models, 95 % HAC intervals")
_ = save_figure(fig, figures / "irr_forest.png")

# %% [markdown]
# An interval that crosses the vertical line at 1 is compatible with no change. Wide intervals are the honest
# answer of sparse dyads, not a failure of the model.
#
# ## Confirmatory: pooled panel with dyad fixed effects
# The dyads with an estimate above share one model: their own intercepts (fixed effects), their own trends and
# breaks, and standard errors robust to autocorrelation within each dyad (HAC by panel). The Wald tests ask
# whether a break changed nothing anywhere, and whether it changed all dyads alike.

# %%
pooled = sg.fit_pooled(series[series["dyad"].isin(estimated)], registered, period, hac_lags)
pooled.wald.round(4)

# %%
common = sg.tidy(pooled.common, "pooled", "pooled NB2, common trend and breaks")
specific = sg.tidy(pooled.specific, "pooled", "pooled NB2, dyad-specific trends and breaks")
common[~common["term"].str.startswith("dyad ")].round(3)

# %% [markdown]
# The common model's IRRs are the average break effects across the pooled dyads; when the equality test above
# rejects, that average hides dyads that moved apart.
#
# ## Exploratory: state-space trends, no break imposed
# A local linear trend of log(1 + events) per `trend_period`, smoothed over the whole window: the band is the
# 95 % interval of the smoothed level, back on the scale of events.

# %%
trend_series = series_for(period=trend_period)
trend = pd.concat(
    [trends.local_linear_trend(one, trend_period) for _, one in trend_series.groupby("dyad")],
    ignore_index=True,
)


def draw_trend(ax, dyad: str, color: str) -> None:
    one = trend[trend["dyad"] == dyad]
    ax.plot(one["period_start"], one["count"], ".", color="#999999", markersize=3)
    ax.fill_between(
        one["period_start"], one["trend_low"], one["trend_high"], color=color, alpha=0.3, linewidth=0
    )
    ax.plot(one["period_start"], one["trend"], color=color, linewidth=2)
    plots.mark_breaks(ax, registered)
    ax.set_ylabel(f"events per {trend_period}")


fig = plots.dyad_panels(
    sorted(trend["dyad"].unique()),
    draw_trend,
    f"Smoothed local linear trend of events per {trend_period}, 95 % band",
)
_ = save_figure(fig, figures / "trend_bands.png")
ends = trend.groupby("dyad").nth([0, -1])[
    ["dyad", "period_start", "trend", "growth_per_year", "growth_low", "growth_high"]
]
ends.round({"trend": 3, "growth_per_year": 3, "growth_low": 3, "growth_high": 3})

# %% [markdown]
# The table gives the smoothed trend and its yearly growth at the first and last period. When the estimated
# slope variance is zero, the model has found one constant growth rate for the whole window: the data do not
# ask for a changing slope.
#
# ## Exploratory: breaks the data finds
# PELT with a least-squares cost finds shifts in the mean of log(1 + events) per `changepoint_period`, each
# segment at least `changepoint_min_size` periods long. The penalty is not tuned by eye: it is BIC for a mean
# shift, 2 sigma^2 log T, with sigma estimated robustly from first differences. The curves below show how many
# breaks every other penalty would give, so a reader can see how stable the choice is.

# %%
cp_series = series_for(period=changepoint_period)
found, paths, chosen = [], {}, {}
for dyad, one in cp_series.groupby("dyad"):
    signal = np.log1p(one.sort_values("period_start")["count"].to_numpy())
    chosen[dyad] = cp.bic_penalty(signal)
    paths[dyad] = cp.penalty_path(
        signal, np.geomspace(chosen[dyad] / 16, chosen[dyad] * 16, 41), changepoint_min_size
    )
    found.append(cp.change_points(one, changepoint_min_size))
found = pd.concat(found, ignore_index=True)
detected = {d: list(found.loc[found["dyad"] == d, "break_start"]) for d in paths}


def draw_changes(ax, dyad: str, color: str) -> None:
    one = cp_series[cp_series["dyad"] == dyad]
    ax.bar(one["period_start"], one["count"], width=80, color=color)
    plots.mark_breaks(ax, registered, detected[dyad])
    ax.set_ylabel(f"events per {changepoint_period}")


fig = plots.dyad_panels(
    list(paths), draw_changes, "Events with breaks found by PELT (solid red) and registered breaks (dashed)"
)
_ = save_figure(fig, figures / "change_points.png")
fig = plots.penalty_curves(paths, chosen, "Breaks found against the penalty; red: the BIC penalty used")
_ = save_figure(fig, figures / "penalty_curves.png")
found.assign(break_start=found["break_start"].dt.strftime("%Y-%m"), penalty=found["penalty"].round(3))

# %% [markdown]
# ## Robustness battery (exploratory)
# The segmented model is refitted on variants of the data: other periods, without multilateral events, confirmed
# events only, other break dates (each with its reason), without one category at a time, and on shallow
# (tier 1) or deep (tiers 2-3) activities only. The table keeps each variant's break IRRs and its status per
# dyad, so a finding that holds only in the main specification shows up.

# %%
tiers = codebook.tier_of
shallow = tuple(c for c, t in tiers.items() if t == min(tiers.values()))
deep = tuple(c for c in codebook.codes if c not in shallow)
variants = {f"period {p}": ({"period": p}, registered) for p in ("month", "quarter", "year") if p != period}
variants |= {"multilateral excluded": ({"multilateral": "exclude"}, registered)}
variants |= {"confirmed only": ({"min_evidence": "confirmed"}, registered)}
variants |= {f"breaks {name}": ({}, spec["breaks"]) for name, spec in alternative_breaks.items()}
variants |= {
    f"without {c}": ({"categories": tuple(x for x in codebook.codes if x != c)}, registered)
    for c in codebook.codes
}
variants |= {
    "shallow tier only": ({"categories": shallow}, registered),
    "deep tiers only": ({"categories": deep}, registered),
}

battery = []
for name, (change, at) in variants.items():
    per = change.get("period", period)
    v_fits, v_status = fit_all(series_for(**change), at, per)
    rows = pd.concat(
        [sg.tidy(f.main, f.dyad, "segmented") for f in v_fits] or [pd.DataFrame(columns=sg.ESTIMATE_COLUMNS)]
    )
    rows = rows[rows["term"].str.startswith(("level", "slope", "trend"))]
    battery.append(v_status.merge(rows, on="dyad", how="left").assign(variant=name))
battery = pd.concat(battery, ignore_index=True)
summary = battery[battery["term"].isin(terms)].pivot_table(
    index=["dyad", "variant"], columns="term", values="irr"
)
summary.round(2)

# %% [markdown]
# Each row is one variant, each column an IRR (empty: insufficient events or no convergence in that variant).
# The alternative break dates and their reasons:

# %%
pd.DataFrame(
    [
        {"variant": f"breaks {n}", "breaks": ", ".join(s["breaks"]), "reason": s["reason"]}
        for n, s in alternative_breaks.items()
    ]
)

# %% [markdown]
# ### Placebo: how unusual is the break at a registered date?
# For each dyad and registered break, the Wald statistic of a single-break model (level and slope change both
# zero) is compared with the same statistic at `placebo_draws` random dates, at least `placebo_margin` periods
# from either end of the window (drawn with a fixed seed). The placebo p-value is the share of random dates
# with a statistic at least as large. A registered date that is no more special than a random one says the
# series changes often, or grows smoothly, not that this event changed it.

# %%
dates = rb.placebo_dates(series["period_start"].drop_duplicates(), placebo_draws, seed, placebo_margin)
placebo_rows, placebo_draws_table = [], []
for dyad in estimated:
    one = series[series["dyad"] == dyad]
    draws = rb.placebo(
        one, period, dates, min_events=min_events, min_segment=min_segment_events, hac_lags=hac_lags
    )
    placebo_draws_table.append(draws)
    for brk in registered:
        real = rb.placebo(
            one,
            period,
            [pd.Timestamp(brk)],
            min_events=min_events,
            min_segment=min_segment_events,
            hac_lags=hac_lags,
        )
        if real.empty:
            continue
        stat = float(real["statistic"].iloc[0])
        placebo_rows.append(
            {
                "dyad": dyad,
                "break_month": brk,
                "statistic": stat,
                "placebo_draws": len(draws),
                "placebo_p": rb.placebo_p(stat, draws["statistic"]),
            }
        )
placebo_table = pd.DataFrame(
    placebo_rows, columns=["dyad", "break_month", "statistic", "placebo_draws", "placebo_p"]
)
placebo_table.round(3)

# %% [markdown]
# ## What the models say
# The sentences below are written from the estimates above.

# %%
for f in fits:
    g = growth[growth["dyad"] == f.dyad]
    parts = [
        f"{r.segment}: {r.growth_per_year:+.1%} a year (95 % CI {r.ci_low:+.1%} to {r.ci_high:+.1%})"
        for r in g.itertuples()
    ]
    print(f"{f.dyad} ({f.family}): " + "; ".join(parts))
for r in status[status["status"] != "estimated"].itertuples():
    print(f"{r.dyad}: {r.status} ({r.reason}); no growth estimate.")
for r in pooled.wald.itertuples():
    print(
        f"Pooled ({', '.join(pooled.dyads)}), {r.hypothesis}: chi2 = {r.chi2:.1f}, df = {r.df}, p = {r.p_value:.3f}"
    )

# %%
write_csv(pd.concat([estimates, common, specific], ignore_index=True), tables / "estimates.csv")
write_csv(growth, tables / "growth_by_segment.csv")
write_csv(status, tables / "status.csv")
write_csv(diagnostics, tables / "diagnostics.csv")
write_csv(pooled.wald, tables / "pooled_wald.csv")
write_csv(trend, tables / "state_space_trend.csv")
write_csv(found, tables / "change_points.csv")
write_csv(
    pd.concat([p.assign(dyad=d) for d, p in paths.items()], ignore_index=True), tables / "penalty_path.csv"
)
write_csv(battery, tables / "robustness.csv")
write_csv(placebo_table, tables / "placebo.csv")


def four(x: float) -> float:
    return round(float(x), 4)


slopes = shown[shown["term"].str.startswith("slope")]
write_json(
    {
        "status": dict(zip(status["dyad"], status["status"], strict=True)),
        "family": {f.dyad: f.family for f in fits},
        "growth_per_year": {
            d: {r.segment: four(r.growth_per_year) for r in g.itertuples()} for d, g in growth.groupby("dyad")
        },
        "slope_change_irr": {
            d: {r.term: four(r.irr) for r in g.itertuples()} for d, g in slopes.groupby("dyad")
        },
        "slope_change_p": {
            d: {r.term: four(r.p_value) for r in g.itertuples()} for d, g in slopes.groupby("dyad")
        },
        "pooled_wald_p": {r.hypothesis: four(r.p_value) for r in pooled.wald.itertuples()},
        "placebo_p": {f"{r.dyad} {r.break_month}": four(r.placebo_p) for r in placebo_table.itertuples()},
        "change_points": {d: [f"{x:%Y-%m}" for x in v] for d, v in sorted(detected.items())},
    },
    Path(metrics_path),
)
