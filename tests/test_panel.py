"""Dyad expansion and the dyad-period panel, by properties and on the hand-checked fixture."""

from itertools import combinations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import panel as pn
from analysis.codebook import load_codebook
from analysis.states import DYADS, STATES

CODEBOOK = load_codebook()
THIRD = ["USA", "ZAF", "PAK", "KAZ"]


def events_frame(participant_lists: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [f"P-{i:03d}" for i in range(len(participant_lists))],
            "participants": [";".join(sorted(p)) for p in participant_lists],
            "multilateral": [len(p) > 2 for p in participant_lists],
            "start_date": pd.Timestamp("2010-01-01"),
            "category": "exercise",
            "provider": "",
            "recipient": "",
            "evidence": "confirmed",
        }
    )


participants = st.tuples(st.sets(st.sampled_from(STATES), min_size=2), st.sets(st.sampled_from(THIRD))).map(
    lambda t: sorted(t[0] | t[1])
)


@given(st.lists(participants, min_size=1, max_size=8))
def test_k_states_give_k_choose_2_alphabetical_dyads(lists: list[list[str]]) -> None:
    events = events_frame(lists)
    rows = pn.expand_dyads(events)
    for event_id, p in zip(events["event_id"], lists, strict=True):
        k = len(set(p) & set(STATES))
        dyads = rows.loc[rows["event_id"] == event_id, "dyad"].tolist()
        assert len(dyads) == k * (k - 1) // 2
        assert len(set(dyads)) == len(dyads)
        for dyad in dyads:
            a, b = dyad.split("-")
            assert a < b and dyad in DYADS
    assert set(rows["event_id"]) == set(events["event_id"])


@given(st.lists(participants, min_size=1, max_size=8))
def test_downweighting_sums_each_event_to_one(lists: list[list[str]]) -> None:
    events = events_frame(lists)
    rows = pn.expand_dyads(events, multilateral="downweight")
    totals = rows.groupby("event_id")["weight"].sum()
    assert totals.to_numpy() == pytest.approx([1.0] * len(events))


def test_fixture_dyad_totals(fixture_events: pd.DataFrame) -> None:
    rows = pn.expand_dyads(fixture_events)
    totals = rows.groupby("dyad")["weight"].sum().reindex(list(DYADS), fill_value=0).to_dict()
    assert totals == {"CHN-IRN": 1, "CHN-PRK": 0, "CHN-RUS": 3, "IRN-PRK": 0, "IRN-RUS": 2, "PRK-RUS": 2}
    down = pn.expand_dyads(fixture_events, "downweight").groupby("dyad")["weight"].sum()
    assert down["CHN-RUS"] == pytest.approx(2 + 1 / 3)
    assert set(pn.expand_dyads(fixture_events, "exclude")["event_id"]) == {
        f"T1-00{i}" for i in (1, 2, 4, 5, 6)
    }


def test_panel_is_full_grid_with_zeros(fixture_events: pd.DataFrame) -> None:
    rows = pn.expand_dyads(fixture_events)
    panel = pn.dyad_period_counts(rows, CODEBOOK, "2000-01", "2025-12", "year")
    assert len(panel) == 6 * 26 * 10
    assert panel["count"].sum() == 8
    cell = panel.set_index(["dyad", "period", "category"])["count"]
    assert cell[("CHN-RUS", "2014", "equipment_aid")] == 1
    assert cell[("IRN-RUS", "2019", "exercise")] == 1
    assert cell[("CHN-PRK", "2019", "exercise")] == 0
    monthly = pn.dyad_period_counts(rows, CODEBOOK, "2000-01", "2025-12", "month")
    assert len(monthly) == 6 * 312 * 10
    assert (
        monthly.set_index(["dyad", "period", "category"])["count"][("PRK-RUS", "2024-06", "agreement")] == 1
    )


def test_period_labels_split_at_cut_months() -> None:
    dates = pd.Series(pd.to_datetime(["2014-02-28", "2014-03-01", "2022-01-31", "2022-02-01"]))
    labels = pn.period_of(dates, ["2014-03", "2022-02"]).astype(str).tolist()
    assert labels == ["to 2014-02", "2014-03 to 2022-01", "2014-03 to 2022-01", "from 2022-02"]


def test_yearly_counts_sum_months_to_years(fixture_events: pd.DataFrame) -> None:
    panel = pn.dyad_period_counts(pn.expand_dyads(fixture_events), CODEBOOK, "2000-01", "2025-12", "month")
    coverage = pn.yearly_counts(panel).set_index(["dyad", "category", "year"])["count"]
    assert coverage[("PRK-RUS", "senior_contact", 2024)] == 1
    assert coverage.sum() == 8 and len(coverage) == 6 * 10 * 26


def test_every_pair_of_states_is_one_dyad() -> None:
    assert len(DYADS) == len(list(combinations(STATES, 2))) == 6
