"""The chart kit: the page's number format is format_number's rule, run in real Vega; the
Vega backend builds the transforms the formulas describe; the key-numbers panel."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import altair as alt
import numpy as np
import pytest
from vega_support import vega_rows

from widgets.charts import theme
from widgets.charts.kit import (
    DARK,
    EMBED,
    FONT_SIZES,
    KEY_NUMBERS_STYLE,
    KEY_STYLE,
    MIN_FONT_PX,
    PAGE,
    STACK_BELOW_PX,
    VegaBackend,
    config,
    contrast,
    format_expr,
    format_number,
    key_numbers_html,
    key_numbers_panel,
    text_line,
    vega,
)
from widgets.models.formula import NUMPY

ROOT = Path(__file__).resolve().parents[1]

FORMATS = [",.0f", ",.1f", ",.2f", ".1%", ".2%"]


def _values() -> list[float]:
    rng = np.random.default_rng(12)
    random = rng.normal(size=300) * 10.0 ** rng.uniform(-4, 7, size=300)
    edges = [0.0, -0.0, -1e-13, 1e-13, 0.004, -0.004, 0.0049, -0.0051, 0.005, 1234567.891,
             -2406.25, 999.95, -999.96, 0.125, 2.5, -3.5, 1e9 / 7]  # fmt: skip
    return edges + [float(v) for v in random]


def _exact_tie(value: float, fmt: str) -> bool:
    """True when ``value`` lies exactly halfway between two numbers ``fmt`` can show."""
    decimals = int(fmt.rstrip("f%").split(".")[-1])
    scaled = Decimal(value * 100 if fmt.endswith("%") else value) * 10**decimals
    return abs(scaled - scaled.to_integral_value(rounding="ROUND_FLOOR")) == Decimal("0.5")


def test_format_expr_is_format_number_in_vega():
    values = _values()
    transforms = [
        {"calculate": vega(format_expr(alt.datum.x, fmt)), "as": f"text{i}"}
        for i, fmt in enumerate(FORMATS)
    ]
    names = [f"text{i}" for i in range(len(FORMATS))]
    rows = vega_rows([{"x": v} for v in values], transforms, [], text=names)
    assert len(rows) == len(values)
    ties = 0
    for value, row in zip(values, rows, strict=True):
        for i, fmt in enumerate(FORMATS):
            if _exact_tie(value, fmt):
                ties += 1  # Python rounds an exact tie to even, d3 away from zero
                continue
            assert row[f"text{i}"] == format_number(value, fmt), (value, fmt)
    assert ties >= 4  # the edge cases above include exact ties, left out on purpose


def test_whole_numbers_format_alike():
    values = [0, 7, -7, 1234, -98765, 10**7]
    rows = vega_rows([{"x": v} for v in values],
                     [{"calculate": vega(format_expr(alt.datum.x, "d")), "as": "t"}], [],
                     text=["t"])  # fmt: skip
    assert [r["t"] for r in rows] == [format_number(v, "d") for v in values]


def _formula(xp, a, b):
    f = xp.record()
    f.ratio = a / b
    f.capped = xp.min(f.ratio, 2.0)
    f.grown = xp.pow(f.capped, 1.5) + xp.exp(xp.log(b)) - xp.abs(a - b)
    f.kinked = xp.where(f.ratio >= 1, 1 / (2 * f.ratio), f.ratio - f.ratio * f.ratio / 2)
    f.share = a / xp.total(a, "a_total")
    f.top = xp.max(f.share, 0.25)
    return f


def test_a_formula_gives_the_same_numbers_on_both_backends():
    a = np.array([1.0, 3.0, 0.5, 7.25])
    b = np.array([2.0, 1.0, 4.0, 0.3])
    numbers = _formula(NUMPY, a, b).as_dict()
    xp = VegaBackend(groupby=["case"])
    _formula(xp, alt.datum.a, alt.datum.b)
    fields = list(numbers)
    data = [{"case": 1, "a": x, "b": y} for x, y in zip(a, b, strict=True)]
    data += [{"case": 2, "a": 10.0, "b": 1.0}]  # a second case: its own total
    rows = vega_rows(data, xp.transforms, fields)
    for k in range(len(a)):
        for name in fields:
            assert rows[k][name] == pytest.approx(float(numbers[name][k]), rel=1e-12), name
    assert rows[-1]["share"] == 1.0
    assert [t["as"] for t in xp.transforms if "calculate" in t][:3] == ["ratio", "capped",
                                                                        "grown"]  # fmt: skip


def test_signals_mode_computes_row_free_steps_once_with_the_same_numbers():
    """With signals=True a step that reads no row is a Vega signal, the rest stay
    per-row steps, and Vega gives the numbers NumPy gives."""
    a = np.array([1.0, 3.0, 0.5])
    scale = alt.param(name="scale_pct", value=40)
    for backend_rows in (False, True):
        xp = VegaBackend(signals=backend_rows)
        f = xp.record()
        f.k = scale / 100  # reads no row
        f.k2 = xp.exp(f.k) * 2  # nor does this
        f.y = alt.datum.a * f.k2 + f.k
        rows = vega_rows([{"a": x} for x in a], xp.transforms, ["y"], params={"scale_pct": 40},
                         signals=xp.params)  # fmt: skip
        assert [r["y"] for r in rows] == pytest.approx(a * np.exp(0.4) * 2 + 0.4, rel=1e-15)
        signals = {p.name: p.param.expr for p in xp.params}
        if backend_rows:
            assert signals == {"k": "(scale_pct / 100)", "k2": "(exp(k) * 2)"}
            assert [t["calculate"] for t in xp.transforms] == ["((datum.a * k2) + k)"]
        else:
            assert not signals and len(xp.transforms) == 3


def test_signals_mode_refuses_a_vega_name():
    f = VegaBackend(signals=True).record()
    with pytest.raises(ValueError, match="'width' is a Vega name"):
        f.width = alt.param(name="w", value=1) * 2


def test_key_numbers_panel_draws_lines_in_order():
    chart = key_numbers_panel(
        alt.Chart(alt.Data(values=[{"x": 1.5}])),
        {"one": text_line("First", format_expr(alt.datum.x, ",.1f")), "two": "'Second: ok'"},
        title="Key numbers",
        description="Two lines.",
        width=200,
    )
    spec = chart.to_dict()
    assert spec["height"] == 40 and spec["mark"]["type"] == "text"
    # in order by the scale's fixed domain (a sort would be recomputed on every move)
    assert spec["encoding"]["y"]["scale"]["domain"] == ["one", "two"]
    assert spec["encoding"]["y"]["sort"] is None
    rows = vega_rows([{"x": 1.5}], spec["transform"], [], text=["line"])
    assert [r["line"] for r in rows] == ["First: 1.5", "Second: ok"]


@pytest.mark.parametrize("order", [["zeta", "alpha", "mid"], ["alpha", "zeta"]])
def test_key_numbers_panel_is_marked_for_the_page_and_orders_its_lines(order):
    """The page script (_static/charts.js) finds the panel by its mark style and lists the
    lines of its data sorted by ``line_order``: the order given, not the alphabet's."""
    lines = {name: f"'{name.title()}: ' + format(datum.x * {i + 1}, ',.1f')"
             for i, name in enumerate(order)}  # fmt: skip
    chart = key_numbers_panel(alt.Chart(alt.Data(values=[{"x": 2.0}])), lines,
                              title="Key numbers", description="Lines.", width=200)  # fmt: skip
    spec = chart.to_dict()
    assert spec["mark"]["style"] == KEY_NUMBERS_STYLE
    assert spec["mark"]["fontSize"] == FONT_SIZES["key_numbers"] >= MIN_FONT_PX
    rows = vega_rows([{"x": 2.0}], spec["transform"], ["line_order"], text=["line"])
    listed = [r["line"] for r in sorted(rows, key=lambda r: r["line_order"])]
    assert listed == [f"{n.title()}: {2.0 * (i + 1):,.1f}" for i, n in enumerate(order)]


