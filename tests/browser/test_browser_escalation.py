"""The escalation chapter on the website: the timeline's menu and brush, and the day slider.

The page is opened once, with its Vega views kept (``views=True``) so that the test can
read the timeline's brush signal and scales; everything else is read from what is drawn,
once each view has redrawn. The events the timeline shows must be those
:func:`filter_events` keeps, and the rates the day-by-day chart prints must be
:func:`step_value`'s, in the book's format.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import VegaChart

pytestmark = pytest.mark.browser

PAGE = "appendix/chronology.html"
DAY_MS = 86_400_000


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


@dataclass
class Charts:
    visit: object
    timeline: VegaChart
    rates: VegaChart
    history: VegaChart

    @property
    def page(self):
        return self.visit.page

    def points(self) -> int:
        """The event points the timeline's detail view shows once redrawn."""
        return len(self.timeline.path_data("g.detail_group g.mark-symbol.role-mark path"))


@pytest.fixture(scope="module")
def charts(open_page_for_module) -> Charts:
    visit = open_page_for_module(PAGE, views=True)
    timeline = visit.chart('select[name="instrument"]')
    rates = visit.chart('input[name="day"]')
    history = VegaChart(visit.page.locator("#fig-escalation-history .vega-embed"))
    with visit.explained():
        expect(history.locator).to_have_count(1)
        expect(history.locator.locator(":scope > svg.marks")).to_have_count(1)
    return Charts(visit, timeline, rates, history)


def test_menu_lists_all_instruments(charts):
    from widgets.models.timeline import INSTRUMENTS

    menu = charts.timeline.locator.locator('select[name="instrument"]')
    options = [o.get_attribute("value") for o in menu.locator("option").all()]
    assert options == ["all", *INSTRUMENTS]
    assert menu.input_value() == "all"
    assert charts.points() == expected_count() == len(events_records())
    charts.visit.assert_clean()


@pytest.mark.parametrize(
    "instrument", ["tariff", "port fee", "export control", "forum", "negotiation"]
)
def test_menu_shows_one_instrument(charts, instrument):
    menu = charts.timeline.locator.locator('select[name="instrument"]')
    menu.select_option(instrument)
    expected = expected_count(instrument)
    assert 0 < expected < len(events_records())
    assert charts.points() == expected
    colours = {
        p.get_attribute("fill")
        for p in charts.timeline.locator.locator(
            "g.detail_group g.mark-symbol.role-mark path"
        ).all()
    }
    assert len(colours) == 1, f"{instrument}: points of several colours {colours}"
    menu.select_option("all")
    assert charts.points() == len(events_records())


def test_brush_zooms_the_detail_view(charts):
    page = charts.page
    timeline = charts.timeline
    timeline.locator.scroll_into_view_if_needed()
    strip = timeline.locator.locator("g.overview_group path.background").first
    box = strip.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 0.86 * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + 0.97 * box["width"], y, steps=6)
    page.mouse.up()
    period = timeline.signal("period")  # read once the view has run on the brush
    domain = timeline.scale_domain("detail_x")
    start_ms, end_ms = period["date"]
    assert domain == [start_ms, end_ms], "the detail's x domain is the brushed period"
    expected = expected_count(None, start_ms, end_ms)
    assert 0 < expected < len(events_records())
    assert charts.points() == expected
    # The menu and the brush combine.
    menu = timeline.locator.locator('select[name="instrument"]')
    menu.select_option("negotiation")
    both = expected_count("negotiation", start_ms, end_ms)
    assert charts.points() == both
    menu.select_option("all")
    charts.visit.assert_clean()


