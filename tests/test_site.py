"""The readers' site as a reader meets it: Debian's Chromium opens each page from disk with the network blocked.

Screenshots of every page go to build/test-artifacts/ for a person to look at.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

from analysis import report
from analysis.codings import Codings
from analysis.outputs import write_text

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "reports"
ARTIFACTS = REPO / "build" / "test-artifacts"
PAGES = sorted(p.name for p in SITE.glob("*.html"))
HOSTILE = '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Visit:
    """A page opened offline, with every console error, failed and non-file request it caused."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.errors: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_offline_with_every_image_and_link(browser, name: str) -> None:
    visit = Visit(browser, SITE / name)
    page = visit.page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{Path(name).stem}.png"), full_page=name != "events.html")
    broken_images = page.eval_on_selector_all(
        "img",
        "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt || i.src.slice(0, 40))",
    )
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    visit.close()
    assert visit.errors == [] and visit.external == [] and visit.failed == []
    assert broken_images == []
    local = [urlparse(h) for h in hrefs if h.startswith("file:")]
    missing = [u.path for u in local if not Path(unquote(u.path)).exists()]
    assert missing == [], "internal links must resolve"


def test_index_shows_headline_figures(browser) -> None:
    visit = Visit(browser, SITE / "index.html")
    figures = visit.page.locator("figure img").count()
    headline = visit.page.locator("ul.headline li").first.inner_text()
    visit.close()
    assert figures >= 3
    assert headline.startswith("The codings hold ")


def test_event_browser_filters_rows(browser) -> None:
    events = pd.read_csv(SITE / "downloads" / "events.csv")
    word = "Sovremenny"
    expected = int(events["title"].str.contains(word).sum() + events["description"].str.contains(word).sum())
    assert expected > 0
    visit = Visit(browser, SITE / "events.html")
    page = visit.page
    page.wait_for_selector("#events tbody tr")
    page.select_option("select", "500")
    before = page.locator("#events tbody tr").count()
    page.fill("input[type=search]", word)
    page.wait_for_timeout(300)
    rows = page.locator("#events tbody tr").all_inner_texts()
    visit.close()
    assert 0 < len(rows) < before
    assert all(word.lower() in row.lower() for row in rows)


def test_coded_text_renders_as_text_and_runs_nothing(
    browser, fixture_codings: Codings, tmp_path: Path
) -> None:
    events = fixture_codings.events.copy()
    events.loc[0, "title"] = HOSTILE
    events.loc[0, "description"] = '"><svg onload="window.pwned = 3">'
    sources = fixture_codings.sources.copy()
    sources.loc[0, "outlet"] = HOSTILE
    page_path = tmp_path / "events.html"
    write_text(report.event_browser_html(report.event_rows(events, sources), ""), page_path)
    visit = Visit(browser, page_path)
    page = visit.page
    page.wait_for_selector("#events tbody tr")
    pwned = page.evaluate("() => window.pwned")
    text = page.locator("#events").inner_text()
    rels = page.eval_on_selector_all("#events a[href]", "links => links.map(a => a.rel)")
    visit.close()
    assert pwned is None
    assert "<script>window.pwned = 1</script>" in text
    assert rels and all("noopener" in rel for rel in rels)
    assert visit.errors == [] and visit.external == []
