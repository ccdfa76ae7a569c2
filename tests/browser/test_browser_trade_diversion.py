"""The trade-diversion explorer on the website: its inputs redraw the charts, and the
numbers the page computes (Vega expressions) are the Python model's (rel. <= 1e-9).

The page is opened once with its Vega views kept (``views=True``), so the test can read
the data behind every drawn mark (``datum``) from the view's scenegraph.
"""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import VegaChart

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
SETTINGS = [(0, 0, 1.0, 2.5), (145, 10, 1.0, 2.5), (200, 100, 3.0, 0.5), (70, 3, 0.5, 5.2),
            (170, 10, 1.0, 1.0)]  # fmt: skip

# The chosen scenario's row of every partner, read from the data behind the drawn marks.
READ_ROWS = """
(view) => {
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
  visit(view.scenegraph().root);
  return rows;
}
"""


def model(china_pct, others_pct, eps, sigma):
    """The Python model's outcome for the explorer's inputs (as the page sets them up)."""
    from widgets.charts.trade_diversion import explorer_outcome, partner_baseline

    return explorer_outcome(
        partner_baseline(), china_pct=china_pct, others_pct=others_pct, eps=eps, sigma=sigma
    )


@pytest.fixture(scope="module")
def explorer(open_page_for_module):
    visit = open_page_for_module(PAGE, views=True)
    return visit, visit.chart('input[name="china_pct"]')


def set_inputs(chart: VegaChart, china_pct, others_pct, eps, sigma, preset="sliders"):
    """Set the sliders (the tariff sliders are locked while a preset holds them: they are
    set with "Use the sliders" chosen), then the preset."""
    menu = chart.locator.locator('select[name="preset"]')
    menu.select_option("sliders")
    for name, value in (("china_pct", china_pct), ("others_pct", others_pct), ("eps", eps),
                        ("sigma", sigma)):  # fmt: skip
        chart.locator.locator(f'input[name="{name}"]').fill(str(value))
    menu.select_option(preset)


def drawn_rows(chart: VegaChart) -> dict:
    return chart.with_view(READ_ROWS)


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
    visit, vega = explorer
    chart = vega.locator
    slider = chart.locator('input[name="china_pct"]')
    expect(slider).to_have_attribute("type", "range")
    expect(slider).to_have_attribute("min", "0")
    expect(slider).to_have_attribute("max", "200")
    for name in ("others_pct", "eps", "sigma"):
        expect(chart.locator(f'input[name="{name}"]')).to_have_attribute("type", "range")
    expect(chart.locator('select[name="preset"] option')).to_have_count(7)
    visit.assert_clean()


def test_numbers_at_load_are_the_model(explorer):
    visit, chart = explorer
    assert_matches_model(drawn_rows(chart), model(45, 10, 1.0, 2.5))
    visit.assert_clean()


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_numbers_follow_the_sliders(explorer, setting):
    visit, chart = explorer
    set_inputs(chart, *setting)
    assert_matches_model(drawn_rows(chart), model(*setting))
    visit.assert_clean()


@pytest.mark.parametrize("preset", ["april2025", "busan", "before2018"])
def test_presets_set_the_tariffs(explorer, preset):
    from widgets.charts.trade_diversion import PRESETS

    visit, chart = explorer
    set_inputs(chart, 0, 0, 1.0, 2.5, preset=preset)
    _, china, others = PRESETS[preset]
    assert_matches_model(drawn_rows(chart), model(china, others, 1.0, 2.5))
    texts = chart.texts(selector="svg.marks text, .chart-key-numbers li")
    assert f"Tariff on China (%): {china}" in texts
    visit.assert_clean()


def test_moving_the_china_slider_redraws_bars_and_numbers(explorer):
    visit, chart = explorer
    set_inputs(chart, 0, 10, 1.0, 2.5)
    before = chart.path_data("svg.marks g.mark-rect path")
    texts_before = chart.texts(selector="svg.marks text, .chart-key-numbers li")
    chart.locator.locator('input[name="china_pct"]').fill("145")
    rows = drawn_rows(chart)
    after = chart.path_data("svg.marks g.mark-rect path")
    assert len(before) == len(after) and before != after
    out = model(145, 10, 1.0, 2.5)
    line = f"US imports from China ($ bn): {out.new_imports[0]:,.1f}"
    texts = chart.texts(selector="svg.marks text, .chart-key-numbers li")
    assert any(t.startswith(line) for t in texts), line
    assert texts != texts_before
    # at 145% buyers move away from China towards every other partner
    assert rows["China"]["diversion"] < 0
    assert all(rows[p]["diversion"] > 0 for p in rows if p != "China")
    visit.assert_clean()