def test_key_numbers_panel_per_row_orders_by_its_key():
    rows_in = [{"k": k, "v": 10 * k} for k in (3, 1, 2)]
    chart = key_numbers_panel(alt.Chart(alt.Data(values=rows_in)),
                              {"line": "'Year ' + datum.k + ': ' + datum.v"},
                              title="Per year", description="Rows.", width=200,
                              per_row=("k:O", 3))  # fmt: skip
    spec = chart.to_dict()
    assert spec["mark"]["style"] == KEY_NUMBERS_STYLE
    rows = vega_rows(rows_in, spec["transform"], ["line_order"], text=["line"])
    listed = [r["line"] for r in sorted(rows, key=lambda r: r["line_order"])]
    assert listed == ["Year 1: 10", "Year 2: 20", "Year 3: 30"]


# --- the one chart config: text sizes, what the page script reads, the dark theme ----------


def test_no_configured_text_size_is_below_the_minimum():
    sizes = config("serif")
    found = [sizes["axis"]["labelFontSize"], sizes["axis"]["titleFontSize"],
             sizes["legend"]["labelFontSize"], sizes["legend"]["titleFontSize"],
             sizes["title"]["fontSize"], sizes["title"]["subtitleFontSize"],
             sizes["text"]["fontSize"], sizes["header"]["labelFontSize"]]  # fmt: skip
    assert sorted(found) == sorted(v for k, v in FONT_SIZES.items() if k != "key_numbers")
    assert MIN_FONT_PX == 11 and min(FONT_SIZES.values()) >= MIN_FONT_PX


