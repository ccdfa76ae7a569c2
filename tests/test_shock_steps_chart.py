"""The export control step by step (widgets/charts/shock_steps.py): a static figure whose
numbers are the supply-shock model's own, three panels in reading order, nothing to move."""

from __future__ import annotations

import numpy as np

from widgets.charts.shock_steps import STEPS, shock_steps_chart, shock_steps_table
from widgets.models.supply_shock import STEPS_PER_YEAR, supply_shock_path

KW = dict(share_withheld=0.3, demand_elasticity=-0.3, supply_elasticity=0.2,
          years_to_diversify=5, controlling_share=0.9)  # fmt: skip


def test_table_is_the_model_a_year_at_a_time():
    path = supply_shock_path(**KW)
    table = shock_steps_table(path)
    assert list(table.year) == list(range(16))
    yearly = slice(None, None, STEPS_PER_YEAR)
    np.testing.assert_allclose(table.price, path.price_index[yearly], atol=0.005)
    np.testing.assert_allclose(table.supply, 100 * path.capacity[yearly], atol=0.005)
    np.testing.assert_allclose(table.use, 100 * path.consumption[yearly], atol=0.005)
    np.testing.assert_allclose(table.spending, path.spending_index[yearly], atol=0.005)
    # By hand: 30% withheld, so 70% of the old supply at the start, rebuilt by year 5.
    assert table.supply.iloc[0] == 70.0 and table.supply.iloc[5] == 100.0
    # The price rations: buyers use more than the capacity (others respond), spend more.
    assert table.price.iloc[0] > 100 and table.use.iloc[0] > 70 and table.spending.iloc[0] > 100
    assert table.price.iloc[5] == 100.0


def test_chart_has_three_static_panels_in_order():
    spec = shock_steps_chart(supply_shock_path(**KW)).to_dict()
    titles = [panel["title"] for panel in spec["vconcat"]]
    assert titles == [title for _, title, _, _ in STEPS]
    assert "params" not in spec and all("params" not in p for p in spec["vconcat"])
    fields = [layer["encoding"]["y"].get("field") for p in spec["vconcat"] for layer in p["layer"]]
    assert [f for f in fields if f] == ["supply", "price", "use", "spending"]
    assert "inelastic" in spec["description"]
    rules = [layer["mark"] for p in spec["vconcat"] for layer in p["layer"]
             if layer["mark"]["type"] == "rule"]  # fmt: skip
    assert len(rules) == 3 and all(rule["aria"] is False for rule in rules)
    (rows,) = spec["datasets"].values()
    assert len(rows) == 16 and rows[0]["supply"] == 70.0
