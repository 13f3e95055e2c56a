"""Build the readers' static site: it opens from disk with no network, escapes every coded text, and gives the
same bytes for the same inputs (no clock, fixed table ids, embedded images).
"""

import base64
import hashlib
import html
import json
from pathlib import Path

import mistune
import nbformat
import pandas as pd
from itables import to_html_datatable
from itables.javascript import generate_init_offline_itables_html
from itables.options import dt_bundle
from nbconvert import HTMLExporter

from analysis.codebook import Codebook
from analysis.codings import four_state_dyads, split_participants
from analysis.docs import render_codebook

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "Advancing authoritarian alignment? Defence diplomacy among China, Russia, North Korea and Iran"
SITE_CSS = """
body{font-family:system-ui,sans-serif;line-height:1.5}
.site{max-width:72rem;margin:0 auto;padding:0 1rem 3rem}
nav.site-nav{background:#0b3d62;padding:.5rem 1rem;margin:0 0 1rem}
nav.site-nav a{color:#fff;margin-right:1.2rem;text-decoration:none;font-weight:600}
nav.site-nav a:hover{text-decoration:underline}
table.plain{border-collapse:collapse}table.plain td,table.plain th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
figure{margin:1.5rem 0}figure img{max-width:100%}figcaption{font-size:.95rem}
.provenance{font-size:.8rem;color:#555;margin:.2rem 0 1rem}
ul.headline li{margin:.3rem 0}
"""


def site_nav(pages: list[tuple[str, str]]) -> str:
    links = "".join(f'<a href="{html.escape(href)}">{html.escape(title)}</a>' for href, title in pages)
    return f'<nav class="site-nav">{links}</nav>'


def shell(title: str, body: str, nav: str, head: str = "") -> str:
    """A page of the site around `body` (already safe HTML): the shared style and navigation."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{SITE_CSS}</style>
{head}
</head>
<body>
{nav}
<div class="site">
{body}
</div>
</body>
</html>
"""


def data_version(paths: list[Path]) -> str:
    """A short digest of the codings' bytes: the same files give the same version on any machine."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode() + b"\0" + Path(path).read_bytes())
    return digest.hexdigest()[:12]


def notebook_origin(path: Path) -> tuple[str, str]:
    """(stage, source notebook) recorded by the runner in an executed notebook's metadata."""
    origin = nbformat.read(str(path), as_version=4).metadata["analysis"]
    return origin["stage"], origin["source"]


def provenance(stage: str, notebook: str, version: str) -> str:
    source = f"downloads/{Path(notebook).name}"
    return (
        f'Made by DVC stage <code>{html.escape(stage)}</code> from <a href="{html.escape(source)}">'
        f"{html.escape(notebook)}</a>; data version <code>{html.escape(version)}</code>."
    )


def notebook_html(path: Path, nav: str, figure_provenance: str) -> str:
    """An executed notebook as one self-contained page: code hidden, figures embedded, each with its provenance."""
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        embed_images=True,
    )
    resources = {"site_css": SITE_CSS, "site_nav": nav, "provenance": figure_provenance}
    body, _ = exporter.from_notebook_node(nbformat.read(str(path), as_version=4), resources=resources)
    return body


def codebook_html(codebook: Codebook, nav: str) -> str:
    """The codebook page, rendered from the same Markdown as docs/codebook.md; raw HTML in it is escaped."""
    text = "\n".join(line for line in render_codebook(codebook).splitlines() if not line.startswith("<!--"))
    body = mistune.create_markdown(escape=True, plugins=["table"])(text)
    return shell(f"Codebook v{codebook.version}", body, nav)


