"""Reliability helpers on small hand-checked cases: samples, alpha, confusion, audit support, SIPRI matching."""

import numpy as np
import pandas as pd
import pytest

from analysis import reliability as rl
from analysis.codebook import load_codebook

CODEBOOK = load_codebook()


def coding(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    cols = ["event_id", "category", "start_date", "participants", "evidence"]
    return pd.DataFrame(rows, columns=cols).assign(retrieved="yes")


def test_allocation_is_proportional_with_one_per_stratum():
    sizes = pd.Series({"a": 80, "b": 15, "c": 5})
    assert rl.allocate(sizes, 10).to_dict() == {"a": 8, "b": 1, "c": 1}
    assert rl.allocate(pd.Series({"a": 50, "b": 1}), 10).to_dict() == {"a": 9, "b": 1}


def test_sample_is_seeded_and_excludes(fixture_events):
    cuts = ["2014-03", "2022-02"]
    one = rl.stratified_sample(fixture_events, 3, 7, cuts)
    assert one.equals(rl.stratified_sample(fixture_events, 3, 7, cuts))
    assert len(one) >= 3
    rest = rl.stratified_sample(fixture_events, 2, 7, cuts, exclude=frozenset(one["event_id"]))
    assert not set(rest["event_id"]) & set(one["event_id"])


def test_perfect_agreement_gives_alpha_one_and_a_diagonal_confusion():
    a = coding([
        ("E1", "exercise", "2010-01-01", "CHN;RUS", "confirmed"),
        ("E2", "agreement", "2012-05-01", "IRN;RUS", "reported"),
        ("E3", "senior_contact", "2015-03-02", "PRK;RUS", "claimed"),
    ])  # fmt: skip
    alpha = rl.agreement(a, a, CODEBOOK).set_index("field")["alpha"]
    assert alpha.to_dict() == pytest.approx({f: 1.0 for f in rl.AGREEMENT_FIELDS})
    conf = rl.confusion(a, a, CODEBOOK)
    assert int(np.trace(conf.to_numpy())) == 3 and int(conf.to_numpy().sum()) == 3


def test_nominal_alpha_by_hand():
    """Two coders, four units, categories (x,x),(x,y),(y,y),(y,y): observed disagreement 2/8 pairs... alpha = 8/15."""
    a = coding(
        [
            (f"E{i}", c, "2010-01-01", "CHN;RUS", "confirmed")
            for i, c in enumerate(["exercise", "exercise", "agreement", "agreement"])
        ]
    )
    b = coding(
        [
            (f"E{i}", c, "2010-01-01", "CHN;RUS", "confirmed")
            for i, c in enumerate(["exercise", "agreement", "agreement", "agreement"])
        ]
    )
    # coincidences: o(x,x)=2, o(x,y)=o(y,x)=1, o(y,y)=4; n=8, n_x=3, n_y=5
    # D_o = 2/8, D_e = 2*3*5/(8*7) -> alpha = 1 - (2/8)/(30/56) = 1 - 56/120 = 8/15
    alpha = rl.agreement(a, b, CODEBOOK).set_index("field").loc["category", "alpha"]
    assert alpha == pytest.approx(8 / 15)
    assert rl.disagreements(a, b).to_dict("records") == [
        {"event_id": "E1", "field": "category", "first": "exercise", "second": "agreement"}
    ]


def test_participants_compare_as_sets_and_missing_is_not_disagreement():
    a = coding(
        [
            ("E1", "exercise", "2010-01-01", "CHN;RUS", "confirmed"),
            ("E2", "exercise", "2011-01-01", "IRN;RUS", "confirmed"),
        ]
    )
    b = coding([("E1", "exercise", "2010-01-01", "RUS;CHN", "confirmed"), ("E2", "", "", "", "")])
    table = rl.agreement(a, b, CODEBOOK).set_index("field")
    assert table.loc["participants", "pairs"] == 1 and table.loc["participants", "exact_agreement"] == 1


def test_audit_support_needs_one_page_with_all_three():
    audit = pd.DataFrame(
        [
            ("E1", "u1", "yes", "yes", "yes", "yes"),
            ("E1", "u2", "no", "", "", ""),
            ("E2", "u3", "yes", "no", "yes", "yes"),
            ("E2", "u4", "yes", "yes", "no", "yes"),
        ],
        columns=["event_id", "url", "found", "date_ok", "participants_ok", "category_ok"],
    )
    support = rl.audit_support(audit).set_index("event_id")
    assert support["supported"].to_dict() == {"E1": True, "E2": False}
    assert support["pages_found"].to_dict() == {"E1": 1, "E2": 2}


def test_designation_keys_cover_word_and_family():
    assert rl.designation_keys("S-300PMU-2") == {"s300pmu2", "s300"}
    assert rl.designation_keys("Su-30MKK") == {"su30mkk", "su30"}
    assert "type" not in rl.designation_keys("Type-86")


def test_designation_keys_keep_short_names_and_drop_generic_words():
    assert rl.designation_keys("D-74 122mm") == {"d74", "122mm"}
    assert rl.designation_keys("China Cat") == {"cat"}
    assert rl.designation_keys("Hwasong-11 TEL") == {"hwasong11"}
    assert rl.designation_keys("53-65") == set()


@pytest.mark.parametrize(
    ("text", "key", "named"),
    [
        ("Mi-8MTV helicopters", "mi8", True),
        ("Mi-80 drones", "mi8", False),
        ("R-73E missiles", "r73", True),
        ("Tir boats", "tir", True),
        ("Tirana talks", "tir", False),
        ("Mi-171 helicopters", "mi17", True),
    ],
)
def test_short_keys_must_start_a_word_and_long_keys_may_stand_anywhere(text, key, named):
    assert rl.names_weapon(rl._words(text), key) is named


def test_sipri_match_needs_direction_years_and_name():
    deals = pd.DataFrame(
        [
            ("RUS", "CHN", 2001, "Su-30MKK", 2002.0, 2003.0),
            ("RUS", "IRN", 2007, "S-300PMU-2", 2016.0, 2016.0),
        ],
        columns=["provider", "recipient", "order_year", "designation", "first_year", "last_year"],
    )
    events = pd.DataFrame(
        {
            "event_id": ["A", "B", "C"],
            "category": ["equipment_aid"] * 3,
            "provider": ["RUS", "RUS", "CHN"],
            "recipient": ["CHN", "IRN", "RUS"],
            "start_date": pd.to_datetime(["2001-08-01", "2016-04-01", "2002-01-01"]),
            "title": ["Su-30 contract", "S-300 delivery", "Su-30MKK parts"],
            "description": ["", "", ""],
        }
    )
    out = rl.match_sipri(deals, events)
    assert out["event_ids"].tolist() == ["A", "B"]
    late = events.assign(start_date=pd.to_datetime(["2009-01-01", "2016-04-01", "2002-01-01"]))
    assert rl.match_sipri(deals, late)["matched"].tolist() == [False, True]


def test_draw_freezes_the_first_coding_of_each_pick(fixture_events):
    picks = rl.draw(fixture_events, 3, 7, ["2014-03", "2022-02"])
    coded = fixture_events.set_index("event_id")
    for r in picks.itertuples():
        assert r.category == coded.at[r.event_id, "category"]
        assert r.start_date == coded.at[r.event_id, "start_date"].strftime("%Y-%m-%d")
    assert list(picks.columns) == ["event_id", "stratum", *rl.SNAPSHOT_FIELDS]


def resolution(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(e, f, side, value, "by the codebook") for e, f, side, value in rows],
        columns=["event_id", "field", "decided_for", "resolved", "reason"],
    )


