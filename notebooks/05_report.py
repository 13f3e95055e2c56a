# %% [markdown]
# # 4. Report: the readers' site
#
# Builds the static site under `reports/` that a reader opens from disk with no network: an index with the
# headline findings (sentences built from the metrics files) and key figures, one page per executed notebook
# (code hidden, each figure naming the stage and notebook that made it), the codebook, an event browser with
# every coded event and its source links, and the downloads.

# %% tags=["parameters"]
notebooks_dir = "build/notebooks"
site_dir = "reports"
metrics_dir = "metrics"
raw_dir = "data/raw"
key_figures = {
    "figures/map/heatmap_dyad_category.png": "Coded events by dyad and category, whole window and per period.",
    "figures/map/quad_network.png": "The quad as a network: events (width) and mean depth (colour) per period.",
    "figures/map/events_by_period_category.png": "Coded events per year and dyad, stacked by category.",
}
downloads = ["data/raw/events.csv"]

# %%
import shutil
from pathlib import Path

from analysis import report
from analysis.codebook import load_codebook
from analysis.codings import read_codings
from analysis.outputs import write_atomic, write_text

site = Path(site_dir)
codebook = load_codebook()
codings = read_codings(Path(raw_dir), codebook)
version = report.data_version(sorted(Path(raw_dir).glob("*.csv")))
origins = {nb.stem: report.notebook_origin(nb) for nb in sorted(Path(notebooks_dir).glob("0[1-4]_*.ipynb"))}
pages = [("index.html", "Overview")]
pages += [(f"{stem}.html", stem.split("_", 1)[1].title()) for stem in origins]
pages += [("codebook.html", "Codebook"), ("events.html", "Event browser")]
nav = report.site_nav(pages)

# %% [markdown]
# ## Pages

# %%
for stem, (stage, source) in origins.items():
    page = report.notebook_html(
        Path(notebooks_dir) / f"{stem}.ipynb", nav, report.provenance(stage, source, version)
    )
    write_text(page, site / f"{stem}.html")
write_text(report.codebook_html(codebook, nav), site / "codebook.html")
rows = report.event_rows(codings.events, codings.sources)
write_text(report.event_browser_html(rows, nav), site / "events.html")
assert len({Path(n).name for n in downloads}) == len(downloads), "download names must be unique"
for name in downloads:
    write_atomic(site / "downloads" / Path(name).name, lambda tmp, name=name: shutil.copyfile(name, tmp))

# %%
notebook_of = dict(origins.values())
figures = "".join(
    report.figure_html(
        Path(png),
        caption,
        report.provenance(Path(png).parent.name, notebook_of[Path(png).parent.name], version),
    )
    for png, caption in key_figures.items()
)
metrics = report.read_metrics(Path(metrics_dir))
names = [Path(name).name for name in downloads]
write_text(report.index_html(nav, metrics, figures, names, version, codebook.version), site / "index.html")
pages
