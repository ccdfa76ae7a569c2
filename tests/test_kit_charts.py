"""The chart kit: the page's number format is format_number's rule, run in real Vega; the
Vega backend builds the transforms the formulas describe; the key-numbers panel."""

from __future__ import annotations

from decimal import Decimal

import altair as alt
import numpy as np
import pytest
from vega_support import vega_rows

from widgets.charts.kit import (
    VegaBackend,
    format_expr,
    format_number,
    key_numbers_html,
    key_numbers_panel,
    text_line,
    vega,
)
from widgets.models.formula import NUMPY

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
    assert spec["encoding"]["y"]["sort"] == ["one", "two"]
    rows = vega_rows([{"x": 1.5}], spec["transform"], [], text=["line"])
    assert [r["line"] for r in rows] == ["First: 1.5", "Second: ok"]


def test_key_numbers_html_escapes():
    markup = key_numbers_html([("Price <$>", "1,000")], label="Key numbers")
    assert "Price &lt;$&gt;" in markup and "aria-label='Key numbers'" in markup
