"""Chart pages opened already dark (issue 13): every chart is drawn dark and fitted.

A reader whose system is dark opens a chapter: the theme script sets
``html[data-theme=dark]`` when it runs (deferred, after the first charts started drawing
light) or before any chart when the site's stored setting (localStorage ``theme``/``mode``)
is dark, while the column settles to its width as the page's styles and sidebars come in.
_static/charts.js must then draw every chart again dark and fit it to the column as it ends
up. Under load this raced: a refit ran beside a chart's draw, a theme switch during a
chart's first draw was lost, and charts stayed twice their column's width, cut off (the
tit-for-tat simulator's x axis stopping at round 10 of 20), or light, with
``bookCharts.fitted()`` false. The CPU is throttled (Chromium's DevTools protocol) so that
the draws are slow enough for the page to change under them, and each case is one that
failed before the fix.

Checked once ``window.bookCharts.fitted()`` (no sleeps): every chart's drawing is no wider
than its column, on a dark background, and none of its text (the last tick label of an
x axis included) lies outside the drawing's box.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.browser_support import (
    CHARTS_FITTED,
    DESKTOP,
    PHONE,
    TIMEOUT_MS,
    guard_requests,
)

pytestmark = pytest.mark.browser

#: (page, width, stored setting): the cases that failed before the fix (tit for tat cut
#: off at 390 px with the stored setting on every load; charts never fitted on tariff wars
#: at 390 px and on export controls and port fees at 1280 px with only the system dark),
#: one load each: the whole file stays within a minute or two of the suite's time.
CASES = [
    ("chapters/tit_for_tat.html", "390", "stored"),
    ("chapters/tit_for_tat.html", "390", "system"),
    ("chapters/export_controls.html", "390", "stored"),
    ("chapters/export_controls.html", "1280", "system"),
    ("chapters/tariff_wars.html", "390", "system"),
    ("chapters/port_fees.html", "1280", "system"),
]
DEVICES = {"390": PHONE, "1280": DESKTOP}
#: The site's stored theme setting: none (the system's dark is followed) or dark.
STORED = {"system": None, "stored": "dark"}
#: Slow enough that the theme script and the column's last width come while charts draw.
CPU_SLOWDOWN = 5
#: Loads per case (the race is timing-dependent; the cases above failed on their first).
LOADS = 1

#: Per chart: its drawn SVG width, its column's width (as charts.js measures it), the
#: background it draws, and the texts (tick labels, titles) that lie outside its box.
MEASURE = """() => [...document.querySelectorAll('.vega-embed')].map((embed, i) => {
    const svg = embed.querySelector(':scope > svg.marks');
    if (!svg) return {chart: i + 1, drawn: false};
    const parent = embed.parentElement, style = getComputedStyle(parent);
    const column = Math.min(embed.clientWidth || Infinity, parent.clientWidth
        - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    const box = svg.getBoundingClientRect();
    const rect = svg.querySelector(':scope > rect.background, :scope > rect');
    const outside = [...svg.querySelectorAll('text')].filter((t) => {
        const r = t.getBoundingClientRect();
        return t.textContent.trim() && r.width
            && (r.right > box.right + 1 || r.left < box.left - 1);
    }).map((t) => t.textContent.trim().slice(0, 20));
    return {chart: i + 1, drawn: true, width: parseFloat(svg.getAttribute('width')),
            column: Math.floor(column),
            bg: rect ? getComputedStyle(rect).fill : getComputedStyle(svg).backgroundColor,
            outside, shown: box.right <= parent.getBoundingClientRect().right + 1};
})"""

STATE = """() => (window.bookCharts ? window.bookCharts.charts : []).map((e) => ({
    drawn: !!e.view, busy: !!e.busy, width: e.width, dark: e.dark}))"""


def dark_background(colour: str) -> bool:
    import re

    channels = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]
    return len(channels) == 3 and max(channels) < 90


@pytest.mark.parametrize(("path", "device", "stored"), CASES)
def test_charts_on_a_page_opened_dark_are_dark_and_fit_their_column(
    path, device, stored, chromium, site_url
):
    for load in range(LOADS):
        context = chromium.new_context(color_scheme="dark", **DEVICES[device])
        try:
            context.set_default_timeout(TIMEOUT_MS)
            problems: list[str] = []
            guard_requests(context, (site_url,), problems)
            if STORED[stored]:
                context.add_init_script(
                    "localStorage.setItem('theme', 'dark'); localStorage.setItem('mode', 'dark');"
                )
            page = context.new_page()
            page.on("pageerror", lambda error, p=problems: p.append(f"page error: {error}"))
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            page.goto(site_url + path, wait_until="load")
            where = f"{path} at {device} px, theme {stored}, load {load + 1}"
            try:
                page.wait_for_function(CHARTS_FITTED, timeout=TIMEOUT_MS)
            except PlaywrightError:
                pytest.fail(f"{where}: charts never fitted: {page.evaluate(STATE)}")
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
            assert page.evaluate("document.documentElement.dataset.theme") == "dark", where
            charts = [c for c in page.evaluate(MEASURE) if c["drawn"]]
            assert charts, f"{where}: no chart drawn"
            wide = [c for c in charts if c["width"] > c["column"] + 1 or not c["shown"]]
            assert not wide, f"{where}: wider than the column: {wide}"
            cut = [c for c in charts if c["outside"]]
            assert not cut, f"{where}: text outside the drawing (cut off): {cut}"
            light = [c for c in charts if not dark_background(c["bg"])]
            assert not light, f"{where}: not drawn dark: {light}"
            assert not problems, f"{where}: " + "\n".join(problems)
        finally:
            context.close()
