"""Charts of the escalation chapter: the event timeline and the tariff history.

* :func:`timeline_chart`: every event of ``data/events.csv`` placed by date and coloured
  by instrument, with a menu that shows one instrument at a time (a Vega-Lite param
  bound to a ``<select>``) and an overview strip whose interval brush sets the period
  the detail view shows.
* :func:`tariff_history_chart`: two measures of each side's tariff on the other over
  2018-2026, PIIE's trade-weighted averages and the headline across-the-board rates,
  with the key events marked.
* :func:`rates_in_force_chart`: the headline rates in 2025-26 with a day slider; the
  rates it prints for the chosen day come from a grid of :func:`step_value` results
  computed here, so the page shows the model's own numbers.

All dates are drawn on UTC scales from ISO strings, so a reader's time zone never moves
an event to the day before.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from widgets.charts.inputs import date_readout, page_behaviour
from widgets.charts.kit import key_style
from widgets.charts.theme import BLUE, GREEN, ORANGE, PURPLE, VERMILLION
from widgets.models.timeline import INSTRUMENTS, step_path, step_value, to_days

__all__ = [
    "INSTRUMENT_COLORS",
    "INSTRUMENT_LABELS",
    "KEY_EVENTS",
    "RATE_EVENTS",
    "SIDE_COLORS",
    "date_label",
    "event_table",
    "headline_rate",
    "headline_steps",
    "rate_label",
    "rates_grid",
    "rates_in_force_chart",
    "tariff_history_chart",
    "timeline_chart",
]

#: Okabe-Ito colours, one per instrument (safe for colour-blind readers).
INSTRUMENT_COLORS = {
    "tariff": VERMILLION,
    "port fee": BLUE,
    "export control": GREEN,
    "forum": PURPLE,
    "negotiation": ORANGE,
}
#: Labels of the instrument menu (value -> label); "all" shows every instrument.
INSTRUMENT_LABELS = {"all": "All instruments", **{k: k.capitalize() for k in INSTRUMENTS}}
SIDE_COLORS = {"US on China": BLUE, "China on US": VERMILLION}
#: Events marked on the tariff-history chart: (date, short label), each a row of events.csv.
KEY_EVENTS: tuple[tuple[str, str], ...] = (
    ("2018-07-06", "List 1"),
    ("2020-01-15", "Phase One"),
    ("2025-04-10", "IEEPA 145%"),
    ("2026-02-20", "Supreme Court"),
)
#: Events marked on the day-by-day chart of 2025-26.
RATE_EVENTS: tuple[tuple[str, str], ...] = (
    ("2025-05-12", "Geneva"),
    ("2025-10-10", "100% threat"),
    ("2025-10-30", "Busan"),
    ("2026-02-20", "Supreme Court"),
)
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
#: Time-axis labels that always say the year, whatever the span shown (an instrument's
#: events alone, or a brushed period, span months, where a plain axis writes "April"):
#: "2025" at a new year, "Apr 2025" at a new month, "17 Oct 2025" on other days.
YEAR_LABELS = (
    "utcFormat(datum.value, utcmonth(datum.value) == 0 && utcdate(datum.value) == 1 ? '%Y'"
    " : utcdate(datum.value) == 1 ? '%b %Y' : '%-d %b %Y')"
)
#: Pixels kept free at both ends of a time axis, so that the marks of the first and last
#: events are drawn whole (not cut in half by the plot's edge).
END_PADDING = 12
_EMBED = {"embedOptions": {"renderer": "svg", "actions": False}}


def date_label(date: str, end_date: str | None = None, time_zone: str | None = None) -> str:
    """A date as the book writes it, e.g. ``'17 Oct 2025 (US Eastern)'``.

    Examples
    --------
    >>> date_label("2025-10-25", "2025-10-26", "Kuala Lumpur")
    '25 Oct 2025 to 26 Oct 2025 (Kuala Lumpur)'
    """

    def one(iso: str) -> str:
        day = to_days(iso, name="date")[0].astype(object)
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"

    text = one(date) + (f" to {one(end_date)}" if end_date else "")
    return text + (f" ({time_zone})" if time_zone else "")


def _iso(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events as the timeline draws them: ISO date strings and a date label.

    Parameters
    ----------
    events : pandas.DataFrame
        ``widgets.data.load("events")`` or the same columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``end_date`` (ISO strings or None), ``date_label``,
        ``instrument``, ``kind``, ``actor``, ``event``, ``description``, ``publisher``
        and ``source_url``.
    """
    starts = [_iso(v) for v in events["date"]]
    ends = [_iso(v) for v in events["end_date"]]
    zones = [None if pd.isna(z) or z == "" else str(z) for z in events["time_zone"]]
    out = pd.DataFrame({"date": starts, "end_date": pd.Series(ends, dtype=object)})
    out["date_label"] = [date_label(d, e, z) for d, e, z in zip(starts, ends, zones, strict=True)]
    for column in ("instrument", "kind", "actor", "event", "description", "publisher"):
        out[column] = events[column].astype(str).to_numpy()
    out["source_url"] = events["source_url"].astype(str).to_numpy()
    return out


