"""The export-control explorer on the website: its four sliders redraw the chart, and the
numbers the page computes (the model's closed form in Vega expressions) equal the Python
model's to a relative 1e-9, as the page's own Vega view reports them.

To read the view's data, a small init script wraps the page's ``vegaEmbed`` global and
keeps each embed's result; the page is then reloaded with it in place.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import pytest
from browser_support import normalise_minus
from playwright.sync_api import Locator, expect

from widgets.models.supply_shock import STEPS_PER_YEAR

pytestmark = pytest.mark.browser

PAGE = "chapters/export_controls.html"
CONTROLLING = 0.91
FIELDS = ["price_index", "consumption_cut", "spending_index", "controlling_share_path",
          "tariff_price_index", "tariff_consumption"]  # fmt: skip
SLIDERS = ["share_pct", "demand_elasticity", "supply_elasticity", "years_to_diversify"]

CAPTURE_VIEWS = """
(() => {
  let real;
  window.__embeds = [];
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return real; },
    set(v) {
      const wrapped = function (...args) {
        const p = v.apply(this, args);
        p.then((result) => window.__embeds.push({ el: args[0], view: result.view }));
        return p;
      };
      Object.assign(wrapped, v);
      real = wrapped;
    },
  });
})();
"""

# The rows of the explorer's first dataset that carries the computed path.
READ_PATH = """
(el) => {
  const hit = window.__embeds.find((e) => e.el === el || e.el === el.id || el.contains(e.el));
  if (!hit) return null;
  const view = hit.view;
  for (const name of Object.keys(view._runtime.data)) {
    let rows;
    try { rows = view.data(name); } catch (err) { continue; }
    if (rows && rows.length > 50 && "price_index" in rows[0] && "k" in rows[0]) {
      return rows.map((r) => ({
        k: r.k, t: r.t, price_index: r.price_index, consumption_cut: r.consumption_cut,
        spending_index: r.spending_index, controlling_share_path: r.controlling_share_path,
        tariff_price_index: r.tariff_price_index, tariff_consumption: r.tariff_consumption,
      }));
    }
  }
  return null;
}
"""


def model(share, eps, e, years):
    from widgets.models.supply_shock import supply_shock_path

    return supply_shock_path(share_withheld=share / 100, demand_elasticity=eps,
                             supply_elasticity=e, years_to_diversify=years,
                             controlling_share=CONTROLLING)  # fmt: skip


@dataclass
class Explorer:
    visit: object
    chart: Locator

    def slider(self, name: str) -> Locator:
        return self.chart.locator(f'input[name="{name}"]')

    def set(self, share, eps, e, years) -> None:
        for name, value in zip(SLIDERS, (share, eps, e, years), strict=True):
            self.slider(name).fill(str(value))

    def rows(self) -> list[dict] | None:
        return self.chart.evaluate(READ_PATH)

    def lines(self) -> list[str]:
        texts = self.chart.locator("svg.marks g.role-mark text").all_text_contents()
        return [normalise_minus(t.strip()) for t in texts if t.strip().startswith("Year ")]

    def price_path(self) -> str | None:
        return self.chart.locator("svg.marks g.mark-line path").first.get_attribute("d")

    def assert_matches_model(self, share, eps, e, years, timeout=5.0) -> None:
        expected = model(share, eps, e, years)
        deadline = time.monotonic() + timeout
        while True:
            rows = self.rows()
            ok = rows is not None and _agree(rows, expected)
            if ok or time.monotonic() > deadline:
                break
            self.chart.page.wait_for_timeout(25)
        assert rows is not None, "could not read the explorer's view data"
        assert len(rows) == len(expected.years)
        for row in rows:
            k = row["k"]
            assert row["t"] == expected.years[k]
            for field in FIELDS:
                want = float(getattr(expected, field)[k])
                assert math.isclose(row[field], want, rel_tol=1e-9, abs_tol=1e-12), (
                    f"{field} at k={k} for sliders {(share, eps, e, years)}: "
                    f"page {row[field]!r}, model {want!r}"
                )


def _agree(rows, expected) -> bool:
    return all(
        math.isclose(r["price_index"], float(expected.price_index[r["k"]]), rel_tol=1e-9)
        for r in rows
    )


@pytest.fixture(scope="module")
def explorer(open_page_for_module) -> Explorer:
    visit = open_page_for_module(PAGE)
    page = visit.page
    page.context.add_init_script(CAPTURE_VIEWS)
    page.reload(wait_until="networkidle")
    with visit.explained():
        chart = page.locator(".vega-embed").filter(has=page.locator('input[name="share_pct"]'))
        expect(chart, "exactly one chart on the page is bound to share_pct").to_have_count(1)
        expect(chart.locator(":scope > svg.marks")).to_have_count(1)
        page.wait_for_function("window.__embeds && window.__embeds.length >= 3")
    return Explorer(visit, chart)


def test_four_range_sliders_start_at_seventy_percent_and_five_years(explorer):
    expected = {
        "share_pct": ("0", "90", "70"),
        "demand_elasticity": ("-1", "-0.05", "-0.3"),
        "supply_elasticity": ("0", "1", "0.2"),
        "years_to_diversify": ("1", "10", "5"),
    }
    for name, (lo, hi, value) in expected.items():
        slider = explorer.slider(name)
        expect(slider).to_have_attribute("type", "range")
        expect(slider).to_have_attribute("min", lo)
        expect(slider).to_have_attribute("max", hi)
        assert float(slider.input_value()) == float(value), name
    explorer.visit.assert_clean()


def test_page_data_at_load_equals_the_model(explorer):
    explorer.assert_matches_model(70, -0.3, 0.2, 5)
    explorer.visit.assert_clean()


@pytest.mark.parametrize(
    "share,eps,e,years",
    [(0, -0.3, 0.2, 5), (70, -0.3, 0.2, 5), (70, -0.1, 0.0, 10), (35, -1, 1, 1),
     (90, -0.05, 0.0, 3), (12, -0.65, 0.35, 7)],
)  # fmt: skip
def test_page_data_follows_the_sliders(explorer, share, eps, e, years):
    explorer.set(share, eps, e, years)
    explorer.assert_matches_model(share, eps, e, years)
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
    assert lines[0].startswith("Year 0: price 1,111.1 (tariff 1,111.1)")
    explorer.visit.assert_clean()


def test_moving_a_slider_redraws_the_price_path(explorer):
    explorer.set(70, -0.3, 0.2, 5)
    explorer.assert_matches_model(70, -0.3, 0.2, 5)
    before = explorer.price_path()
    explorer.slider("years_to_diversify").fill("10")
    explorer.assert_matches_model(70, -0.3, 0.2, 10)
    deadline = time.monotonic() + 5
    while explorer.price_path() == before and time.monotonic() < deadline:
        explorer.chart.page.wait_for_timeout(25)
    assert explorer.price_path() != before, "the price line did not change with the years slider"
    explorer.visit.assert_clean()
