"""The tariff-wars explorers: one object, two views each.

:class:`OptimalTariffExplorer` shows, for a large importing country, national welfare,
the foreign exporters' loss and the world's against the tariff, with the optimal,
revenue-maximising and prohibitive tariffs marked. :class:`BestResponseExplorer` draws
the two countries' best responses in a tariff war and the Nash point, for the
export-supply elasticities the reader gives each market. :class:`ErpCalculator` computes the
effective rate of protection of a product whose input pays a tariff. In a live kernel
each is an ipywidgets container that calls the model on every change; on the website
the same cell shows the Altair chart whose inputs are Vega-Lite params, declared once
with the live widgets in :mod:`widgets.charts.tariff_war`.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import pandas as pd

from widgets.charts.kit import format_number, key_numbers_html
from widgets.charts.tariff_war import (
    ELASTICITIES,
    ERP_CONTROLS,
    KEY_NUMBERS,
    OPTIMAL_CONTROLS,
    WAR_CONTROLS,
    WAR_ELASTICITIES,
    WAR_KEY_NUMBERS,
    best_response_chart,
    erp_chart,
    markers_table,
    optimal_tariff_chart,
    war_tables,
    welfare_table,
)
from widgets.controls._inputs import ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg
from widgets.models.examples import CLASSROOM_MARKET
from widgets.models.protection import effective_rate_of_protection

__all__ = [
    "BestResponseExplorer",
    "ErpCalculator",
    "OptimalTariffExplorer",
    "best_response_explorer",
    "erp_calculator",
    "optimal_tariff_explorer",
]

_SIZE = sized(16, 32)
#: The tariffs the chart draws, and the slider's stops: every 5 percent up to 200.
TARIFF_PCTS = np.arange(0, 201, 5)


class OptimalTariffExplorer(TwoViews):
    """Welfare against the tariff in the classroom market, for a chosen foreign
    export-supply elasticity; the website view is :func:`optimal_tariff_chart`."""

    #: Its inputs, declared once (both views are built from them).
    controls = OPTIMAL_CONTROLS

    def __init__(self, market=None):
        self.market = market or CLASSROOM_MARKET
        made = ipywidgets(OPTIMAL_CONTROLS, **_SIZE)
        self.elasticity, self.tariff_pct = made["elasticity"], made["tariff_pct"]
        self.message, self.numbers, self.figure = w.HTML(), w.HTML(), w.HTML()
        self.welfare = self.markers = None
        self._assemble([self.elasticity, self.tariff_pct])

    def tables(self, elasticity: float) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The welfare grid and the marked tariffs for one elasticity."""
        return (
            welfare_table(self.market, [elasticity], TARIFF_PCTS),
            markers_table(self.market, [elasticity]),
        )

    def compute(self) -> None:
        """The welfare grid and the marked tariffs for the chosen elasticity."""
        self.welfare, self.markers = self.tables(float(self.elasticity.value))

    def redraw(self) -> None:
        """The key numbers at the chosen tariff, and the chart."""
        welfare, markers = self.welfare, self.markers
        row = welfare.merge(markers, on="elasticity").set_index("tariff_pct")
        row = row.loc[int(self.tariff_pct.value)]
        self.numbers.value = key_numbers_html(
            (label, format_number(float(row[field]), fmt))
            for field, (label, fmt) in KEY_NUMBERS.items()
        )
        chart = optimal_tariff_chart(
            welfare, markers, static=False, tariff_pct=int(self.tariff_pct.value)
        )
        self.figure.value = svg(chart)

    def static_chart(self):
        """The website's chart: every elasticity's grid, picked by a select and a slider."""
        return optimal_tariff_chart(
            welfare_table(self.market, ELASTICITIES, TARIFF_PCTS),
            markers_table(self.market, ELASTICITIES),
        )

    def data_table(self):
        """What the chart draws at its starting settings: the welfare lines every 10 percent
        for the starting elasticity, and the marked tariffs in the caption."""
        e = float(self.elasticity.value)
        welfare, markers = self.tables(e)
        shown = welfare[welfare.tariff_pct % 10 == 0]
        frame = pd.DataFrame(
            {
                "Tariff (%)": [str(t) for t in shown.tariff_pct],
                "Importing country ($ million)": [format_number(v, ",.1f") for v in shown.home],
                "Foreign exporters ($ million)": [format_number(v, ",.1f") for v in shown.foreign],
                "World ($ million)": [format_number(v, ",.1f") for v in shown.world],
            }
        )
        m = markers.iloc[0]
        return frame, (
            f"At the starting settings (foreign export-supply elasticity {format_number(e, 'g')}): "
            "the welfare changes the lines draw, every 10 percent. Marked: optimal tariff "
            f"{format_number(m.optimal_pct, '.1f')}%, revenue-maximising "
            f"{format_number(m.revenue_pct, '.1f')}%, prohibitive "
            f"{format_number(m.prohibitive_pct, '.1f')}%."
        )