def instrument_param(value: str = "all") -> alt.Parameter:
    """The instrument menu: a param bound to a ``<select>`` named ``instrument``."""
    return alt.param(
        name="instrument",
        value=value,
        bind=alt.binding_select(
            options=list(INSTRUMENT_LABELS),
            labels=list(INSTRUMENT_LABELS.values()),
            name="Show: ",
        ),
    )


def timeline_chart(events: pd.DataFrame, *, width: int = 600) -> alt.VConcatChart:
    """The event timeline: a detail view over an overview strip with a brush.

    Parameters
    ----------
    events : pandas.DataFrame
        The events (``widgets.data.load("events")``).
    width : int
        Width of both views, pixels.

    Returns
    -------
    altair.VConcatChart
        Detail view (one row per instrument; a point per event, a bar for events lasting
        several days) over an overview strip. The ``instrument`` param (a menu) filters
        both views; the ``period`` interval brush on the overview sets the detail's x
        domain and filters its points.
    """
    table = event_table(events)
    instrument = instrument_param()
    period = alt.selection_interval(name="period", encodings=["x"])
    keep = f"{instrument.name} == 'all' || datum.instrument == {instrument.name}"
    color_scale = alt.Scale(domain=list(INSTRUMENT_COLORS), range=list(INSTRUMENT_COLORS.values()))
    color = alt.Color(
        "instrument:N",
        scale=color_scale,
        legend=alt.Legend(title="Instrument", orient="bottom", columns=3),
    )
    y = alt.Y(
        "instrument:N",
        sort=list(INSTRUMENTS),
        scale=alt.Scale(domain=list(INSTRUMENTS)),
        title=None,
        axis=alt.Axis(labelExpr="upper(slice(datum.label, 0, 1)) + slice(datum.label, 1)"),
    )
    tooltip = [
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("date_label:N", title="Date"),
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("description:N", title="What happened"),
        alt.Tooltip("publisher:N", title="Source"),
        alt.Tooltip("source_url:N", title="Address"),
    ]
    base = alt.Chart(table).transform_filter(keep)
    x_detail = alt.X(
        "date:T",
        scale=alt.Scale(type="utc", domain=period, padding=END_PADDING),
        axis=alt.Axis(title=None, labelOverlap=True, labelExpr=YEAR_LABELS),
    )
    spans = (
        base.transform_filter("datum.end_date != null")
        .transform_filter(period)
        .mark_rule(strokeWidth=6, opacity=0.6, clip=True)
        .encode(x=x_detail, x2="end_date:T", y=y, color=color, tooltip=tooltip)
    )
    points = (
        base.transform_filter(period)
        .mark_point(filled=True, size=110, opacity=0.85, clip=True)
        .encode(
            x=x_detail,
            y=y,
            color=color,
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(
                    domain=["measure", "threat", "announcement", "meeting", "ruling", "suspension"],
                    range=["circle", "triangle-up", "diamond", "square", "cross", "triangle-down"],
                ),
                legend=alt.Legend(title="Kind of event", orient="bottom", columns=3),
            ),
            tooltip=tooltip,
        )
    )
    detail = alt.layer(spans, points, name="detail").properties(
        width=width,
        height=210,
        title=alt.Title(
            "US-China trade-policy events, 2018-2026",
            subtitle="Brush the strip below to zoom; hover a mark for its source.",
        ),
    )
    overview = (
        base.mark_tick(thickness=2, size=18)
        .encode(
            x=alt.X(
                "date:T",
                scale=alt.Scale(type="utc", padding=END_PADDING),
                axis=alt.Axis(title="Drag across this strip to choose a period",
                              labelExpr=YEAR_LABELS, labelOverlap=True),
            ),
            color=alt.Color("instrument:N", scale=color_scale, legend=None),
        )
        .add_params(period)
        .properties(width=width, height=40, name="overview")
    )
    chart = (
        alt.vconcat(detail, overview, usermeta=_EMBED)
        .add_params(instrument)
        .resolve_scale(color="shared")
        .properties(
            description=(
                "Timeline of US-China trade-policy events from 2018 to 2026, one mark per "
                "event, by instrument. A menu shows one instrument at a time; dragging "
                "across the overview strip zooms the timeline into that period. "
                "Horizontal axis: date; one row per instrument (tariff, port fee, export "
                "control, forum, negotiation); the shape of a mark gives the kind of event. "
                "Notice how the events crowd together in October and November 2025."
            )
        )
    )
    return chart.properties(usermeta=_embed_hiding_brushes(chart))


