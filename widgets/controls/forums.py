"""The forum explorer: one object, two views.

In a live kernel, :class:`ForumExplorer` shows ipywidgets controls: a forum to select
and a *coalition* builder, a list of economies from which a teacher can assemble any
group ("the G7 plus Korea and Australia") and see its share of world GDP, computed by
:func:`widgets.models.forums.forum_share` on every change. On the static website the
same cell shows the Altair membership chart whose radio button is a Vega-Lite param
(:func:`widgets.charts.forums.membership_chart`): ``_repr_mimebundle_`` carries both,
and the book's ``nb_mime_priority_overrides`` picks ``text/html`` for HTML builds.
The live chart is drawn by :func:`widgets.controls._two_views.svg`.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from widgets.charts.forums import (
    FORUM_CONTROL,
    FORUMS,
    forum_tables,
    membership_chart,
    summary_lines,
)
from widgets.charts.kit import format_number
from widgets.controls._inputs import ipywidget
from widgets.controls._two_views import TwoViews, svg
from widgets.models.forums import forum_share

__all__ = ["ForumExplorer", "forum_explorer"]


class ForumExplorer(TwoViews):
    """Live controls for the membership chart, with the website's static chart attached.

    Parameters
    ----------
    membership, indicators : the tables ``forum_membership`` and ``economy_indicators`` of
        the book's data package (see :func:`widgets.charts.forums.forum_tables`).
    forum : the forum selected at the start.
    """

    #: Its inputs, declared once (both views are built from them).
    controls = (FORUM_CONTROL,)

    def __init__(self, membership: pd.DataFrame, indicators: pd.DataFrame, *, forum: str = "APEC"):
        if forum not in FORUMS:
            raise ValueError(f"forum: must be one of {FORUMS}, got {forum!r}")
        self.economies, self.summary = forum_tables(membership, indicators)
        self.world_gdp = float(indicators.set_index("code").loc["WLD", "gdp_usd_bn"])
        self.forum = ipywidget(FORUM_CONTROL, forum)
        names = self.economies["economy"].tolist()
        self.coalition = w.SelectMultiple(
            options=names,
            value=tuple(self.economies.loc[self.economies[forum], "economy"]),
            rows=12,
            description="Coalition",
            layout=w.Layout(width="24em"),
        )
        self.start_from_forum = w.Button(description="Coalition = selected forum")
        self.numbers = w.HTML()
        self.coalition_numbers = w.HTML()
        self.figure = w.HTML()
        self.forum.observe(self._on_forum, names="value")
        self.coalition.observe(lambda _: self._update_coalition(), names="value")
        self.start_from_forum.on_click(lambda _: self._reset_coalition())
        self.widget = w.VBox(
            [
                self.forum,
                self.numbers,
                w.HBox([w.VBox([self.coalition, self.start_from_forum]), self.coalition_numbers]),
                self.figure,
            ]
        )
        self._on_forum(None)

    # -- reactions ------------------------------------------------------------------
    def _on_forum(self, _change) -> None:
        row = self.summary.set_index("forum").loc[self.forum.value]
        lines = summary_lines(row.to_dict())
        self.numbers.value = "<br>".join(html.escape(line) for line in lines)
        self.figure.value = self._figure_svg()
        self._update_coalition()

    def _reset_coalition(self) -> None:
        members = self.economies.loc[self.economies[self.forum.value], "economy"]
        self.coalition.value = tuple(members)

    def _update_coalition(self) -> None:
        share = self.coalition_share()
        self.coalition_numbers.value = (
            f"<b>Your coalition</b><br>Economies: {share.members}"
            f"<br>With GDP data: {share.members_with_data}"
            f"<br>GDP, 2022 ($ bn): {format_number(share.gdp, ',.0f')}"
            f"<br>Share of world GDP: {format_number(share.share, '.1%')}"
        )

    def coalition_share(self):
        """The selected coalition's share of world GDP, as a ``ForumShare``."""
        chosen = self.economies["economy"].isin(self.coalition.value)
        return forum_share(chosen.to_numpy(), gdp=self.economies["gdp"], world_gdp=self.world_gdp)

    def _figure_svg(self) -> str:
        chart = membership_chart(self.economies, self.summary, default=self.forum.value)
        return svg(chart)

    # -- display --------------------------------------------------------------------
    sources = ("forum_membership", "economy_indicators")

    def data_table(self):
        """Which economies belong to which forum, with GDP; the selected forum first."""
        forum = self.forum.value
        table = self.economies
        frame = pd.DataFrame(
            {
                "Economy": table["economy"],
                "GDP, 2022 ($ bn)": [
                    "no data" if pd.isna(g) else format_number(g, ",.0f") for g in table["gdp"]
                ],
            }
            | {name: ["member" if m else "" for m in table[name]] for name in FORUMS}
        )
        share = self.summary.set_index("forum").loc[forum, "share"]
        return frame, (
            f"Membership of the five forums (rows as in the chart). At the start the chart "
            f"selects {forum}: {format_number(share, '.1%')} of world GDP in 2022."
        )

    def static_chart(self):
        """The website's chart: the same figure with the forum as a Vega-Lite radio param."""
        return membership_chart(self.economies, self.summary, default=self.forum.value)


def forum_explorer(
    membership: pd.DataFrame, indicators: pd.DataFrame, *, forum: str = "APEC"
) -> ForumExplorer:
    """The forum explorer for a chapter cell: live widget in a notebook, chart on the site."""
    return ForumExplorer(membership, indicators, forum=forum)
