"""The effective-tariff explorer: one object, two views.

In a live kernel :class:`EffectiveRateExplorer` shows the switches and the exemption slider
declared once in :data:`widgets.charts.effective_rate.CONTROLS`, recomputes the book's
average with :func:`widgets.charts.effective_rate.book_series` (the model's
:func:`~widgets.models.effective_rate.effective_tariff_rate`) and draws it as SVG. On the
static website the same cell shows :func:`widgets.charts.effective_rate.effective_rate_chart`,
which evaluates the model's formula in the page.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from widgets.charts.effective_rate import (
    CONTROLS,
    GROUPS,
    book_series,
    effective_rate_chart,
    key_lines,
    layer_table,
    live_chart,
    piie_points,
)
from widgets.charts.kit import format_number, key_numbers_html
from widgets.controls._inputs import ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg

__all__ = ["EffectiveRateExplorer", "effective_rate_explorer"]

_SIZE = sized(16, 30)


class EffectiveRateExplorer(TwoViews):
    """The book's trade-weighted average US tariff on imports from China, by date.

    Attributes
    ----------
    series : pandas.DataFrame
        The average (``effective``, percent) on each date a layer changes, for the values
        the controls hold now.
    """

    #: Its inputs, declared once (both views are built from them).
    controls = CONTROLS
    #: The data it draws.
    sources = ("effective_rate_layers", "tariff_history")

    def __init__(self):
        self.table = layer_table()
        self.piie = piie_points()
        for name, widget in ipywidgets(CONTROLS, **_SIZE).items():
            setattr(self, name, widget)
        self.figure = w.HTML(layout=w.Layout(min_height="380px"))
        self.numbers, self.message = w.HTML(), w.HTML()
        self.series = None
        switches = [getattr(self, name) for name, _, _ in GROUPS]
        self._assemble(switches, [self.exempt_pct])

    def compute(self) -> None:
        """The average for the switches and exempt share the controls hold."""
        self.series = book_series(
            self.table,
            switches={name: bool(getattr(self, name).value) for name, _, _ in GROUPS},
            exempt_pct=self.exempt_pct.value,
        )

    def redraw(self) -> None:
        """The key numbers and the chart."""
        self.numbers.value = key_numbers_html(key_lines(self.series))
        self.figure.value = svg(live_chart(self.series, self.piie))

    def static_chart(self):
        """The website's explorer: the model's formula evaluated in the page."""
        return effective_rate_chart(self.table, self.piie)

    def data_table(self):
        """The book's average on each date a layer changes, at the starting settings."""
        series = book_series(self.table)
        frame = pd.DataFrame(
            {
                "From": series["date"],
                "Book's average tariff (%)": [
                    format_number(v, ",.1f") for v in series["effective"]
                ],
            }
        )
        return frame, (
            "The book's average US tariff on imports from China from each date on which a "
            "layer changes, at the starting settings: every layer on and the electronics "
            "exemption at its sourced share."
        )


def effective_rate_explorer() -> EffectiveRateExplorer:
    """The effective-tariff explorer for a chapter cell: live widget in a notebook, the
    chart on the website."""
    return EffectiveRateExplorer()
