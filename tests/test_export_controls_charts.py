"""Chart specs of the export-controls chapter, through ``to_dict()``, and the website's
closed form checked against the model.

The website explorer computes the model in Vega expressions. Here those expressions are
evaluated in Python, with the few Vega functions they use mapped to Python's, for every
time step and many slider settings, and compared with ``supply_shock_path``. The browser
test checks the same in Chromium, with Vega itself doing the arithmetic.
"""

from __future__ import annotations

import itertools
import math

import altair as alt
import pandas as pd
import pytest
from chart_support import walk as _walk
from vega_support import close, vega_rows

from widgets.charts.export_controls import (
    AXIS_COVERAGE,
    CONTROLS,
    DEFAULTS,
    KEY_YEARS,
    OFF_SCALE,
    concentration_chart,
    controlling_numbers,
    cut_extent,
    fixed_extents,
    grid_table,
    key_numbers,
    path_table,
    price_history_chart,
    shock_explorer_chart,
    vega_expressions,
    vega_signals,
)
from widgets.charts.kit import format_number
from widgets.data import load
from widgets.models.supply_shock import STEPS_PER_YEAR, supply_shock_path

CONTROLLING = 0.91
N_STEPS = 15 * STEPS_PER_YEAR + 1
#: The page's steps that read no row: Vega signals, computed once per slider move.
SIGNALS = vega_signals(CONTROLLING)
#: The page's steps on each row, as transforms.
FORMULA = [{"calculate": c, "as": f} for f, c in vega_expressions(CONTROLLING).items()]


def _page_rows(steps, fields, sliders, **kwargs):
    """The rows the page computes: its formula, then ``steps``, run in real Vega."""
    return vega_rows(grid_table(), [*FORMULA, *steps], fields, params=sliders,
                     signals=SIGNALS, **kwargs)  # fmt: skip


def _default_path(**changes):
    """The model's path at the sliders' defaults (``changes``: model arguments)."""
    return supply_shock_path(**{
        "share_withheld": DEFAULTS["share_pct"] / 100,
        "demand_elasticity": DEFAULTS["demand_elasticity"],
        "supply_elasticity": DEFAULTS["supply_elasticity"],
        "years_to_diversify": DEFAULTS["years_to_diversify"],
        "controlling_share": CONTROLLING, **changes})  # fmt: skip


def _close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.fixture(scope="module")
def spec():
    return shock_explorer_chart(controlling_share=CONTROLLING).to_dict()


def test_the_fall_in_use_axis_is_fixed_to_every_cut_the_sliders_can_make(spec):
    low, high = cut_extent(CONTROLLING)
    assert (low, high) == (0.0, pytest.approx(0.9))  # none withheld; 90% withheld at most
    fields = ("consumption_cut", "tariff_consumption_cut")
    ys = [n["y"] for n in _walk(spec) if isinstance(n.get("y"), dict)
          and n["y"].get("field") in fields]  # fmt: skip
    assert len(ys) == 2
    assert all(y["scale"] == {"domain": [low, high], "nice": True} for y in ys)
    # paths across the sliders' whole ranges, stockpiles included, stay inside it
    ranges = {c.name: (c.min, c.max) for c in CONTROLS}
    corners = itertools.product(*(ranges[n] for n in (
        "share_pct", "demand_elasticity", "supply_elasticity", "years_to_diversify",
        "stockpile_months")))  # fmt: skip
    for share, demand, supply, years, months in corners:
        path = supply_shock_path(
            share_withheld=share / 100, demand_elasticity=demand, supply_elasticity=supply,
            years_to_diversify=years, controlling_share=CONTROLLING, stockpile_months=months,
        )  # fmt: skip
        for cut in (path.consumption_cut, 1 - path.tariff_consumption):
            assert low - 1e-12 <= cut.min() and cut.max() <= high + 1e-12


def _y_scales(spec, field):
    return [n["encoding"]["y"]["scale"] for n in _walk(spec)
            if isinstance(n.get("encoding"), dict) and "y" in n["encoding"]
            and n["encoding"]["y"].get("field") == field]  # fmt: skip


