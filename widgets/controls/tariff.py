"""The tariff explorer: one object, two views.

In a live kernel (JupyterLab, Colab, a JupyterHub) :class:`TariffExplorer` shows
ipywidgets controls that call the model on every change: typed values, the
tariff (ad valorem and specific), the elasticities, a small or large country.
On the static website the same cell shows the Altair explorer whose slider is a
Vega-Lite param (:func:`widgets.charts.tariff_explorer_chart`): the object's
``_repr_mimebundle_`` carries both, and the book's ``nb_mime_priority_overrides``
picks ``text/html`` for HTML builds while JupyterLab picks the widget view.
The live chart is drawn by :func:`widgets.controls._two_views.svg`.
"""

from __future__ import annotations

import math

import ipywidgets as w
import pandas as pd

from widgets.charts import tariff as charts
from widgets.charts.inputs import typed
from widgets.charts.kit import format_number, key_numbers_html
from widgets.controls._inputs import ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg
from widgets.models import examples
from widgets.models.tariff import autarky_price, tariff_outcome

__all__ = ["TariffExplorer", "tariff_explorer"]


#: Inputs only the live widget offers (typed numbers); defaults come from the calibration.
LIVE_CONTROLS = (
    typed("tariff_pct_typed", "… or type it (%)", 25.0, 0, 300, 0.5),
    typed("specific_tariff", "Specific tariff ($ per unit)", 0.0, 0, 1000, 1),
    typed("world_price", "World price ($)", None, 0.01, 1e6, 1),
    typed("free_trade_demand", "Demand at world price (m)", None, 0.01, 1e9, 1),
    typed("free_trade_supply", "Home supply at world price (m)", None, 0.01, 1e9, 1),
    typed("demand_elasticity", "Demand elasticity", None, 0.01, 50, 0.05),
    typed("supply_elasticity", "Supply elasticity", None, 0.01, 50, 0.05),
    typed("export_supply_elasticity", "Foreign export-supply elasticity",
           examples.LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY, 0.05, 1000, 0.5),
)  # fmt: skip
_SIZE = sized(14, 30)


