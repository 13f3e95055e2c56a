"""Site building without a browser: no network references, escaping, safe links, a content-derived version."""

import base64
import re
from pathlib import Path

import nbformat

from analysis import report
from analysis.codebook import load_codebook
from analysis.codings import Codings

EXTERNAL = re.compile(r"<(script|link|img)[^>]+(src|href)=[\"']?https?://", re.IGNORECASE)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_notebook_page_is_offline_and_names_each_figures_origin(tmp_path: Path) -> None:
    figure = nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(PNG).decode()})
    cell = nbformat.v4.new_code_cell("plot()", outputs=[figure])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), cell])
    nbformat.write(nb, str(tmp_path / "n.ipynb"))
    origin = report.provenance("map", "notebooks/02_map.py", "abc123")
    page = report.notebook_html(tmp_path / "n.ipynb", report.site_nav([("index.html", "Overview")]), origin)
    assert EXTERNAL.search(page) is None and "cdnjs" not in page
    assert "Title" in page and "plot()" not in page, "code is hidden"
    assert page.count('class="provenance"') == 1
    assert 'Made by DVC stage <code>map</code> from <a href="downloads/02_map.py">' in page


def test_headlines_and_navigation_escape_text() -> None:
    metrics = {
        "clean": {"events": 3, "sources": 4},
        "map": {
            "events_per_dyad": {"<b>X</b>": 2.0},
            "growth_ratio": {"<b>X</b>": None},
            "growth_periods": {"before": "a", "after": "b"},
            "last_full_year": 2025,
            "breadth_last_full_year": {"<b>X</b>": 1},
            "cells_searched_none_found": 5,
            "cells_not_searched": 6,
        },
    }
    page = report.index_html(report.site_nav([("a.html", "<script>alert(1)</script>")]), metrics, "", ["e.csv"],
                             "v1", "1.1.0")  # fmt: skip
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>X</b>" not in page and "&lt;b&gt;X&lt;/b&gt; 2" in page
    assert "The codings hold 3 events backed by 4 retrieved sources." in page
    assert "&lt;b&gt;X&lt;/b&gt; n/a" in page, "a dyad without a ratio says so"


def test_growth_headlines_name_each_dyads_model_family() -> None:
    metrics = {
        "clean": {"events": 3, "sources": 4},
        "map": {
            "events_per_dyad": {"A-B": 2.0},
            "growth_ratio": {"A-B": 1.5},
            "growth_periods": {"before": "a", "after": "b"},
            "last_full_year": 2025,
            "breadth_last_full_year": {"A-B": 1},
            "cells_searched_none_found": 0,
            "cells_not_searched": 0,
        },
        "model": {
            "growth_per_year": {"A-B": {"whole window": 0.1}, "C-D": {"whole window": -0.05}},
            "family": {"A-B": "NB2", "C-D": "Poisson"},
            "status": {"A-B": "estimated", "C-D": "estimated"},
        },
    }
    items = report.headline_items(metrics)
    assert "A-B, yearly growth of events (segmented negative binomial model): whole window +10.0%." in items
    assert "C-D, yearly growth of events (segmented Poisson model): whole window -5.0%." in items


def test_event_rows_escape_codings_and_open_links_safely(fixture_codings: Codings) -> None:
    events = fixture_codings.events.copy()
    events.loc[0, "title"] = "<script>x()</script>"
    sources = fixture_codings.sources.copy()
    sources.loc[0, "url"] = 'https://example.org/a"onmouseover="x()'
    rows = report.event_rows(events, sources)
    first = rows.iloc[0]
    assert first["title"] == "&lt;script&gt;x()&lt;/script&gt;"
    assert 'href="https://example.org/a&quot;onmouseover=&quot;x()"' in rows["sources"].str.cat()
    assert rows["sources"].str.count('rel="noopener noreferrer"').sum() == len(sources)
    assert rows.set_index("id").loc["T1-003", "dyads"] == "CHN-IRN CHN-RUS IRN-RUS"


def test_event_browser_is_deterministic_and_bundled(fixture_codings: Codings) -> None:
    rows = report.event_rows(fixture_codings.events, fixture_codings.sources)
    first, second = report.event_browser_html(rows, ""), report.event_browser_html(rows, "")
    assert first == second
    assert EXTERNAL.search(first) is None and "unpkg" not in first


def test_data_version_follows_the_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "events.csv", tmp_path / "sources.csv"
    a.write_text("x\n1\n")
    b.write_text("y\n2\n")
    version = report.data_version([a, b])
    assert version == report.data_version([a, b]) and len(version) == 12
    a.write_text("x\n2\n")
    assert report.data_version([a, b]) != version


def test_codebook_page_shows_the_codebook_without_its_source_comment() -> None:
    page = report.codebook_html(load_codebook(), "")
    assert "Codebook, version" in page and "&lt;!--" not in page
    assert page.count("<h3>") >= 10, "one section per category"