def test_every_chart_gets_the_config_and_what_the_page_script_reads():
    """The theme is the kit's config; every chart (a bare one through the theme, an
    explorer through EMBED) carries ``usermeta.book``, which _static/charts.js reads."""
    spec = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").to_dict()
    assert spec["config"] == config(theme.FONT)
    assert spec["usermeta"]["book"] == PAGE
    explorer = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().properties(usermeta=EMBED)
    assert explorer.to_dict()["usermeta"]["book"] == PAGE
    assert PAGE["stackBelow"] == STACK_BELOW_PX == 600
    assert PAGE["keyNumbersStyle"] == KEY_NUMBERS_STYLE
    script = (ROOT / "_static" / "charts.js").read_text(encoding="utf-8")
    for name in ("usermeta.book", "stackBelow", "keyNumbersStyle", "maxGrow", "line_order",
                 "colors", "config", "background"):  # fmt: skip
        assert name in script, f"_static/charts.js does not read {name}"
    # the site build keys the marks styled kit.key_style(field) (_ext/offline_assets.key_marks)
    assert PAGE["keyStyle"] == KEY_STYLE
    build = (ROOT / "_ext" / "offline_assets.py").read_text(encoding="utf-8")
    assert '.get("keyStyle")' in build


def test_every_explorer_draws_no_text_below_the_minimum():
    from explorer_support import FACTORIES, website_view

    def sizes(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key.lower().endswith("fontsize") and isinstance(value, int | float):
                    yield value
                yield from sizes(value)
        elif isinstance(node, list):
            for value in node:
                yield from sizes(value)

    assert len(FACTORIES) >= 6
    for cls in FACTORIES:
        spec, _ = website_view(cls)
        small = [s for s in sizes(spec) if s < MIN_FONT_PX]
        assert not small, f"{cls.__name__}: font sizes {small} below {MIN_FONT_PX} px"
        assert spec["usermeta"]["book"] == PAGE, cls.__name__


def test_dark_theme_text_keeps_contrast_and_every_ink_has_a_dark_colour():
    background = DARK["background"]
    colours = DARK["colors"]
    inks = [theme.INK, theme.DARK_GREY, theme.MID_GREY, theme.NEAR_BLACK, theme.PALE_GREY,
            theme.BLUE, theme.VERMILLION, "white", "black"]  # fmt: skip
    assert not [ink for ink in inks if ink.lower() not in colours]
    # Every colour text may be drawn in on the dark background: the theme's text, the inks
    # swapped in and the palette colours kept.
    fills = {colours[c] for c in ("#333333", "#222222", "#111111", "black", "#555555",
                                  "#0072b2", "#d55e00")}  # fmt: skip
    fills |= {DARK["text"], DARK["muted"], theme.GREEN, theme.ORANGE, theme.PURPLE}
    low = {c: round(contrast(c, background), 2) for c in fills if contrast(c, background) < 4.5}
    assert not low, f"below 4.5:1 on {background}: {low}"
    assert contrast(DARK["text"], background) >= 7
    # The swaps keep light fills light-on-dark: backgrounds and pale fills become dark.
    for light in ("white", "#ffffff", "#f2f2f2"):
        assert contrast(colours[light], background) < 1.5, light
    # In the light theme the inks are text on white at 4.5:1 too.
    for ink in (theme.INK, theme.DARK_GREY, theme.MID_GREY, theme.NEAR_BLACK, theme.BLUE):
        assert contrast(ink, "#ffffff") >= 4.5, ink


def test_key_numbers_html_escapes():
    markup = key_numbers_html([("Price <$>", "1,000")], label="Key numbers")
    assert "Price &lt;$&gt;" in markup and "aria-label='Key numbers'" in markup
