"""The book's one Altair theme: system fonts only (nothing fetched), a calm palette.

Importing :mod:`widgets.charts` registers and enables it.
"""

from __future__ import annotations

import altair as alt

from widgets.charts.kit import PAGE, config

__all__ = [
    "THEME_NAME", "FONT", "VERMILLION", "BLUE", "GREEN", "ORANGE", "PURPLE", "GREY",
    "PALE_GREY", "INK", "DARK_GREY", "MID_GREY", "NEAR_BLACK", "REGION_COLORS", "REGION_OPACITY",
]  # fmt: skip

THEME_NAME = "tradebook"

#: A system font stack: the site ships no web fonts and requests none.
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

# The palette: every colour a chart uses is named here once (Okabe-Ito, safe for
# colour-blind readers, and greys for context and text).
VERMILLION = "#D55E00"  # falling, losses, the export control, China
BLUE = "#0072B2"  # rising, gains, the model's result
GREEN = "#009E73"
ORANGE = "#E69F00"
PURPLE = "#CC79A7"
GREY = "#BBBBBB"  # baselines, "others"
PALE_GREY = "#F2F2F2"  # empty cells
INK = "#333333"  # curves and labels drawn in black
DARK_GREY = "#222222"
MID_GREY = "#555555"  # reference rules
NEAR_BLACK = "#111111"

#: Colours of the welfare areas, shared by every chart that shows them
#: (Okabe-Ito palette, safe for colour-blind readers).
REGION_COLORS = {
    "Producer surplus gain (A)": GREEN,
    "Production distortion (B)": VERMILLION,
    "Tariff revenue (C)": BLUE,
    "Consumption distortion (D)": ORANGE,
    "Terms-of-trade gain (G)": PURPLE,
}
#: Opacity of the shaded welfare areas: half, so the labels drawn on them keep 4.5:1 in the
#: light theme (ink on a pale tint) and in the dark (light text on a deep tint); at 0.75 the
#: dark theme's sky-blue area C measured 2.9:1.
REGION_OPACITY = 0.5


@alt.theme.register(THEME_NAME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    # usermeta.book: what the page script needs (see widgets.charts.kit.PAGE); a chart
    # with its own usermeta carries it through kit.EMBED.
    return {"config": config(FONT), "usermeta": {"book": PAGE}}
