"""The export-control explorer on the website: its five sliders redraw the chart, and the
numbers the page computes (the model's closed form in Vega expressions) equal the Python
model's to a relative 1e-9, as the page's own Vega view reports them (``view.data``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, expect

from tests.browser.browser_support import VegaChart
from widgets.models.supply_shock import STEPS_PER_YEAR

pytestmark = pytest.mark.browser

PAGE = "chapters/export_controls.html"
CONTROLLING = 0.91
FIELDS = ["price_index", "consumption_cut", "spending_index", "controlling_share_path",
          "tariff_price_index", "tariff_consumption", "revenue_index", "stock_left_months",
          "tax_earnings_index"]  # fmt: skip
SLIDERS = ["share_pct", "demand_elasticity", "supply_elasticity", "years_to_diversify",
           "stockpile_months"]  # fmt: skip


def model(share, eps, e, years, months=0):
    from widgets.models.supply_shock import supply_shock_path

    return supply_shock_path(share_withheld=share / 100, demand_elasticity=eps,
                             supply_elasticity=e, years_to_diversify=years,
                             controlling_share=CONTROLLING, stockpile_months=months)  # fmt: skip


@dataclass
class Explorer:
    visit: object
    vega: VegaChart

    @property
    def chart(self) -> Locator:
        return self.vega.locator

    def slider(self, name: str) -> Locator:
        return self.chart.locator(f'input[name="{name}"]')

    def set(self, share, eps, e, years, months=0) -> None:
        for name, value in zip(SLIDERS, (share, eps, e, years, months), strict=True):
            self.slider(name).fill(str(value))

    def rows(self) -> list[dict] | None:
        """The rows of the explorer's first data set that carries the computed path."""
        for name in self.vega.datasets():
            try:
                rows = self.vega.data(name)
            except Exception:  # a data set of the runtime that view.data cannot read
                continue
            if rows and len(rows) > 50 and "price_index" in rows[0] and "k" in rows[0]:
                return [{key: row[key] for key in ["k", "t", *FIELDS]} for row in rows]
        return None

    def lines(self, what: str = "price") -> list[str]:
        """The key-number lines of one panel: ``what`` is "price" or "revenue"."""
        return self.vega.texts(lambda t: t.startswith("Year ") and f": {what} " in t)

    def price_path(self) -> str | None:
        return self.vega.path_data("svg.marks g.mark-line path")[0]

    def assert_matches_model(self, share, eps, e, years, months=0) -> None:
        expected = model(share, eps, e, years, months)
        rows = self.rows()
        assert rows is not None, "could not read the explorer's view data"
        assert len(rows) == len(expected.years)
        for row in rows:
            k = row["k"]
            assert row["t"] == expected.years[k]
            for field in FIELDS:
                want = float(getattr(expected, field)[k])
                # p_T X(t): X is a difference of quantities near 1, exact to ~1e-12; the
                # price (up to ~1e15 at the sliders' ends) multiplies that rounding.
                tol = 1e-12 * (row["tariff_price_index"] if field == "tax_earnings_index" else 1)
                assert math.isclose(row[field], want, rel_tol=1e-9, abs_tol=tol), (
                    f"{field} at k={k} for sliders {(share, eps, e, years, months)}: "
                    f"page {row[field]!r}, model {want!r}"
                )


@pytest.fixture(scope="module")
def explorer(open_page_for_module) -> Explorer:
    visit = open_page_for_module(PAGE, views=True)
    return Explorer(visit, visit.chart('input[name="share_pct"]'))


def test_five_range_sliders_start_at_thirty_percent_five_years_no_stock(explorer):
    expected = {
        "share_pct": ("0", "90", "30"),
        "demand_elasticity": ("-1", "-0.05", "-0.3"),
        "supply_elasticity": ("0", "1", "0.2"),
        "years_to_diversify": ("1", "10", "5"),
        "stockpile_months": ("0", "24", "0"),
    }
    for name, (lo, hi, value) in expected.items():
        slider = explorer.slider(name)
        expect(slider).to_have_attribute("type", "range")
        expect(slider).to_have_attribute("min", lo)
        expect(slider).to_have_attribute("max", hi)
        assert float(slider.input_value()) == float(value), name
    explorer.visit.assert_clean()


def test_page_data_at_load_equals_the_model(explorer):
    explorer.assert_matches_model(30, -0.3, 0.2, 5)
    explorer.visit.assert_clean()


@pytest.mark.parametrize(
    "share,eps,e,years,months",
    [(0, -0.3, 0.2, 5, 0), (70, -0.3, 0.2, 5, 0), (70, -0.1, 0.0, 10, 6), (35, -1, 1, 1, 24),
     (90, -0.05, 0.0, 3, 0), (12, -0.65, 0.35, 7, 0), (30, -0.3, 0.2, 5, 3)],
)  # fmt: skip
def test_page_data_follows_the_sliders(explorer, share, eps, e, years, months):
    explorer.set(share, eps, e, years, months)
    explorer.assert_matches_model(share, eps, e, years, months)
    explorer.visit.assert_clean()


