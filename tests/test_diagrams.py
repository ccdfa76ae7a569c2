"""The static, step-by-step tariff diagram (widgets/charts/diagrams.py): drawn from the model.

The areas are read back from the chart's own data (``to_dict()``) and measured as the
trapezoids the page draws, so a drawing that drifts from the model fails here.
"""

import math

import pytest
from chart_support import unit_views, walk

from widgets.charts.diagrams import (
    STAGES,
    tariff_stage_tables,
    tariff_stages_chart,
    tariff_stages_figure,
)
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
    for row in spec["data"]["values"]:
        if row["kind"] == "band":
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
    assert spec["facet"]["field"] == "stage"
    assert {row["stage"] for row in spec["data"]["values"]} == {1, 2, 3, 4}
    label = spec["facet"]["header"]["labelExpr"]
    assert label.endswith("[datum.value - 1]")
    assert [label.index(repr(title)) for title in STAGES] == sorted(
        label.index(repr(title)) for title in STAGES
    )
    assert not any("params" in node or "bind" in node for node in walk(spec))
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    assert "A + B + C + D" in spec["description"]
    # Read by its description and table: no mark is an unnamed image for screen readers.
    assert all(view["mark"]["aria"] is False for view in unit_views(spec["spec"]))


def test_each_stage_adds_what_its_title_says():
    spec = tariff_stages_chart(CLASSROOM_MARKET, tariff_rate=0.25).to_dict()
    rows = spec["data"]["values"]

    def drawn(stage, kind):
        return [row for row in rows if row["stage"] == stage and row["kind"] == kind]

    # 1: the world price only; 2: adds the domestic price; 3: the new quantities (points, the
    # new import gap); 4: the areas A-D with their letters.
    assert [sorted(r["price"] for r in drawn(n, "price")) for n in (1, 2, 3, 4)] == [
        [100.0], [100.0, 125.0], [100.0, 125.0], [100.0, 125.0],
    ]  # fmt: skip
    assert [len(drawn(n, "point")) for n in (1, 2, 3, 4)] == [0, 0, 2, 2]
    assert [[r["text"] for r in drawn(n, "gap")] for n in (1, 2, 3, 4)] == [
        ["imports 60"], ["imports 60"], ["imports 49.5"], [],
    ]  # fmt: skip
    assert [len(drawn(n, "band")) for n in (1, 2, 3, 4)] == [0, 0, 0, 8]
    assert [r["text"] for r in drawn(4, "letter")] == ["A", "B", "C", "D"]
    # Every layer draws one kind of row.
    kinds = {t["filter"] for v in unit_views(spec["spec"]) for t in v.get("transform", [])
             if "filter" in t and "kind" in t["filter"]}  # fmt: skip
    assert {k.split("'")[1] for k in kinds} == {"band", "curve", "price", "gap", "point", "letter"}


def test_the_figure_tables_the_models_areas():
    figure = tariff_stages_figure(CLASSROOM_MARKET, tariff_rate=0.25)
    ((table, caption),) = figure.tables
    assert caption == "The areas of panel 4, in $ million"
    assert table.to_dict("list") == {
        "Area": list(FIELDS),
        "Size ($ million)": ["1,037.50", "37.50", "1,237.50", "93.75"],
    }
    assert "Model illustration" in figure.html("<svg></svg>")


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
