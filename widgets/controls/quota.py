"""The quota explorer: a tariff, an import quota, a voluntary export restraint or a
tariff-rate quota, one object with two views.

In a live kernel it is an ipywidgets container that calls the model
(:func:`widgets.charts.quota.quota_row`) on every change; on the website the same cell
shows the Altair chart whose inputs are Vega-Lite params, declared once with the live
widgets in :mod:`widgets.charts.quota`.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from widgets.charts.kit import format_number, key_numbers_html
from widgets.charts.quota import (
    POLICIES,
    QUOTA_BARS,
    QUOTA_CONTROLS,
    QUOTA_KEY_NUMBERS,
    RATES_LABEL,
    quota_chart,
    quota_row,
    quota_table,
    rates_text,
    regime_text,
)
from widgets.controls._inputs import apply_sets, ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg
from widgets.models.examples import CLASSROOM_MARKET

__all__ = ["QuotaExplorer", "quota_explorer"]


def key_number_lines(row) -> list[tuple[str, str]]:
    """The key numbers of one row of the explorer, as (label, text): both views' format."""
    return [
        (label, format_number(float(row[field]), fmt) if fmt else regime_text(row))
        for field, (label, fmt) in QUOTA_KEY_NUMBERS.items()
    ] + [(RATES_LABEL, rates_text(row["in_pct"], row["out_pct"], row["policy"]))]


class QuotaExplorer(TwoViews):
    """A tariff and the quotas that let in what it lets in, before and after demand grows;
    the website view is :func:`widgets.charts.quota.quota_chart`."""

    #: Its inputs, declared once (both views are built from them).
    controls = QUOTA_CONTROLS

    def __init__(self, market=None):
        self.market = market or CLASSROOM_MARKET
        made = ipywidgets(QUOTA_CONTROLS, **sized(20, 36))
        for control in QUOTA_CONTROLS:
            setattr(self, control.attribute, made[control.name])
        self.message, self.numbers, self.figure = w.HTML(), w.HTML(), w.HTML()
        self.row = None
        #: Why the tariff-rate quota's rates are locked (under any other policy), else empty.
        self.locked = w.HTML()
        self.policy.observe(self._on_policy, names="value")  # before the redraw it causes
        self._on_policy(None)
        self._assemble([made[c.name] for c in QUOTA_CONTROLS])
        controls, *rest = self.widget.children
        self.widget.children = (controls, self.locked, *rest)

    def _on_policy(self, _change) -> None:
        """As on the page (``Control.sets``): the rates move only under a tariff-rate quota."""
        (policy,) = [c for c in QUOTA_CONTROLS if c.name == "policy"]
        apply_sets(policy, self.policy, {"in_pct": self.in_pct, "out_pct": self.out_pct},
                   self.locked, policy.locked_note(QUOTA_CONTROLS))  # fmt: skip

    def compute(self) -> None:
        """The model's outcome for the values the controls hold."""
        values = {c.name: getattr(self, c.attribute).value for c in QUOTA_CONTROLS}
        self.row = quota_row(self.market, **values)

    def redraw(self) -> None:
        """The key numbers and the bars."""
        self.numbers.value = key_numbers_html(key_number_lines(self.row))
        self.figure.value = svg(quota_chart(pd.DataFrame([self.row]), static=False))

    def static_chart(self):
        """The website's chart: the whole grid, picked by the params."""
        return quota_chart(quota_table(self.market))

    def data_table(self):
        """Every policy at the starting tariff, before and after demand grows by the most."""
        c = {control.name: control for control in QUOTA_CONTROLS}
        t, g_max = c["tariff_pct"].default, c["growth_pct"].max
        rows = []
        for policy, label in POLICIES:
            for g in (0, g_max):
                row = quota_row(self.market, policy, t, g, c["in_pct"].default,
                                c["out_pct"].default)  # fmt: skip
                rows.append(
                    {"Policy": label, "Growth in demand (%)": str(g),
                     "Home price ($)": format_number(row["price"], ",.2f"),
                     "Imports (million units)": format_number(row["imports"], ",.1f")}
                    | {f"{name} ($ million)": format_number(row[field], ",.1f")
                       for field, (name, _) in QUOTA_BARS.items()}
                )  # fmt: skip
        return pd.DataFrame(rows), (
            f"At the starting settings, each policy with the quota at what a {t}% tariff lets in "
            f"(tariff-rate quota: "
            f"{c['in_pct'].default}% in quota, {c['out_pct'].default}% beyond), before demand "
            f"grows and after it grows by {g_max}% of free-trade demand."
        )


def quota_explorer(market=None) -> QuotaExplorer:
    """The quota explorer for a chapter cell: live widget in a notebook, chart on the site."""
    return QuotaExplorer(market)