def test_price_spending_and_revenue_axes_are_fixed_from_the_model(spec):
    """No y axis follows the path (a move redraws the paths only): price and spending on
    log axes from 100, revenue from 0, each topped where AXIS_COVERAGE of the settings'
    paths fit, nicely rounded; higher values are clamped to the top."""
    extents = fixed_extents(CONTROLLING)
    assert extents == {"price": (100.0, 10_000.0), "spending": (100.0, 1_000.0),
                       "revenue": (0.0, 450.0)}  # fmt: skip
    for field, name, kind in [("price_index", "price", "log"), ("tariff_price_index", "price",
                              "log"), ("spending_index", "spending", "log"),
                              ("revenue_index", "revenue", "linear"),
                              ("tax_earnings_index", "revenue", "linear")]:  # fmt: skip
        assert _y_scales(spec, field) == [
            {"type": kind, "domain": list(extents[name]), "clamp": True}], field
    # every path the sliders draw stays at or above the bottom of its axis, and the start
    # without a stockpile is each path's highest point (what fixed_extents assumes)
    ranges = {c.name: (c.min, c.max) for c in CONTROLS}
    corners = itertools.product(*(ranges[n] for n in (
        "share_pct", "demand_elasticity", "supply_elasticity", "years_to_diversify",
        "stockpile_months")))  # fmt: skip
    fits = []
    for share, demand, supply, years, months in [*corners, *SETTINGS]:
        kw = dict(share_withheld=share / 100, demand_elasticity=demand,
                  supply_elasticity=supply, years_to_diversify=years,
                  controlling_share=CONTROLLING)  # fmt: skip
        path, bare = supply_shock_path(**kw, stockpile_months=months), supply_shock_path(**kw)
        for name, fields in [("price", ("price_index", "tariff_price_index")),
                             ("spending", ("spending_index",)),
                             ("revenue", ("revenue_index", "tax_earnings_index"))]:  # fmt: skip
            for f in fields:
                values = getattr(path, f)
                assert values.min() >= extents[name][0] - 1e-9, (f, share, demand)
                assert values.max() <= max(float(getattr(bare, g)[0]) for g in fields) * (
                    1 + 1e-12), (f, share, demand, supply, years, months)
        fits.append(bare.price_index[0] <= extents["price"][1])
    assert any(fits) and not all(fits)  # some settings run off the price axis


def test_the_share_of_settings_on_scale_is_the_coverage():
    """AXIS_COVERAGE of the share x elasticity settings start below each axis' top (the
    top is rounded up, so a few more do), and the starting values are on every axis."""
    extents = fixed_extents(CONTROLLING)
    grid = {c.name: [c.min + i * c.step for i in range(round((c.max - c.min) / c.step) + 1)]
            for c in CONTROLS}  # fmt: skip
    on = {"price": 0, "spending": 0, "revenue": 0}
    settings = list(itertools.product(grid["share_pct"][::5], grid["demand_elasticity"][::3],
                                      grid["supply_elasticity"][::4]))  # fmt: skip
    for share, demand, supply in settings:
        path = supply_shock_path(share_withheld=share / 100, demand_elasticity=demand,
                                 supply_elasticity=supply, years_to_diversify=5,
                                 controlling_share=CONTROLLING)  # fmt: skip
        on["price"] += path.price_index[0] <= extents["price"][1]
        on["spending"] += path.spending_index[0] <= extents["spending"][1]
        on["revenue"] += path.revenue_index[0] <= extents["revenue"][1]
    for name, count in on.items():
        assert AXIS_COVERAGE - 0.05 <= count / len(settings) < 1, name
    start = _default_path()
    assert start.peak_price_index < extents["price"][1] / 10  # well inside, not squashed
    assert start.spending_index.max() < extents["spending"][1]
    assert start.revenue_index.max() < extents["revenue"][1]