def test_the_method_menu_shows_the_smart_formulas(explorer):
    from widgets.charts.trade_diversion import explorer_outcome, partner_baseline

    visit, chart = explorer
    set_inputs(chart, 26, 0, 1.0, 2.5)
    chart.locator.locator('select[name="method"]').select_option("smart")
    rows = drawn_rows(chart)
    out = explorer_outcome(partner_baseline(), china_pct=26, others_pct=0, eps=1.0, sigma=2.5,
                           method="smart")  # fmt: skip
    for r in out.rows():
        for field, key in (("m1", "new_imports"), ("creation", "trade_creation"),
                           ("diversion", "trade_diversion")):  # fmt: skip
            assert math.isclose(rows[r["partner"]][field], r[key], rel_tol=1e-9, abs_tol=1e-9)
    texts = chart.texts(selector="svg.marks text, .chart-key-numbers li")
    assert "Change in national welfare ($ bn): not computed for SMART" in texts
    assert_band(rows, 26, 0, "smart")
    # a slider moved while SMART is shown, then back to the book's model
    chart.locator.locator('input[name="eps"]').fill("1.1")
    chart.settle()
    chart.locator.locator('select[name="method"]').select_option("ces")
    assert chart.signal("method") == "ces"
    assert_matches_model(rows := drawn_rows(chart), model(26, 0, 1.1, 2.5))
    assert_band(rows, 26, 0, "ces")
    # the tariff moved under the book's model (the WITS formulas then run on the reader's
    # rows alone), then SMART again: its band is the WITS corners at the new tariff
    chart.locator.locator('input[name="china_pct"]').fill("80")
    chart.settle()
    chart.locator.locator('select[name="method"]').select_option("smart")
    assert_band(drawn_rows(chart), 80, 0, "smart")
    visit.assert_clean()


def assert_band(rows, china_pct, others_pct, method):
    """The band drawn is the method's model at the band's four corners."""
    from widgets.charts.trade_diversion import band_from_data, explorer_outcome, partner_baseline

    corners = [explorer_outcome(partner_baseline(), china_pct=china_pct, others_pct=others_pct,
                                eps=e, sigma=s, method=method)
               for _, e, s in band_from_data().corners()]  # fmt: skip
    for i, partner in enumerate(corners[0].partners):
        m1 = [float(c.new_imports[i]) for c in corners]
        assert math.isclose(rows[partner]["m1_low"], min(m1), rel_tol=1e-9), partner
        assert math.isclose(rows[partner]["m1_high"], max(m1), rel_tol=1e-9), partner


# --- issue 13: a preset moves the tariff sliders and locks them; the controls fit a phone


def _slider_state(chart: VegaChart, name: str) -> dict:
    return chart.locator.locator(f'input[name="{name}"]').evaluate(
        "(el) => ({value: Number(el.value), disabled: el.disabled,"
        " readout: el.nextElementSibling.textContent.trim()})"
    )


def test_a_preset_moves_the_tariff_sliders_to_its_values_and_locks_them(explorer):
    from widgets.charts.trade_diversion import PRESETS

    visit, chart = explorer
    set_inputs(chart, 161, 79, 1.0, 2.5)  # where the issue found them
    note = chart.locator.locator("xpath=ancestor::*[@data-chart-controls][1]").locator(
        ".chart-control-note"
    )
    for preset in ("april2025", "ruling"):
        chart.locator.locator('select[name="preset"]').select_option(preset)
        _, china, others = PRESETS[preset]
        assert _slider_state(chart, "china_pct") == {"value": china, "disabled": True,
                                                     "readout": str(china)}  # fmt: skip
        assert _slider_state(chart, "others_pct") == {"value": others, "disabled": True,
                                                      "readout": str(others)}  # fmt: skip
        assert chart.signal("china_pct") == china and chart.signal("others_pct") == others
        assert not _slider_state(chart, "eps")["disabled"]
        expect(note).to_be_visible()
        expect(note).to_have_text(
            "Tariff on China and Tariff on everyone else are set by the tariff regime. "
            "Choose \u201cUse the sliders\u201d to move them."
        )
        # the key numbers listed under the drawing (charts.js updates them after Vega runs)
        shown = f"Tariff on China (%): {china}"
        expect(chart.locator.locator(".chart-key-numbers li", has_text=shown)).to_have_count(1)
    # "Use the sliders": unlocked, starting from the preset's values, and they drive the chart
    chart.locator.locator('select[name="preset"]').select_option("sliders")
    expect(note).to_be_hidden()
    assert _slider_state(chart, "china_pct") == {"value": 35, "disabled": False, "readout": "35"}
    chart.locator.locator('input[name="china_pct"]').fill("100")
    assert chart.signal("china_pct") == 100
    shown = "Tariff on China (%): 100"
    expect(chart.locator.locator(".chart-key-numbers li", has_text=shown)).to_have_count(1)
    visit.assert_clean()


def test_the_controls_fit_a_phone_column(explorer):
    visit, chart = explorer
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        chart.locator.locator('select[name="preset"]').select_option("ruling")  # the longest
        boxes = chart.locator.evaluate(
            """(el) => {
              const column = el.closest('[data-chart-controls]').getBoundingClientRect();
              const parts = el.querySelectorAll(
                  '.vega-bindings .vega-bind-name, .vega-bindings input, .vega-bindings select,'
                  + ' .vega-bindings label > span:last-child, .chart-control-note');
              return {column: [column.left, column.right],
                    page: document.documentElement.clientWidth,
                      parts: Array.from(parts).filter((p) => p.getClientRects().length)
                        .map((p) => { const r = p.getBoundingClientRect();
                                      return [p.tagName + '.' + p.className, r.left, r.right]; })};
            }"""
        )
        left, right = boxes["column"]
        assert right - left <= 360 and right <= boxes["page"]
        assert len(boxes["parts"]) >= 12
        for name, start, end in boxes["parts"]:
            assert left - 0.5 <= start and end <= right + 0.5, (name, start, end, boxes["column"])
    finally:
        chart.locator.locator('select[name="preset"]').select_option("sliders")
        page.set_viewport_size({"width": 1280, "height": 900})
    visit.assert_clean()
