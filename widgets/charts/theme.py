"""The book's one Altair theme: system fonts only (nothing fetched), a calm palette.

Importing :mod:`widgets.charts` registers and enables it.
"""

from __future__ import annotations

import altair as alt

__all__ = ["THEME_NAME", "FONT", "REGION_COLORS"]

THEME_NAME = "tradebook"

#: A system font stack: the site ships no web fonts and requests none.
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

#: Colours of the welfare areas, shared by every chart that shows them
#: (Okabe-Ito palette, safe for colour-blind readers).
REGION_COLORS = {
    "Producer surplus gain (A)": "#009E73",
    "Production distortion (B)": "#D55E00",
    "Tariff revenue (C)": "#0072B2",
    "Consumption distortion (D)": "#E69F00",
    "Terms-of-trade gain (G)": "#CC79A7",
}


@alt.theme.register(THEME_NAME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 360, "continuousHeight": 280},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "grid": True, "gridOpacity": 0.4},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 2},
            "title": {"fontSize": 15, "anchor": "start"},
        }
    }
