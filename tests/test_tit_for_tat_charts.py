"""Spec tests of the escalation simulator's charts, through ``to_dict()``."""

import json

import pytest
from chart_support import unit_views as _views
from vega_support import close, vega_rows

from widgets.charts.tit_for_tat import (
    SITE_LEVEL_PCT,
    SITE_NOISE_PCTS,
    SITE_ROUNDS,
    SITE_STEPS,
    escalation_simulator_chart,
    game_grid,
    live_chart,
    payoff_expression,
)
from widgets.models.tariff import LinearDemand, LinearSupply
from widgets.models.tariff_war import ImportMarket
from widgets.models.tit_for_tat import (
    DEFAULT_WELFARE,
    STRATEGIES,
    STRATEGY_LABELS,
    MarketWelfare,
    play,
)


@pytest.fixture(scope="module")
def spec():
    return escalation_simulator_chart().to_dict()


def _grid_rows(spec):
    (rows,) = [r for r in spec["datasets"].values() if r and "ta" in r[0]]
    return rows


def test_params_are_bound_to_two_selects_a_slider_and_two_radios(spec):
    params = {p["name"]: p for v in _views(spec) for p in v.get("params", [])}
    params |= {p["name"]: p for p in spec.get("params", [])}
    assert set(params) == {"strategy_a", "strategy_b", "rounds", "step", "noise"}
    for name in ("strategy_a", "strategy_b"):
        bind = params[name]["bind"]
        assert bind["input"] == "select"
        assert bind["options"] == list(STRATEGIES)
        assert bind["labels"] == list(STRATEGY_LABELS.values())
    assert params["strategy_a"]["value"] == "tit_for_tat"
    assert params["strategy_b"]["value"] == "always_escalate"
    assert params["rounds"]["bind"] == {
        "input": "range", "min": 5, "max": SITE_ROUNDS, "step": 1, "name": "Rounds ",
    }  # fmt: skip
    assert params["step"]["bind"]["input"] == "radio"
    assert params["step"]["bind"]["options"] == list(SITE_STEPS)
    assert params["noise"]["bind"]["options"] == list(SITE_NOISE_PCTS)


def test_one_shared_pipeline_picks_one_game_and_its_first_rounds(spec):
    # The transforms sit at the top level, once, and the three views inherit their output.
    filters = [t["filter"] for t in spec["transform"] if "filter" in t]
    assert filters[0] == (
        "datum.a == strategy_a && datum.b == strategy_b"
        " && datum.step == step && datum.noise == noise"
    )
    assert "datum.round <= rounds" in filters
    flatten = next(t for t in spec["transform"] if "flatten" in t)
    assert flatten["flatten"] == ["ta", "tb", "ea", "eb", "ma", "mb"]
    assert spec["data"]["name"] in spec["datasets"]
    views = list(_views(spec))
    assert len(views) == 3
    assert all("data" not in v for v in views)


def test_payoffs_are_computed_with_the_models_formula(spec):
    calc = {t["as"]: t["calculate"] for t in spec["transform"] if "calculate" in t}
    assert calc["payoff_a"] == payoff_expression(DEFAULT_WELFARE, "tariff_a", "tariff_b")
    assert calc["payoff_b"] == payoff_expression(DEFAULT_WELFARE, "tariff_b", "tariff_a")
    window = [t for t in spec["transform"] if "window" in t][-1]
    assert window["frame"] == [None, 0] and window["sort"] == [{"field": "round"}]


def test_encodings(spec):
    tariffs, totals, numbers = _views(spec)
    assert tariffs["mark"]["type"] == "line" and tariffs["encoding"]["y"]["field"] == "tariff"
    assert tariffs["encoding"]["y"]["scale"]["domain"] == [0, 150.0]
    assert totals["encoding"]["y"]["field"] == "total"
    assert tariffs["encoding"]["x"]["field"] == totals["encoding"]["x"]["field"] == "round"
    # fixed axes: moving the rounds slider does not re-lay out the charts
    assert tariffs["encoding"]["x"]["scale"]["domain"] == [1, SITE_ROUNDS]
    assert tariffs["encoding"]["color"]["field"] == "country"
    assert numbers["mark"]["type"] == "text"
    assert "datum.round == rounds" in [t.get("filter") for t in numbers["transform"]]


def test_grid_holds_every_pair_step_and_noise(spec):
    rows = _grid_rows(spec)
    # every tariff is one the page's payoff table covers
    assert all(t % SITE_LEVEL_PCT == 0 and 0 <= t <= 150 for r in rows for t in r["ta"] + r["tb"])
    assert len(rows) == len(STRATEGIES) ** 2 * len(SITE_STEPS) * len(SITE_NOISE_PCTS)
    assert {(r["a"], r["b"]) for r in rows} == {(a, b) for a in STRATEGIES for b in STRATEGIES}
    assert all(len(r["ta"]) == SITE_ROUNDS for r in rows)


def test_embedded_data_stays_small(spec):
    size = len(json.dumps(spec, separators=(",", ":")))
    assert size < 400_000, size


def test_svg_renderer_no_actions_and_descriptions(spec):
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    assert "strategy" in spec["description"]
    assert all(v.get("description") for v in _views(spec))


def test_grid_rows_are_the_models_games():
    grid = game_grid(["tit_for_tat", "grim_trigger"], [10], [20], rounds=12, seed=5)
    row = grid[(grid.a == "grim_trigger") & (grid.b == "tit_for_tat")].iloc[0]
    game = play("grim_trigger", "tit_for_tat", rounds=12, step_pct=10, noise=0.2, seed=5)
    assert row["ta"] == game.tariff_a.tolist()
    assert row["ma"] == game.misread_a.astype(int).tolist()


def test_live_chart_draws_one_game():
    game = play("tit_for_tat", "always_escalate", rounds=7)
    spec = live_chart(game).to_dict()
    (rows,) = spec["datasets"].values()
    assert [r["round"] for r in rows] == list(range(1, 8))
    assert [r["tariff_b"] for r in rows] == game.tariff_b.tolist()
    assert "params" not in spec


COKE = MarketWelfare(ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0))


@pytest.mark.parametrize("welfare", [DEFAULT_WELFARE, COKE])
def test_the_page_payoff_runs_in_vega_like_the_model(welfare):
    tariffs = [0, 5, 10, 35, 100, 145, 150]
    data = [{"tariff_a": a, "tariff_b": b} for a in tariffs for b in tariffs]
    transforms = [{"calculate": payoff_expression(welfare, "tariff_a", "tariff_b"),
                   "as": "payoff_a"}]  # fmt: skip
    rows = vega_rows(data, transforms, ["tariff_a", "tariff_b", "payoff_a"])
    assert len(rows) == len(data)
    for row in rows:
        assert close(row["payoff_a"], welfare.payoff(row["tariff_a"], row["tariff_b"]))


def test_the_payoff_table_needs_a_cap_on_its_levels():
    with pytest.raises(ValueError, match="max_tariff_pct"):
        payoff_expression(DEFAULT_WELFARE, "tariff_a", "tariff_b", max_tariff_pct=152)
