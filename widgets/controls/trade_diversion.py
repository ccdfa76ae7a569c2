"""The trade-diversion explorer: one object, two views.

In a live kernel :class:`TradeDiversionExplorer` shows ipywidgets (a preset menu, the
tariffs on China and on everyone else, the two elasticities) that call
:func:`widgets.models.smart.smart_outcome` on every change and redraw the charts,
rendered to SVG in the kernel with vl-convert. On the static website the same cell
shows :func:`widgets.charts.trade_diversion.trade_diversion_chart`, whose inputs are
Vega-Lite params: ``_repr_mimebundle_`` carries both views.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from widgets.charts.kit import format_number
from widgets.charts.trade_diversion import (
    CONTROLS,
    ExplorerInputs,
    explorer_outcome,
    partner_baseline,
    trade_diversion_chart,
)
from widgets.controls._inputs import apply_sets, ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg

__all__ = ["TradeDiversionExplorer", "trade_diversion_explorer"]

_SIZE = sized(16, 34)
_PRESET = CONTROLS[0]


class TradeDiversionExplorer(TwoViews):
    """Live controls for the SMART-style model, with the website's chart attached.

    Attributes
    ----------
    outcome : widgets.models.smart.SmartOutcome or widgets.models.smart_wits.WitsOutcome
        The model's answer for the values the controls hold now (the WITS SMART
        formulas' when the method control says so).
    """

    #: Its inputs, declared once (both views are built from them).
    controls = CONTROLS

    def __init__(self, *, china_pct: float = 45, others_pct: float = 10, eps: float = 1.0,
                 sigma: float = 2.5):  # fmt: skip
        self.baseline = partner_baseline()
        self._start = dict(china_pct=china_pct, others_pct=others_pct, eps=eps, sigma=sigma)
        made = ipywidgets(CONTROLS, self._start, **_SIZE)
        self.preset, self.china_pct, self.others_pct, self.eps, self.sigma, self.method = (
            made.values()
        )
        self.message, self.numbers = w.HTML(), w.HTML()
        self.figure = w.HTML(layout=w.Layout(min_height="480px"))
        #: Why the tariff sliders are locked (while a preset holds them), else empty.
        self.locked = w.HTML()
        self.outcome = None
        self._presetting = False
        self.preset.observe(self._on_preset, names="value")
        for control in (self.china_pct, self.others_pct, self.eps, self.sigma, self.method):
            control.observe(self._on_input, names="value")
        self.widget = w.VBox(
            [self.preset, self.locked, self.china_pct, self.others_pct, self.eps, self.sigma,
             self.method, self.message, self.numbers, self.figure]
        )  # fmt: skip
        self._on_preset(None)

    def _on_input(self, _change) -> None:
        if not self._presetting:
            self.update()

    def _on_preset(self, _change) -> None:
        """A preset moves the tariff sliders to its values and locks them, as on the page
        (``Control.sets``); "Use the sliders" unlocks them. One update with both set."""
        self._presetting = True
        try:
            apply_sets(_PRESET, self.preset,
                       {"china_pct": self.china_pct, "others_pct": self.others_pct},
                       self.locked, _PRESET.locked_note(CONTROLS))  # fmt: skip
        finally:
            self._presetting = False
        self.update()

    def inputs(self) -> dict[str, float]:
        """The inputs the controls hold now."""
        return {"china_pct": self.china_pct.value, "others_pct": self.others_pct.value,
                "eps": self.eps.value, "sigma": self.sigma.value,
                "method": self.method.value}  # fmt: skip

    def compute(self):
        """The model for the values the controls hold (kept in ``self.outcome``)."""
        self.outcome = explorer_outcome(self.baseline, **self.inputs())
        return self.outcome

    def redraw(self) -> None:
        """Show ``self.outcome``: the key numbers, the partner table and the chart."""
        totals = self.outcome.totals()
        rows = "".join(
            f"<tr><th scope='row' style='text-align:left'>{html.escape(r['partner'])}</th>"
            f"<td style='text-align:right'>{r['baseline_imports']:,.1f}</td>"
            f"<td style='text-align:right'>{r['new_imports']:,.1f}</td>"
            f"<td style='text-align:right'>{r['trade_creation']:,.1f}</td>"
            f"<td style='text-align:right'>{r['trade_diversion']:,.1f}</td></tr>"
            for r in self.outcome.rows()
        )
        if "welfare_change" in totals:
            summary = (
                f"<p>Tariff revenue {totals['new_tariff_revenue']:,.1f}; consumer cost "
                f"{totals['consumer_cost']:,.1f}; change in national welfare "
                f"{totals['welfare_change']:,.1f} ($ billion a year).</p>"
            )
        else:  # the SMART formulas: no welfare in this book's version of them
            summary = (
                f"<p>Tariff revenue {totals['new_tariff_revenue']:,.1f} ($ billion a year); "
                "welfare is computed for the CES model only.</p>"
            )
        self.numbers.value = (
            "<table aria-label='Imports by partner, $ billion'><thead><tr><th>Partner</th>"
            "<th>2024</th><th>After</th><th>Creation</th><th>Diversion</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>{summary}"
        )
        chart = trade_diversion_chart(self.baseline, inputs=ExplorerInputs.fixed(**self.inputs()))
        self.figure.value = svg(chart)

    sources = ("us_imports_by_partner", "us_china_goods_trade")

    def data_table(self):
        """Imports by partner at the explorer's starting values (where the website starts)."""
        frame = pd.DataFrame(
            {
                "Partner": r["partner"],
                "2024 imports ($ bn)": format_number(r["baseline_imports"], ",.1f"),
                "After the tariffs ($ bn)": format_number(r["new_imports"], ",.1f"),
                "Trade creation ($ bn)": format_number(r["trade_creation"], ",.1f"),
                "Trade diversion ($ bn)": format_number(r["trade_diversion"], ",.1f"),
            }
            for r in self.outcome.rows()
        )
        v = self.inputs()
        return frame, (
            f"US imports by partner at the explorer's starting settings: {v['china_pct']:g}% on "
            f"China, {v['others_pct']:g}% on everyone else, \u03b5 = {v['eps']:g}, "
            f"\u03c3 = {v['sigma']:g}. Move the controls to see others."
        )

    def static_chart(self):
        """The website's explorer, starting at this explorer's initial values."""
        return trade_diversion_chart(self.baseline, **self._start)


def trade_diversion_explorer(**kwargs) -> TradeDiversionExplorer:
    """The trade-diversion explorer for a chapter cell (live widget and website chart)."""
    return TradeDiversionExplorer(**kwargs)