def brush_mark_paths(vega_spec: dict) -> list[str]:
    """JSON Pointers to the rect marks that draw interval brushes in a compiled Vega spec.

    Vega-Lite draws each interval selection as two rect marks named ``<param>_brush_bg``
    (the shading) and ``<param>_brush`` (the drag target).
    """
    paths = []

    def walk(marks: list, at: str) -> None:
        for i, mark in enumerate(marks):
            if str(mark.get("name", "")).endswith(("_brush", "_brush_bg")):
                paths.append(f"{at}/{i}")
            walk(mark.get("marks", []), f"{at}/{i}/marks")

    walk(vega_spec.get("marks", []), "/marks")
    return paths


def _embed_hiding_brushes(chart: alt.TopLevelMixin) -> dict:
    """``usermeta`` whose vega-embed ``patch`` hides the brush marks from screen readers.

    A brush's rects carry no description, so Vega exposes them as unnamed images
    (``role="graphics-symbol"``; axe-core rule ``svg-img-alt``), and Vega-Lite has no option
    to change that. vega-embed applies ``embedOptions.patch`` (a JSON Patch) to the compiled
    Vega spec: this one sets ``aria: false`` on those marks, whose paths come from compiling
    the chart here with vl-convert at the Vega-Lite version the site loads.
    """
    import vl_convert

    version = "_".join(alt.VEGALITE_VERSION.split(".")[:2])
    vega_spec = vl_convert.vegalite_to_vega(chart.to_dict(), vl_version=version)
    patch = [
        {"op": "add", "path": f"{path}/aria", "value": False}
        for path in brush_mark_paths(vega_spec)
    ]
    return {"embedOptions": {**_EMBED["embedOptions"], "patch": patch}}


def headline_steps(history: pd.DataFrame, *, end: str | None = None) -> pd.DataFrame:
    """The headline additional rates as step-line vertices, one path per side.

    Uses :func:`widgets.models.timeline.step_path` on the ``headline additional`` rows.

    Returns
    -------
    pandas.DataFrame
        Columns ``side``, ``date`` (ISO string), ``rate_pct`` and ``order`` (the vertex
        order along each path).
    """
    rows = []
    headline = history[history["measure"] == "headline additional"]
    for side, group in headline.groupby("side", sort=False):
        dates = [_iso(d) for d in group["date"]]
        days, rates = step_path(dates, group["rate_pct"].to_numpy(), end=end or dates[-1])
        rows += [
            {"side": side, "date": str(d), "rate_pct": float(r), "order": i}
            for i, (d, r) in enumerate(zip(days, rates, strict=True))
        ]
    return pd.DataFrame(rows)


def _side_color(legend: bool = True) -> alt.Color:
    return alt.Color(
        "side:N",
        scale=alt.Scale(domain=list(SIDE_COLORS), range=list(SIDE_COLORS.values())),
        legend=alt.Legend(title="Tariff charged by") if legend else None,
    )


def _event_rules(dates: Sequence[tuple[str, str]], *, y_top: float) -> alt.LayerChart:
    table = pd.DataFrame(dates, columns=["date", "label"])
    rules = (
        alt.Chart(table)
        .mark_rule(color="#555", strokeDash=[2, 3])
        .encode(x=alt.X("date:T", scale=alt.Scale(type="utc")))
    )
    labels = (
        alt.Chart(table)
        .mark_text(angle=270, align="right", dx=2, dy=-5, fontSize=11, color="#333")
        .encode(x="date:T", y=alt.datum(y_top), text="label:N")
    )
    return alt.layer(rules, labels)


