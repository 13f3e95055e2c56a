# %% [markdown]
# # 4. Report: the readers' site
#
# Renders each executed notebook as a page with code hidden and figures embedded, and an index page with the
# pipeline's metrics, into a static site that opens from disk with no network.

# %% tags=["parameters"]
notebooks_dir = "build/notebooks"
site_dir = "reports"
metrics_dir = "metrics"

# %%
from pathlib import Path

from analysis.outputs import write_text
from analysis.report import index_html, notebook_html, read_metrics

pages = []
for path in sorted(Path(notebooks_dir).glob("0[1-3]_*.ipynb")):
    write_text(notebook_html(path), Path(site_dir) / f"{path.stem}.html")
    pages.append((f"{path.stem}.html", path.stem.split("_", 1)[1].title()))
write_text(index_html(pages, read_metrics(Path(metrics_dir))), Path(site_dir) / "index.html")
pages
