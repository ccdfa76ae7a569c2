"""The effective-tariff explorer on the website: its radio buttons and slider redraw the
line, and the key numbers it shows are the model's (``book_series``, a direct call of
``effective_tariff_rate``), in the book's number format.

The tests share one load of the page; the state at load time is recorded first.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import ExplorerOnPage

pytestmark = pytest.mark.browser

PAGE = "appendix/chronology.html"
PREFIXES = ("After Phase One", "Peak, ", "After Geneva", "Under Section 122")


def expected_lines(switches=None, exempt_pct=None) -> list[str]:
    """The key-number lines the page must show, from the model."""
    from widgets.charts.effective_rate import book_series, key_lines

    series = book_series(switches=switches, exempt_pct=exempt_pct)
    return [f"{label}: {value}" for label, value in key_lines(series)]


class Explorer(ExplorerOnPage):
    def shown(self) -> list[str]:
        return self.vega.texts(lambda t: t.startswith(PREFIXES))

    def switch(self, name: str, on: bool) -> None:
        self.chart.locator(f'input[name="{name}"][value="{1 if on else 0}"]').check()

    def exempt(self, pct: float) -> None:
        self.chart.locator('input[name="exempt_pct"]').fill(str(pct))


@pytest.fixture(scope="module")
def explorer(open_page_for_module) -> Explorer:
    visit = open_page_for_module(PAGE, views=True)
    chart = visit.chart('input[name="exempt_pct"]')
    with visit.explained():
        return Explorer(visit, chart, chart.texts(lambda t: t.startswith(PREFIXES)))


def test_inputs(explorer):
    for name in ("mfn_on", "s301_on", "fentanyl_on", "reciprocal_on", "section122_on"):
        expect(explorer.chart.locator(f'input[name="{name}"]')).to_have_count(2)
    slider = explorer.chart.locator('input[name="exempt_pct"]')
    expect(slider).to_have_attribute("type", "range")
    expect(slider).to_have_attribute("max", "50")
    assert float(slider.input_value()) == 22.9
    explorer.visit.assert_clean()


def test_key_numbers_at_load_are_the_models(explorer):
    assert explorer.initial_lines == expected_lines()
    explorer.visit.assert_clean()


def test_switches_and_slider_change_the_numbers_and_the_line(explorer):
    before = explorer.vega.path_data("svg.marks g.mark-line path")
    explorer.switch("reciprocal_on", False)
    assert explorer.shown() == expected_lines({"reciprocal_on": False})
    after = explorer.vega.path_data("svg.marks g.mark-line path")
    assert after != before, "the line did not redraw"
    explorer.switch("reciprocal_on", True)
    explorer.exempt(0)
    assert explorer.shown() == expected_lines(exempt_pct=0)
    explorer.switch("mfn_on", False)
    explorer.switch("section122_on", False)
    assert explorer.shown() == expected_lines({"mfn_on": False, "section122_on": False}, 0)
    explorer.visit.assert_clean()