def tariff_history_chart(history: pd.DataFrame, *, width: int = 600) -> alt.LayerChart:
    """Each side's tariff on the other, 2018-2026, by two measures, with key events.

    Solid step lines: the headline additional rate (2025-26). Dashed step lines and
    points: PIIE's trade-weighted averages, connected only where PIIE reports no change
    between two of its estimates.
    """
    piie = history[history["measure"] == "PIIE average"].copy()
    piie["date"] = [_iso(d) for d in piie["date"]]
    piie["label"] = [
        f"{s}: {r:.1f}% (PIIE, {date_label(d)})"
        for s, r, d in zip(piie["side"], piie["rate_pct"], piie["date"], strict=True)
    ]
    steps = headline_steps(history)
    x = alt.X(
        "date:T",
        scale=alt.Scale(type="utc", domain=["2018-01-01", "2026-07-01"]),
        axis=alt.Axis(title=None, format="%Y"),
    )
    y = alt.Y("rate_pct:Q", title="Tariff (percent)", scale=alt.Scale(domain=[0, 160]))
    headline = (
        alt.Chart(steps)
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y=y, color=_side_color(), order="order:Q", detail="side:N")
    )
    piie_lines = (
        alt.Chart(piie)
        .mark_line(interpolate="step-after", strokeDash=[5, 3], strokeWidth=1.5)
        .encode(x=x, y=y, color=_side_color(False), detail="segment:N")
    )
    piie_points = (
        alt.Chart(piie)
        .mark_point(filled=True, size=50)
        .encode(
            x=x,
            y=y,
            color=_side_color(False),
            shape=alt.value("circle"),
            tooltip=[alt.Tooltip("label:N", title="Average tariff"), "note:N"],
        )
    )
    return alt.layer(
        _event_rules(KEY_EVENTS, y_top=158), headline, piie_lines, piie_points, usermeta=_EMBED
    ).properties(
        width=width,
        height=300,
        title=alt.Title(
            "Tariffs between the US and China, two measures",
            subtitle=[
                "Dots and dashes: PIIE trade-weighted average of all tariffs (Bown).",
                "Solid: headline additional across-the-board rate, 2025-26.",
            ],
        ),
        description=(
            "Step chart of the US tariff on Chinese goods and China's tariff on US goods, "
            "2018 to 2026: PIIE's average tariffs as points and dashed steps, and the "
            "headline additional rates of 2025-26 as solid steps, with key events marked. "
            "Horizontal axis: date; vertical axis: tariff in percent. Notice the steps up in "
            "2018 and 2019, the far higher peak in April 2025 and the cuts that followed."
        ),
    )


def rate_label(side: str, rate: float) -> str:
    """The readout line for one side, e.g. ``'US on China: 145%'``; NaN reads 'not set'.

    Examples
    --------
    >>> rate_label("China on US", 10.0), rate_label("US on China", float("nan"))
    ('China on US: 10%', 'US on China: not set')
    """
    return f"{side}: " + ("not set" if np.isnan(rate) else f"{rate:.0f}%")


def rates_grid(history: pd.DataFrame, *, start: str, end: str) -> pd.DataFrame:
    """The headline rate of each side on every day from ``start`` to ``end``.

    The grid the day slider picks rows from: :func:`step_value` evaluated for each day.

    Returns
    -------
    pandas.DataFrame
        Columns ``day`` (0 = ``start``), ``date`` (ISO), ``date_label``, ``side``,
        ``rate_pct`` (NaN before a side's first change) and ``label``.
    """
    days = np.arange(to_days(start)[0], to_days(end)[0] + np.timedelta64(1, "D"))
    headline = history[history["measure"] == "headline additional"]
    frames = []
    for side, group in headline.groupby("side", sort=False):
        rates = step_value([_iso(d) for d in group["date"]], group["rate_pct"].to_numpy(), days)
        frames.append(
            pd.DataFrame(
                {
                    "day": np.arange(days.size),
                    "date": [str(d) for d in days],
                    "side": side,
                    "rate_pct": rates,
                }
            )
        )
    grid = pd.concat(frames, ignore_index=True)
    grid["date_label"] = [date_label(d) for d in grid["date"]]
    grid["label"] = [rate_label(s, r) for s, r in zip(grid["side"], grid["rate_pct"], strict=True)]
    return grid