DIFFER = pd.DataFrame(
    [("E1", "category", "exercise", "training"), ("E2", "evidence", "reported", "confirmed")],
    columns=["event_id", "field", "first", "second"],
)
CURRENT = pd.DataFrame(
    {"event_id": ["E1", "E2"], "category": ["training", "agreement"], "evidence": ["reported"] * 2}
)


def test_resolutions_must_cover_every_disagreement_and_be_carried_out():
    done = rl.check_resolutions(
        DIFFER,
        resolution(("E1", "category", "second", "training"), ("E2", "evidence", "first", "reported")),
        CURRENT,
        "r.csv",
    )
    assert done["current"].tolist() == ["training", "reported"]
    with pytest.raises(rl.ReliabilityError, match=r"E2 evidence: the coders disagree"):
        rl.check_resolutions(DIFFER, resolution(("E1", "category", "second", "training")), CURRENT, "r.csv")
    with pytest.raises(
        rl.ReliabilityError, match=r"E1 category: resolved as 'exercise' but the codings hold 'training'"
    ):
        rl.check_resolutions(
            DIFFER,
            resolution(("E1", "category", "first", "exercise"), ("E2", "evidence", "first", "reported")),
            CURRENT,
            "r.csv",
        )
    with pytest.raises(rl.ReliabilityError, match=r"row 2, column decided_for: 'both'"):
        rl.check_resolutions(
            DIFFER,
            resolution(("E1", "category", "both", "training"), ("E2", "evidence", "first", "reported")),
            CURRENT,
            "r.csv",
        )