def event_rows(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per event for the browser, every text escaped and each source a link that opens safely."""
    links = (
        sources.assign(
            link=[
                f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer" target="_blank">'
                f"{html.escape(outlet or url)}</a>"
                for url, outlet in zip(sources["url"], sources["outlet"], strict=True)
            ]
        )
        .groupby("event_id", sort=False)["link"]
        .agg("<br>".join)
    )
    esc = {
        col: events[col].fillna("").astype(str).map(html.escape)
        for col in ("title", "description", "evidence")
    }
    return pd.DataFrame(
        {
            "date": events["start_date"].dt.strftime("%Y-%m-%d"),
            "dyads": [" ".join(four_state_dyads(split_participants(p))) for p in events["participants"]],
            "category": events["category"],
            "title": esc["title"],
            "description": esc["description"],
            "evidence": esc["evidence"],
            "sources": events["event_id"].map(links).fillna(""),
            "id": events["event_id"].map(html.escape),
        }
    )


def event_browser_html(rows: pd.DataFrame, nav: str) -> str:
    """Every coded event in a searchable, sortable table (itables with its bundle inlined: no network)."""
    table = to_html_datatable(
        rows,
        connected=False,
        table_id="events",
        allow_html=True,
        showIndex=False,
        classes="display compact",
        pageLength=25,
        lengthMenu=[10, 25, 100, 500],
        layout={"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"},
        display_logo_when_loading=False,
    )
    body = (
        "<h1>Event browser</h1><p>Every coded event: type in the search box to filter (any column), click a "
        "header to sort. Source links open the page as the coders retrieved it.</p>" + table
    )
    head = generate_init_offline_itables_html(dt_bundle)
    return shell("Event browser", body, nav, head=head)


def figure_html(png: Path, caption: str, figure_provenance: str) -> str:
    data = base64.b64encode(Path(png).read_bytes()).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)}</figcaption>"
        f'<p class="provenance">{figure_provenance}</p></figure>'
    )


# the model families of metrics/model.json as the findings name them
FAMILY_NAMES = {"NB2": "negative binomial", "Poisson": "Poisson"}


def headline_items(metrics: dict[str, dict]) -> list[str]:
    """The index's findings as sentences built from the metrics files, so text and figures cannot drift."""
    clean, mapped, model = metrics["clean"], metrics["map"], metrics.get("model", {})
    per_dyad = sorted(mapped["events_per_dyad"].items(), key=lambda kv: (-kv[1], kv[0]))
    ratio = mapped["growth_ratio"]
    growth = mapped["growth_periods"]
    items = [
        f"The codings hold {clean['events']} events backed by {clean['sources']} retrieved sources.",
        "Events per dyad (a multilateral event counts for every pair present): "
        + ", ".join(f"{d} {n:g}" for d, n in per_dyad)
        + ".",
        f"Yearly event rate {growth['after']} against {growth['before']} (growth ratio): "
        + ", ".join(f"{d} {'n/a' if r is None else f'{r:.2f}'}" for d, r in sorted(ratio.items()))
        + ".",
        f"Breadth (categories active) in {mapped['last_full_year']}: "
        + ", ".join(f"{d} {b}" for d, b in sorted(mapped["breadth_last_full_year"].items()))
        + " of 10.",
        f"Dyad x category cells with no event: {mapped['cells_searched_none_found']} searched and none found, "
        f"{mapped['cells_not_searched']} not yet searched.",
    ]
    for dyad, segments in sorted(model.get("growth_per_year", {}).items()):
        items.append(
            f"{dyad}, yearly growth of events (segmented {FAMILY_NAMES[model['family'][dyad]]} model): "
            + "; ".join(f"{segment} {g:+.1%}" for segment, g in segments.items())
            + "."
        )
    sparse = sorted(d for d, status in model.get("status", {}).items() if status != "estimated")
    if sparse:
        items.append(f"Too few events for a growth model: {', '.join(sparse)}.")
    return [html.escape(item) for item in items]


def metric_rows(metrics: dict[str, dict]) -> list[str]:
    return [
        f"<tr><td>{html.escape(stage)}</td><td>{html.escape(key)}</td><td>{html.escape(str(value))}</td></tr>"
        for stage, values in metrics.items()
        for key, value in _flatten(values)
    ]


def _flatten(values: dict, prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        out += _flatten(value, f"{name}.") if isinstance(value, dict) else [(name, value)]
    return out


def index_html(
    nav: str,
    metrics: dict[str, dict],
    figures: str,
    downloads: list[str],
    version: str,
    codebook_version: str,
) -> str:
    """The landing page: the study, headline findings from the metrics, key figures, downloads, all metrics."""
    items = "".join(f"<li>{item}</li>" for item in headline_items(metrics))
    files = "".join(f'<li><a href="downloads/{html.escape(n)}">{html.escape(n)}</a></li>' for n in downloads)
    rows = "\n".join(metric_rows(metrics))
    body = f"""<h1>{html.escape(TITLE)}</h1>
<p>A systematic mapping of defence diplomacy between China, Russia, North Korea and Iran, 2000-2025: six dyads,
ten categories of activity, every number traced to a coded event and every event to a retrieved source.
Data version <code>{html.escape(version)}</code> (a digest of the coded files), codebook
v{html.escape(codebook_version)}. The site is rebuilt by <code>dvc repro</code>; its git commit is the one
that holds these files.</p>
<h2>Headline findings</h2>
<ul class="headline">{items}</ul>
<h2>Key figures</h2>
{figures}
<h2>Downloads</h2>
<ul>{files}</ul>
<h2>Every metric written by the pipeline</h2>
<table class="plain"><thead><tr><th>stage</th><th>metric</th><th>value</th></tr></thead>
<tbody>
{rows}
</tbody></table>"""
    return shell(TITLE, body, nav)


def read_metrics(directory: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(directory).glob("*.json"))}
