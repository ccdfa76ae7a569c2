"""The tariff-wars chapter's explorers: the page draws the model's own numbers.

* the optimal-tariff grid the page picks from equals direct calls of the model, and the
  marked tariffs are the model's optimal, revenue-maximising and prohibitive rates;
* the effective-protection calculator evaluates the model's formula in real Vega
  (vl-convert) and agrees with :func:`effective_rate_of_protection` over a grid;
* both views of each explorer offer the same inputs (labels, ranges, defaults).
"""

from __future__ import annotations

import itertools

import pytest
from chart_support import walk
from vega_support import close, vega_rows

from widgets.charts.tariff_war import (
    ELASTICITIES,
    ERP_CONTROLS,
    OPTIMAL_CONTROLS,
    erp_chart,
    markers_table,
    welfare_table,
)
from widgets.controls.tariff_war import TARIFF_PCTS, erp_calculator, optimal_tariff_explorer
from widgets.models.examples import CLASSROOM_MARKET
from widgets.models.protection import effective_rate_of_protection
from widgets.models.tariff_war import (
    ImportMarket,
    optimal_tariff_rate,
    revenue_maximising_tariff_rate,
    tariff_welfare,
)


def _market(e):
    m = CLASSROOM_MARKET
    return ImportMarket(m["demand"], m["supply"], m["world_price"], e)


@pytest.fixture(scope="module")
def spec():
    return optimal_tariff_explorer().static_chart().to_dict()


def test_page_grid_is_the_model(spec):
    rows = [r for r in spec["datasets"].values() if r and "home" in r[0]]
    (grid,) = rows
    assert len(grid) == len(ELASTICITIES) * len(TARIFF_PCTS)
    for row in grid[::17]:
        w = tariff_welfare(_market(row["elasticity"]), row["tariff_pct"] / 100)
        assert row["home"] == pytest.approx(w.home_welfare_change, rel=1e-12, abs=1e-9)
        assert row["foreign"] == pytest.approx(w.foreign_welfare_change, rel=1e-12, abs=1e-9)
        assert row["world"] == pytest.approx(w.world_welfare_change, rel=1e-12, abs=1e-9)


def test_marked_tariffs_are_the_models():
    markers = markers_table(CLASSROOM_MARKET, ELASTICITIES).set_index("elasticity")
    for e in ELASTICITIES:
        m = _market(e)
        assert markers.loc[e, "optimal_pct"] == pytest.approx(100 * optimal_tariff_rate(m))
        assert markers.loc[e, "revenue_pct"] == pytest.approx(
            100 * revenue_maximising_tariff_rate(m)
        )
        assert markers.loc[e, "prohibitive_pct"] == pytest.approx(100 * m.prohibitive_rate())
    # A lower elasticity means more market power: a higher optimal tariff.
    assert list(markers.optimal_pct) == sorted(markers.optimal_pct, reverse=True)


def test_page_inputs_are_the_declared_controls(spec):
    params = {p["name"]: p for p in spec["params"]}
    e, t = OPTIMAL_CONTROLS
    assert params["elasticity"]["bind"]["options"] == list(ELASTICITIES)
    assert params["elasticity"]["value"] == e.default
    assert params["tariff_pct"]["bind"]["name"].strip() == t.label
    assert (params["tariff_pct"]["bind"]["min"], params["tariff_pct"]["bind"]["max"],
            params["tariff_pct"]["bind"]["step"]) == (t.min, t.max, t.step)  # fmt: skip
    assert list(TARIFF_PCTS) == list(range(t.min, t.max + 1, t.step))


def test_live_explorer_numbers_follow_the_model():
    x = optimal_tariff_explorer()
    x.elasticity.value, x.tariff_pct.value = 1.5, 60
    w = tariff_welfare(_market(1.5), 0.6)
    assert f"{w.home_welfare_change:,.1f}" in x.numbers.value
    assert f"{100 * optimal_tariff_rate(_market(1.5)):.1f}" in x.numbers.value
    assert x.figure.value.startswith("<svg")


def test_welfare_table_rows():
    table = welfare_table(CLASSROOM_MARKET, [3.0], [0, 30])
    assert list(table.tariff_pct) == [0, 30]
    assert table.home.iloc[0] == 0.0


@pytest.mark.parametrize(
    "output, input_, share", list(itertools.product((0, 10, 40), (0, 50), (0, 30, 90)))
)
def test_erp_formula_in_real_vega_equals_python(output, input_, share):
    chart = erp_chart().to_dict()
    transforms = next(n["transform"] for n in walk(chart) if "transform" in n and any(
        t.get("as") == "erp" for t in n["transform"]))  # fmt: skip
    # The model's formula: every transform up to the one that names the result.
    upto = next(i for i, t in enumerate(transforms) if t.get("as") == "erp")
    transforms = transforms[: upto + 1]
    (row,) = vega_rows(
        [{"row": 0}],
        transforms,
        ["erp", "value_added"],
        params={"output_tariff_pct": output, "input_tariff_pct": input_, "input_share_pct": share},
    )
    expected = effective_rate_of_protection(
        output_tariff=output / 100, input_tariffs=input_ / 100, input_shares=share / 100
    )
    assert close(row["erp"], expected)
    assert close(row["value_added"], 1 - share / 100)


def test_erp_page_inputs_are_the_declared_controls():
    spec = erp_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    for c in ERP_CONTROLS:
        bind = params[c.name]["bind"]
        assert (bind["min"], bind["max"], bind["step"]) == (c.min, c.max, c.step)
        assert params[c.name]["value"] == c.default
    calc = erp_calculator()
    assert calc.erp() == pytest.approx(
        effective_rate_of_protection(output_tariff=0.0, input_tariffs=0.5, input_shares=0.3)
    )
