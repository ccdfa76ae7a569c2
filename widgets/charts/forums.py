"""The membership chart of the forums chapter: economies against forums, with each
forum's members and weight in the world economy.

A radio button (a Vega-Lite param named ``forum``) picks a forum; the chart then
colours its members in the grid and in the GDP bars, and prints the forum's key
numbers. The key numbers are computed in Python by :mod:`widgets.models.forums`
for every forum (a grid of five rows) and formatted here with
:func:`widgets.charts.tariff.format_number`, so the page shows the model's own
numbers and needs no kernel.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from widgets.charts.inputs import Control, vega_param
from widgets.charts.kit import EMBED, KEY_NUMBERS_STYLE, format_number
from widgets.charts.theme import BLUE, GREY, MID_GREY, PALE_GREY
from widgets.models.forums import forum_shares, membership_matrix

__all__ = [
    "FORUMS",
    "CONTROLS",
    "FORUM_COLUMNS",
    "KEY_NUMBERS",
    "forum_tables",
    "summary_lines",
    "membership_chart",
]

#: Forums in display order, and the column of ``data/forum_membership.csv`` for each.
FORUMS = ("G7", "G20", "APEC", "WTO", "IMF")
FORUM_COLUMNS = {"G7": "g7", "G20": "g20", "APEC": "apec", "WTO": "wto", "IMF": "imf"}

#: (label, column of the summary table, format) of the key numbers the chart prints.
KEY_NUMBERS = (
    ("Members shown", "members", "d"),
    ("Members with GDP data", "members_with_data", "d"),
    ("Members' GDP, 2022 ($ bn)", "gdp", ",.0f"),
    ("Share of world GDP", "share", ".1%"),
)

#: The chart's one input, declared once for the page and the live widget.
FORUM_CONTROL = Control("forum", "Forum", "APEC", kind="radio",
                        options=tuple((f, f) for f in FORUMS))  # fmt: skip
CONTROLS = (FORUM_CONTROL,)

MEMBER_COLOR = BLUE
OTHER_MEMBER_COLOR = GREY
EMPTY_COLOR = PALE_GREY
#: The outline of an empty cell and of every legend swatch: the pale "Not a member" fill is
#: invisible on a white page by itself (1.1:1); this grey is 7.5:1 on white (WCAG 1.4.11
#: asks 3:1 of a graphic that carries meaning).
OUTLINE_COLOR = MID_GREY
#: GDP ticks of the square-root axis ($ billion), labelled in $ trillion: short labels
#: that cannot run together where the scale crowds the large values.
GDP_TICKS = (0, 1_000, 5_000, 10_000, 20_000)
#: The economies' axis labels: the names, "Other EU members (24)" as "Other EU (24)".
ECONOMY_LABEL = "replace(datum.label, ' members (', ' (')"


def forum_tables(
    membership: pd.DataFrame, indicators: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chart's two tables, from the book's data.

    Parameters
    ----------
    membership : ``data/forum_membership.csv`` (``code``, ``economy`` and one boolean
        column per forum, named as in :data:`FORUM_COLUMNS`).
    indicators : ``data/economy_indicators.csv`` (``code``, ``gdp_usd_bn``; the row
        ``WLD`` is the world total).

    Returns
    -------
    economies : one row per economy: ``code``, ``economy``, ``gdp`` ($ bn, NaN if not
        covered) and one boolean column per forum (named as in :data:`FORUMS`).
    summary : one row per forum: ``forum``, ``members``, ``members_with_data``, ``gdp``,
        ``share`` (from :func:`widgets.models.forums.forum_shares`) and ``lines``, the key
        numbers as the chart prints them.
    """
    gdp = indicators.set_index("code")["gdp_usd_bn"].astype(float)
    world = float(gdp.loc["WLD"])
    economies = membership[["code", "economy"]].copy()
    economies["economy"] = economies["economy"].astype(str)
    economies["gdp"] = [float(gdp.get(code, np.nan)) for code in membership["code"]]
    members = {
        forum: membership.loc[membership[col].astype(bool), "code"].tolist()
        for forum, col in FORUM_COLUMNS.items()
    }
    matrix = membership_matrix(members, economies=membership["code"].tolist(), forums=FORUMS)
    for j, forum in enumerate(FORUMS):
        economies[forum] = matrix[:, j]
    shares = forum_shares(matrix, gdp=economies["gdp"].to_numpy(), world_gdp=world)
    summary = pd.DataFrame(
        {
            "forum": FORUMS,
            "members": [s.members for s in shares],
            "members_with_data": [s.members_with_data for s in shares],
            "gdp": [s.gdp for s in shares],
            "share": [s.share for s in shares],
        }
    )
    summary["lines"] = [summary_lines(row) for row in summary.to_dict("records")]
    return economies, summary


def summary_lines(row: dict) -> list[str]:
    """The key-number lines printed for one forum (``label: value``)."""
    return [f"{label}: {format_number(row[col], fmt)}" for label, col, fmt in KEY_NUMBERS]


