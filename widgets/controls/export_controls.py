"""The live export-control explorer: ipywidgets sliders that call the supply-shock model.

One object, two views: in a live notebook it shows ipywidgets that call
:func:`widgets.models.supply_shock.supply_shock_path` and redraw (rendered to SVG in
the kernel with vl-convert, so no front end needs JavaScript from the internet); on the
website its ``text/html`` view is the static chart whose sliders are Vega-Lite params.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from widgets.charts.export_controls import CONTROLS, KEY_YEARS, path_table, shock_explorer_chart
from widgets.controls._inputs import ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg
from widgets.models.supply_shock import STEPS_PER_YEAR, supply_shock_path

__all__ = ["ExportControlExplorer", "export_control_explorer"]

_SIZE = sized(16, 34)


class ExportControlExplorer(TwoViews):
    """Live controls for the supply-shock model, with the website's static chart attached.

    Parameters
    ----------
    controlling_share : float
        The controlling country's share of world supply before the shock (fraction).

    Attributes
    ----------
    path : widgets.models.supply_shock.SupplyShockPath
        The model's answer for the values the controls hold now.
    """

    #: Its inputs, declared once (both views are built from them).
    controls = CONTROLS

    def __init__(self, controlling_share: float = 0.91):
        self.controlling_share = controlling_share
        made = ipywidgets(CONTROLS, **_SIZE)
        self.share_pct, self.demand_elasticity, self.supply_elasticity = list(made.values())[:3]
        self.years_to_diversify = made["years_to_diversify"]
        self.stockpile_months = made["stockpile_months"]
        self.figure = w.HTML(layout=w.Layout(min_height="560px"))
        self.numbers = w.HTML()
        self.message = w.HTML()
        self.path = None
        controls = [self.share_pct, self.demand_elasticity, self.supply_elasticity,
                    self.years_to_diversify, self.stockpile_months]  # fmt: skip
        self._assemble(controls)

    def inputs(self) -> dict:
        """The model's keyword arguments for the values the controls hold (rounded to the
        slider's step, so a dragged 0.30000000000000004 is 0.3)."""
        return {
            "share_withheld": round(self.share_pct.value, 9) / 100,
            "demand_elasticity": round(self.demand_elasticity.value, 9),
            "supply_elasticity": round(self.supply_elasticity.value, 9),
            "years_to_diversify": round(self.years_to_diversify.value, 9),
            "controlling_share": self.controlling_share,
            "stockpile_months": round(self.stockpile_months.value, 9),
        }

    def compute(self) -> None:
        """The model for the values the controls hold."""
        self.path = supply_shock_path(**self.inputs())

    def redraw(self) -> None:
        """The key numbers and the chart of ``self.path``."""
        self.numbers.value = self._numbers_html()
        chart = shock_explorer_chart(
            controlling_share=self.controlling_share, data=path_table(self.path), static=False
        )
        self.figure.value = svg(chart)

    def _numbers_html(self) -> str:
        p = self.path
        rows = []
        for year in KEY_YEARS:
            i = year * STEPS_PER_YEAR
            rows.append(
                f"<tr><th scope='row' style='text-align:left'>Year {year}</th>"
                f"<td style='text-align:right'>{p.price_index[i]:,.1f}</td>"
                f"<td style='text-align:right'>{p.tariff_price_index[i]:,.1f}</td>"
                f"<td style='text-align:right'>{p.consumption_cut[i]:.1%}</td>"
                f"<td style='text-align:right'>{p.spending_index[i]:,.1f}</td>"
                f"<td style='text-align:right'>{p.revenue_index[i]:,.1f}</td>"
                f"<td style='text-align:right'>{p.tax_earnings_index[i]:,.1f}</td>"
                f"<td style='text-align:right'>{p.controlling_share_path[i]:.1%}</td>"
                f"<td style='text-align:right'>{p.stock_left_months[i]:.1f}</td></tr>"
            )
        head = ("<tr><th></th><th>Price</th><th>Tariff price</th><th>Use cut</th>"
                "<th>Spending</th><th>Revenue</th><th>Revenue, tax</th><th>Market share</th>"
                "<th>Stock left (months)</th></tr>")  # fmt: skip
        return (
            "<table aria-label='Key numbers (price, spending and revenue: pre-shock = 100)'>"
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        )

    # -- display ------------------------------------------------------------------
    def data_table(self):
        """The price path at the explorer's starting settings (where the website starts)."""
        p = self.path
        frame = pd.DataFrame(
            {
                "Years after the control": year,
                "Price index": format(p.price_index[year * STEPS_PER_YEAR], ",.1f"),
                "Price index, equivalent tariff": format(
                    p.tariff_price_index[year * STEPS_PER_YEAR], ",.1f"
                ),
                "Cut in use": format(p.consumption_cut[year * STEPS_PER_YEAR], ".1%"),
                "Spending index": format(p.spending_index[year * STEPS_PER_YEAR], ",.1f"),
            }
            for year in KEY_YEARS
        )
        v = self.inputs()
        settings = ", ".join(f"{k.replace('_', ' ')} {val:g}" for k, val in v.items())
        return frame, (
            f"The export control's price path (pre-shock = 100) at the explorer's starting "
            f"settings: {settings}. Move the sliders to see others."
        )

    def static_chart(self):
        """The website's explorer (closed form in Vega expressions)."""
        return shock_explorer_chart(controlling_share=self.controlling_share)


def export_control_explorer(controlling_share: float = 0.91) -> ExportControlExplorer:
    """The export-control explorer for a chapter cell.

    Shows the live widget in a notebook and the static interactive chart on the website.
    """
    return ExportControlExplorer(controlling_share)