def test_audit_judges_each_event_by_its_latest_round():
    audit = pd.DataFrame(
        [
            ("E1", 1, "yes", "no", "yes", "yes"),
            ("E1", 2, "yes", "yes", "yes", "yes"),
            ("E2", 1, "yes", "yes", "yes", "yes"),
        ],
        columns=["event_id", "round", "found", "date_ok", "participants_ok", "category_ok"],
    )
    assert rl.audit_support(audit).set_index("event_id")["supported"].to_dict() == {"E1": True, "E2": True}
    assert rl.audit_support(audit[audit["round"] <= 1]).set_index("event_id")["supported"].to_dict() == {
        "E1": False,
        "E2": True,
    }


def test_alliance_onsets_are_new_obligations_in_the_window(tmp_path):
    rows = [
        # A-B: non-aggression since 1998, consultation added in 2001; B-A mirrors it and is read once
        *[("A", "B", y, 0, 0, 0, 1, int(y >= 2001)) for y in range(1998, 2004)],
        *[("B", "A", y, 0, 0, 0, 1, int(y >= 2001)) for y in range(1998, 2004)],
        # A-C: a pact that lapses in 2002 and a new one in 2005
        *[("A", "C", y, 1, 0, 0, 0, 0) for y in (2000, 2001, 2005)],
    ]
    cols = ["iso3_1", "iso3_2", "year", *rl.ALLIANCE_FLAGS["ATOP"]]
    path = tmp_path / "atop.csv"
    pd.DataFrame(rows, columns=cols).to_csv(path, index=False)
    onsets = rl.alliance_onsets(path, "ATOP", 2000, 2025)
    assert onsets[["pair", "year", "obligations"]].values.tolist() == [
        ["A-B", 2001, "consul"],
        ["A-C", 2000, "defense"],
        ["A-C", 2005, "defense"],
    ]
    assert onsets["record"].tolist()[0] == "ATOP A-B 2001"


def test_treaty_records_match_agreements_of_the_pair_in_the_same_year():
    records = pd.DataFrame({"pair": ["CHN-RUS", "IRN-RUS"], "year": [2001, 2001]})
    events = pd.DataFrame(
        {
            "event_id": ["T", "U", "V"],
            "category": ["agreement", "agreement", "exercise"],
            "participants": ["CHN;RUS", "IRN;RUS", "IRN;RUS"],
            "start_date": pd.to_datetime(["2001-07-16", "2002-01-01", "2001-05-01"]),
        }
    )
    assert rl.match_agreements(records, events)["event_ids"].tolist() == ["T", ""]
    assert rl.match_agreements(records, events, slack=1)["event_ids"].tolist() == ["T", "U"]


CROSSWALK = pd.DataFrame(
    {"iso3c": ["CHN", "IRN", "PRK", "RUS"], "cown": ["710", "630", "731", "365"]}
    | {"country.name.en": ["China", "Iran", "North Korea", "Russia"]}
)