def membership_chart(
    economies: pd.DataFrame, summary: pd.DataFrame, *, default: str = "APEC"
) -> alt.VConcatChart:
    """Economies x forums grid, GDP bars and key numbers, driven by a ``forum`` radio.

    Parameters
    ----------
    economies, summary : the tables of :func:`forum_tables`.
    default : the forum selected when the page loads.
    """
    if default not in FORUMS:
        raise ValueError(f"default: must be one of {FORUMS}, got {default!r}")
    forum = vega_param(FORUM_CONTROL, default)
    order = economies.sort_values("gdp", ascending=False, na_position="last")["economy"].tolist()
    long = economies.melt(
        id_vars=["code", "economy", "gdp"],
        value_vars=list(FORUMS),
        var_name="forum_name",
        value_name="member",
    )
    long["member"] = long["member"].astype(bool)
    wide = economies.copy()
    for name in FORUMS:
        wide[name] = wide[name].astype(bool)
    wide["gdp"] = wide["gdp"].astype(float)

    status = (
        "datum.member ? (datum.forum_name == forum ? 'Member of the selected forum'"
        " : 'Member of another forum') : 'Not a member'"
    )
    status_scale = alt.Scale(
        domain=["Member of the selected forum", "Member of another forum", "Not a member"],
        range=[MEMBER_COLOR, OTHER_MEMBER_COLOR, EMPTY_COLOR],
    )
    # Both panels name the economies: stacked on a phone, the GDP bars are far below the
    # grid's names. "Other EU members (24)" is shortened to fit a phone's 40% label width.
    economy_y = alt.Y("economy:N", sort=order, title=None,
                      axis=alt.Axis(labelExpr=ECONOMY_LABEL))  # fmt: skip
    grid = (
        alt.Chart(long, title="Who belongs to which forum")
        .transform_calculate(status=status)
        .mark_rect(strokeWidth=1)
        .encode(
            stroke=alt.condition("datum.member", alt.value("white"), alt.value(OUTLINE_COLOR)),
            x=alt.X(
                "forum_name:N",
                sort=list(FORUMS),
                title=None,
                # Upright, the five names ran together ("G7G20APECWTOIMF") at every width.
                axis=alt.Axis(orient="bottom", labelAngle=-90),
            ),
            y=economy_y,
            color=alt.Color(
                "status:N",
                scale=status_scale,
                title=None,
                legend=alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=0,
                                  symbolStrokeColor=OUTLINE_COLOR, symbolStrokeWidth=1),
            ),
            tooltip=[
                alt.Tooltip("economy:N", title="Economy"),
                alt.Tooltip("forum_name:N", title="Forum"),
                alt.Tooltip("member:N", title="Member"),
            ],
        )
        .properties(width=170, height=alt.Step(15))
    )
    bars = (
        alt.Chart(wide, title="GDP in 2022 (current US dollars)")
        .transform_calculate(selected="datum[forum] ? 'Member' : 'Not a member'")
        .mark_bar()
        .encode(
            y=economy_y,
            x=alt.X("gdp:Q", title="$ trillion (square-root scale)",
                    scale=alt.Scale(type="sqrt"),
                    axis=alt.Axis(values=list(GDP_TICKS), labelOverlap="greedy",
                                  labelExpr="format(datum.value / 1000, ',')")),
            color=alt.Color(
                "selected:N",
                scale=alt.Scale(
                    domain=["Member", "Not a member"], range=[MEMBER_COLOR, OTHER_MEMBER_COLOR]
                ),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("economy:N", title="Economy"),
                alt.Tooltip("gdp:Q", title="GDP 2022 ($ bn)", format=",.0f"),
            ],
        )
        .properties(width=190, height=alt.Step(15))
    )
    lines = summary[["forum", "lines"]].explode("lines").reset_index(drop=True)
    lines["order"] = lines.groupby("forum").cumcount()
    text = (
        alt.Chart(lines)
        .transform_filter("datum.forum == forum")
        .mark_text(align="left", baseline="top", fontSize=13, dx=0, style=KEY_NUMBERS_STYLE)
        .encode(
            x=alt.value(0),
            y=alt.Y("order:O", axis=None, title=None),
            text="lines:N",
        )
        .properties(
            width=360,
            height=80,
            title=alt.Title(alt.ExprRef("'Selected forum: ' + forum"), anchor="start"),
        )
    )
    return (
        alt.vconcat(
            text,
            alt.hconcat(grid, bars, spacing=4).resolve_scale(color="independent"),
            usermeta=EMBED,
        )
        .add_params(forum)
        .properties(
            title="Forums, their members and their weight in the world economy",
            description=(
                "A grid of economies (rows, largest GDP first) against five forums (columns: "
                "G7, G20, APEC, WTO, IMF), with a bar of each economy's 2022 GDP. Choosing a "
                "forum with the radio buttons colours its members and prints its member count "
                "and its share of world GDP."
            ),
        )
    )
