"""The port-fee calculator on the website: its radios, select and slider redraw the chart,
and the numbers it shows are the model's, in the book's one number format.

The tests share one load of the page; each sets the inputs it needs.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import ExplorerOnPage, VegaChart

pytestmark = pytest.mark.browser

PAGE = "chapters/port_fees.html"
DEFAULT = ("china_operated", 2025, 14_000, 85)


def expected_lines(category: str, year: int, capacity: int, pct: int) -> list[str]:
    """The key-number lines the chart must show, from a direct call of the model."""
    from widgets.charts.port_fees import KEY_NUMBERS, key_number_lines
    from widgets.models.port_fees import port_fee_outcome

    out = port_fee_outcome(
        category=category, schedule_year=year, capacity_teu=capacity, load_factor=pct / 100
    )
    texts = key_number_lines(out.as_dict())
    return [f"{label}: {texts[column]}" for label, column in KEY_NUMBERS]


def expected_bar_label(category: str, year: int, capacity: int, pct: int) -> str:
    from widgets.charts.port_fees import key_number_lines
    from widgets.models.port_fees import port_fee_outcome

    out = port_fee_outcome(
        category=category, schedule_year=year, capacity_teu=capacity, load_factor=pct / 100
    )
    texts = key_number_lines(out.as_dict())
    return f"{texts['fee_per_container_text']} (a {texts['equivalent_tariff_rate_text']} tariff)"


def displayed_lines(chart: VegaChart) -> list[str]:
    from widgets.charts.port_fees import KEY_NUMBERS

    labels = tuple(f"{label}: " for label, _ in KEY_NUMBERS)
    return chart.texts(lambda t: t.startswith(labels))


def displayed_bar_label(chart: VegaChart) -> str | None:
    found = chart.texts(lambda t: t.endswith(" tariff)"))
    return found[0] if len(found) == 1 else None


class Calculator(ExplorerOnPage):
    def set_inputs(self, category=None, year=None, capacity=None, pct=None) -> None:
        if category is not None:
            self.chart.locator(f'input[name="fee_category"][value="{category}"]').check()
        if year is not None:
            self.chart.locator(f'input[name="fee_year"][value="{year}"]').check()
        if capacity is not None:
            self.chart.locator('select[name="fee_capacity"]').select_option(str(capacity))
        if pct is not None:
            self.chart.locator('input[name="fee_load_pct"]').fill(str(pct))

    def assert_shows(self, *inputs) -> None:
        assert displayed_lines(self.vega) == expected_lines(*inputs), f"key numbers for {inputs}"
        assert displayed_bar_label(self.vega) == expected_bar_label(*inputs)

    def fee_bar_path(self) -> str | None:
        paths = self.vega.path_data("svg.marks g.mark-rect path")
        return paths[0] if paths else None


@pytest.fixture(scope="module")
def calculator(open_page_for_module) -> Calculator:
    visit = open_page_for_module(PAGE, views=True)
    chart = visit.chart('input[name="fee_load_pct"]')
    with visit.explained():
        return Calculator(visit, chart, displayed_lines(chart))


def test_inputs(calculator):
    chart = calculator.chart
    expect(chart.locator('input[name="fee_category"]')).to_have_count(4)
    expect(chart.locator('input[name="fee_category"][value="vehicle_carrier"]')).to_have_count(1)
    expect(chart.locator('input[name="fee_year"]')).to_have_count(4)
    expect(chart.locator('select[name="fee_capacity"] option')).to_have_count(4)
    slider = chart.locator('input[name="fee_load_pct"]')
    expect(slider).to_have_attribute("type", "range")
    expect(slider).to_have_attribute("min", "50")
    expect(slider).to_have_attribute("max", "100")
    expect(slider).to_have_attribute("step", "5")
    calculator.visit.assert_clean()


def test_numbers_at_load_are_the_worked_example(calculator):
    assert calculator.initial_lines == expected_lines(*DEFAULT)
    assert "Fee per 40-foot container: $580" in calculator.initial_lines
    calculator.visit.assert_clean()


@pytest.mark.parametrize(
    "inputs",
    [
        ("china_operated", 2028, 14_000, 85),
        ("china_built", 2025, 14_000, 85),
        ("china_built", 2025, 4_000, 85),
        ("us_linked", 2026, 20_000, 50),
        ("us_linked", 2027, 8_000, 100),
        ("china_operated", 2025, 14_000, 85),
    ],
)
def test_numbers_follow_the_inputs(calculator, inputs):
    calculator.set_inputs(*inputs)
    calculator.assert_shows(*inputs)
    calculator.visit.assert_clean()


def test_bar_redraws_when_the_slider_moves(calculator):
    calculator.set_inputs("china_operated", 2025, 14_000, 100)
    calculator.assert_shows("china_operated", 2025, 14_000, 100)
    full = calculator.fee_bar_path()
    calculator.set_inputs(pct=50)
    calculator.assert_shows("china_operated", 2025, 14_000, 50)
    half = calculator.fee_bar_path()
    assert full and half and full != half, "the fee bar did not change between 100% and 50% load"
    calculator.visit.assert_clean()


def test_vehicle_carrier_pays_per_net_ton_and_has_no_fee_per_box(calculator):
    # US Annex III: $46 x the illustrative 20,000 NT a call; no box, so no fee bar or label
    calculator.set_inputs("vehicle_carrier", 2025, 14_000, 85)
    lines = displayed_lines(calculator.vega)
    assert lines == expected_lines("vehicle_carrier", 2025, 14_000, 85)
    assert "Fee per port call: $0.92 million" in lines
    assert "Charged on: net tonnage: 20,000 NT (illustrative) at $46.00" in lines
    assert displayed_bar_label(calculator.vega) is None
    calculator.visit.assert_clean()


def test_vehicle_carrier_in_a_later_phase_says_there_is_no_rate(calculator):
    calculator.set_inputs("vehicle_carrier", 2027, 8_000, 60)
    lines = displayed_lines(calculator.vega)
    assert "Fee per port call: no Annex III rate for this phase in the book's sources" in lines
    assert displayed_bar_label(calculator.vega) is None
    calculator.set_inputs("china_operated", 2025, 14_000, 85)
    calculator.assert_shows(*DEFAULT)
    calculator.visit.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_axis_labels_are_whole_and_apart(calculator, width):
    """Issue 13: four "from 14 Oct 2025 ..." labels ran together under the schedule chart,
    and the calculator's "Ocean freight, Shan…" was cut, in a phone's column."""
    from tests.browser.browser_support import CHARTS_FITTED, TEXT_BOXES, overlaps

    page = calculator.visit.page
    calculator.set_inputs(*DEFAULT)  # a fee bar to label (a car carrier has none)
    calculator.assert_shows(*DEFAULT)
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.wait_for_function(CHARTS_FITTED)
        for figure, expected in [
            ("#fig-port-fee-schedule", {"Oct 2025", "Apr 2026", "Apr 2027", "Apr 2028"}),
            ("#fig-port-fee-explorer", {"Port fee", "Ocean freightShanghai–LA"}),
        ]:
            chart = page.locator(f"{figure} .vega-embed").first
            chart.scroll_into_view_if_needed()
            boxes = chart.evaluate(TEXT_BOXES, "g.role-axis-label text")
            texts = [b["text"] for b in boxes]
            assert expected <= set(texts), (figure, texts)
            assert not [t for t in texts if "…" in t], (figure, texts)
            shown = [b for b in boxes if b["text"] in expected]
            assert overlaps(shown) == [], (figure, width)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