def readout(chart: VegaChart) -> list[str]:
    return chart.texts(lambda t: t.startswith(("US on China:", "China on US:")))


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
    slider = charts.rates.locator.locator('input[name="day"]')
    expect(slider).to_have_attribute("type", "range")
    assert readout(charts.rates) == expected_readout(int(slider.input_value()))
    before = charts.rates.locator.locator("svg.marks").inner_html()
    # 20 Jan 2025, 4 Feb, 9 Apr, 10 Apr, 14 May, 17 Oct, 10 Nov 2025, 24 Feb 2026, 30 Jun 2026
    for day in [0, 15, 79, 80, 114, 270, 294, 400, 526]:
        slider.fill(str(day))
        expected = expected_readout(day)
        assert readout(charts.rates) == expected, f"readout on day {day}"
    assert charts.rates.locator.locator("svg.marks").inner_html() != before
    charts.visit.assert_clean()


def test_history_chart_draws_both_measures(charts):
    lines = charts.history.path_data("g.mark-line.role-mark path")
    assert len(lines) >= 4  # two headline paths and PIIE segments
    points = charts.history.path_data("g.mark-symbol.role-mark path")
    assert len(points) == 14  # every PIIE estimate in the table
    charts.visit.assert_clean()


# --- issue 13: a date on the day slider, years on every time axis, no mark cut at an end


def _date_of(day: int) -> str:
    import numpy as np

    from widgets.charts.timeline import date_label

    return date_label(str(np.datetime64("2025-01-20") + np.timedelta64(day, "D")))


def test_day_slider_shows_a_date_at_load(open_page):
    """The day slider read "270": its readout is the date, from the first drawing on."""
    visit = open_page(PAGE)
    slider = visit.chart('input[name="day"]').locator.locator('input[name="day"]')
    expect(slider.locator("xpath=following-sibling::span[1]")).to_have_text("17 Oct 2025")
    assert slider.input_value() == "270"
    visit.assert_clean()


def test_day_slider_shows_a_date(charts):
    slider = charts.rates.locator.locator('input[name="day"]')
    output = slider.locator("xpath=following-sibling::span[1]")
    for day in [270, 0, 80, 526]:
        slider.fill(str(day))
        expect(output).to_have_text(_date_of(day))
    expect(output).to_have_text("30 Jun 2026")
    slider.fill("270")
    charts.visit.assert_clean()


def _axis_labels(chart: VegaChart, group: str) -> list[str]:
    return chart.texts(selector=f"g.{group} g.role-axis-label text")


@pytest.mark.parametrize("instrument", ["all", "tariff", "port fee", "export control", "forum",
                                        "negotiation"])  # fmt: skip
def test_every_time_label_has_its_year_and_no_event_is_cut(charts, instrument):
    menu = charts.timeline.locator.locator('select[name="instrument"]')
    menu.select_option(instrument)
    for group in ("detail_group", "overview_group"):
        dates = [t for t in _axis_labels(charts.timeline, group) if t[:1].isdigit() or
                 t[:3] in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                           "Nov", "Dec")]  # fmt: skip
        assert dates, (instrument, group)
        assert all(re.search(r"\b20\d\d$", t) for t in dates), (instrument, group, dates)
    # every event's mark lies whole inside the detail view's plot
    inside = charts.timeline.locator.evaluate(
        """(el) => {
          const plot = el.querySelector('g.detail_group path.background').getBoundingClientRect();
          return Array.from(el.querySelectorAll('g.detail_group g.mark-symbol.role-mark path'))
            .map((p) => { const r = p.getBoundingClientRect();
                          return r.left >= plot.left - 0.5 && r.right <= plot.right + 0.5; });
        }"""
    )
    assert inside and all(inside), instrument
    menu.select_option("all")
    charts.visit.assert_clean()


def test_history_and_rates_axes_show_years(charts):
    for chart in (charts.history, charts.rates):
        labels = chart.texts(selector="g.role-axis-label text")
        dates = [t for t in labels if re.search(r"[A-Za-z]", t) or len(t) == 4]
        assert dates and all(re.search(r"\b20\d\d$", t) for t in dates), labels
    charts.visit.assert_clean()
