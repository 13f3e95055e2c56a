"""Build the readers' static site from the executed notebooks and the metrics files; it opens offline."""

import html
import json
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

TEMPLATES = Path(__file__).resolve().parent / "templates"


def notebook_html(path: Path) -> str:
    """An executed notebook as one self-contained page: code hidden, figures embedded, no CDN scripts."""
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nbformat.read(str(path), as_version=4))
    return body


def read_metrics(directory: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(directory).glob("*.json"))}


def _metric_rows(metrics: dict[str, dict]) -> list[str]:
    rows = []
    for stage, values in metrics.items():
        for key, value in _flatten(values):
            rows.append(
                f"<tr><td>{html.escape(stage)}</td><td>{html.escape(key)}</td><td>{html.escape(str(value))}</td></tr>"
            )
    return rows


def _flatten(values: dict, prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        out += _flatten(value, f"{name}.") if isinstance(value, dict) else [(name, value)]
    return out


def index_html(pages: list[tuple[str, str]], metrics: dict[str, dict]) -> str:
    """The landing page: what the study is, links to each notebook page, and the pipeline's metrics."""
    links = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>' for href, title in pages
    )
    rows = "\n".join(_metric_rows(metrics))
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Defence diplomacy among China, Russia, North Korea and Iran</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}}</style>
</head>
<body>
<h1>Advancing authoritarian alignment?</h1>
<p>A systematic mapping of defence diplomacy between China, Russia, North Korea and Iran, 2000-2025: six dyads,
ten categories of activity, every number traced to a coded event and every event to a retrieved source.</p>
<h2>Pages</h2>
<ul>
{links}
</ul>
<h2>Metrics written by the pipeline</h2>
<table><thead><tr><th>stage</th><th>metric</th><th>value</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body>
</html>
"""