def test_exercise_records_read_each_pair_of_the_four_at_the_precision_given(tmp_path):
    mme, jme, russia = tmp_path / "mme.csv", tmp_path / "jme.csv", tmp_path / "ru.csv"
    pd.DataFrame(
        {"MMEID": ["m1"], "Ex_Name": ["-9"], "s.year": ["2007"], "s.month": ["1"], "s.day": ["xx"]}
        | {"crink_states": ["CHN;IRN;RUS"]}
    ).to_csv(mme, index=False)
    pd.DataFrame(
        {
            "xls_row": ["998"],
            "Exercise Name": ["-9"],
            "Start Date": ["11/xx/2002"],
            "crink_states": ["PRK;RUS"],
        }
    ).to_csv(jme, index=False)
    pd.DataFrame(
        {"id": ["82", ""], "name": ["Norak-2009", ""], "yr": ["2009", ""]}
        | {"part1": ["Kazakhstan", ""], "part2": ["China", ""]}
    ).to_csv(russia, index=False)
    records = pd.concat(
        [rl.read_mme(mme), rl.read_jme(jme), rl.read_russian_exercises(russia, CROSSWALK)], ignore_index=True
    )
    assert records["record"].tolist() == [
        "MME m1 CHN-IRN", "MME m1 CHN-RUS", "MME m1 IRN-RUS", "JME row 998 PRK-RUS", "RUS-list 82 CHN-RUS",
    ]  # fmt: skip
    assert records["name"].tolist()[:4] == ["", "", "", ""]
    assert records[["year", "month"]].iloc[3].tolist() == [2002, 11]
    assert records["day"].isna().all() and pd.isna(records["month"].iloc[4])


def test_exercise_records_match_exercises_of_the_pair_near_their_start():
    records = pd.DataFrame(
        {
            "pair": ["CHN-RUS", "CHN-RUS", "CHN-RUS", "IRN-RUS"],
            "year": [2009, 2009, 2010, 2009],
            "month": [4, 8, np.nan, 4],
            "day": [17, np.nan, np.nan, 17],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["P", "Q", "R", "S"],
            "category": ["exercise", "exercise", "senior_contact", "exercise"],
            "participants": ["CHN;KAZ;RUS", "CHN;RUS", "CHN;RUS", "CHN;RUS"],
            "start_date": pd.to_datetime(["2009-04-27", "2009-09-20", "2009-04-17", "2010-12-31"]),
        }
    )
    # P is 10 days after 17 April; Q lies in the month after August; S in 2010; R is no exercise
    assert rl.match_exercises(records, events)["event_ids"].tolist() == ["P", "Q", "S", ""]
    assert rl.match_exercises(records, events, days=5)["event_ids"].tolist()[0] == ""


def test_every_uncaptured_record_needs_an_explanation():
    uncaptured = pd.DataFrame({"record": ["R1", "R2"], "dataset": ["SIPRI", "ATOP"]})
    events = pd.DataFrame({"event_id": ["E1"]})
    gaps = pd.DataFrame(
        [
            ("R1", "other_unit", "E1", "", "a part of E1's system"),
            ("R2", "no_source", "", "q", "nothing found"),
        ],
        columns=["record", "reason", "event_ids", "query", "explanation"],
    )
    assert rl.explain_gaps(uncaptured, gaps, events, "g.csv")["reason"].tolist() == [
        "other_unit",
        "no_source",
    ]
    with pytest.raises(rl.ReliabilityError, match="R2: not captured by the codings and not explained"):
        rl.explain_gaps(uncaptured, gaps.iloc[:1], events, "g.csv")
    with pytest.raises(rl.ReliabilityError, match=r"row 2, column event_ids: \['E9'\]"):
        rl.explain_gaps(uncaptured, gaps.assign(event_ids=["E9", ""]), events, "g.csv")
    with pytest.raises(rl.ReliabilityError, match="R3: explained, but not an uncaptured record"):
        rl.explain_gaps(uncaptured.iloc[:1], gaps.assign(record=["R1", "R3"]), events, "g.csv")
