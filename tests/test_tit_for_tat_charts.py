"""Spec tests of the escalation simulator's charts, through ``to_dict()``."""

import json

import pytest
import vl_convert as vlc
from chart_support import unit_views as _views
from explorer_support import mark_keys, site_specs, website_view
from vega_support import VL_VERSION, close, vega_rows

from widgets.charts.tit_for_tat import (
    _CUMULATIVE,
    SITE_NOISE_PCTS,
    SITE_ROUNDS,
    SITE_STEPS,
    band_rows,
    cumulative_extent,
    live_chart,
    payoff_expression,
    site_series,
)
from widgets.controls.tit_for_tat import EscalationSimulator
from widgets.models.tariff import LinearDemand, LinearSupply
from widgets.models.tariff_war import ImportMarket
from widgets.models.tit_for_tat import (
    DEFAULT_WELFARE,
    RULE_LABELS,
    RULES,
    STRATEGIES,
    STRATEGY_LABELS,
    MarketWelfare,
    noise_band,
)


@pytest.fixture(scope="module")
def spec():
    return website_view(EscalationSimulator)[0]  # escalation_simulator_chart(), made once


def _series(spec):
    (rows,) = [r for r in spec["datasets"].values() if r and "mca" in r[0]]
    return rows


def test_params_are_bound_to_two_selects_a_slider_and_three_radios(spec):
    params = {p["name"]: p for p in spec.get("params", [])}
    assert set(params) == {"strategy_a", "strategy_b", "rounds", "step", "noise", "rules"}
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
    assert params["step"]["bind"]["options"] == list(SITE_STEPS)
    assert params["noise"]["bind"]["options"] == list(SITE_NOISE_PCTS)
    assert params["rules"]["bind"]["options"] == list(RULES)
    assert params["rules"]["bind"]["labels"] == list(RULE_LABELS.values())
    assert params["rules"]["value"] == "none"


def test_one_shared_pipeline_picks_one_series_and_its_first_rounds(spec):
    filters = [t["filter"] for t in spec["transform"] if "filter" in t]
    assert filters[0].startswith("datum.id == [")
    # every round is kept: the rounds slider ends the axis (a move rescales, see below)
    assert not any("rounds" in f for f in filters)
    flatten = next(t for t in spec["transform"] if "flatten" in t)
    assert flatten["flatten"] == ["mta", "mtb", "mca", "mcb"]
    views = list(_views(spec))
    # every view reads the shared rows; only the legend's invisible mark has two of its own
    own = [v for v in views if "data" in v]
    assert [v["encoding"]["color"]["field"] for v in own] == ["country"]


def test_payoffs_are_computed_with_the_models_formula(spec):
    calc = {t["as"]: t["calculate"] for t in spec["transform"] if "calculate" in t}
    assert calc["payoff_a"] == payoff_expression(DEFAULT_WELFARE, "tariff_a", "tariff_b")
    assert calc["payoff_b"] == payoff_expression(DEFAULT_WELFARE, "tariff_b", "tariff_a")


def test_the_x_axis_follows_the_rounds_shown(spec):
    xs = [v["encoding"]["x"] for v in _views(spec) if "field" in v.get("encoding", {}).get("x", {})]
    assert xs and all(x["field"] == "round" for x in xs)
    # the axis runs from round 1 to the slider's value; the paths beyond are clipped
    assert all(x["scale"] == {"domainMin": 1, "domainMax": {"expr": "rounds"}, "nice": False}
               for x in xs)  # fmt: skip
    paths = [v["mark"] for v in _views(spec) if v["mark"]["type"] in ("line", "area")]
    assert len(paths) == 10 and all(m["clip"] is True for m in paths)
    # fixed tick values (those inside the axis are drawn): a move keeps the ticks it
    # leaves inside instead of replacing every tick, grid line and label
    assert all(x["axis"]["values"] == [1, 5, 10, 15, 20, 25, 30] for x in xs)


@pytest.mark.parametrize("rounds, ticks", [(12, [1, 5, 10]), (7, [1, 2, 3, 4, 5, 6, 7]),
                                           (100, [1, *range(10, 101, 10)])])  # fmt: skip
def test_the_live_round_axis_has_the_same_ticks(rounds, ticks):
    band = noise_band("tit_for_tat", "tit_for_tat", games=2, seed=1, rounds=rounds)
    xs = [v["encoding"]["x"] for v in _views(live_chart(band).to_dict())
          if v.get("encoding", {}).get("x", {}).get("field") == "round"]  # fmt: skip
    assert xs and all(x["axis"]["values"] == ticks for x in xs)