def test_revenue_and_stock_lines_drawn_are_the_models(explorer):
    explorer.set(30, -0.3, 0.2, 5, 3)
    explorer.assert_matches_model(30, -0.3, 0.2, 5, 3)
    expected = model(30, -0.3, 0.2, 5, 3)
    lines = explorer.lines("revenue")
    assert len(lines) == 5
    pattern = re.compile(r"Year (\d+): revenue ([\d,.]+) \(tax ([\d,.]+)\), market share "
                         r"([\d.]+)%, stock left ([\d.]+) months")  # fmt: skip
    for line in lines:
        year, revenue, tax, share, left = pattern.fullmatch(line).groups()
        i = int(year) * STEPS_PER_YEAR
        assert float(revenue.replace(",", "")) == pytest.approx(expected.revenue_index[i],
                                                                abs=0.051)  # fmt: skip
        assert float(tax.replace(",", "")) == pytest.approx(expected.tax_earnings_index[i],
                                                            abs=0.051)  # fmt: skip
        assert float(share) == pytest.approx(100 * expected.controlling_share_path[i], abs=0.051)
        assert float(left) == pytest.approx(expected.stock_left_months[i], abs=0.051)
    # While 3 months of stock last the price is 100 and revenue 100 * 0.61 / 0.91.
    assert lines[0] == "Year 0: revenue 67.0 (tax 198.7), market share 61.0%, stock left 3.0 months"
    explorer.visit.assert_clean()


def test_key_numbers_drawn_are_the_models(explorer):
    explorer.set(70, -0.3, 0.2, 5)
    explorer.assert_matches_model(70, -0.3, 0.2, 5)
    expected = model(70, -0.3, 0.2, 5)
    lines = explorer.lines()
    assert len(lines) == 5
    pattern = re.compile(r"Year (\d+): price ([\d,.]+) \(tariff ([\d,.]+)\), use cut ([\d.]+)%, "
                         r"spending ([\d,.]+)")  # fmt: skip
    for line in lines:
        year, price, tariff, cut, spending = pattern.fullmatch(line).groups()
        i = int(year) * STEPS_PER_YEAR
        assert float(price.replace(",", "")) == pytest.approx(expected.price_index[i], abs=0.051)
        assert float(tariff.replace(",", "")) == pytest.approx(
            expected.tariff_price_index[i], abs=0.051
        )
        assert float(cut) == pytest.approx(100 * expected.consumption_cut[i], abs=0.051)
        assert float(spending.replace(",", "")) == pytest.approx(
            expected.spending_index[i], abs=0.051
        )
    # 91% control, 70% withheld: 0.21 + 0.09 p ** 0.2 = p ** -0.3 at p = 24.8995.
    assert lines[0].startswith("Year 0: price 2,490.0 (tariff 2,490.0)")
    explorer.visit.assert_clean()


def test_moving_a_slider_redraws_the_price_path(explorer):
    explorer.set(70, -0.3, 0.2, 5)
    explorer.assert_matches_model(70, -0.3, 0.2, 5)
    before = explorer.price_path()
    explorer.slider("years_to_diversify").fill("10")
    explorer.assert_matches_model(70, -0.3, 0.2, 10)
    assert explorer.price_path() != before, "the price line did not change with the years slider"
    explorer.visit.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_post_april_price_ranges_are_wide_labelled_bars(explorer, width):
    """Issue 13: the European spot ranges after April 2025, the point of the price chart,
    were 6-px slivers at the time axis's edge and not in the legend."""
    from widgets.charts.theme import GREEN, ORANGE

    page = explorer.visit.page
    page.set_viewport_size({"width": width, "height": 900})
    try:
        chart = page.locator("#fig-re-prices .vega-embed")
        chart.scroll_into_view_if_needed()
        # on screen: the bar's box and its outline, scaled as the SVG is drawn
        bars = chart.locator("g.mark-rect.role-mark path").evaluate_all(
            """els => els.map(e => { const r = e.getBoundingClientRect(), b = e.getBBox();
                 const scale = r.width / b.width, stroke = Number(e.getAttribute('stroke-width'));
                 return [(e.getAttribute('fill') || '').toLowerCase(), r.width + stroke * scale,
                         r.height + stroke * scale]; })"""
        )
        assert len(bars) == 4
        assert {fill for fill, _, _ in bars} == {ORANGE.lower(), GREEN.lower()}
        assert all(w >= 12 and h >= 2.5 for _, w, h in bars), bars
        texts = chart.locator("svg.marks text").all_text_contents()
        for label in ("$250–310", "$700–1,000", "$930–1,000", "$2,000–4,000",
                      "Dysprosium", "Terbium", "Early April", "May"):  # fmt: skip
            assert label in texts, label
        # ... and apart: "$930–1,000" and "$700–1,000" ran together above the $1,000 line.
        from tests.browser.browser_support import CHARTS_FITTED, TEXT_BOXES, overlaps

        page.wait_for_function(CHARTS_FITTED)
        ranges = ("$250–310", "$700–1,000", "$930–1,000", "$2,000–4,000")
        boxes = [b for b in chart.evaluate(TEXT_BOXES, "svg.marks text") if b["text"] in ranges]
        assert sorted(b["text"] for b in boxes) == sorted(ranges)
        assert overlaps(boxes) == [], width
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    explorer.visit.assert_clean()
