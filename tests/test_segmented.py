"""The segmented models recover known trends and breaks from simulated counts, and decline what they cannot fit."""

import numpy as np
import pandas as pd
import pytest

from analysis import robustness as rb
from analysis import segmented as sg

MONTHS = pd.date_range("2000-01-01", "2025-12-01", freq="MS")


def simulate(
    trend: float, level: float, slope: float, brk: str, seed: int, base: float = 1.0, alpha: float = 0.3
):
    """Monthly NB2 counts with a known yearly log trend and one break's level and slope change."""
    rng = np.random.default_rng(seed)
    X = sg.design(pd.Series(MONTHS), [brk], "month")
    lam, step, ramp = sg.break_terms(brk)[0], X[sg.break_terms(brk)[0]], X[sg.break_terms(brk)[1]]
    assert lam == f"level {brk}"
    mu = base * np.exp(trend * X["trend"] + level * step + slope * ramp)
    counts = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))
    return pd.DataFrame({"dyad": "AAA-BBB", "period_start": MONTHS, "count": counts.astype(float)})


def test_design_has_step_and_ramp_in_years():
    X = sg.design(pd.Series(pd.date_range("2000-01-01", periods=6, freq="MS")), ["2000-04"], "month")
    assert X["trend"].tolist() == pytest.approx([0, 1 / 12, 2 / 12, 3 / 12, 4 / 12, 5 / 12])
    assert X["level 2000-04"].tolist() == [0, 0, 0, 1, 1, 1]
    assert X["slope 2000-04"].tolist() == pytest.approx([0, 0, 0, 0, 1 / 12, 2 / 12])


def test_break_outside_the_series_is_an_error():
    with pytest.raises(ValueError, match="not inside"):
        sg.design(pd.Series(MONTHS[:12]), ["2001-06"], "month")


def test_newey_west_rule():
    assert sg.newey_west_lags(312) == 5
    assert sg.newey_west_lags(100) == 4


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recovers_known_trend_and_break(seed):
    """Truth: +5 %/yr before 2014-03 (log 0.049), level x1.6 (log 0.47), slope +0.10/yr after; within 3 HAC SEs."""
    truth = {"trend": 0.049, "level 2014-03": 0.47, "slope 2014-03": 0.10}
    fit = sg.fit_segmented(
        simulate(0.049, 0.47, 0.10, "2014-03", seed), ["2014-03"], "month", min_events=20, min_segment=3
    )
    assert fit.family == "NB2"
    for term, value in truth.items():
        assert abs(fit.main.params[term] - value) < 3 * fit.main.bse[term], term
    assert fit.main.params["alpha"] == pytest.approx(0.3, abs=0.2)


def test_equidispersed_counts_report_the_poisson_fit():
    """Poisson counts put the NB2 dispersion on its boundary: the Poisson twin is reported, and said so."""
    rng = np.random.default_rng(4)
    X = sg.design(pd.Series(MONTHS), ["2014-03"], "month")
    counts = rng.poisson(np.exp(0.05 * X["trend"])).astype(float)
    series = pd.DataFrame({"dyad": "AAA-BBB", "period_start": MONTHS, "count": counts})
    fits, status = sg.fit_dyads(series, ["2014-03"], "month", min_events=20, min_segment=3, hac_lags=None)
    assert fits[0].family == "Poisson" and fits[0].main is fits[0].poisson
    assert status["reason"].tolist() == [sg.POISSON_REASON]
    assert sg.fit_summary(fits[0])["nb_alpha"] == 0.0


def test_growth_by_segment_adds_the_slope_change():
    fit = sg.fit_segmented(
        simulate(0.049, 0.47, 0.10, "2014-03", 1), ["2014-03"], "month", min_events=20, min_segment=3
    )
    growth = sg.growth_by_segment(fit).set_index("segment")["growth_per_year"]
    p = fit.main.params
    assert growth["before 2014-03"] == pytest.approx(np.expm1(p["trend"]))
    assert growth["from 2014-03"] == pytest.approx(np.expm1(p["trend"] + p["slope 2014-03"]))


