"""The trade-diversion chapter's two-supplier diagram draws the model's own numbers.

Cases worked by hand come from the docstring of ``smart_outcome`` (two partners selling
100 each, a 100 % tariff on one, σ = 2, ε = 1: shares 1/5 and 4/5, 60 diverted, new
imports 29.63 and 118.52, CES price index 4/3).
"""

from __future__ import annotations

import pytest

from tests.chart_support import unit_views, walk
from widgets.charts.diagrams_diversion import STAGES, two_supplier_diagram, two_supplier_example
from widgets.charts.kit import EMBED
from widgets.models.smart import smart_outcome

HAND = dict(china_imports=100, other_imports=100, new_china_tariff=1.0,
            import_demand_elasticity=1, substitution_elasticity=2)  # fmt: skip


def test_hand_worked_case():
    ex = two_supplier_example(**HAND)
    imports = ex.imports.set_index(["stage", "supplier"])["imports"]
    assert imports[STAGES[0], "China"] == 100 and imports[STAGES[0], "Vietnam"] == 100
    assert imports[STAGES[1], "China"] == pytest.approx(40) and imports[
        STAGES[1], "Vietnam"
    ] == pytest.approx(160)
    assert imports[STAGES[2], "China"] == pytest.approx(800 / 27)  # 100 (3/2)^-2 (2/3)
    assert imports[STAGES[2], "Vietnam"] == pytest.approx(3200 / 27)  # 100 (3/4)^-2 (2/3)
    prices = ex.prices.set_index(["supplier", "moment"])["price"]
    assert prices["China", "After"] == 2 and prices["Vietnam", "After"] == 1
    assert prices["All imports", "After"] == pytest.approx(4 / 3)


@pytest.mark.parametrize(
    "t0, t1, eps, sigma", [(0, 0.5, 1.0, 2.5), (0.25, 1.7, 0.5, 5.2), (0.1, 0.3, 1.1, 1.0)]
)
def test_values_equal_the_model(t0, t1, eps, sigma):
    ex = two_supplier_example(china_imports=438.9, other_imports=136.6, old_china_tariff=t0,
                              new_china_tariff=t1, import_demand_elasticity=eps,
                              substitution_elasticity=sigma)  # fmt: skip
    out = smart_outcome(partners=["China", "Vietnam"], baseline_imports=[438.9, 136.6],
                        old_tariffs=[t0, 0], new_tariffs=[t1, 0], import_demand_elasticity=eps,
                        substitution_elasticity=sigma)  # fmt: skip
    by_stage = ex.imports.groupby("stage", sort=False)["imports"].apply(list).to_dict()
    assert by_stage[STAGES[0]] == pytest.approx(out.baseline_imports.tolist(), rel=1e-12)
    assert by_stage[STAGES[1]] == pytest.approx(
        (out.baseline_imports + out.trade_diversion).tolist(), rel=1e-12
    )
    assert by_stage[STAGES[2]] == pytest.approx(out.new_imports.tolist(), rel=1e-12)
    # diversion moves imports without changing the total; creation changes the total
    totals = ex.imports.groupby("stage", sort=False)["imports"].sum().tolist()
    assert totals[1] == pytest.approx(totals[0]) and totals[2] == pytest.approx(
        out.total_new_imports
    )
    # the shares after switching are the shares after the total falls
    shares = ex.imports.groupby("stage", sort=False)["share"].apply(list).to_dict()
    assert shares[STAGES[1]] == pytest.approx(shares[STAGES[2]])
    after = ex.prices[ex.prices["moment"] == "After"]["price"].tolist()
    assert after == pytest.approx([(1 + t1) / (1 + t0), 1.0, out.basket_price])


def test_chart_draws_the_example_and_has_no_sliders():
    ex = two_supplier_example()
    spec = two_supplier_diagram(ex).to_dict()
    assert spec["description"].startswith("Two-panel diagram")
    assert spec["usermeta"] == EMBED  # SVG, no action menu, as every chart of the book
    assert not any("bind" in node for node in walk(spec)), "a static diagram has no inputs"
    datasets = list(spec["datasets"].values())
    drawn_imports = next(d for d in datasets if "stage" in d[0])
    assert [r["imports"] for r in drawn_imports] == ex.imports["imports"].tolist()
    drawn_prices = next(d for d in datasets if "moment" in d[0])
    assert [r["price"] for r in drawn_prices] == ex.prices["price"].tolist()
    marks = sorted(
        v["mark"]["type"] if isinstance(v["mark"], dict) else v["mark"] for v in unit_views(spec)
    )
    assert marks == ["bar", "bar", "text", "text", "text"]