@pytest.mark.parametrize("sliders,shown", [
    ({}, set()),
    ({"share_pct": 80, "demand_elasticity": -0.1}, {"price", "spending", "revenue"}),
    # a stockpile holds the price at 100 at the start; the jump after it runs off the axis
    ({"share_pct": 85, "demand_elasticity": -0.1, "stockpile_months": 12},
     {"price", "spending", "revenue"}),
    # spending stays on its axis while the price (the tax's) and revenue run off
    ({"share_pct": 90, "demand_elasticity": -0.1, "stockpile_months": 24}, {"price", "revenue"}),
])  # fmt: skip
def test_off_scale_note_in_vega(spec, sliders, shown):
    """Each panel's note, run in Vega with the page's transforms, shows exactly when a
    path runs above the panel's axis."""
    series = [t for t in spec["transform"] if t.get("as") == "series_control"]
    notes = [n for n in _walk(spec) if isinstance(n.get("mark"), dict)
             and n["mark"].get("type") == "text" and n.get("transform")
             and n["transform"][0].get("aggregate")]  # fmt: skip
    assert len(notes) == 3
    seen = set()
    for note, name in zip(notes, ["price", "spending", "revenue"], strict=True):
        assert note["encoding"]["text"]["field"] == "note"
        assert note["mark"]["style"] == "book-key-series_control"  # updated, not redrawn
        read = [{"calculate": "0", "as": "_row"},  # the aggregate drops vega_rows' own
                {"calculate": "'[' + datum.note + ']'", "as": "shown"}]
        (row,) = _page_rows([*series, *note["transform"], *read], [], DEFAULTS | sliders,
                            text=["shown"])  # fmt: skip
        assert row["shown"] in ("[ ]", f"[{OFF_SCALE}]")  # no note: a space, never '' or null
        seen |= {name} if row["shown"] != "[ ]" else set()
    assert seen == shown


def test_five_sliders_bound_to_ranges(spec):
    params = {p["name"]: p for p in spec["params"] if "bind" in p}  # not the formula's signals
    assert set(params) == {"share_pct", "demand_elasticity", "supply_elasticity",
                           "years_to_diversify", "stockpile_months"}  # fmt: skip
    expected = {
        "share_pct": (0, 90, 1),
        "demand_elasticity": (-1.0, -0.05, 0.05),
        "supply_elasticity": (0.0, 1.0, 0.05),
        "years_to_diversify": (1, 10, 1),
        "stockpile_months": (0, 24, 1),
    }
    for name, (lo, hi, step) in expected.items():
        bind = params[name]["bind"]
        assert bind["input"] == "range"
        assert (bind["min"], bind["max"], bind["step"]) == (lo, hi, step)
        assert params[name]["value"] == DEFAULTS[name]
    # The calibrated starting point: 30% withheld, 5 years to diversify.
    assert params["share_pct"]["value"] == 30 and params["years_to_diversify"]["value"] == 5
    # No stockpile at the start: the default view is the model without one.
    assert params["stockpile_months"]["value"] == 0


def test_starting_values_reproduce_dysprosiums_rise():
    # The default scenario is calibrated to the data: its first-year price ratio is within
    # 10% of dysprosium oxide's rise in Europe between early April and 6 May 2025 (midpoints).
    prices = load("rare_earth_prices").set_index(["product", "period"])
    before = prices.loc[("Dysprosium oxide", "early April 2025"), ["price_low", "price_high"]]
    after = prices.loc[("Dysprosium oxide", "6 May 2025"), ["price_low", "price_high"]]
    observed = after.mean() / before.mean()
    assert _default_path().peak_price_index / 100 == pytest.approx(observed, rel=0.10)


def test_website_data_is_only_the_time_steps(spec):
    (rows,) = [r for r in spec["datasets"].values() if r and "k" in r[0]]
    assert [r["k"] for r in rows] == list(range(N_STEPS))
    assert set(rows[0]) == {"k"}  # every other number is computed in the page


