"""The export control as a supply shock, step by step: a static figure built from the model.

Issue 17 asks for a picture before an explorer uses its terms. The export-controls chapter
shows this figure after the model's equations and before its explorer: three panels stacked
one above the other (they read on a phone's column too), for one scenario of
:func:`widgets.models.supply_shock.supply_shock_path`, a year at a time:

1. the supply available at the old price, ``A(t)``: it drops by the share withheld and
   comes back as new capacity is built;
2. the price that clears the market: high while supply is short, back at 100 at ``T``;
3. what buyers use and what they spend: use falls by less than supply (the price rations
   it), and with inelastic demand spending rises.

No sliders: the explorer below it moves the same model.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from widgets.charts.kit import EMBED
from widgets.charts.theme import BLUE, GREY, INK, VERMILLION

#: The panels, in reading order: (field, title, y-axis title, colour).
STEPS = (
    ("supply", "Step 1. The control cuts supply at the old price", "% of old supply", VERMILLION),
    ("price", "Step 2. The price rises until use matches what is supplied", "Price index", BLUE),
    ("use", "Step 3. Use (solid) falls; spending (dashed) rises", "Index (old = 100)", INK),
)


def shock_steps_table(path) -> pd.DataFrame:
    """One row a year of the path: supply at the old price and use (percent of the old
    world supply), the price and spending indexes (old = 100)."""
    per_year = round(1 / (path.years[1] - path.years[0]))
    every = slice(None, None, per_year)
    return pd.DataFrame(
        {
            "year": path.years[every].round(6),
            "supply": (100 * path.capacity[every]).round(2),
            "price": path.price_index[every].round(2),
            "use": (100 * path.consumption[every]).round(2),
            "spending": path.spending_index[every].round(2),
        }
    )


def shock_steps_chart(path, *, width: int = 420, height: int = 110) -> alt.VConcatChart:
    """Three panels, one per step, from one scenario of the supply-shock model."""
    table = shock_steps_table(path)
    x = alt.X("year:Q", title="Years after the control starts", scale=alt.Scale(nice=False))
    base = alt.Chart().properties(width=width, height=height)
    panels = []
    for field, title, axis_title, colour in STEPS:
        line = base.mark_line(color=colour, strokeWidth=2.5).encode(
            x=x,
            y=alt.Y(f"{field}:Q", title=axis_title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("year:Q", title="Year"),
                     alt.Tooltip(f"{field}:Q", title=axis_title, format=",.1f")],
        )  # fmt: skip
        # The old level, a decoration: hidden from screen readers (axe-core svg-img-alt).
        old = base.mark_rule(color=GREY, strokeDash=[4, 3], aria=False).encode(y=alt.datum(100))
        layers = [old, line]
        if field == "use":  # spending beside use, dashed
            layers.append(
                base.mark_line(color=BLUE, strokeDash=[6, 3], strokeWidth=2).encode(
                    x=x,
                    y="spending:Q",
                    tooltip=[
                        alt.Tooltip("year:Q", title="Year"),
                        alt.Tooltip("spending:Q", title="Spending index", format=",.1f"),
                    ],
                )  # fmt: skip
            )
        panels.append(alt.layer(*layers).properties(title=title))
    return alt.vconcat(*panels, data=table, spacing=18).properties(
        usermeta=EMBED,
        description=(
            "Three line charts, one above the other, of one export-control scenario over "
            f"{int(table.year.iloc[-1])} years. Top: supply available at the old price, which "
            "drops by the share withheld and climbs back to 100 as new capacity is built. "
            "Middle: the price index, which jumps at the start and falls back to 100 when "
            "the new capacity is complete. Bottom: buyers' use (solid), which falls by less "
            "than supply, and their spending (dashed), which rises because demand is inelastic."
        ),
    )
