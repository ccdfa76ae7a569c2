"""The tariff explorer on the website: its slider and radio buttons redraw the chart, and
the key numbers it shows are the model's, in the book's one number format.

The tests share one load of the page (it is the heaviest of the site); each sets the
inputs it needs, and the state at load time is recorded before any test touches it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, expect

from tests.browser.browser_support import CHARTS_FITTED, TEXT_BOXES, VegaChart, overlaps

pytestmark = pytest.mark.browser

PAGE = "chapters/tariffs.html"
TARIFFS = [0, 50, 100, 143, 200]
COUNTRIES = ["small", "large"]


def expected_lines(pct: int, country: str) -> list[str]:
    """The key-number lines the chart must show, computed by a direct call of the model."""
    from widgets.charts.tariff import KEY_NUMBERS, format_number
    from widgets.models import tariff_outcome
    from widgets.models.examples import CLASSROOM_MARKET, LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY

    elasticities = {"small": math.inf, "large": LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY}
    outcome = tariff_outcome(
        **CLASSROOM_MARKET, tariff_rate=pct / 100, export_supply_elasticity=elasticities[country]
    ).as_dict()
    return [f"{label}: {format_number(outcome[col], fmt)}" for label, col, fmt in KEY_NUMBERS]


def displayed_lines(chart: VegaChart) -> list[str]:
    """The key-number lines the chart shows once settled, in display order, minus signs
    normalised."""
    from widgets.charts.tariff import KEY_NUMBERS

    labels = tuple(f"{label}: " for label, _, _ in KEY_NUMBERS)
    return chart.texts(lambda t: t.startswith(labels))


@dataclass
class Explorer:
    visit: object  # conftest.Visit
    vega: VegaChart
    initial_inputs: tuple[str, str | None]  # (slider value, checked radio) at load
    initial_lines: list[str]

    @property
    def chart(self) -> Locator:
        return self.vega.locator

    @property
    def slider(self) -> Locator:
        return self.chart.locator('input[name="tariff_pct"]')

    def radio(self, country: str) -> Locator:
        return self.chart.locator(f'input[name="country"][value="{country}"]')

    def country(self) -> str | None:
        return self.chart.locator('input[name="country"]:checked').get_attribute("value")

    def set_inputs(self, pct: int, country: str | None = None) -> None:
        if country is not None:
            self.radio(country).check()
        self.slider.fill(str(pct))  # sets the value and fires 'input', as vega-bind listens to

    def assert_shows(self, pct: int, country: str) -> None:
        """The chart, once redrawn, shows the model's numbers for (pct, country)."""
        expected = expected_lines(pct, country)
        assert displayed_lines(self.vega) == expected, f"key numbers at tariff {pct}%, {country}"

    def area_paths(self) -> list[str | None]:
        return self.vega.path_data("svg.marks g.mark-area path")


@pytest.fixture(scope="module")
def explorer(open_page_for_module) -> Explorer:
    """The tariff page, opened once, and its explorer: the chart bound to the tariff slider."""
    visit = open_page_for_module(PAGE, views=True)
    chart = visit.chart('input[name="tariff_pct"]')
    # Record the state at load, once the view has drawn it.
    with visit.explained():
        lines = displayed_lines(chart)
        slider_value = chart.locator.locator('input[name="tariff_pct"]').input_value()
        country = chart.locator.locator('input[name="country"]:checked').get_attribute("value")
    return Explorer(visit, chart, (slider_value, country), lines)


def test_explorer_inputs(explorer):
    expect(explorer.slider).to_have_attribute("type", "range")
    expect(explorer.slider).to_have_attribute("min", "0")
    expect(explorer.slider).to_have_attribute("max", "200")
    expect(explorer.slider).to_have_attribute("step", "1")
    radios = explorer.chart.locator('input[name="country"]')
    expect(radios).to_have_count(2)
    assert [r.get_attribute("type") for r in radios.all()] == ["radio", "radio"]
    assert sorted(r.get_attribute("value") for r in radios.all()) == sorted(COUNTRIES)
    explorer.visit.assert_clean()


def test_key_numbers_at_the_default_value(explorer):
    pct, country = explorer.initial_inputs
    assert country in COUNTRIES, f"no country radio checked at load (got {country!r})"
    assert float(pct).is_integer(), f"slider starts at {pct}"
    expected = expected_lines(int(float(pct)), country)
    assert explorer.initial_lines == expected, f"key numbers at load (tariff {pct}%, {country})"
    explorer.visit.assert_clean()


@pytest.mark.parametrize("country", COUNTRIES)
def test_key_numbers_follow_the_inputs(explorer, country):
    for pct in TARIFFS:
        explorer.set_inputs(pct, country)
        assert explorer.country() == country
        explorer.assert_shows(pct, country)
    explorer.visit.assert_clean()


def test_diagram_redraws_when_the_slider_moves(explorer):
    explorer.set_inputs(0, "small")
    explorer.assert_shows(0, "small")
    at_zero = explorer.area_paths()
    assert at_zero, "the diagram has no area marks"
    explorer.set_inputs(50)
    explorer.assert_shows(50, "small")
    at_fifty = explorer.area_paths()
    assert len(at_fifty) == len(at_zero)
    assert at_fifty != at_zero, "the welfare areas did not change between 0% and 50%"
    explorer.visit.assert_clean()


#: The drawn boxes of a chart's texts (``selector`` inside the chart), whose text is shown.
@pytest.mark.parametrize("width", [1280, 390])
def test_welfare_bar_labels_do_not_collide(explorer, width):
    """Issue 13: "ConsumersProducersGovernmentNation (net)" ran together."""
    from widgets.charts.tariff import WELFARE_BARS

    page = explorer.visit.page
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.wait_for_function(CHARTS_FITTED)  # charts.js has redrawn it for the new column
        boxes = explorer.chart.evaluate(TEXT_BOXES, "g.role-axis-label text")
        labels = [b for b in boxes if b["text"] in {label for label, _ in WELFARE_BARS}]
        assert sorted(b["text"] for b in labels) == sorted(label for label, _ in WELFARE_BARS)
        assert overlaps(labels) == []
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    explorer.visit.assert_clean()
