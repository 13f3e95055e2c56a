"""Reliability of the codings: seeded stratified samples, Krippendorff's alpha between two coders, the source audit."""

import re
from collections.abc import Callable
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from analysis.codebook import Codebook
from analysis.codings import four_state_dyads, split_participants
from analysis.panel import period_of
from analysis.states import WINDOW_START

SEVERAL = "several dyads"
# field -> Krippendorff level of measurement; start_date is compared in days, evidence by its rank
AGREEMENT_FIELDS: dict[str, str] = {
    "category": "nominal",
    "start_date": "interval",
    "participants": "nominal",
    "evidence": "ordinal",
}


def strata(events: pd.DataFrame, cuts: list[str]) -> pd.Series:
    """Each event's stratum 'dyad | period': its one dyad of the four, or 'several dyads', by period between cuts."""
    dyads = events["participants"].map(lambda p: four_state_dyads(split_participants(p)))
    dyad = dyads.map(lambda d: d[0] if len(d) == 1 else SEVERAL)
    return dyad + " | " + period_of(events["start_date"], cuts).astype(str)


def allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Proportional allocation of n draws over strata (largest remainder), at least one per stratum.

    Small dyads thus keep a voice in the sample; the total can exceed n only when there are more strata than n.
    """
    sizes = sizes.sort_index()
    quota = sizes / sizes.sum() * n
    taken = np.floor(quota).astype(int).clip(lower=1).clip(upper=sizes)
    remainder = (quota - np.floor(quota)).sort_values(ascending=False, kind="stable")
    for stratum in remainder.index:
        if taken.sum() >= n:
            break
        if taken[stratum] < sizes[stratum]:
            taken[stratum] += 1
    return taken


def stratified_sample(
    events: pd.DataFrame, n: int, seed: int, cuts: list[str], exclude: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """A reproducible sample of event_ids stratified by dyad and period; the same seed and codings give the same rows."""
    pool = events[~events["event_id"].isin(exclude)].sort_values("event_id", ignore_index=True)
    pool = pool.assign(stratum=strata(pool, cuts))
    quota = allocate(pool["stratum"].value_counts(), n)
    rng = np.random.default_rng(seed)
    picks = []
    for stratum, k in quota.items():
        ids = pool.loc[pool["stratum"] == stratum, "event_id"].to_numpy()
        picks += [(event_id, stratum) for event_id in sorted(rng.choice(ids, size=int(k), replace=False))]
    return pd.DataFrame(picks, columns=["event_id", "stratum"])


# the first coding of a sampled event, frozen into the sample file when it is drawn: alpha compares the second
# coder with this, not with the codings as later resolutions changed them
SNAPSHOT_FIELDS = ("start_date", "date_precision", "category", "participants", "evidence")


def draw(
    events: pd.DataFrame, n: int, seed: int, cuts: list[str], exclude: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """A stratified sample of the typed codings with each event's first coding as drawn (dates as YYYY-MM-DD)."""
    picks = stratified_sample(events, n, seed, cuts, exclude)
    coding = events.assign(start_date=events["start_date"].dt.strftime("%Y-%m-%d"))
    return picks.merge(coding[["event_id", *SNAPSHOT_FIELDS]], on="event_id", validate="one_to_one")


