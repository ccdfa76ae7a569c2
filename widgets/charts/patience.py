"""How patient must governments be when retaliation waits for a WTO ruling? (forums chapter)

A static figure of the repeated tariff game (:mod:`widgets.models.tit_for_tat`): the smallest
discount factor at which the threat of authorised retaliation sustains free trade, against
the number of rounds a dispute takes before retaliation is authorised.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from widgets.charts.kit import EMBED
from widgets.charts.theme import BLUE
from widgets.models.tit_for_tat import MarketWelfare

__all__ = ["patience_table", "patience_chart"]


def patience_table(welfare: MarketWelfare, step_pct: float, max_rounds: int = 10) -> pd.DataFrame:
    """The smallest discount factor that sustains free trade when authorised retaliation
    comes ``0 .. max_rounds`` rounds after a one-step violation
    (:meth:`~widgets.models.tit_for_tat.MarketWelfare.wto_discount_factor`)."""
    rounds = range(max_rounds + 1)
    return pd.DataFrame(
        {
            "dispute_rounds": list(rounds),
            "discount_factor": [welfare.wto_discount_factor(step_pct, d) for d in rounds],
        }
    )


def patience_chart(table: pd.DataFrame) -> alt.LayerChart:
    """A static line chart of :func:`patience_table`: the discount factor needed rises
    towards 1 as the dispute lengthens."""
    base = alt.Chart(table).encode(
        x=alt.X("dispute_rounds:Q", title="Rounds before retaliation is authorised",
                axis=alt.Axis(tickMinStep=1, format="d"), scale=alt.Scale(nice=False, padding=16)),
        y=alt.Y("discount_factor:Q", title="Smallest discount factor δ",
                scale=alt.Scale(domain=[0.8, 1])),
    )  # fmt: skip
    line = base.mark_line(color=BLUE, strokeWidth=3)
    points = base.mark_point(color=BLUE, filled=True, size=50)
    labels = (
        base.transform_filter(alt.FieldOneOfPredicate("dispute_rounds", [0, 1, 2, 5, 10]))
        .mark_text(dy=-12, fontSize=12)
        .encode(text=alt.Text("discount_factor:Q", format=".2f"))
    )
    return alt.layer(line, points, labels).properties(
        title=alt.Title("How patient must governments be?",
                        subtitle="Free trade holds when δ is at least this high"),
        width=480,
        height=260,
        usermeta=EMBED,
        description="Line chart: the smallest discount factor at which the threat of "
        "authorised retaliation sustains free trade, against the number of rounds a dispute "
        "takes before retaliation is authorised. It starts at the tit-for-tat chapter's "
        "condition with no delay and rises towards 1 as the dispute lengthens.",
    )  # fmt: skip