def test_overdispersed_counts_flag_overdispersion_and_poisson_ones_do_not():
    rng = np.random.default_rng(5)
    mu = np.full(400, 2.0)
    _, p_nb = sg.overdispersion_test(rng.negative_binomial(1, 1 / 3, size=400).astype(float), mu)
    _, p_pois = sg.overdispersion_test(rng.poisson(2.0, size=400).astype(float), mu)
    assert p_nb < 0.01
    assert p_pois > 0.05


def test_sparse_series_are_declined_not_estimated():
    sparse = simulate(0.0, 0.0, 0.0, "2014-03", 1, base=0.02)
    with pytest.raises(sg.InsufficientEvents, match="fewer than the minimum"):
        sg.fit_segmented(sparse, ["2014-03"], "month", min_events=20, min_segment=3)
    empty_after = simulate(0.0, 0.0, 0.0, "2014-03", 1, base=1.0)
    empty_after.loc[empty_after["period_start"] >= "2022-02-01", "count"] = 0
    with pytest.raises(sg.InsufficientEvents, match="events in periods 265-311"):
        sg.fit_segmented(empty_after, ["2014-03", "2022-02"], "month", min_events=20, min_segment=3)


def test_fit_dyads_reports_a_status_for_every_dyad():
    rich = simulate(0.05, 0.3, 0.0, "2014-03", 1)
    sparse = simulate(0.0, 0.0, 0.0, "2014-03", 2, base=0.02).assign(dyad="CCC-DDD")
    fits, status = sg.fit_dyads(
        pd.concat([rich, sparse]), ["2014-03"], "month", min_events=20, min_segment=3, hac_lags=None
    )
    assert [f.dyad for f in fits] == ["AAA-BBB"]
    assert status.set_index("dyad")["status"].to_dict() == {
        "AAA-BBB": "estimated",
        "CCC-DDD": "insufficient events",
    }


def test_pooled_wald_rejects_unequal_breaks_and_not_equal_ones():
    a = simulate(0.03, 0.0, 0.0, "2014-03", 11, base=1.0)
    b = simulate(0.03, 0.0, 0.0, "2014-03", 12, base=1.0).assign(dyad="CCC-DDD")
    c = simulate(0.03, 1.2, 0.0, "2014-03", 13, base=1.0).assign(dyad="EEE-FFF")
    same = sg.fit_pooled(pd.concat([a, b]), ["2014-03"], "month", 5).wald.set_index("hypothesis")["p_value"]
    differ = sg.fit_pooled(pd.concat([a, c]), ["2014-03"], "month", 5).wald.set_index("hypothesis")["p_value"]
    assert same["2014-03: level and slope changes equal across dyads"] > 0.05
    assert differ["2014-03: level and slope changes equal across dyads"] < 0.01


def placebo_at_registered_date(series: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """The placebo draws for a simulated series and the p-value of its registered date, 2014-03."""
    dates = rb.placebo_dates(series["period_start"], 60, seed=3, margin=24)
    draws = rb.placebo(series, "month", dates, min_events=20, min_segment=3, hac_lags=None)
    real = rb.placebo(
        series, "month", [pd.Timestamp("2014-03-01")], min_events=20, min_segment=3, hac_lags=None
    )
    return draws, rb.placebo_p(float(real["statistic"].iloc[0]), draws["statistic"])


def test_placebo_statistic_is_not_extreme_without_a_break():
    """A trend with no break: the registered date's statistic sits inside the placebo distribution."""
    draws, p = placebo_at_registered_date(simulate(0.05, 0.0, 0.0, "2014-03", 21))
    assert len(draws) >= 55
    assert p > 0.05


def test_placebo_flags_a_real_break():
    _, p = placebo_at_registered_date(simulate(0.02, 1.0, 0.0, "2014-03", 22))
    assert p < 0.05


def test_placebo_dates_are_seeded_and_keep_the_margin():
    first = rb.placebo_dates(pd.Series(MONTHS), 50, seed=9, margin=24)
    assert first == rb.placebo_dates(pd.Series(MONTHS), 50, seed=9, margin=24)
    assert min(first) >= MONTHS[24] and max(first) <= MONTHS[-25]
    assert rb.placebo_p(5.0, pd.Series([1.0, 6.0, 7.0])) == pytest.approx(3 / 4)
