"""The tariff-wars chapter's explorers: the page draws the model's own numbers.

* the optimal-tariff grid the page picks from equals direct calls of the model, and the
  marked tariffs are the model's optimal, revenue-maximising and prohibitive rates;
* the effective-protection calculator evaluates the model's formula in real Vega
  (vl-convert) and agrees with :func:`effective_rate_of_protection` over a grid;
* both views of each explorer offer the same inputs (labels, ranges, defaults).
"""

from __future__ import annotations

import html
import itertools

import pytest
from chart_support import walk
from explorer_support import set_inputs, website_view
from vega_support import close, vega_rows

from widgets.charts.tariff_war import (
    ELASTICITIES,
    ERP_CONTROLS,
    OPTIMAL_CONTROLS,
    WAR_CONTROLS,
    WAR_ELASTICITIES,
    WAR_KEY_NUMBERS,
    erp_chart,
    markers_table,
    welfare_table,
)
from widgets.controls.tariff_war import (
    TARIFF_PCTS,
    BestResponseExplorer,
    OptimalTariffExplorer,
    best_response_explorer,
    erp_calculator,
    optimal_tariff_explorer,
)
from widgets.models.examples import CLASSROOM_MARKET
from widgets.models.protection import effective_rate_of_protection
from widgets.models.tariff_war import (
    ImportMarket,
    country_welfare_change,
    iso_welfare_partner_rate,
    optimal_tariff_rate,
    revenue_maximising_tariff_rate,
    tariff_war,
    tariff_welfare,
)


def _market(e):
    m = CLASSROOM_MARKET
    return ImportMarket(m["demand"], m["supply"], m["world_price"], e)


@pytest.fixture(scope="module")
def spec():
    return website_view(OptimalTariffExplorer)[0]  # the factory's chart, made once


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
    set_inputs(x, elasticity=1.5, tariff_pct=60)
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


# --- the best-response diagram ------------------------------------------------------------
@pytest.fixture(scope="module")
def war_spec():
    return website_view(BestResponseExplorer)[0]  # the factory's chart, made once


def _war_grid(spec):
    (grid,) = [r for r in spec["datasets"].values() if r and "home_curve_h" in r[0]]
    return grid


def test_war_grid_is_the_model(war_spec):
    grid = _war_grid(war_spec)
    assert len(grid) == len(WAR_ELASTICITIES) ** 2
    for row in grid:
        home, foreign = _market(row["home_elasticity"]), _market(row["foreign_elasticity"])
        war = tariff_war(home, foreign)
        t_h, t_f = war.nash_tariff_rates
        assert row["home_nash_pct"] == pytest.approx(100 * t_h, rel=1e-12)
        assert row["home_best_pct"] == row["home_nash_pct"]
        assert row["foreign_best_pct"] == pytest.approx(100 * optimal_tariff_rate(foreign))
        assert row["home_nash"] == pytest.approx(war.punishment[0], rel=1e-12)
        assert row["foreign_nash"] == pytest.approx(war.punishment[1], rel=1e-12)
        # every point of Home's curve is the model's tariff pair at Home's Nash welfare
        # (rounded to 0.01 point on the page), and Foreign's likewise
        for h, f in zip(row["home_curve_h"], row["home_curve_f"], strict=True):
            exact = iso_welfare_partner_rate(home, foreign, h / 100, war.punishment[0])
            assert f == round(100 * exact, 2)
            level = country_welfare_change(home, foreign, h / 100, exact)
            assert level == pytest.approx(war.punishment[0], abs=1e-6)
        for h, f in zip(row["foreign_curve_h"], row["foreign_curve_f"], strict=True):
            assert h == round(100 * iso_welfare_partner_rate(foreign, home, f / 100,
                                                              war.punishment[1]), 2)
        assert len(row["home_curve_h"]) > 5 and len(row["foreign_curve_h"]) > 5


def test_like_countries_lose_and_market_power_wins_the_war(war_spec):
    rows = {(r["home_elasticity"], r["foreign_elasticity"]): r for r in _war_grid(war_spec)}
    for e in WAR_ELASTICITIES:
        assert rows[e, e]["verdict"] == "both lose: a prisoner's dilemma"
        assert rows[e, e]["home_nash"] < 0
    # Johnson's point: enough market power relative to the partner wins the war.
    assert rows[1.5, 10.0]["verdict"] == "Home wins the war, Foreign loses"
    assert rows[10.0, 1.5]["verdict"] == "Foreign wins the war, Home loses"
    assert rows[3.0, 3.0]["nash_text"] == "29.6%, 29.6%"


def test_war_page_inputs_and_filter(war_spec):
    params = {p["name"]: p for p in war_spec["params"]}
    for c in WAR_CONTROLS:
        assert params[c.name]["bind"]["input"] == "select"
        assert params[c.name]["bind"]["options"] == list(WAR_ELASTICITIES)
        assert params[c.name]["value"] == c.default == 3.0
    filters = [t["filter"] for n in walk(war_spec) for t in n.get("transform", []) if "filter" in t]
    assert filters and set(filters) == {
        "datum.home_elasticity == home_elasticity && datum.foreign_elasticity == foreign_elasticity"
    }


def test_war_page_draws_the_picked_rows_curves_in_real_vega(war_spec):
    grid = _war_grid(war_spec)
    layer = war_spec["vconcat"][0]["layer"]
    home_curve = next(v for v in layer if v.get("mark", {}).get("type") == "line"
                      and any("flatten" in t and "home_curve_h" in t["flatten"]
                              for t in v["transform"]))  # fmt: skip
    rows = vega_rows(grid, home_curve["transform"], ["h", "f"],
                     params={"home_elasticity": 1.5, "foreign_elasticity": 10.0})  # fmt: skip
    (picked,) = [r for r in grid if (r["home_elasticity"], r["foreign_elasticity"]) == (1.5, 10.0)]
    assert [r["h"] for r in rows] == picked["home_curve_h"]
    assert [r["f"] for r in rows] == picked["home_curve_f"]


def test_war_key_numbers_in_real_vega_are_the_rows_text(war_spec):
    grid = _war_grid(war_spec)
    numbers = war_spec["vconcat"][1]
    fold = next(i for i, t in enumerate(numbers["transform"]) if "fold" in t)
    rows = vega_rows(grid, numbers["transform"][:fold], [], text=[f"k{i}" for i in range(4)],
                     params={"home_elasticity": 2.0, "foreign_elasticity": 5.0})  # fmt: skip
    (row,) = rows
    (picked,) = [r for r in grid if (r["home_elasticity"], r["foreign_elasticity"]) == (2.0, 5.0)]
    for i, (field, label) in enumerate(WAR_KEY_NUMBERS.items()):
        assert row[f"k{i}"] == f"{label}: {picked[field]}"


def test_live_war_explorer_follows_its_controls_and_matches_the_page(war_spec):
    x = best_response_explorer()
    set_inputs(x, home_elasticity=1.5, foreign_elasticity=10.0)
    (picked,) = [r for r in _war_grid(war_spec)
                 if (r["home_elasticity"], r["foreign_elasticity"]) == (1.5, 10.0)]  # fmt: skip
    for field in WAR_KEY_NUMBERS:
        assert html.escape(picked[field]) in x.numbers.value
    assert x.war.iloc[0].home_curve_f == picked["home_curve_f"]
    assert x.figure.value.startswith("<svg")
    frame, caption = x.data_table()
    assert "60.3%" in caption and len(frame) == len(picked["home_curve_h"])
