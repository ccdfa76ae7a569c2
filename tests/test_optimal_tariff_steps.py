"""The optimal tariff step by step (widgets/charts/optimal_tariff_steps.py): a static figure
whose numbers are the large-country model's own, three panels in reading order, nothing to move.

Cases worked by hand come from the docstrings of ``widgets.models.tariff_war`` (Suranovic's
Coke market, S = 10P - 7, D = 13 - 5P, Pw = 1, foreign export supply elasticity 2: optimal
tariff 5/13, foreign price 25/(25 + 15 t) there, so the elasticity there is 13/5).
"""

from __future__ import annotations

import pytest

from tests.chart_support import static_panels, unit_views
from widgets.charts.optimal_tariff_steps import (
    STEPS,
    TABLE_STEP_PCT,
    optimal_tariff_steps,
    optimal_tariff_steps_chart,
    optimal_tariff_steps_figure,
)
from widgets.models.examples import CLASSROOM_MARKET, LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY
from widgets.models.tariff import LinearDemand, LinearSupply
from widgets.models.tariff_war import ImportMarket, optimal_tariff_rate, tariff_welfare

COKE = dict(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10), world_price=1.0)


def _market(market, e):
    return ImportMarket(market["demand"], market["supply"], market["world_price"], e)


def test_hand_worked_case():
    steps = optimal_tariff_steps(COKE, export_supply_elasticity=2.0)
    assert steps.optimal_rate == pytest.approx(5 / 13, abs=1e-12)
    assert steps.elasticity_at_optimum == pytest.approx(13 / 5, abs=1e-9)  # t* = 1/e*(p*)
    best = steps.optimum
    assert best.tariff_pct == pytest.approx(500 / 13)
    assert best.world_price == pytest.approx(25 / (25 + 15 * 5 / 13))
    # The largest drawn net gain is the optimum's: no grid tariff does better.
    assert steps.curves["net"].max() == best.net
    # Drawn from 0 to the first multiple of 10 above 2.2 t* (84.6%), in whole points.
    pcts = steps.curves[~steps.curves["optimal"]]["tariff_pct"]
    assert pcts.tolist() == [float(p) for p in range(0, 91)]


@pytest.mark.parametrize("e", [1.5, 3.0, 10.0])
def test_every_drawn_number_is_the_model(e):
    market = _market(CLASSROOM_MARKET, e)
    steps = optimal_tariff_steps(CLASSROOM_MARKET, export_supply_elasticity=e)
    for row in steps.curves.itertuples():
        out = market.outcome(row.tariff_pct / 100)
        assert row.gain == pytest.approx(out.terms_of_trade_gain, rel=1e-12, abs=1e-9)
        assert row.loss == pytest.approx(out.deadweight_loss, rel=1e-12, abs=1e-9)
        assert row.net == pytest.approx(out.net_welfare_change, rel=1e-12, abs=1e-9)
        assert row.world_price == pytest.approx(out.world_price, rel=1e-12)
        # The model's own identity, which panel 3 draws: net = G - (B + D).
        assert row.net == pytest.approx(row.gain - row.loss, abs=1e-6)
    t_opt = optimal_tariff_rate(market)
    at_opt = tariff_welfare(market, t_opt)
    assert steps.optimal_rate == t_opt
    assert steps.optimum.net == pytest.approx(at_opt.home_welfare_change, rel=1e-12)
    assert steps.elasticity_at_optimum == at_opt.foreign_export_supply_elasticity
    assert steps.optimal_rate == pytest.approx(1 / steps.elasticity_at_optimum, rel=1e-9)
    # Never drawn past the prohibitive tariff, where the curves stop meaning anything.
    assert steps.curves["tariff_pct"].max() <= 100 * market.prohibitive_rate()


def test_the_chapters_numbers():
    """The chapter's figure: the classroom market, elasticity 3 at free trade."""
    e = LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY
    steps = optimal_tariff_steps(CLASSROOM_MARKET, export_supply_elasticity=e)
    assert round(100 * steps.optimal_rate, 1) == 29.6
    assert round(steps.elasticity_at_optimum, 2) == 3.38
    assert steps.optimal_rate < 1 / e  # below 1/3: the straight line's elasticity rises
    assert steps.curves["tariff_pct"].max() == 70.0
    assert steps.curves["net"].iloc[-1] < 0  # a high tariff makes the country worse off


def test_chart_has_three_static_panels_in_order():
    steps = optimal_tariff_steps(CLASSROOM_MARKET, export_supply_elasticity=3.0)
    spec = optimal_tariff_steps_chart(steps).to_dict()
    titles, subtitles = static_panels(spec)
    assert titles == [title for title, _ in STEPS]
    assert "widest at 29.6%" in subtitles[1]
    assert "t* = 1/ε* = 29.6%" in subtitles[2] and "ε* = 3.38" in subtitles[2]
    fields = [[v["encoding"]["y"]["field"] for v in unit_views(panel)
               if v["mark"]["type"] == "line"] for panel in spec["vconcat"]]  # fmt: skip
    assert fields == [["gain"], ["gain", "loss"], ["net"]]
    (rows,) = spec["datasets"].values()
    assert [r["net"] for r in rows] == steps.curves["net"].tolist()
    assert [r["tariff_pct"] for r in rows] == steps.curves["tariff_pct"].tolist()
    texts = [v["encoding"]["text"]["value"] for v in unit_views(spec) if "text" in v["encoding"]]
    assert texts == ["G", "G", "B + D", "t* = 29.6%"]
    # Panels 1 and 2 share one money scale, so the loss can be compared with the gain.
    scales = [v["encoding"]["y"]["scale"]["domain"] for p in spec["vconcat"][:2]
              for v in unit_views(p) if v["mark"]["type"] == "line"]  # fmt: skip
    assert all(domain == scales[0] for domain in scales)
    for text in ("29.6%", "3.38", "268 $ million", "108 $ million", "159 $ million"):
        assert text in spec["description"]


def test_figure_table_is_the_drawn_numbers():
    figure = optimal_tariff_steps_figure(CLASSROOM_MARKET, export_supply_elasticity=3.0)
    ((table, caption),) = figure.tables
    assert caption.startswith("The three steps' numbers ($ million a year")
    assert table["Tariff"].tolist() == [
        "0.0%", "10.0%", "20.0%", "29.6% (optimal)", "30.0%", "40.0%", "50.0%", "60.0%", "70.0%"
    ]  # fmt: skip
    market = _market(CLASSROOM_MARKET, 3.0)
    row = table.set_index("Tariff").loc["29.6% (optimal)"]
    at_opt = market.outcome(optimal_tariff_rate(market))
    assert row["Net gain"] == f"{at_opt.net_welfare_change:,.1f}" == "159.1"
    assert row["Terms-of-trade gain G"] == f"{at_opt.terms_of_trade_gain:,.1f}"
    assert row["Efficiency loss B + D"] == f"{at_opt.deadweight_loss:,.1f}"
    assert row["Foreign price"] == f"{at_opt.world_price:,.2f}"
    assert TABLE_STEP_PCT == 10
    assert "Model illustration" in figure.html("<div></div>")
