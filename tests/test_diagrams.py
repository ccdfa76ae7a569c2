"""The static, step-by-step tariff diagram (widgets/charts/diagrams.py): drawn from the model.

The areas are read back from the chart's own data (``to_dict()``) and measured as the
trapezoids the page draws, so a drawing that drifts from the model fails here.
"""

import math

import pytest
from chart_support import unit_views, walk

from widgets.charts.diagrams import STAGES, tariff_stage_tables, tariff_stages_chart
from widgets.models import ConstantElasticityDemand, tariff_outcome
from widgets.models.examples import CLASSROOM_MARKET

FIELDS = {
    "Producer surplus gain (A)": "producer_surplus_change",
    "Production distortion (B)": "production_distortion",
    "Tariff revenue (C)": "tariff_revenue",
    "Consumption distortion (D)": "consumption_distortion",
}


def drawn_bands(spec: dict) -> dict[str, list[dict]]:
    """The band rows (area, price, q_left, q_right) the chart holds, by area."""
    bands: dict[str, list[dict]] = {}
    for rows in spec["datasets"].values():
        if rows and {"area", "price", "q_left", "q_right"} <= set(rows[0]):
            for row in rows:
                bands.setdefault(row["area"], []).append(row)
    return bands


def trapezoid(rows: list[dict]) -> float:
    low, high = sorted(rows, key=lambda r: r["price"])
    return (
        (high["price"] - low["price"])
        * ((low["q_right"] - low["q_left"]) + (high["q_right"] - high["q_left"]))
        / 2
    )


@pytest.mark.parametrize("tariff_rate", [0.05, 0.25, 0.5, 1.0])
def test_drawn_areas_equal_the_model(tariff_rate):
    spec = tariff_stages_chart(CLASSROOM_MARKET, tariff_rate=tariff_rate).to_dict()
    outcome = tariff_outcome(**CLASSROOM_MARKET, tariff_rate=tariff_rate).as_dict()
    bands = drawn_bands(spec)
    assert set(bands) == set(FIELDS)
    for area, field in FIELDS.items():
        assert trapezoid(bands[area]) == pytest.approx(outcome[field], rel=1e-12), area
    # Consumers lose exactly A + B + C + D, and the nation B + D.
    total = sum(trapezoid(rows) for rows in bands.values())
    assert total == pytest.approx(-outcome["consumer_surplus_change"], rel=1e-12)


def test_hand_worked_classroom_areas():
    # Classroom market, 25%: p 100 -> 125, supply 40 -> 43, demand 100 -> 92.5.
    # A = 25 x (40 + 43) / 2, B = 25 x 3 / 2, C = 25 x 49.5, D = 25 x 7.5 / 2.
    areas = tariff_stage_tables(CLASSROOM_MARKET, tariff_rate=0.25)["areas"]
    assert areas.set_index("letter")["size_musd"].to_dict() == {
        "A": 1037.5, "B": 37.5, "C": 1237.5, "D": 93.75,
    }  # fmt: skip
    assert list(areas["legend"]) == [
        "A: producer surplus gain, $1,037.5 million",
        "B: production distortion, $37.5 million",
        "C: tariff revenue, $1,237.5 million",
        "D: consumption distortion, $93.8 million",
    ]


def test_four_stages_in_order_and_no_controls():
    spec = tariff_stages_chart(CLASSROOM_MARKET, tariff_rate=0.25).to_dict()
    titles = [panel.get("title") for panel in spec["concat"]]
    assert titles[:4] == list(STAGES)
    assert not any("params" in node or "bind" in node for node in walk(spec))
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    assert "A + B + C + D" in spec["description"]


def test_each_stage_adds_what_its_title_says():
    spec = tariff_stages_chart(CLASSROOM_MARKET, tariff_rate=0.25).to_dict()
    panels = spec["concat"][:4]

    def marks(panel):
        return [v["mark"]["type"] if isinstance(v["mark"], dict) else v["mark"]
                for v in unit_views(panel)]  # fmt: skip

    def filters(panel):
        return [t["filter"] for v in unit_views(panel) for t in v.get("transform", [])
                if "filter" in t]  # fmt: skip

    # Areas only in panel 4; the new quantities (points) from panel 3 on.
    assert ["area" in marks(p) for p in panels] == [False, False, False, True]
    assert ["point" in marks(p) for p in panels] == [False, False, True, True]
    # The price lines are filtered by stage: panel 1 draws the world price only.
    assert "(datum.from_stage <= 1)" in filters(panels[0])
    assert "(datum.from_stage <= 2)" in filters(panels[1])
    prices = tariff_stage_tables(CLASSROOM_MARKET, tariff_rate=0.25)["prices"]
    assert prices.set_index("from_stage")["price"].to_dict() == {1: 100.0, 2: 125.0}


def test_import_gaps_are_the_models_imports():
    imports = tariff_stage_tables(CLASSROOM_MARKET, tariff_rate=0.4)["imports"]
    outcome = tariff_outcome(**CLASSROOM_MARKET, tariff_rate=0.4)
    gaps = (imports["q_to"] - imports["q_from"]).tolist()
    assert gaps == pytest.approx([outcome.free_trade_imports, outcome.imports])
    assert math.isclose(imports["price"].iloc[1], outcome.domestic_price)


def test_rejects_curved_markets():
    market = dict(CLASSROOM_MARKET, demand=ConstantElasticityDemand.from_point(
        quantity=100, price=100, elasticity=1.5))  # fmt: skip
    with pytest.raises(ValueError, match="market"):
        tariff_stages_chart(market, tariff_rate=0.25)