class BestResponseExplorer(TwoViews):
    """The best responses of two countries in a tariff war, the Nash point and each
    country's welfare curve through it; the website view is :func:`best_response_chart`."""

    #: Its inputs, declared once (both views are built from them).
    controls = WAR_CONTROLS

    def __init__(self, market=None):
        self.market = market or CLASSROOM_MARKET
        made = ipywidgets(WAR_CONTROLS, **_SIZE)
        self.home_elasticity = made["home_elasticity"]
        self.foreign_elasticity = made["foreign_elasticity"]
        self.message, self.numbers, self.figure = w.HTML(), w.HTML(), w.HTML()
        self.war = None
        self._assemble([self.home_elasticity, self.foreign_elasticity])

    def table(self) -> pd.DataFrame:
        """The diagram's row for the elasticities the controls hold."""
        return war_tables(
            self.market, [float(self.home_elasticity.value)], [float(self.foreign_elasticity.value)]
        )

    def compute(self) -> None:
        """The Nash point and the curves for the chosen elasticities."""
        self.war = self.table()

    def redraw(self) -> None:
        """The key numbers and the chart."""
        row = self.war.iloc[0]
        self.numbers.value = key_numbers_html(
            (label, str(row[field])) for field, label in WAR_KEY_NUMBERS.items()
        )
        self.figure.value = svg(best_response_chart(self.war, static=False))

    def static_chart(self):
        """The website's diagram: every pair of elasticities, picked by two selects."""
        return best_response_chart(war_tables(self.market, WAR_ELASTICITIES, WAR_ELASTICITIES))

    def data_table(self):
        """What the diagram draws at its starting settings: the Nash point, and each
        country's curve through it."""
        row = self.table().iloc[0]
        home = dict(zip(row.home_curve_h, row.home_curve_f, strict=True))
        foreign = dict(zip(row.foreign_curve_h, row.foreign_curve_f, strict=True))
        frame = pd.DataFrame(
            {
                "Home's tariff (%)": [format_number(h, ".0f") for h in home],
                "Foreign's tariff leaving Home as at the Nash point (%)": [
                    format_number(f, ".1f") for f in home.values()
                ],
            }
        )
        return frame, (
            f"At the starting settings (export-supply elasticities "
            f"{format_number(float(self.home_elasticity.value), 'g')} into Home and "
            f"{format_number(float(self.foreign_elasticity.value), 'g')} into Foreign): "
            f"Home's best response is {format_number(row.home_best_pct, '.1f')}% whatever "
            f"Foreign does, Foreign's {format_number(row.foreign_best_pct, '.1f')}%; at the "
            f"Nash point Home's welfare changes by {row.home_text} and Foreign's by "
            f"{row.foreign_text} ($ million a year). The table lists Home's curve through the "
            f"Nash point; Foreign's is its mirror image ({len(foreign)} points)."
        )


class ErpCalculator(TwoViews):
    """The effective rate of protection of a product with one imported input."""

    #: Its inputs, declared once (both views are built from them).
    controls = ERP_CONTROLS

    def __init__(self):
        made = ipywidgets(ERP_CONTROLS, **_SIZE)
        self.output_tariff_pct = made["output_tariff_pct"]
        self.input_tariff_pct = made["input_tariff_pct"]
        self.input_share_pct = made["input_share_pct"]
        self.message, self.numbers, self.figure = w.HTML(), w.HTML(), w.HTML()
        self.rate = None
        self._assemble([self.output_tariff_pct, self.input_tariff_pct, self.input_share_pct])

    def erp(self) -> float:
        """The effective rate of protection at the controls' values (a fraction)."""
        return effective_rate_of_protection(
            output_tariff=self.output_tariff_pct.value / 100,
            input_tariffs=self.input_tariff_pct.value / 100,
            input_shares=self.input_share_pct.value / 100,
        )

    def compute(self) -> None:
        """The effective rate for the values the controls hold."""
        self.rate = self.erp()

    def redraw(self) -> None:
        """The key numbers (the page's chart is a bar; the live view shows the numbers)."""
        erp = self.rate
        self.numbers.value = key_numbers_html(
            [
                ("Value added at free-trade prices (% of price)",
                 format_number(100 - self.input_share_pct.value, ".0f")),
                ("Effective rate of protection (%)", format_number(100 * erp, ",.1f")),
            ]
        )  # fmt: skip
        self.figure.value = ""

    def static_chart(self):
        """The website's calculator: the model's formula evaluated in the page."""
        return erp_chart()

    def data_table(self):
        """The effective rate at the starting settings."""
        frame = pd.DataFrame(
            {
                "Tariff on the product (%)": [str(self.output_tariff_pct.value)],
                "Tariff on the input (%)": [str(self.input_tariff_pct.value)],
                "Input's share of the price (%)": [str(self.input_share_pct.value)],
                "Effective rate of protection (%)": [format_number(100 * self.erp(), ",.1f")],
            }
        )
        return frame, "The calculator at its starting settings."


def optimal_tariff_explorer(market=None) -> OptimalTariffExplorer:
    """The optimal-tariff explorer for a chapter cell: live widget in a notebook, chart on
    the site."""
    return OptimalTariffExplorer(market)


def best_response_explorer(market=None) -> BestResponseExplorer:
    """The best-response diagram for a chapter cell: live widget in a notebook, chart on
    the site."""
    return BestResponseExplorer(market)


def erp_calculator() -> ErpCalculator:
    """The effective-protection calculator for a chapter cell."""
    return ErpCalculator()