def _pair(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The two codings side by side per event, fields suffixed _1 (first coder) and _2 (second coder)."""
    return first.merge(second, on="event_id", suffixes=("_1", "_2"), validate="one_to_one")


def _agreement_values(codings: pd.DataFrame, field: str, codebook: Codebook) -> pd.Series:
    """A field as numbers Krippendorff's alpha can compare: days for dates, rank for evidence, text otherwise."""
    values = codings[field].replace("", np.nan)
    if field == "start_date":
        return (pd.to_datetime(values, format="%Y-%m-%d") - pd.Timestamp(WINDOW_START)).dt.days
    if field == "evidence":
        return values.map({level: rank for rank, level in enumerate(codebook.evidence_levels)})
    if field == "participants":
        return values.map(lambda p: ";".join(sorted(split_participants(p))), na_action="ignore")
    return values


def agreement(first: pd.DataFrame, second: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Krippendorff's alpha per field for the events both coders coded (missing values allowed), with counts.

    Nominal text values are numbered over both coders' values, so equal text means equal code.
    """
    pair = _pair(first, second)
    rows = []
    for field, level in AGREEMENT_FIELDS.items():
        a = _agreement_values(pair.rename(columns={f"{field}_1": field}), field, codebook)
        b = _agreement_values(pair.rename(columns={f"{field}_2": field}), field, codebook)
        if level == "nominal":
            codes = {v: i for i, v in enumerate(sorted(set(a.dropna()) | set(b.dropna())))}
            a, b = a.map(codes), b.map(codes)
        data = np.vstack([a.to_numpy(dtype=float), b.to_numpy(dtype=float)])
        both = int((~np.isnan(data)).all(axis=0).sum())
        agree = int((data[0] == data[1]).sum())
        values = np.unique(data[~np.isnan(data)])
        # alpha is undefined when fewer than two units are paired or only one value occurs
        alpha = (
            krippendorff.alpha(reliability_data=data, level_of_measurement=level)
            if both > 1 and len(values) > 1
            else np.nan
        )
        rows.append({"field": field, "level": level, "pairs": both, "exact_agreement": agree, "alpha": alpha})
    return pd.DataFrame(rows)


def confusion(first: pd.DataFrame, second: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Category by category: rows the first coder, columns the second, every codebook category shown."""
    pair = _pair(first, second)
    table = pd.crosstab(pair["category_1"], pair["category_2"])
    return table.reindex(index=codebook.codes, columns=codebook.codes, fill_value=0).rename_axis(
        index="first coder", columns="second coder"
    )


def disagreements(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Every field where the two coders differ on an event both coded: the list to resolve by the codebook."""
    pair = _pair(first, second)
    rows = [
        {"event_id": r["event_id"], "field": field, "first": r[f"{field}_1"], "second": r[f"{field}_2"]}
        for _, r in pair.iterrows()
        for field in AGREEMENT_FIELDS
        if str(r[f"{field}_1"]) != str(r[f"{field}_2"])
    ]
    return pd.DataFrame(rows, columns=["event_id", "field", "first", "second"])


RESOLUTION_SIDES = ("first", "second", "neither")


def _reconcile(
    left: pd.DataFrame, right: pd.DataFrame, on: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Pair the rows of two tables one to one on keys: (both, only left, only right), for the checks that every
    row of one file has its counterpart in the other."""
    merged = left.merge(right, on=on, how="outer", indicator=True, validate="one_to_one")
    side = merged.pop("_merge")
    return merged[side == "both"], merged[side == "left_only"], merged[side == "right_only"]


class ReliabilityError(ValueError):
    """A reliability file the codings contradict: an unresolved disagreement, a resolution not carried out,
    an uncaptured reference record without an explanation."""


def check_resolutions(
    differ: pd.DataFrame, resolutions: pd.DataFrame, current: pd.DataFrame, path: Path
) -> pd.DataFrame:
    """Each disagreement with its resolution and the current coding of the field, which must equal the resolved
    value: a resolution for the second coder is thus only done once the codings are recoded.

    Raises ReliabilityError naming the file, the row and the rule broken: a disagreement left unresolved, a
    resolution for no disagreement, an unknown side, or a resolved value the codings do not hold.
    """
    problems = []
    keys = ["event_id", "field"]
    for row, r in enumerate(resolutions.itertuples(index=False), start=2):
        if r.decided_for not in RESOLUTION_SIDES:
            problems.append(
                f"row {row}, column decided_for: {r.decided_for!r} is not one of {RESOLUTION_SIDES}"
            )
    merged, unresolved, stale = _reconcile(differ, resolutions, keys)
    for r in unresolved.itertuples():
        problems.append(
            f"{r.event_id} {r.field}: the coders disagree ({r.first!r} vs {r.second!r}) and no row resolves it"
        )
    for r in stale.itertuples():
        problems.append(f"{r.event_id} {r.field}: resolved, but the coders do not disagree there")
    merged = merged.copy()
    now = current.set_index("event_id")
    merged["current"] = [
        str(now.at[e, f]) if e in now.index else ""
        for e, f in zip(merged["event_id"], merged["field"], strict=True)
    ]
    for r in merged.itertuples():
        if r.current != r.resolved:
            problems.append(
                f"{r.event_id} {r.field}: resolved as {r.resolved!r} but the codings hold {r.current!r}"
                " (recode the event, or correct the resolution)"
            )
    if problems:
        raise ReliabilityError(f"{path}: " + "; ".join(problems))
    return merged.sort_values(keys, ignore_index=True)


AUDIT_CHECKS = ("date_ok", "participants_ok", "category_ok")


def latest_round(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit rows of each event's latest round: a re-audit after fixes replaces the earlier verdict."""
    return audit[audit["round"] == audit.groupby("event_id")["round"].transform("max")]


def audit_support(audit: pd.DataFrame) -> pd.DataFrame:
    """Per event: pages audited and found, and whether one found page supports date, participants and category.

    An event is supported when at least one of its pages, re-found, supports all three; the per-page columns
    stay in the audit file, so a page that supports only part is visible too. With audit rounds, an event is
    judged by its latest round (a re-audit after fixes replaces the earlier verdict).
    """
    if "round" in audit:
        audit = latest_round(audit)
    found = audit["found"] == "yes"
    full = found & (audit[list(AUDIT_CHECKS)] == "yes").all(axis=1)
    per_event = audit.assign(found=found, full=full).groupby("event_id", sort=True)
    return pd.DataFrame(
        {
            "pages": per_event.size(),
            "pages_found": per_event["found"].sum(),
            "supported": per_event["full"].any(),
        }
    ).reset_index()


# SIPRI's names for the four states (the Soviet Union's deals end in 1991, before the window)
SIPRI_STATES = {"China": "CHN", "Russia": "RUS", "Iran": "IRN", "North Korea": "PRK"}


def read_sipri(path: Path, start: int, end: int) -> pd.DataFrame:
    """SIPRI trade-register deals among the four with an order or a delivery year in the window, one row per deal."""
    raw = pd.read_csv(path, skiprows=11, dtype=str, keep_default_na=False)
    deals = raw[raw["Supplier"].isin(SIPRI_STATES) & raw["Recipient"].isin(SIPRI_STATES)]
    years = deals["Year(s) of delivery"].map(lambda s: [int(y) for y in s.split(";") if y.strip()])
    order = pd.to_numeric(deals["Year of order"], errors="coerce")
    in_window = order.between(start, end) | years.map(lambda ys: any(start <= y <= end for y in ys))
    out = pd.DataFrame(
        {
            "provider": deals["Supplier"].map(SIPRI_STATES),
            "recipient": deals["Recipient"].map(SIPRI_STATES),
            "order_year": order,
            "designation": deals["Weapon designation"],
            "description": deals["Weapon description"],
            "delivery_years": deals["Year(s) of delivery"],
            "first_year": years.map(lambda ys: min(ys, default=np.nan)),
            "last_year": years.map(lambda ys: max(ys, default=np.nan)),
        }
    )[in_window]
    out = out.sort_values(
        ["provider", "recipient", "order_year", "designation"], ignore_index=True, kind="stable"
    )
    key = (
        out["provider"]
        + "->"
        + out["recipient"]
        + " "
        + out["order_year"].astype(int).astype(str)
        + " "
        + out["designation"]
    )
    repeat = out.groupby(key).cumcount()
    # the record's name in the gap explanations; a second deal of the same weapon and order year gets ' #2'
    return out.assign(record=key.where(repeat == 0, key + " #" + (repeat + 1).astype(str)))


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _words(text: str) -> list[str]:
    """Squashed words of a text ('Su-30MKK fighters' -> ['su30mkk', 'fighters']); hyphens stay inside a word."""
    return [w for w in map(_squash, re.split(r"[\s/(),.;:]+", text)) if w]


# Words of a designation that name no weapon: kinds (a launcher, a type, a project) and the four states
GENERIC_KEYS = {"tel", "type", "project", "china", "russia", "iran", "north", "korea"}


def designation_keys(designation: str) -> set[str]:
    """Spellings of a weapon name to look for in event text: each word squashed ('Su-30MKK' -> 'su30mkk') and
    its family ('su30'), so 'S-300PMU-2' matches an event that says 'S-300'; generic words are dropped."""
    keys = set()
    for key in _words(designation):
        family = re.match(r"[a-z]+\d+", key)
        keys |= {key, family.group(0) if family else key}
    return {k for k in keys if not k.isdigit()} - GENERIC_KEYS


def names_weapon(words: list[str], key: str) -> bool:
    """Whether an event's squashed words name the weapon a key spells. A key of four or more characters may
    stand anywhere in the joined words ('mi17' in 'mi171'); a shorter one would hit inside other names ('mi8'
    in 'mi80'), so it must start a word and, if it ends in a digit, be followed by no digit ('mi8' names 'mi8mtv')."""
    if len(key) >= 4:
        return key in "".join(words)
    rest = [w[len(key) :] for w in words if w.startswith(key)]
    return any(r == "" or (key[-1].isdigit() and not r[0].isdigit()) for r in rest)


def match_sipri(deals: pd.DataFrame, events: pd.DataFrame, slack: int = 1) -> pd.DataFrame:
    """For each SIPRI deal, the equipment_aid events of the same direction, dated from the order year to the last
    delivery year (plus or minus `slack`), whose title or description names the weapon: empty means unmatched."""
    aid = events[events["category"] == "equipment_aid"]
    words = (aid["title"] + " " + aid["description"]).map(_words)
    year = aid["start_date"].dt.year
    matched = []
    for deal in deals.itertuples(index=False):
        lo = min(y for y in (deal.order_year, deal.first_year) if pd.notna(y)) - slack
        hi = max(y for y in (deal.order_year, deal.last_year) if pd.notna(y)) + slack
        keys = designation_keys(deal.designation)
        hit = (
            (aid["provider"] == deal.provider)
            & (aid["recipient"] == deal.recipient)
            & year.between(lo, hi)
            & words.map(lambda ws, keys=keys: any(names_weapon(ws, k) for k in keys))
        )
        matched.append(aid.loc[hit, "event_id"])
    return _with_matches(deals, matched)


def _with_matches(records: pd.DataFrame, hits: list[pd.Series]) -> pd.DataFrame:
    """Each reference record with the ids of the events that capture it (';'-joined, sorted) and whether any do."""
    ids = [";".join(sorted(h)) for h in hits]
    return records.assign(event_ids=ids, matched=[bool(i) for i in ids])


# ATOP and COW obligation columns, by data set (COW has no offence or consultation pact, ATOP no entente)
ALLIANCE_FLAGS = {
    "ATOP": ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"),
    "COW": ("cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"),
}


def alliance_onsets(path: Path, dataset: str, start: int, end: int) -> pd.DataFrame:
    """Each pair's new alliance obligations in the window: the years in which an obligation appears that the pair
    did not hold the year before (or in the first year it holds any), one row per pair and year.

    The directed dyad-years are read once per pair (alphabetical order); an onset is what a signed agreement
    should leave in the codings, while a continuing obligation from a pre-window treaty leaves nothing.
    """
    flags = list(ALLIANCE_FLAGS[dataset])
    table = pd.read_csv(path)
    table = table[table["iso3_1"] < table["iso3_2"]].sort_values(["iso3_1", "iso3_2", "year"])
    rows = []
    for (a, b), years in table.groupby(["iso3_1", "iso3_2"], sort=True):
        held: set[str] = set()
        last_year = None
        for r in years.itertuples(index=False):
            now = {f.split("_", 1)[1] for f in flags if getattr(r, f) == 1}
            if last_year is not None and r.year != last_year + 1:
                held = set()
            new = now - held
            if new and start <= r.year <= end:
                rows.append({"pair": f"{a}-{b}", "year": r.year, "obligations": ";".join(sorted(new))})
            held, last_year = now, r.year
    out = pd.DataFrame(rows, columns=["pair", "year", "obligations"]).assign(dataset=dataset)
    return out.assign(record=out["dataset"] + " " + out["pair"] + " " + out["year"].astype(str))


def read_dcad(path: Path, crosswalk: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """DCAD defence cooperation agreements between two of the four signed in the window, one row each."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    iso = dict(zip(crosswalk["cown"], crosswalk["iso3c"], strict=True))
    pair = ["-".join(sorted((iso[a], iso[b]))) for a, b in zip(raw["ccode1"], raw["ccode2"], strict=True)]
    out = pd.DataFrame(
        {
            "pair": pair,
            "year": raw["signYear"].astype(int),
            "obligations": raw["type"]
            + ": "
            + raw[["category1", "category2", "category3"]].agg(lambda c: ";".join(v for v in c if v), axis=1),
            "dataset": "DCAD",
            "record": "DCAD " + raw["DCAid"],
        }
    )
    return out[out["year"].between(start, end)].reset_index(drop=True)


def _match_pairs(
    records: pd.DataFrame, events: pd.DataFrame, category: str, when: Callable[[tuple, pd.Series], pd.Series]
) -> pd.DataFrame:
    """Each record (with a `pair`) against the events of one category that include the pair and whose start
    dates `when(record, starts)` accepts."""
    chosen = events[events["category"] == category]
    pairs = chosen["participants"].map(lambda p: four_state_dyads(split_participants(p)))
    start = chosen["start_date"]
    hits = [
        chosen.loc[pairs.map(lambda d, p=r.pair: p in d) & when(r, start), "event_id"]
        for r in records.itertuples(index=False)
    ]
    return _with_matches(records, hits)


def match_agreements(records: pd.DataFrame, events: pd.DataFrame, slack: int = 0) -> pd.DataFrame:
    """For each treaty record (pair, year), the agreement events of that pair dated within `slack` years
    (0: the same year; treaty records give the year, so a wider window would pair unrelated documents)."""
    return _match_pairs(
        records, events, "agreement", lambda r, start: start.dt.year.between(r.year - slack, r.year + slack)
    )


def read_crosswalk(path: Path) -> pd.DataFrame:
    """The shared folder's four-row code crosswalk (iso3c, COW number, English name, SIPRI name) of the four."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _exercise_records(
    dataset: str, ids: pd.Series, names: pd.Series, states: pd.Series, dates
) -> pd.DataFrame:
    """One record per exercise and pair of the four present: (dataset, id, pair, name, year, month, day)."""
    year, month, day = (list(d) for d in dates)
    out = pd.DataFrame(
        {
            "dataset": dataset,
            "id": list(ids),
            "pair": [four_state_dyads(s) for s in states],
            "name": list(names),
            "year": pd.to_numeric(year).astype(int),
            "month": pd.to_numeric(pd.Series(month), errors="coerce").astype("Int64"),
            "day": pd.to_numeric(pd.Series(day), errors="coerce").astype("Int64"),
        }
    ).explode("pair")
    out = out[out["pair"].notna()].reset_index(drop=True)
    record = out["dataset"] + " " + out["id"] + " " + out["pair"]
    return out.drop(columns="id").assign(record=record)[
        ["dataset", "record", "pair", "name", "year", "month", "day"]
    ]


def read_mme(path: Path) -> pd.DataFrame:
    """MME v7 (D'Orazio & Galambos) exercises with two of the four, one record per pair; '-9' names are empty."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    names = raw["Ex_Name"].where(raw["Ex_Name"] != "-9", "")
    states = raw["crink_states"].str.split(";")
    return _exercise_records(
        "MME", raw["MMEID"], names, states, (raw["s.year"], raw["s.month"], raw["s.day"])
    )


def read_jme(path: Path) -> pd.DataFrame:
    """JME v3 exercises with two of the four, one record per pair; its start date is m/d/yyyy with 'xx' unknown."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    names = raw["Exercise Name"].where(raw["Exercise Name"] != "-9", "").str.strip()
    month, day, year = zip(*raw["Start Date"].str.split("/"), strict=True)
    states = raw["crink_states"].str.split(";")
    return _exercise_records("JME", "row " + raw["xls_row"], names, states, (year, month, day))


def read_russian_exercises(path: Path, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """The list of Russia's joint exercises 2009-2018 (mil.ru, Krasnaya Zvezda): Russia plus the partners it
    names, one record per pair of the four; the list gives only the year."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = raw[raw["id"] != ""]
    iso = dict(zip(crosswalk["country.name.en"], crosswalk["iso3c"], strict=True))
    partners = raw.filter(like="part").apply(lambda r: [iso[c] for c in r if c in iso], axis=1)
    states = partners.map(lambda p: ["RUS", *p])
    blank = pd.Series("", index=raw.index)
    return _exercise_records("RUS-list", raw["id"], raw["name"], states, (raw["yr"], blank, blank))


def _near_start(r: tuple, start: pd.Series, days: int) -> pd.Series:
    """Starts within `days` of the record's day; with only its month, that month or either neighbour; else its year."""
    if pd.notna(r.day):
        return (start - pd.Timestamp(int(r.year), int(r.month), int(r.day))).abs() <= pd.Timedelta(days=days)
    if pd.notna(r.month):
        at = pd.Timestamp(int(r.year), int(r.month), 1)
        return start.between(at - pd.DateOffset(months=1), at + pd.DateOffset(months=2), inclusive="left")
    return start.dt.year == r.year


def match_exercises(records: pd.DataFrame, events: pd.DataFrame, days: int = 14) -> pd.DataFrame:
    """For each exercise record, the exercise events of its pair that start within `days` of its start day; a
    record with only the month matches that month and its neighbours, one with only the year that year."""
    return _match_pairs(records, events, "exercise", lambda r, start: _near_start(r, start, days))


GAP_REASONS = ("other_unit", "other_name", "before_window", "no_source", "not_codable", "coded_now")


def explain_gaps(
    unmatched: pd.DataFrame, gaps: pd.DataFrame, events: pd.DataFrame, path: Path
) -> pd.DataFrame:
    """Every reference record the codings miss, with its explanation from the gaps file.

    Raises ReliabilityError naming the file, the row and the rule broken: a gap with no explanation, an
    explanation for a record that is matched or unknown, an unknown reason, or event_ids not in the codings.
    """
    problems = []
    known = set(events["event_id"])
    for row, r in enumerate(gaps.itertuples(index=False), start=2):
        if r.reason not in GAP_REASONS:
            problems.append(f"row {row}, column reason: {r.reason!r} is not one of {GAP_REASONS}")
        missing = [e for e in filter(None, r.event_ids.split(";")) if e not in known]
        if missing:
            problems.append(f"row {row}, column event_ids: {missing} are not in the codings")
    explained, unexplained, stale = _reconcile(unmatched, gaps, ["record"])
    for rec in unexplained["record"]:
        problems.append(f"{rec}: not captured by the codings and not explained")
    for rec in stale["record"]:
        problems.append(f"{rec}: explained, but not an uncaptured record (captured now, or misnamed)")
    if problems:
        raise ReliabilityError(f"{path}: " + "; ".join(problems))
    return explained