def test_every_panel_uses_the_model_expressions(spec):
    expressions = vega_expressions(CONTROLLING)
    calcs = [n for n in _walk(spec) if "calculate" in n and "as" in n]
    by_field = {}
    for c in calcs:
        by_field.setdefault(c["as"], set()).add(c["calculate"])
    for field, expr in expressions.items():
        assert by_field[field] == {expr}, field
    # The path is computed once, at the top of the concatenated chart; the panels inherit it.
    assert sum(1 for c in calcs if c["as"] == "price_index") == 1
    top = [c["as"] for c in spec["transform"]]
    # then the series' names, constants computed with the rows (no panel computes a field:
    # a panel's own calculate made the page copy every row on every slider move)
    assert top == [*expressions, "series_control"]
    # The steps that read no row are signals, computed once per move, not on 61 rows.
    signals = {p["name"]: p["expr"] for p in spec["params"] if "expr" in p}
    assert signals == {s.name: s.param.expr for s in SIGNALS}
    assert {"s", "licensed", "stock_lasts", "price_start"} <= set(signals)
    assert not set(signals) & set(expressions)
    assert "series" not in by_field
    assert all(by_field[field] == {c["calculate"]} for c in spec["transform"]
               for field in [c["as"]])  # fmt: skip


def test_description_and_titles(spec):
    assert "export-control explorer" in spec["description"]
    titles = [n["title"] for n in _walk(spec) if isinstance(n.get("title"), str)]
    assert "Price (pre-shock = 100, log scale)" in titles
    assert any("market share" in t for t in titles)
    panels = [n for n in _walk(spec) if ("mark" in n or "layer" in n) and "title" in n]
    assert len(panels) == 8 and all(n.get("description") for n in panels)
    assert "Controlling country's export revenue (pre-shock = 100)" in titles
    assert "Importers' stockpile left" in titles
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}


def test_price_axis_is_logarithmic(spec):
    ys = [n["encoding"]["y"] for n in _walk(spec)
          if isinstance(n.get("encoding"), dict) and "y" in n["encoding"]
          and n["encoding"]["y"].get("field") == "price_index"]  # fmt: skip
    assert ys and ys[0]["scale"]["type"] == "log"


# --- the closed form, run by Vega as the page runs it ---------------------------------------


SETTINGS = [(*row, months) for row, months in zip(
    itertools.product([0, 1, 35, 70, 90], [-1.0, -0.3, -0.05], [0.0, 0.2, 1.0], [1, 5, 10]),
    itertools.cycle([0, 0, 3, 24, 0, 1, 12]), strict=False)]  # fmt: skip
FIELDS = ["t", "price_index", "consumption_cut", "spending_index", "controlling_share_path",
          "tariff_price_index", "tariff_consumption", "revenue_index", "tax_earnings_index",
          "stock_left_months", "tariff_consumption_cut"]  # fmt: skip


@pytest.mark.parametrize("share,eps,e,years,months", SETTINGS[::3])
def test_page_formula_equals_the_model(share, eps, e, years, months):
    """The page's transforms, run in Vega with the sliders set, give the model's path."""
    sliders = {"share_pct": share, "demand_elasticity": eps, "supply_elasticity": e,
               "years_to_diversify": years, "stockpile_months": months}  # fmt: skip
    rows = _page_rows([], FIELDS, sliders)
    model = supply_shock_path(share_withheld=share / 100, demand_elasticity=eps,
                              supply_elasticity=e, years_to_diversify=years,
                              controlling_share=CONTROLLING, stockpile_months=months)  # fmt: skip
    assert len(rows) == N_STEPS
    for k, row in enumerate(rows):
        assert row["t"] == model.years[k]
        for field in FIELDS[1:-1]:
            expected = float(getattr(model, field)[k])
            if field == "tax_earnings_index":
                # p_T X(t): the taxed exports X are a difference of quantities of about 1,
                # exact to ~1e-12 absolute; the price (here up to ~1e15) multiplies that.
                tol = 1e-12 * row["tariff_price_index"] / CONTROLLING
                assert abs(row[field] - expected) <= tol or close(row[field], expected), k
                continue
            assert close(row[field], expected), (field, k, row[field], expected)
        assert close(row["tariff_consumption_cut"], 1 - float(model.tariff_consumption[k]))