def rates_in_force_chart(
    history: pd.DataFrame,
    *,
    start: str = "2025-01-20",
    end: str = "2026-06-30",
    day: int | None = None,
    threatened_pct: float | None = None,
    width: int = 600,
) -> alt.LayerChart:
    """Headline rates in 2025-26 with a day slider and a readout of the rates that day.

    Parameters
    ----------
    history : pandas.DataFrame
        ``widgets.data.load("tariff_history")``.
    start, end : str
        First and last day of the slider (ISO dates).
    day : int, optional
        Slider position at load (days after ``start``); default: 17 Oct 2025, the day of
        the call.
    threatened_pct : float, optional
        If given, a dotted mark shows the US headline rate the 10 Oct 2025 threat would
        have set from 1 Nov 2025 (never imposed).
    width : int
        Width in pixels.
    """
    grid = rates_grid(history, start=start, end=end)
    n_days = int(grid["day"].max())
    if day is None:
        day = int((to_days("2025-10-17")[0] - to_days(start)[0]).astype(int))
    if not 0 <= day <= n_days:
        raise ValueError(f"day: must be between 0 and {n_days}")
    slider = alt.param(
        name="day",
        value=day,
        bind=alt.binding_range(min=0, max=n_days, step=1, name="Date (slide through 2025-26) "),
    )
    steps = headline_steps(history, end=end)
    x = alt.X(
        "date:T",
        scale=alt.Scale(type="utc", domain=[start, end]),
        axis=alt.Axis(title=None, format="%b %Y", labelOverlap=True),
    )
    y = alt.Y("rate_pct:Q", title="Additional tariff (percent)", scale=alt.Scale(domain=[0, 200]))
    lines = (
        alt.Chart(steps)
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y=y, color=_side_color(), order="order:Q", detail="side:N")
    )
    chosen = alt.Chart(grid).transform_filter(f"datum.day == {slider.name}")
    # Every mark the slider redraws is keyed by side (kit.key_style): each move picks other
    # grid rows, and without a key Vega made every item and its SVG element anew
    keyed = key_style("side")
    rule = (
        chosen.transform_filter("datum.side == 'US on China'")
        .mark_rule(color="#222", strokeWidth=1.5, style=keyed)
        .encode(x="date:T")
    )
    dots = chosen.mark_point(filled=True, size=90, opacity=1, style=keyed).encode(
        x="date:T", y="rate_pct:Q", color=_side_color(False)
    )
    heading = (
        chosen.transform_filter("datum.side == 'US on China'")
        .mark_text(align="left", x=8, y=14, fontSize=13, fontWeight="bold", style=keyed)
        .encode(text=alt.Text("date_label:N"))
        .properties(name="readout_date")
    )
    readouts = [
        chosen.transform_filter(f"datum.side == '{side}'")
        .mark_text(align="left", x=8, y=34 + 18 * i, fontSize=13, color=color, style=keyed)
        .encode(text="label:N")
        .properties(name=f"readout_{i}")
        for i, (side, color) in enumerate(SIDE_COLORS.items())
    ]
    events = [(d, label) for d, label in RATE_EVENTS if start <= d <= end]
    layers = [_event_rules(events, y_top=198), lines, rule, dots, heading, *readouts]
    if threatened_pct is not None:
        threat = pd.DataFrame(
            {"date": ["2025-11-01"], "rate_pct": [threatened_pct], "label": ["threatened"]}
        )
        layers.append(
            alt.Chart(threat)
            .mark_text(align="left", dx=9, fontSize=11, color="#333")
            .encode(x="date:T", y="rate_pct:Q", text=alt.value("threatened, never imposed"))
        )
        layers.append(
            alt.Chart(threat)
            .mark_point(shape="triangle-up", size=120, color=SIDE_COLORS["US on China"])
            .encode(
                x="date:T",
                y="rate_pct:Q",
                tooltip=[
                    alt.Tooltip("rate_pct:Q", title="Threatened from 1 Nov 2025 (%)"),
                    alt.Tooltip("label:N", title="Status"),
                ],
            )
        )
    return (
        # the page's script writes the slider's readout as a date ("17 Oct 2025"), not "270"
        alt.layer(*layers, usermeta={**_EMBED, "controls": page_behaviour(
            readouts=date_readout(slider.name, start))})
        .add_params(slider)
        .properties(
            width=width,
            height=300,
            title=alt.Title(
                "Headline additional tariffs in force, day by day",
                subtitle="Move the slider: the readout gives each side's rate on that day.",
            ),
            description=(
                "Step chart of the headline additional tariffs of the US on China and of "
                "China on the US in 2025 and 2026, with a day slider; the text gives the "
                "rates in force on the chosen day."
            ),
        )
    )


def headline_rate(history: pd.DataFrame, side: str, day: str) -> float:
    """The headline additional rate one side charged on ``day`` (percent; NaN before 2025).

    :func:`widgets.models.timeline.step_value` on the ``headline additional`` rows.

    Raises
    ------
    ValueError
        If ``side`` is not one of the table's sides.
    """
    rows = history[(history["measure"] == "headline additional") & (history["side"] == side)]
    if rows.empty:
        raise ValueError(f"side: {side!r} is not one of {', '.join(SIDE_COLORS)}")
    return float(step_value([_iso(d) for d in rows["date"]], rows["rate_pct"].to_numpy(), day)[0])
