"""The mapping's indices on the six fixture events, each value worked out by hand.

Fixture: T1-001 2005-08 CHN-RUS exercise; T1-002 2014-05 CHN-RUS equipment RUS->CHN (reported);
T1-003 2019-12 CHN-IRN-RUS exercise (multilateral); T1-004 2022-01 IRN-RUS senior contact;
T1-005 and T1-006 2024-06 PRK-RUS agreement and senior contact.
"""

import pandas as pd
import pytest

from analysis import indices as ix
from analysis import panel as pn
from analysis.codebook import load_codebook
from analysis.codings import Codings
from analysis.states import DYADS, STATES

CODEBOOK = load_codebook()
CUTS = ["2014-03", "2022-02"]


def query_log(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [("q", dyad, category, y0, y1, 0) for dyad, category, y0, y1 in rows],
        columns=["query", "dyad", "category", "year_from", "year_to", "results_used"],
    )


def test_breadth_and_depth_by_hand(fixture_events: pd.DataFrame) -> None:
    rows = pn.expand_dyads(fixture_events)
    panel = pn.dyad_period_counts(rows, CODEBOOK, "2000-01", "2025-12", "year")
    one = ix.breadth_depth(panel, CODEBOOK, window=1).set_index(["dyad", "period"])
    # PRK-RUS 2024: an agreement (tier 2) and a senior contact (tier 1).
    assert one.loc[("PRK-RUS", "2024")].tolist() == [2, 2, 3]
    assert one.loc[("CHN-RUS", "2014"), "depth"] == 3
    six = ix.breadth_depth(panel, CODEBOOK, window=6).set_index(["dyad", "period"])
    # CHN-RUS 2014-2019 holds equipment_aid (2014) and exercise (2019); 2005's exercise leaves the window after 2010.
    assert six.loc[("CHN-RUS", "2019"), "breadth"] == 2
    assert six.loc[("CHN-RUS", "2010"), "breadth"] == 1
    assert six.loc[("CHN-RUS", "2011"), "breadth"] == 0
    with pytest.raises(ValueError, match="at least one period"):
        ix.breadth_depth(panel, CODEBOOK, window=0)


def test_growth_ratio_compares_yearly_rates_between_the_last_cuts(fixture_events: pd.DataFrame) -> None:
    growth = ix.growth_ratio(pn.expand_dyads(fixture_events), CUTS, "2000-01", "2025-12").set_index("dyad")
    # 2014-03 to 2022-01 is 95 months; 2022-02 to 2025-12 is 47 months.
    assert growth.loc["CHN-RUS", "rate_before"] == pytest.approx(2 * 12 / 95)  # T1-002, T1-003
    assert growth.loc["IRN-RUS", "rate_before"] == pytest.approx(2 * 12 / 95)  # T1-003, T1-004 (2022-01)
    assert growth.loc["CHN-RUS", "growth_ratio"] == 0
    assert growth.loc["PRK-RUS", "rate_after"] == pytest.approx(2 * 12 / 47)
    assert pd.isna(growth.loc["PRK-RUS", "growth_ratio"]), "no events before: no ratio, not infinity"
    assert list(growth.index) == list(DYADS)
    one_cut = ix.growth_ratio(pn.expand_dyads(fixture_events), ["2022-02"], "2000-01", "2025-12")
    # From the window's start (265 months to 2022-01): T1-001..T1-003 on CHN-RUS.
    assert one_cut.set_index("dyad").loc["CHN-RUS", "rate_before"] == pytest.approx(3 * 12 / 265)


def test_growth_ratio_is_scale_free() -> None:
    dates = pd.to_datetime(["2015-01-01", "2023-01-01", "2024-01-01"])
    rows = pd.DataFrame({"dyad": "CHN-RUS", "start_date": dates, "weight": [1.0, 1.0, 1.0]})
    doubled = rows.assign(weight=2.0)
    a = ix.growth_ratio(rows, CUTS, "2000-01", "2025-12").set_index("dyad").loc["CHN-RUS", "growth_ratio"]
    b = ix.growth_ratio(doubled, CUTS, "2000-01", "2025-12").set_index("dyad").loc["CHN-RUS", "growth_ratio"]
    assert a == pytest.approx(b) == pytest.approx((2 * 12 / 47) / (1 * 12 / 95))


