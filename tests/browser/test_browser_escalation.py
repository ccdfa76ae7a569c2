"""The escalation chapter on the website: the timeline's menu and brush, and the day slider.

The page is opened once. An init script wraps ``vegaEmbed`` so that the test can read each
chart's Vega view (its brush signal and scales); everything else is read from what is
drawn. The events the timeline shows must be those :func:`filter_events` keeps, and the
rates the day-by-day chart prints must be :func:`step_value`'s, in the book's format.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, expect

pytestmark = pytest.mark.browser

PAGE = "chapters/escalation.html"
DAY_MS = 86_400_000

# Keeps a reference to every Vega view vega-embed creates, with the element it fills.
CAPTURE_VIEWS = """
(() => {
  let inner;
  window.__vegaViews = [];
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return inner; },
    set(fn) {
      const wrapped = function (el, ...rest) {
        return fn.call(this, el, ...rest).then((result) => {
          const root = typeof el === "string" ? document.querySelector(el) : el;
          window.__vegaViews.push({ root, view: result.view });
          return result;
        });
      };
      Object.assign(wrapped, fn);
      inner = wrapped;
    },
  });
})();
"""
TIMELINE_VIEW = (
    "window.__vegaViews.find(v => v.root.querySelector('select[name=\"instrument\"]')).view"
)


def events_records():
    from widgets.charts.timeline import event_table
    from widgets.data import load

    return event_table(load("events")).to_dict("records")


def expected_count(instrument=None, start_ms=None, end_ms=None) -> int:
    """How many event points the model says the timeline shows."""
    import numpy as np

    from widgets.models.timeline import filter_events

    def day(ms, rounding):
        return str(np.datetime64(int(rounding(ms / DAY_MS)), "D"))

    start = None if start_ms is None else day(start_ms, math.ceil)
    end = None if end_ms is None else day(end_ms, math.floor)
    return len(filter_events(events_records(), instrument=instrument, start=start, end=end))


def wait_for(read, expected, timeout=5.0, page=None):
    deadline = time.monotonic() + timeout
    while (got := read()) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(25)
    return got


@dataclass
class Charts:
    visit: object
    timeline: Locator
    rates: Locator
    history: Locator

    @property
    def page(self):
        return self.visit.page

    def points(self) -> int:
        return self.timeline.locator("g.detail_group g.mark-symbol.role-mark path").count()


@pytest.fixture(scope="module")
def charts(open_page_for_module) -> Charts:
    visit = open_page_for_module(PAGE)
    page = visit.page
    page.add_init_script(CAPTURE_VIEWS)
    page.reload(wait_until="networkidle")
    with visit.explained():
        timeline = page.locator(".vega-embed").filter(has=page.locator('select[name="instrument"]'))
        rates = page.locator(".vega-embed").filter(has=page.locator('input[name="day"]'))
        history = page.locator("#fig-escalation-history .vega-embed")
        for chart in (timeline, rates, history):
            expect(chart).to_have_count(1)
            expect(chart.locator(":scope > svg.marks")).to_have_count(1)
        page.wait_for_function("window.__vegaViews && window.__vegaViews.length >= 3")
    return Charts(visit, timeline, rates, history)


def test_menu_lists_all_instruments(charts):
    from widgets.models.timeline import INSTRUMENTS

    menu = charts.timeline.locator('select[name="instrument"]')
    options = [o.get_attribute("value") for o in menu.locator("option").all()]
    assert options == ["all", *INSTRUMENTS]
    assert menu.input_value() == "all"
    assert charts.points() == expected_count() == len(events_records())
    charts.visit.assert_clean()


@pytest.mark.parametrize(
    "instrument", ["tariff", "port fee", "export control", "forum", "negotiation"]
)
def test_menu_shows_one_instrument(charts, instrument):
    menu = charts.timeline.locator('select[name="instrument"]')
    menu.select_option(instrument)
    expected = expected_count(instrument)
    assert 0 < expected < len(events_records())
    assert wait_for(charts.points, expected, page=charts.page) == expected
    colours = {
        p.get_attribute("fill")
        for p in charts.timeline.locator("g.detail_group g.mark-symbol.role-mark path").all()
    }
    assert len(colours) == 1, f"{instrument}: points of several colours {colours}"
    menu.select_option("all")
    assert wait_for(charts.points, len(events_records()), page=charts.page) == len(events_records())


def test_brush_zooms_the_detail_view(charts):
    page = charts.page
    charts.timeline.scroll_into_view_if_needed()
    strip = charts.timeline.locator("g.overview_group path.background").first
    box = strip.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 0.86 * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + 0.97 * box["width"], y, steps=6)
    page.mouse.up()
    page.wait_for_timeout(100)
    period, domain = page.evaluate(
        f"() => {{ const v = {TIMELINE_VIEW}; "
        "return [v.signal('period'), v.scale('detail_x').domain().map(Number)]; }"
    )
    start_ms, end_ms = period["date"]
    assert domain == [start_ms, end_ms], "the detail's x domain is the brushed period"
    expected = expected_count(None, start_ms, end_ms)
    assert 0 < expected < len(events_records())
    assert wait_for(charts.points, expected, page=page) == expected
    # The menu and the brush combine.
    charts.timeline.locator('select[name="instrument"]').select_option("negotiation")
    both = expected_count("negotiation", start_ms, end_ms)
    assert wait_for(charts.points, both, page=page) == both
    charts.timeline.locator('select[name="instrument"]').select_option("all")
    charts.visit.assert_clean()


def readout(chart: Locator) -> list[str]:
    texts = chart.locator("svg.marks g.role-mark text").all_text_contents()
    return [t.strip() for t in texts if t.strip().startswith(("US on China:", "China on US:"))]


def expected_readout(day: int) -> list[str]:
    from widgets.charts.timeline import SIDE_COLORS, rate_label, rates_grid
    from widgets.data import load
    from widgets.models.timeline import step_value

    history = load("tariff_history")
    date = rates_grid(history, start="2025-01-20", end="2025-01-20").date[0]
    import numpy as np

    when = str(np.datetime64(date) + np.timedelta64(day, "D"))
    lines = []
    for side in SIDE_COLORS:
        rows = history[(history.measure == "headline additional") & (history.side == side)]
        rate = step_value(rows.date.dt.strftime("%Y-%m-%d"), rows.rate_pct, when)[0]
        lines.append(rate_label(side, rate))
    return lines


def test_day_slider_redraws_with_the_models_rates(charts):
    slider = charts.rates.locator('input[name="day"]')
    expect(slider).to_have_attribute("type", "range")
    assert readout(charts.rates) == expected_readout(int(slider.input_value()))
    before = charts.rates.locator("svg.marks").inner_html()
    # 20 Jan 2025, 4 Feb, 9 Apr, 10 Apr, 14 May, 17 Oct, 10 Nov 2025, 24 Feb 2026, 30 Jun 2026
    for day in [0, 15, 79, 80, 114, 270, 294, 400, 526]:
        slider.fill(str(day))
        expected = expected_readout(day)
        got = wait_for(lambda: readout(charts.rates), expected, page=charts.page)
        assert got == expected, f"readout on day {day}"
    assert charts.rates.locator("svg.marks").inner_html() != before
    charts.visit.assert_clean()


def test_history_chart_draws_both_measures(charts):
    lines = charts.history.locator("g.mark-line.role-mark path")
    assert lines.count() >= 4  # two headline paths and PIIE segments
    points = charts.history.locator("g.mark-symbol.role-mark path")
    assert points.count() == 14  # every PIIE estimate in the table
    charts.visit.assert_clean()
