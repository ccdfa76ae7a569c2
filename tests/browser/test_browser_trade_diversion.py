"""The trade-diversion explorer on the website: its inputs redraw the charts, and the
numbers the page computes (Vega expressions) are the Python model's (rel. <= 1e-9).

The page is opened once, in a context that records the Vega views vega-embed creates
(an init script wraps ``window.vegaEmbed``), so the test can read the data behind
every drawn mark (``datum``) from the view's scenegraph.
"""

from __future__ import annotations

import math

import pytest
from browser_support import normalise_minus
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGE = "chapters/trade_diversion.html"
FIELDS = {
    "m1": "new_imports",
    "diversion": "trade_diversion",
    "creation": "trade_creation",
}
TOTALS = {
    "total1": "total_new_imports",
    "price": "basket_price",
    "revenue1": "new_tariff_revenue",
    "consumer_cost": "consumer_cost",
    "welfare_change": "welfare_change",
}
SETTINGS = [(0, 0, 2.5, 2.5), (145, 10, 2.5, 2.5), (200, 100, 6.0, 0.5), (70, 3, 1.5, 5.2)]

CAPTURE_VIEWS = """
(() => {
  let real;
  window.__vegaViews = [];
  Object.defineProperty(window, 'vegaEmbed', {
    configurable: true,
    get() {
      if (!real) return real;
      const wrapped = function (el, spec, opt) {
        return real(el, spec, opt).then((result) => {
          const node = typeof el === 'string' ? document.querySelector(el) : el;
          window.__vegaViews.push({ node, view: result.view });
          return result;
        });
      };
      return Object.assign(wrapped, real);
    },
    set(value) { real = value; },
  });
})();
"""

READ_ROWS = """
async (el) => {
  const entry = window.__vegaViews.find((v) => v.node && el.contains(v.node) || v.node === el);
  await entry.view.runAsync();
  const rows = {};
  const visit = (mark) => {
    for (const item of mark.items || []) {
      const d = item.datum;
      if (d && d.scenario === 'chosen' && d.m1 !== undefined && !(d.partner in rows)) {
        rows[d.partner] = d;
      }
      for (const child of item.items || []) visit(child);
    }
  };
  visit(entry.view.scenegraph().root);
  return rows;
}
"""


def model(china_pct, others_pct, eps, sigma):
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.test_trade_diversion_charts import model as python_model

    return python_model(china_pct, others_pct, eps, sigma)


@pytest.fixture(scope="module")
def explorer(chromium, site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            problems.append(f"outside request: {url}")
            route.abort()

    context.route("**/*", route)
    context.add_init_script(CAPTURE_VIEWS)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(site_url + PAGE, wait_until="networkidle")
    chart = page.locator(".vega-embed").filter(has=page.locator('input[name="china_pct"]'))
    expect(chart).to_have_count(1)
    expect(chart.locator("svg.marks")).to_have_count(1)
    page.wait_for_function("window.__vegaViews && window.__vegaViews.length > 0")
    yield page, chart, problems
    context.close()


def set_inputs(chart, china_pct, others_pct, eps, sigma, preset="sliders"):
    chart.locator('select[name="preset"]').select_option(preset)
    for name, value in (("china_pct", china_pct), ("others_pct", others_pct), ("eps", eps),
                        ("sigma", sigma)):  # fmt: skip
        chart.locator(f'input[name="{name}"]').fill(str(value))


def drawn_rows(chart) -> dict:
    return chart.evaluate(READ_ROWS)


def assert_matches_model(rows, out):
    assert set(rows) == set(out.partners)
    totals = out.totals()
    for i, partner in enumerate(out.partners):
        for field, attr in FIELDS.items():
            expected = float(getattr(out, attr)[i])
            got = rows[partner][field]
            assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9), (partner, field)
        for field, key in TOTALS.items():
            got = rows[partner][field]
            assert math.isclose(got, totals[key], rel_tol=1e-9, abs_tol=1e-9), (partner, field)


def test_inputs(explorer):
    _, chart, problems = explorer
    slider = chart.locator('input[name="china_pct"]')
    expect(slider).to_have_attribute("type", "range")
    expect(slider).to_have_attribute("min", "0")
    expect(slider).to_have_attribute("max", "200")
    for name in ("others_pct", "eps", "sigma"):
        expect(chart.locator(f'input[name="{name}"]')).to_have_attribute("type", "range")
    expect(chart.locator('select[name="preset"] option')).to_have_count(7)
    assert not problems, problems


def test_numbers_at_load_are_the_model(explorer):
    _, chart, problems = explorer
    assert_matches_model(drawn_rows(chart), model(45, 10, 2.5, 2.5))
    assert not problems, problems


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_numbers_follow_the_sliders(explorer, setting):
    _, chart, problems = explorer
    set_inputs(chart, *setting)
    assert_matches_model(drawn_rows(chart), model(*setting))
    assert not problems, problems


@pytest.mark.parametrize("preset", ["april2025", "busan", "before2018"])
def test_presets_set_the_tariffs(explorer, preset):
    from widgets.charts.trade_diversion import PRESETS

    _, chart, problems = explorer
    set_inputs(chart, 0, 0, 2.5, 2.5, preset=preset)
    _, china, others = PRESETS[preset]
    assert_matches_model(drawn_rows(chart), model(china, others, 2.5, 2.5))
    texts = [normalise_minus(t) for t in chart.locator("svg.marks text").all_text_contents()]
    assert f"Tariff on China (%): {china}" in texts
    assert not problems, problems


def test_moving_the_china_slider_redraws_bars_and_numbers(explorer):
    _, chart, problems = explorer
    set_inputs(chart, 0, 10, 2.5, 2.5)
    drawn_rows(chart)
    bars = chart.locator("svg.marks g.mark-rect path")
    before = [p.get_attribute("d") for p in bars.all()]
    texts_before = chart.locator("svg.marks text").all_text_contents()
    chart.locator('input[name="china_pct"]').fill("145")
    rows = drawn_rows(chart)
    after = [p.get_attribute("d") for p in bars.all()]
    assert len(before) == len(after) and before != after
    out = model(145, 10, 2.5, 2.5)
    line = f"US imports from China ($ bn): {out.new_imports[0]:,.1f}"
    texts = [normalise_minus(t) for t in chart.locator("svg.marks text").all_text_contents()]
    assert any(t.startswith(line) for t in texts), line
    assert texts != texts_before
    # at 145% buyers move away from China towards every other partner
    assert rows["China"]["diversion"] < 0
    assert all(rows[p]["diversion"] > 0 for p in rows if p != "China")
    assert not problems, problems
