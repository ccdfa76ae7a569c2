"""First screens (issue 13, item 5): every chapter opens with its hook and a key figure or a
chart, on the first screen of a phone (390x844, touch) and of a desktop (1280x800).

The page is opened at the top, as a reader arriving from the menu sees it, and measured:

* the hook: the first paragraph of prose of the chapter (the first ``<p>`` that is a child of
  the chapter's top section, so not in the header box, an admonition or a cell), whose first
  line must be inside the viewport;
* the key figure (``.key-figure``) or, failing one, the chapter's first chart
  (``.vega-embed``): its top must be inside the viewport with at least
  :data:`MIN_VISIBLE_PX` of it (or all of it) showing;
* and the order: the hook comes before the learning objectives, which are folded.

The introduction says what the book is before anything else: its first paragraph is on the
first screen at both sizes. Other chapters gain their hooks and key figures in parallel
branches; this test runs over every chapter of ``_toc.yml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _ext.toc import chapter_docnames
from tests.browser.browser_support import DESKTOP, PHONE, TIMEOUT_MS, guard_requests

pytestmark = pytest.mark.browser

DEVICES = {"390x844": PHONE, "1280x800": DESKTOP}
CHAPTERS = chapter_docnames()
#: How much of the key figure (or chart) must show on the first screen, if it is taller.
MIN_VISIBLE_PX = 120
#: The first line of the hook paragraph.
LINE_PX = 24

MEASURE = """() => {
  const main = document.querySelector("article.bd-article") || document.querySelector("main");
  const top = main.querySelector("section");
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, height: r.height,
            text: (el.textContent || "").trim().slice(0, 80)};
  };
  const hook = top ? [...top.children].find((el) => el.tagName === "P"
                                            && el.textContent.trim().length > 40) : null;
  const figure = main.querySelector(".key-figure") || main.querySelector(".vega-embed");
  const objectives = [...main.querySelectorAll(".admonition")]
    .find((el) => /^Learning objectives/.test(
      (el.querySelector(".admonition-title") || el).textContent.trim()));
  return {
    hook: box(hook),
    figure: box(figure),
    figureKind: figure ? (figure.classList.contains("key-figure") ? "key figure" : "chart") : null,
    objectives: box(objectives),
    objectivesFolded: objectives ? objectives.classList.contains("dropdown") : null,
    viewport: window.innerHeight,
    scrollY: window.scrollY,
  };
}"""


@pytest.fixture(params=list(DEVICES), scope="module")
def device_page(request, chromium, site_url):
    """One browser context per screen size, shared by the chapters (a fresh page each)."""
    context = chromium.new_context(**DEVICES[request.param])
    context.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    guard_requests(context, (site_url,), outside)

    def open_at_top(path: str):
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response is not None and response.ok, path
        page.evaluate("() => window.scrollTo(0, 0)")
        return page, errors

    yield request.param, open_at_top, outside
    context.close()


def _on_first_screen(found: dict, name: str, need: float) -> bool:
    box = found[name]
    return box is not None and box["top"] >= 0 and box["top"] + need <= found["viewport"]


@pytest.mark.parametrize("docname", CHAPTERS, ids=[Path(d).name for d in CHAPTERS])
def test_hook_and_key_figure_on_the_first_screen(device_page, docname):
    size, open_at_top, outside = device_page
    page, errors = open_at_top(f"{docname}.html")
    try:
        found = page.evaluate(MEASURE)
    finally:
        page.close()
    where = f"{docname} at {size}"
    assert found["scrollY"] == 0, where
    assert found["hook"], f"{where}: no paragraph of prose in the chapter's top section"
    assert _on_first_screen(found, "hook", LINE_PX), (
        f"{where}: the hook ({found['hook']['text']!r}) starts at {found['hook']['top']:.0f} px, "
        f"below the first screen ({found['viewport']} px)"
    )
    assert found["figure"], f"{where}: no key figure (.key-figure) and no chart"
    figure = found["figure"]
    need = min(figure["height"], MIN_VISIBLE_PX)
    assert _on_first_screen(found, "figure", need), (
        f"{where}: the {found['figureKind']} starts at {figure['top']:.0f} px; "
        f"{need:.0f} px of it must show in the first {found['viewport']} px"
    )
    assert found["objectives"], f"{where}: no learning objectives"
    assert found["hook"]["top"] < found["objectives"]["top"], f"{where}: objectives before the hook"
    assert found["objectivesFolded"], f"{where}: learning objectives not folded"
    assert not errors and not outside, (errors, outside)


def test_introduction_says_what_the_book_is_first(device_page):
    size, open_at_top, outside = device_page
    page, errors = open_at_top("intro.html")
    try:
        found = page.evaluate(MEASURE)
    finally:
        page.close()
    assert found["hook"] and "textbook on trade policy" in found["hook"]["text"], found["hook"]
    assert _on_first_screen(found, "hook", 3 * LINE_PX), (size, found["hook"])
    assert not errors and not outside, (errors, outside)
