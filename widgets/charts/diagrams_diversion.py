"""The trade-diversion chapter's static, step-by-step diagram: two suppliers, one tariff.

A US importer buys the same good from China and from another supplier ("Vietnam",
standing for Vietnam, Mexico and the rest). A tariff on China only does three things,
drawn in order from the model (:func:`widgets.models.smart.smart_outcome`, two partners):

1. **prices**: the duty-inclusive price of China's goods rises by the factor
   ``r = (1 + t1) / (1 + t0)``, the other supplier's does not; the price of the import
   basket as a whole (the CES index) rises by less than China's;
2. **diversion**: at the old total, buyers switch towards the supplier that did not get
   dearer (the shares move, the total does not);
3. **creation**: the basket got dearer, so the total falls, shared in the new shares.

No sliders: the explorer comes later in the chapter. :func:`two_supplier_example` returns
the numbers (the chapter glues them and the test compares them with the model);
:func:`two_supplier_diagram` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from widgets.charts.kit import EMBED
from widgets.charts.theme import BLUE, GREY, INK, VERMILLION
from widgets.models.smart import SmartOutcome, smart_outcome

__all__ = ["STAGES", "TwoSupplierExample", "two_supplier_example", "two_supplier_diagram"]

#: The three stages of the imports panel, in order.
STAGES = ("1. Before (old tariff)", "2. Buyers switch (diversion)", "3. Total falls (creation)")
_BASKET = "All imports"
#: Panel widths that fit a 390-px phone unscaled (with the axis labels, about 300 px).
_WIDTH_PRICES, _WIDTH_IMPORTS = 215, 240
#: A stage's axis label on two lines: "2. Buyers switch" over "(diversion)".
_TWO_LINES = (
    "[slice(datum.label, 0, indexof(datum.label, ' (')), "
    "slice(datum.label, indexof(datum.label, ' (') + 1)]"
)


@dataclass(frozen=True)
class TwoSupplierExample:
    """The diagram's numbers: ``prices`` (one row per supplier and moment) and
    ``imports`` (one row per stage and supplier, with the supplier's share), both
    read off ``outcome``, the model's own result."""

    outcome: SmartOutcome
    prices: pd.DataFrame
    imports: pd.DataFrame


def two_supplier_example(
    *,
    china_imports: float = 120.0,
    other_imports: float = 80.0,
    other_name: str = "Vietnam",
    old_china_tariff: float = 0.0,
    new_china_tariff: float = 0.5,
    import_demand_elasticity: float = 1.0,
    substitution_elasticity: float = 2.5,
) -> TwoSupplierExample:
    """The two-supplier example, computed by the model.

    Imports are in the unit of ``china_imports`` (the chapter: $ billion a year); tariffs
    are fractions; the other supplier's tariff stays at zero.

    Examples
    --------
    >>> ex = two_supplier_example(new_china_tariff=1.0, china_imports=100, other_imports=100,
    ...                           import_demand_elasticity=1, substitution_elasticity=2)
    >>> ex.imports.round(1).to_dict("list")["imports"]  # before, switched, total fallen
    [100.0, 100.0, 40.0, 160.0, 29.6, 118.5]
    """
    names = ["China", other_name]
    out = smart_outcome(
        partners=names,
        baseline_imports=[china_imports, other_imports],
        old_tariffs=[old_china_tariff, 0.0],
        new_tariffs=[new_china_tariff, 0.0],
        import_demand_elasticity=import_demand_elasticity,
        substitution_elasticity=substitution_elasticity,
    )
    relative = out.world_prices * (1 + out.new_tariffs) / (1 + out.old_tariffs)
    after = dict(zip([*names, _BASKET], [*relative, out.basket_price], strict=True))
    prices = pd.DataFrame(
        [{"supplier": n, "moment": "Before", "price": 1.0} for n in after]
        + [{"supplier": n, "moment": "After", "price": float(p)} for n, p in after.items()]
    )
    switched = out.baseline_imports + out.trade_diversion
    rows = []
    for stage, values in zip(
        STAGES, (out.baseline_imports, switched, out.new_imports), strict=True
    ):
        total = float(values.sum())
        rows += [
            {"stage": stage, "supplier": n, "imports": float(v), "share": float(v) / total,
             "total": total}
            for n, v in zip(names, values, strict=True)
        ]  # fmt: skip
    return TwoSupplierExample(out, prices, pd.DataFrame(rows))


def _price_panel(prices: pd.DataFrame, colors: alt.Scale) -> alt.LayerChart:
    order = [*prices["supplier"].drop_duplicates()]
    base = alt.Chart(prices).encode(
        y=alt.Y("supplier:N", sort=order, title=None, axis=alt.Axis(labelLimit=90)),
        yOffset=alt.YOffset("moment:N", sort=["Before", "After"]),
        x=alt.X("price:Q", title="Price to US buyers (before = 1)",
                scale=alt.Scale(domain=[0, max(2.0, float(prices["price"].max()) + 0.3)]),
                axis=alt.Axis(tickCount=4)),
    )  # fmt: skip
    bars = base.mark_bar().encode(
        color=alt.Color("moment:N", sort=["Before", "After"], scale=colors,
                        legend=alt.Legend(title=None, orient="top")),
        tooltip=["supplier:N", "moment:N", alt.Tooltip("price:Q", format=".2f")],
    )  # fmt: skip
    labels = base.mark_text(align="left", dx=3, fontSize=12, color=INK).encode(
        text=alt.Text("price:Q", format=".2f")
    )
    return alt.layer(bars, labels).properties(
        width=_WIDTH_PRICES, height=150,
        title=alt.Title(
            ["Step 1: the tariff makes", "China's goods dearer"],
            subtitle=["Price of each supplier's goods, and of all",
                      "imports together (a price index)"],
        ),
    )  # fmt: skip


def _imports_panel(imports: pd.DataFrame, names: list[str]) -> alt.LayerChart:
    supplier = alt.Color("supplier:N", sort=names, title=None,
                         scale=alt.Scale(domain=names, range=[VERMILLION, BLUE]),
                         legend=alt.Legend(orient="top"))  # fmt: skip
    x = alt.X("stage:N", sort=list(STAGES), title=None,
              axis=alt.Axis(labelAngle=0, labelExpr=_TWO_LINES))  # fmt: skip
    order = alt.Order("rank:Q")
    base = alt.Chart(imports).transform_calculate(
        rank=f"indexof({names!r}, datum.supplier)",
        label="format(datum.imports, '.0f') + ' (' + format(datum.share, '.0%') + ')'",
    )
    bars = base.mark_bar().encode(
        x=x, y=alt.Y("imports:Q", stack="zero", title="Imports ($ billion a year)",
                             scale=alt.Scale(domain=[0, 1.12 * float(imports["total"].max())])),
        color=supplier, order=order,
        tooltip=["stage:N", "supplier:N", alt.Tooltip("imports:Q", format=".1f"),
                 alt.Tooltip("share:Q", format=".1%")],
    )  # fmt: skip
    labels = base.mark_text(color="white", fontSize=12, fontWeight="bold").encode(
        x=x, y=alt.Y("imports:Q", stack="zero", bandPosition=0.5), order=order, text="label:N",
        detail="supplier:N",
    )  # fmt: skip
    totals = (
        alt.Chart(imports)
        .transform_filter(alt.datum.supplier == names[0])
        .mark_text(dy=-8, fontSize=12, color=INK)
        .encode(x=x, y="total:Q", text=alt.Text("total:Q", format=".0f"))
    )
    return alt.layer(bars, labels, totals).properties(
        width=_WIDTH_IMPORTS, height=260,
        title=alt.Title("Steps 2 and 3: where the imports go",
                        subtitle=["Imports by supplier (share of the total);", "the total on top"]),
    )  # fmt: skip


def two_supplier_diagram(example: TwoSupplierExample) -> alt.VConcatChart:
    """The diagram: the prices (step 1) above the imports at each stage (steps 2 and 3)."""
    names = list(example.outcome.partners)
    moments = alt.Scale(domain=["Before", "After"], range=[GREY, VERMILLION])
    china, other = (example.imports[example.imports["stage"] == STAGES[-1]]["imports"]).tolist()
    description = (
        f"Two-panel diagram. Top: the price US buyers pay for goods from China rises from 1 to "
        f"{example.prices['price'].iloc[3]:.2f} when the tariff rises; the price of goods from "
        f"{names[1]} stays at 1; the price of the import basket rises to "
        f"{example.outcome.basket_price:.2f}. Bottom: imports by supplier in three stages, "
        f"stacked. Before: {example.outcome.baseline_imports[0]:.0f} from China and "
        f"{example.outcome.baseline_imports[1]:.0f} from {names[1]}. After buyers switch, the "
        f"total is unchanged but China's share falls. After the total falls: {china:.0f} from "
        f"China and {other:.0f} from {names[1]}."
    )
    return (
        alt.vconcat(_price_panel(example.prices, moments), _imports_panel(example.imports, names))
        .resolve_scale(color="independent")
        .properties(description=description, usermeta=EMBED)
    )