def test_the_legend_swatches_are_drawn_at_full_opacity(spec):
    """Vega-Lite gives a legend's swatches the opacity of the first layer using the colour
    scale: the band's 0.18 made them nearly invisible on white (found 2026-12-08)."""
    vega = vlc.vegalite_to_vega(spec, vl_version=VL_VERSION)
    legends = []

    def walk(node):
        legends.extend(node.get("legends", []))
        for mark in node.get("marks", []):
            walk(mark)

    walk(json.loads(vega) if isinstance(vega, str) else vega)
    assert legends and all(g["symbolOpacity"] == 1 for g in legends)
    assert all("opacity" not in g.get("encode", {}).get("symbols", {}).get("update", {})
               for g in legends)  # fmt: skip


def test_the_payoff_axis_is_fixed_to_every_total_the_page_can_draw(spec):
    low, high = cumulative_extent(welfare=DEFAULT_WELFARE, max_tariff_pct=150.0)
    ys = [v["encoding"]["y"] for v in _views(spec)
          if v["encoding"].get("y", {}).get("field") in _CUMULATIVE]  # fmt: skip
    assert len(ys) == 4  # mean and sample, per country
    assert all(y["scale"] == {"domain": [low, high], "nice": True} for y in ys)
    # escalation by the bully costs the conceding side thousands of $ million; a pair of
    # cooperators gains a little each round: the axis covers both
    assert low < -10_000 < 0 < high
    # the extent covers the model's totals of settings the page offers (no misreadings)
    totals = []
    for a, b in [("tit_for_tat", "always_escalate"), ("always_escalate", "always_escalate"),
                 ("tit_for_tat", "tit_for_tat")]:
        for step in SITE_STEPS:
            rows = band_rows(noise_band(a, b, games=10, seed=1, rounds=SITE_ROUNDS,
                                        step_pct=step, noise=0.0))
            totals += rows[["cumulative_a", "cumulative_b", "mean_cumulative_a",
                            "mean_cumulative_b"]].to_numpy().ravel().tolist()
    assert low <= min(totals) and max(totals) <= high


def test_the_live_payoff_axis_fits_its_rows():
    band = noise_band("tit_for_tat", "tit_for_tat", games=5, seed=1, rounds=10)
    ys = [v["encoding"]["y"] for v in _views(live_chart(band).to_dict())
          if v["encoding"].get("y", {}).get("field") in ("cumulative_a", "cumulative_b")]
    assert ys and all("domain" not in y.get("scale", {}) for y in ys)


def test_each_setting_the_page_offers_has_a_series(spec):
    series, ids = site_series()
    offered = len(STRATEGIES) ** 2 * len(SITE_STEPS) * len(SITE_NOISE_PCTS) * len(RULES)
    assert len(ids) == offered and set(ids) == set(series["id"])
    # many settings share one series (no misreadings to react to, rules that change nothing)
    assert len(series) < offered / 2
    assert all(len(t) == SITE_ROUNDS for t in series["ta"])
    assert all(len(m) == SITE_ROUNDS for m in series["mca"])


def test_embedded_data_stays_small(spec):
    size = len(json.dumps(spec, separators=(",", ":")))
    assert size < 240_000, size


def test_svg_renderer_no_actions_and_descriptions(spec):
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    # each country's band and four paths are keyed by round in the spec the site compiles:
    # an input updates them in place
    (site,) = site_specs(EscalationSimulator)
    assert mark_keys(site) == ["round"] * 10
    assert "strategy" in spec["description"] and "mean" in spec["description"]
    panels = [*spec["vconcat"][0]["hconcat"], spec["vconcat"][1]]
    assert all("description" in p for p in panels)


def test_live_chart_draws_the_band_of_one_setting():
    band = noise_band("tit_for_tat", "always_escalate", rounds=7, games=10)
    spec = live_chart(band).to_dict()
    (rows,) = [r for r in spec["datasets"].values() if "round" in r[0]]
    assert [r["round"] for r in rows] == list(range(1, 8))
    assert [r["tariff_b"] for r in rows] == band.sample.tariff_b.tolist()
    assert [r["mean_tariff_b"] for r in rows] == [round(t) for t in band.mean_tariff[:, 1]]
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