def test_direction_matrix_counts_each_flow_once(fixture_events: pd.DataFrame) -> None:
    three_way = fixture_events.iloc[[0]].assign(
        event_id="T9-001", category="training", participants="CHN;IRN;RUS", provider="RUS", recipient="IRN"
    )
    matrix = ix.direction_matrix(pd.concat([fixture_events, three_way]), CODEBOOK)
    assert list(matrix.index) == list(matrix.columns) == list(STATES)
    assert matrix.loc["RUS", "CHN"] == 1 and matrix.loc["RUS", "IRN"] == 1
    assert matrix.to_numpy().sum() == 2


def test_scorecard_lists_every_cell_with_first_last_and_confirmed_share(fixture_codings: Codings) -> None:
    rows = pn.expand_dyads(fixture_codings.events)
    card = ix.scorecard(rows, fixture_codings.queries, CODEBOOK).set_index(["dyad", "category"])
    assert len(card) == 60
    exercise = card.loc[("CHN-RUS", "exercise")]
    assert (exercise["events"], exercise["first_year"], exercise["last_year"]) == (2, 2005, 2019)
    assert exercise["confirmed_share"] == 1.0 and exercise["status"] == ix.CODED
    assert card.loc[("CHN-RUS", "equipment_aid"), "confirmed_share"] == 0.0  # reported
    # 'Maritime Security Belt' was logged for all dyads and exercise: searched, none found on PRK-RUS.
    assert card.loc[("PRK-RUS", "exercise"), "status"] == ix.SEARCHED_NONE
    empty = card.loc[("CHN-PRK", "attache")]
    assert empty["events"] == 0 and pd.isna(empty["first_year"]) and empty["status"] == ix.NOT_SEARCHED


def test_queries_count_for_named_dyad_or_all_and_only_a_named_category() -> None:
    log = query_log(
        [("all", "exercise", 2000, 2001), ("CHN-PRK", "attache", 2010, 2010), ("CHN-PRK", "all", 2010, 2010)]
    )
    counts = ix.query_counts(log, CODEBOOK).set_index(["dyad", "category"])["queries"]
    assert counts.sum() == 6 + 1
    assert (counts.xs("exercise", level="category") == 1).all()
    by_year = ix.query_counts(log, CODEBOOK, range(2000, 2012)).set_index(["dyad", "category", "year"])
    assert by_year.loc[("CHN-IRN", "exercise", 2001), "queries"] == 1
    assert by_year.loc[("CHN-IRN", "exercise", 2002), "queries"] == 0
    assert by_year["queries"].sum() == 6 * 2 + 1


def test_coverage_marks_searched_empty_years(fixture_events: pd.DataFrame) -> None:
    panel = pn.dyad_period_counts(pn.expand_dyads(fixture_events), CODEBOOK, "2000-01", "2025-12", "month")
    log = query_log([("CHN-PRK", "attache", 2010, 2011), ("CHN-RUS", "exercise", 2005, 2006)])
    cover = ix.coverage_table(panel, log, CODEBOOK).set_index(["dyad", "category", "year"])
    assert len(cover) == 6 * 10 * 26
    assert cover.loc[("CHN-PRK", "attache", 2011), "status"] == ix.SEARCHED_NONE
    assert cover.loc[("CHN-PRK", "attache", 2012), "status"] == ix.NOT_SEARCHED
    assert cover.loc[("CHN-RUS", "exercise", 2005), "status"] == ix.CODED
    assert cover.loc[("CHN-RUS", "exercise", 2006), "status"] == ix.SEARCHED_NONE


def test_dyad_totals_mean_tier(fixture_events: pd.DataFrame) -> None:
    totals = ix.dyad_totals(pn.expand_dyads(fixture_events), CODEBOOK).set_index("dyad")
    # CHN-RUS: two exercises (tier 2) and an equipment transfer (tier 3).
    assert totals.loc["CHN-RUS", ["events", "depth"]].tolist() == [3, 7]
    assert totals.loc["CHN-RUS", "mean_tier"] == pytest.approx(7 / 3)
    assert totals.loc["CHN-PRK", "events"] == 0 and pd.isna(totals.loc["CHN-PRK", "mean_tier"])


def test_evidence_levels_and_last_full_year() -> None:
    assert ix.evidence_at_least(CODEBOOK, "claimed") == ("confirmed", "reported", "claimed")
    assert ix.evidence_at_least(CODEBOOK, "reported") == ("confirmed", "reported")
    with pytest.raises(ValueError, match="minimum evidence"):
        ix.evidence_at_least(CODEBOOK, "rumoured")
    assert ix.last_full_year("2025-12") == 2025
    assert ix.last_full_year("2025-06") == 2024
