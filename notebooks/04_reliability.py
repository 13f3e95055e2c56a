# %% [markdown]
# # 4. Reliability: would a second coder, the sources and other data sets agree?
#
# Three checks, recomputed from committed files whenever the codings change:
# 1. **Double coding.** A seeded sample of events, stratified by dyad and period
#    (`data/raw/reliability/double_coding_sample.csv`), was coded again by a second coder who saw only the
#    codebook and the cited pages, under blind item numbers (`docs/second_coder_brief.md`). Krippendorff's alpha
#    compares the two codings before any disagreement is resolved.
# 2. **Source audit.** A second seeded sample (`source_audit_sample.csv`, disjoint from the first) had every cited
#    page re-opened and checked for the coded date, participants and category (`docs/source_audit_brief.md`).
# 3. **Convergent validity.** SIPRI's arms-transfer register, read from the shared reference folder (never copied
#    into the codings), against the `equipment_aid` events.

# %% tags=["parameters"]
raw_dir = "data/raw"
reliability_dir = "data/raw/reliability"
tables_dir = "tables/reliability"
metrics_path = "metrics/reliability.json"
sipri_path = "../shared/external/sipri_arms_transfers/sipri_trade_register_crink_pairs.csv"
window_start_year = 2000
window_end_year = 2025

# %%
from pathlib import Path

import pandas as pd

from analysis import reliability as rl
from analysis.codebook import load_codebook
from analysis.codings import read_codings
from analysis.outputs import write_csv, write_json

pd.set_option("display.max_colwidth", None)
codebook = load_codebook()
codings = read_codings(Path(raw_dir), codebook)
folder, tables = Path(reliability_dir), Path(tables_dir)
read = {"dtype": str, "keep_default_na": False}
sample = pd.read_csv(folder / "double_coding_sample.csv", **read)
second = pd.read_csv(folder / "second_coding.csv", **read)
first = codings.events.assign(start_date=codings.events["start_date"].dt.strftime("%Y-%m-%d"))
first = first[first["event_id"].isin(sample["event_id"])]
missing = sorted(set(sample["event_id"]) - set(first["event_id"]))
assert not missing, f"{folder / 'double_coding_sample.csv'}: events no longer in the codings: {missing}"
retrieved = second[second["retrieved"] == "yes"]
print(
    f"{len(sample)} events sampled; the second coder retrieved the pages of {len(retrieved)} and coded them."
)

# %% [markdown]
# ## Agreement before resolution
# Alpha is nominal for the category and the participant set, interval (in days) for the start date, ordinal for
# the evidence level. Events whose pages the second coder could not retrieve count as missing, not as disagreement.

# %%
alpha = rl.agreement(first, retrieved, codebook)
alpha.round(3)

# %% [markdown]
# Rows: the first coder's category; columns: the second coder's. Off-diagonal cells are the disagreements.

# %%
confusion = rl.confusion(first, retrieved, codebook)
confusion

# %%
differ = rl.disagreements(first, retrieved)
print(
    f"{len(differ)} field disagreements on {differ['event_id'].nunique()} events, to be resolved by the codebook."
)
differ[differ["field"] == "category"]

# %% [markdown]
# ## Source audit
# An event passes when at least one of its cited pages, re-found, shows the coded date, participants and category.

# %%
audit_sample = pd.read_csv(folder / "source_audit_sample.csv", **read)
audit = pd.read_csv(folder / "source_audit.csv", **read)
support = rl.audit_support(audit[audit["event_id"].isin(audit_sample["event_id"])])
checks = audit[audit["found"] == "yes"][list(rl.AUDIT_CHECKS)].eq("yes").mean()
print(
    f"{len(support)} events audited, {support['supported'].sum()} supported ({support['supported'].mean():.1%}); "
    f"{audit['found'].eq('yes').sum()} of {len(audit)} pages re-found."
)
checks.rename("share of re-found pages that support it").to_frame().round(3)

# %%
unsupported = audit[audit["event_id"].isin(support.loc[~support["supported"], "event_id"])]
unsupported[["event_id", "found", "date_ok", "participants_ok", "category_ok", "comment"]]

# %% [markdown]
# ## SIPRI arms transfers against equipment_aid events
# A SIPRI deal counts as captured when an `equipment_aid` event of the same direction, dated between the order and
# the last delivery (one year either side), names the weapon in its title or description. SIPRI counts major
# conventional weapons per deal; the codings count contracts and deliveries reported by sources, so a deal can
# be real and uncaptured (no retrieved source), and an event can have no SIPRI deal (small arms, munitions,
# components, claims). Information from the SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers.

# %%
deals = rl.read_sipri(Path(sipri_path), window_start_year, window_end_year)
matched = rl.match_sipri(deals, codings.events)
by_dyad = matched.groupby(["provider", "recipient"]).agg(
    deals=("matched", "size"), captured=("matched", "sum")
)
by_dyad["match_rate"] = by_dyad["captured"] / by_dyad["deals"]
by_dyad.round(3)

# %%
matched.loc[
    ~matched["matched"],
    ["provider", "recipient", "order_year", "designation", "description", "delivery_years"],
]

# %%
write_csv(alpha, tables / "alpha.csv")
write_csv(confusion.reset_index(), tables / "category_confusion.csv")
write_csv(differ, tables / "disagreements.csv")
write_csv(support, tables / "source_audit_support.csv")
write_csv(matched, tables / "sipri_matches.csv")
write_csv(by_dyad.reset_index(), tables / "sipri_match_rate.csv")
write_json(
    {
        "double_coding_sampled": len(sample),
        "double_coding_compared": len(retrieved),
        "alpha": {r.field: round(float(r.alpha), 4) for r in alpha.itertuples()},
        "audit_events": len(support),
        "audit_support_rate": round(float(support["supported"].mean()), 4),
        "audit_pages_found_rate": round(float(audit["found"].eq("yes").mean()), 4),
        "sipri_deals_in_window": len(matched),
        "sipri_match_rate": round(float(matched["matched"].mean()), 4),
        "sipri_match_rate_by_dyad": {
            f"{p}->{r}": round(float(v), 4) for (p, r), v in by_dyad["match_rate"].items()
        },
    },
    Path(metrics_path),
)