def test_key_numbers_are_formatted_like_python():
    """The key-number lines the page writes equal format_number's, at the defaults."""
    spec_chart = shock_explorer_chart(controlling_share=CONTROLLING)
    line = key_numbers(alt.Chart()).to_dict()["transform"]
    rows = _page_rows(line, [], DEFAULTS, text=["line"])
    path = _default_path()
    expected = []
    for year in KEY_YEARS:
        i = year * STEPS_PER_YEAR
        expected.append(
            f"Year {year}: price {format_number(path.price_index[i], ',.1f')} (tariff "
            f"{format_number(path.tariff_price_index[i], ',.1f')}), use cut "
            f"{format_number(path.consumption_cut[i], '.1%')}, spending "
            f"{format_number(path.spending_index[i], ',.1f')}"
        )
    assert [r["line"] for r in rows] == expected
    assert spec_chart.to_dict()["vconcat"][3]["title"].startswith("Key numbers")


@pytest.mark.parametrize("months", [0, 3])
def test_controlling_country_numbers_are_formatted_like_python(months):
    """The page's lines on the controlling country and the stockpile, run in Vega."""
    line = controlling_numbers(alt.Chart()).to_dict()["transform"]
    rows = _page_rows(line, [], DEFAULTS | {"stockpile_months": months}, text=["line"])
    path = _default_path(stockpile_months=months)
    expected = [
        f"Year {year}: revenue {format_number(path.revenue_index[i], ',.1f')} (tax "
        f"{format_number(path.tax_earnings_index[i], ',.1f')}), market share "
        f"{format_number(path.controlling_share_path[i], '.1%')}, stock left "
        f"{format_number(path.stock_left_months[i], '.1f')} months"
        for year in KEY_YEARS
        for i in [year * STEPS_PER_YEAR]
    ]
    assert [r["line"] for r in rows] == expected
    if months == 0:  # the default view: revenue about 198.7 at the start, 67.0 for good
        assert expected[0].startswith("Year 0: revenue 198.7 (tax 198.7), market share 84.5%")
        assert expected[-1].startswith("Year 10: revenue 67.0")


# --- the live view's table and the other charts -----------------------------------------


def test_live_table_carries_the_model_path():
    out = supply_shock_path(share_withheld=0.7, demand_elasticity=-0.3, supply_elasticity=0.2,
                            years_to_diversify=5, controlling_share=CONTROLLING)  # fmt: skip
    table = path_table(out)
    assert table["k"].tolist() == list(range(N_STEPS))
    assert table["price_index"].tolist() == out.price_index.tolist()
    live = shock_explorer_chart(controlling_share=CONTROLLING, data=table, static=False).to_dict()
    assert "params" not in live
    assert not [n for n in _walk(live) if n.get("as") == "price_index"]  # no expressions
    keyed = [n for n in _walk(live) if isinstance(n.get("filter"), dict)]
    assert keyed[0]["filter"]["oneOf"] == [y * STEPS_PER_YEAR for y in KEY_YEARS]


def test_live_chart_needs_data():
    with pytest.raises(ValueError, match="data"):
        shock_explorer_chart(controlling_share=CONTROLLING, static=False)


def test_concentration_chart():
    shares = pd.DataFrame({"stage": ["Mining", "Magnets"], "china_share": [0.6, 0.94],
                           "source": ["x", "y"]})  # fmt: skip
    spec = concentration_chart(shares).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["stack"] == "normalize"
    assert spec["encoding"]["y"]["sort"] == ["Mining", "Magnets"]
    (rows,) = spec["datasets"].values()
    china = {r["stage"]: r["share"] for r in rows if r["who"] == "China"}
    rest = {r["stage"]: r["share"] for r in rows if r["who"] != "China"}
    assert china == {"Mining": 0.6, "Magnets": 0.94}
    assert all(_close(china[s] + rest[s], 1.0) for s in china)
    assert spec["description"]


