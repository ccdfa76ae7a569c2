"""The port-fee calculator: one object, two views.

In a live kernel :class:`PortFeeExplorer` shows ipywidgets controls for every input
of :func:`widgets.models.port_fees.port_fee_outcome` (the kind of ship, the phase,
its size, net tons per TEU, load factor, calls per year, cargo value, freight rate,
the yuan rate and, for a car carrier, its net tonnage) and redraws on every change. On
the website the same cell shows the Altair calculator whose inputs are Vega-Lite params
(:func:`widgets.charts.port_fees.port_fee_explorer_chart`); ``_repr_mimebundle_``
carries both, as the tariff explorer does.
The live chart is drawn by :func:`widgets.controls._two_views.svg`.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from widgets.charts.inputs import typed
from widgets.charts.kit import key_numbers_html
from widgets.charts.port_fees import (
    CONTROLS,
    EXPLORER_CAPACITIES,
    EXPLORER_CATEGORIES,
    EXPLORER_LOAD_PCTS,
    KEY_NUMBERS,
    fee_per_container_bars,
    key_number_lines,
    outcome_row,
    port_fee_explorer_chart,
)
from widgets.controls._inputs import ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg
from widgets.models.port_fees import (
    DEFAULTS,
    ILLUSTRATIVE_VEHICLE_CARRIER_NT,
    VEHICLE_CARRIER,
    port_fee_outcome,
)

__all__ = ["PortFeeExplorer", "port_fee_explorer"]


#: Inputs only the live widget offers (typed numbers).
LIVE_CONTROLS = (
    typed("calls_per_year", "Calls per year", 1, 1, 52, 1),
    typed("net_tons_per_teu", "Net tons per TEU", DEFAULTS["net_tons_per_teu"], 1, 15, 0.05),
    typed("cargo_value", "Cargo value per 40-ft box ($)",
           DEFAULTS["cargo_value_per_container"], 1, 1e7, 1000),
    typed("freight_rate", "Freight rate per 40-ft box ($)",
           DEFAULTS["freight_rate_per_container"], 1, 1e5, 50),
    typed("usd_per_cny", "US dollars per yuan", DEFAULTS["usd_per_cny"], 0.01, 1, 0.005),
    typed("net_tonnage", "Car carrier's net tonnage (NT)", ILLUSTRATIVE_VEHICLE_CARRIER_NT,
           1_000, 100_000, 500),
)  # fmt: skip
_SIZE = sized(15, 32)


class PortFeeExplorer(TwoViews):
    """Live controls for the port-fee model, with the website's static chart attached.

    Parameters
    ----------
    category : str
        Starting kind of ship (a key of :data:`widgets.models.port_fees.CATEGORY_LABELS`).
    schedule_year : int
        Starting phase of the schedule.
    capacity_teu : float
        Starting ship size, TEU.
    load_factor : float
        Starting load factor, in (0, 1].

    Attributes
    ----------
    outcome : widgets.models.port_fees.PortFeeOutcome
        The model's answer for the values the controls hold now.
    """

    #: Its inputs, declared once (both views are built from them).
    controls = (*CONTROLS, *LIVE_CONTROLS)

    def __init__(
        self,
        *,
        category: str = "china_operated",
        schedule_year: int = 2025,
        capacity_teu: float = 14_000,
        load_factor: float = DEFAULTS["load_factor"],
    ):
        self._start = dict(
            category=category, year=schedule_year, capacity=capacity_teu, load=load_factor
        )
        start = dict(category=category, schedule_year=schedule_year,
                     capacity_teu=capacity_teu, load_pct=round(load_factor * 100, 9))  # fmt: skip
        made = ipywidgets((*CONTROLS, *LIVE_CONTROLS), start, **_SIZE)
        for name, widget in made.items():
            setattr(self, name, widget)
        self.figure = w.HTML(layout=w.Layout(min_height="180px"))
        self.numbers = w.HTML()
        self.message = w.HTML()
        self.outcome = None
        controls = [
            self.category,
            self.schedule_year,
            self.capacity_teu,
            self.load_pct,
            self.calls_per_year,
            self.net_tons_per_teu,
            self.cargo_value,
            self.freight_rate,
            self.usd_per_cny,
            self.net_tonnage,
        ]
        self._assemble(controls[:5], controls[5:])

    def inputs(self) -> dict:
        """The model's arguments, as the controls hold them."""
        v = self.values()
        v["load_factor"] = v.pop("load_pct") / 100
        v["cargo_value_per_container"] = v.pop("cargo_value")
        v["freight_rate_per_container"] = v.pop("freight_rate")
        net_tonnage = v.pop("net_tonnage")  # a car carrier's own; container ships use NT/TEU
        if v["category"] == VEHICLE_CARRIER:
            v["net_tonnage"] = net_tonnage
        return v

    def compute(self) -> None:
        """The model for the values the controls hold."""
        self.outcome = port_fee_outcome(**self.inputs())

    def redraw(self) -> None:
        """The key numbers and the chart of ``self.outcome``."""
        self.numbers.value = self._numbers_html()
        self.figure.value = self._figure_svg()

    def _numbers_html(self) -> str:
        values = self.outcome.as_dict()
        texts = key_number_lines(values)
        rows = [(label, texts[column]) for label, column in KEY_NUMBERS]
        if values["calls_per_year"] > values["charged_calls"]:
            rows.append(
                (
                    "Calls charged (cap of 5 a year)",
                    f"{values['charged_calls']:.0f} of {values['calls_per_year']:.0f}",
                )
            )
        return key_numbers_html(rows)  # fmt: skip

    def _figure_svg(self) -> str:
        table = pd.DataFrame([outcome_row(self.outcome)])
        chart = fee_per_container_bars(table)
        return svg(chart)

    # -- display ------------------------------------------------------------------
    sources = (
        "port_fee_schedules",
        "ship_particulars",
        "freight_rates",
        "port_fee_conversion_inputs",
    )

    def data_table(self):
        """The key numbers at the explorer's starting settings (where the website starts)."""
        texts = key_number_lines(self.outcome.as_dict())
        frame = pd.DataFrame(
            {"Measure": [label for label, _ in KEY_NUMBERS],
             "Value": [texts[column] for _, column in KEY_NUMBERS]}
        )  # fmt: skip
        v = self.inputs()
        return frame, (
            f"The calculator's key numbers at its starting settings: {v['category']} ship "
            f"category, schedule year {v['schedule_year']}, {v['capacity_teu']:,.0f} TEU, "
            f"load factor {v['load_factor']:.0%}. Move the controls to see others."
        )

    def static_chart(self):
        """The website's calculator, starting where this explorer started (when the page
        offers that choice; otherwise at its own defaults)."""
        start = self._start
        kwargs = {}
        if start["category"] in EXPLORER_CATEGORIES:
            kwargs["category"] = start["category"]
        if start["capacity"] in EXPLORER_CAPACITIES:
            kwargs["capacity"] = int(start["capacity"])
        pct = round(start["load"] * 100)
        if pct in EXPLORER_LOAD_PCTS:
            kwargs["load_pct"] = pct
        return port_fee_explorer_chart(year=start["year"], **kwargs)


def port_fee_explorer(**kwargs) -> PortFeeExplorer:
    """The port-fee calculator for a chapter cell.

    Shows the live widget in a notebook and the static interactive chart on the website.
    Keyword arguments are those of :class:`PortFeeExplorer`.
    """
    return PortFeeExplorer(**kwargs)