class TariffExplorer(TwoViews):
    """Live controls for the tariff model, with the website's static chart attached.

    Parameters
    ----------
    calibration : dict, optional
        Starting values for the market, as taken by
        :func:`widgets.models.examples.linear_market` (default: the classroom market).
    tariff_pct : float
        Starting ad valorem tariff, in percent.

    Attributes
    ----------
    outcome : widgets.models.TariffOutcome
        The model's answer for the values the controls hold now.
    """

    #: Its inputs, declared once (both views are built from them).
    controls = (*charts.CONTROLS, *LIVE_CONTROLS)

    def __init__(self, calibration: dict | None = None, *, tariff_pct: float = 25.0):
        cal = dict(examples.CLASSROOM_CALIBRATION if calibration is None else calibration)
        self._calibration = cal
        start = cal | {"tariff_pct": tariff_pct, "tariff_pct_typed": tariff_pct}
        made = ipywidgets((*charts.CONTROLS, *LIVE_CONTROLS), start, **_SIZE)
        for name, widget in made.items():
            setattr(self, name, widget)
        w.link((self.tariff_pct, "value"), (self.tariff_pct_typed, "value"))
        self.figure = w.HTML(layout=w.Layout(min_height="420px"))
        self.numbers = w.HTML()
        self.message = w.HTML()
        self.outcome = None
        controls = [
            self.tariff_pct, self.tariff_pct_typed, self.specific_tariff, self.country,
            self.export_supply_elasticity, self.world_price, self.free_trade_demand,
            self.free_trade_supply, self.demand_elasticity, self.supply_elasticity,
        ]  # fmt: skip
        self._assemble(controls[:5], controls[5:])

    # -- the model, for the values the controls hold --------------------------------
    def market(self) -> dict:
        """The market the controls describe (straight-line curves)."""
        return examples.linear_market(
            world_price=self.world_price.value,
            free_trade_demand=self.free_trade_demand.value,
            free_trade_supply=self.free_trade_supply.value,
            demand_elasticity=self.demand_elasticity.value,
            supply_elasticity=self.supply_elasticity.value,
        )

    def _export_supply_elasticity(self) -> float:
        return math.inf if self.country.value == "small" else self.export_supply_elasticity.value

    def compute(self) -> None:
        """The model for the values the controls hold."""
        self._market = market = self.market()
        self.outcome = tariff_outcome(
            demand=market["demand"],
            supply=market["supply"],
            world_price=market["world_price"],
            tariff_rate=self.tariff_pct.value / 100,
            specific_tariff=self.specific_tariff.value,
            export_supply_elasticity=self._export_supply_elasticity(),
        )

    def redraw(self) -> None:
        """The key numbers and the chart of ``self.outcome``."""
        self.numbers.value = self._numbers_html()
        self.figure.value = self._figure_svg(self._market)

    def _on_change(self, change) -> None:
        # The typed tariff is linked to the slider: a change to either moves the slider,
        # whose change redraws (reacting to both drew every move twice).
        if change["owner"] is self.tariff_pct_typed:
            return
        # A slider dragged in the browser can send 49.99999999999999 for 50: store the
        # rounded value instead (that change comes back here and redraws once).
        if change["owner"] is self.tariff_pct and change["new"] != round(change["new"], 9):
            self.tariff_pct.value = round(change["new"], 9)
            return
        self.update()

    def _numbers_html(self) -> str:
        values = self.outcome.as_dict()
        return key_numbers_html(
            (label, format_number(values[column], fmt)) for label, column, fmt in charts.KEY_NUMBERS
        )

    def _figure_svg(self, market: dict) -> str:
        row = {"tariff_pct": self.tariff_pct.value, "country": self.country.value}
        outcomes = pd.DataFrame([row | self.outcome.as_dict()])
        closed = autarky_price(market["demand"], market["supply"])
        price_max = math.ceil(max(closed, self.outcome.domestic_price) * 1.1)
        quantity_max = math.ceil(self.outcome.free_trade_demand * 1.3)
        curves = charts.curve_table(
            market["demand"], market["supply"], price_max=price_max, points=2
        )
        chart = charts.supply_demand_diagram(
            outcomes, curves, price_max=price_max, quantity_max=quantity_max
        ) & charts.welfare_bars(outcomes)
        return svg(chart)

    # -- display ------------------------------------------------------------------
    #: Where the website explorer starts (see :func:`tariff_explorer_chart`).
    WEBSITE_START = {"tariff_pct": 25, "country": "small"}

    def data_table(self):
        """The key numbers the website shows at its starting settings (the grid's row)."""
        start = self.WEBSITE_START
        row = charts.outcome_table(
            examples.linear_market(**self._calibration), [start["tariff_pct"]], {"small": math.inf}
        ).iloc[0]
        frame = pd.DataFrame(
            {
                "Measure": [label for label, _, _ in charts.KEY_NUMBERS],
                "Value": [row[f"{column}_text"] for _, column, _ in charts.KEY_NUMBERS],
            }
        )
        where = charts.COUNTRY_LABELS[start["country"]].split(" (")[0].lower()
        return frame, (
            f"The explorer's key numbers at its starting settings: a {start['tariff_pct']}% "
            f"tariff in a {where}. Move the controls to see others."
        )

    def static_chart(self):
        """The website's explorer for this explorer's starting market."""
        return charts.tariff_explorer_chart(
            examples.linear_market(**self._calibration),
            large_country_export_supply_elasticity=self.export_supply_elasticity.value,
        )


def tariff_explorer(calibration: dict | None = None, *, tariff_pct: float = 25.0) -> TariffExplorer:
    """The tariff explorer for a chapter cell.

    Shows the live widget in a notebook and the static interactive chart on the website.
    """
    return TariffExplorer(calibration, tariff_pct=tariff_pct)