def test_price_history_chart():
    spec = price_history_chart(load("rare_earth_prices")).to_dict()
    lines, ranges = spec["hconcat"]
    assert lines["mark"]["type"] == "line"
    assert lines["encoding"]["y"]["scale"]["type"] == "log"
    assert [layer["mark"]["type"] for layer in ranges["layer"]] == ["bar", "text"]
    assert ranges["layer"][0]["encoding"]["y2"]["field"] == "price_high"
    assert spec["description"] and spec["title"]


def test_post_april_price_ranges_are_wide_bars_in_the_legend():
    """Issue 13: the European spot ranges after April 2025, the chart's point, were 6-px
    slivers at the time axis's right edge and not in the legend. They have a panel of their
    own: one band per phase (before, after), a bar per oxide, labelled with its range, on
    the same log price scale and coloured by the legend's oxide."""
    prices = load("rare_earth_prices")
    spec = price_history_chart(prices).to_dict()
    lines, ranges = spec["hconcat"]
    bars, labels = ranges["layer"]
    assert ranges["width"] == 240  # a width charts.js can fit (a step width cannot shrink)
    assert bars["encoding"]["x"]["field"] == "phase"
    assert bars["encoding"]["xOffset"]["field"] == "element"
    assert bars["encoding"]["y"]["scale"] == lines["encoding"]["y"]["scale"]
    assert bars["encoding"]["color"] == lines["encoding"]["color"]
    assert bars["encoding"]["stroke"]["scale"] == lines["encoding"]["color"]["scale"]
    assert bars["mark"]["strokeWidth"] >= 4  # terbium's narrow April range stays visible
    assert lines["encoding"]["color"]["legend"] is not None
    assert lines["encoding"]["x"]["axis"]["format"] == "%Y"
    spot = prices[prices["market"] != "annual average"]
    rows = vega_rows(spot, bars["transform"], ["price_low", "price_high"],
                     text=["element", "phase", "label"])  # fmt: skip
    assert {(r["element"], r["phase"], r["label"]) for r in rows} == {
        ("Dysprosium", "Early April", "$250–310"), ("Dysprosium", "May", "$700–1,000"),
        ("Terbium", "Early April", "$930–1,000"), ("Terbium", "May", "$2,000–4,000"),
    }  # fmt: skip


def test_spot_range_labels_do_not_run_together():
    """Issue 13: "$930–1,000" (terbium, April) and "$700–1,000" (dysprosium, May), both
    above their bars at $1,000, ran together. Dysprosium's labels go under its bars (at the
    range's low), terbium's above (at its high), a few pixels off the bar's outline."""
    prices = load("rare_earth_prices")
    spot = prices[prices["market"] != "annual average"]
    _, ranges = price_history_chart(prices).to_dict()["hconcat"]
    bars, labels = ranges["layer"]
    assert labels["encoding"]["y"]["field"] == "label_at"
    assert labels["encoding"]["y"]["scale"] == bars["encoding"]["y"]["scale"]
    rows = vega_rows(spot, labels["transform"], ["price_low", "price_high", "label_at"],
                     text=["element", "label"])  # fmt: skip
    at = {r["label"]: (r["element"], r["label_at"]) for r in rows}
    assert at == {
        "$250–310": ("Dysprosium", 250), "$700–1,000": ("Dysprosium", 700),
        "$930–1,000": ("Terbium", 1000), "$2,000–4,000": ("Terbium", 4000),
    }  # fmt: skip
    mark = labels["mark"]
    assert mark["dy"]["expr"] == "datum.element == 'Dysprosium' ? 5 : -5"
    assert mark["baseline"]["expr"] == "datum.element == 'Dysprosium' ? 'top' : 'bottom'"
    assert 5 > bars["mark"]["strokeWidth"] / 2  # clear of the outline
