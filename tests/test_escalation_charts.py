"""Chart specs of the escalation chapter, through ``to_dict()``, and static-vs-model agreement.

The website's timeline filters with a param bound to a <select> and zooms with an interval
brush; the day-by-day chart prints rates from a grid that must equal a direct call of the
model (``step_value``) on every day, within 1e-9.
"""

from __future__ import annotations

import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from chart_support import walk

from widgets import data
from widgets.charts import timeline as charts
from widgets.models.timeline import INSTRUMENTS, step_value


@pytest.fixture(scope="module")
def events():
    return data.load("events")


@pytest.fixture(scope="module")
def history():
    return data.load("tariff_history")


@pytest.fixture(scope="module")
def timeline_spec(events):
    return charts.timeline_chart(events).to_dict()


@pytest.fixture(scope="module")
def rates_spec(history):
    return charts.rates_in_force_chart(history, threatened_pct=130).to_dict()


def params(spec):
    return {p["name"]: p for node in walk(spec) for p in node.get("params", []) if "name" in p}


def test_instrument_menu_is_a_select_bound_param(timeline_spec):
    menu = params(timeline_spec)["instrument"]
    assert menu["value"] == "all"
    assert menu["bind"]["input"] == "select"
    assert menu["bind"]["options"] == ["all", *INSTRUMENTS]
    assert menu["bind"]["labels"][0] == "All instruments"
    filters = [n["filter"] for n in walk(timeline_spec) if isinstance(n.get("filter"), str)]
    assert any("instrument == 'all' || datum.instrument == instrument" in f for f in filters)


def test_brush_is_an_interval_on_x_and_sets_the_detail_domain(timeline_spec):
    period = params(timeline_spec)["period"]
    assert period["select"] == {"type": "interval", "encodings": ["x"]}
    domains = [
        n["scale"].get("domain") for n in walk(timeline_spec) if isinstance(n.get("scale"), dict)
    ]
    assert {"param": "period"} in domains
    assert any(n.get("filter") == {"param": "period"} for n in walk(timeline_spec))
    x_scales = [n["x"]["scale"] for n in walk(timeline_spec) if "scale" in n.get("x", {})]
    assert all(s.get("type") == "utc" for s in x_scales)


def test_brush_marks_are_hidden_from_screen_readers(timeline_spec):
    """The embed patch sets aria: false on exactly the two rects of the period brush."""
    import vl_convert

    spec = dict(timeline_spec)
    patch = spec["usermeta"]["embedOptions"]["patch"]
    vega = vl_convert.vegalite_to_vega(
        spec, vl_version="_".join(alt.VEGALITE_VERSION.split(".")[:2])
    )
    names = []
    for op in patch:
        assert op["op"] == "add" and op["value"] is False and op["path"].endswith("/aria")
        mark = vega
        for key in op["path"].split("/")[1:-1]:
            mark = mark[int(key)] if isinstance(mark, list) else mark[key]
        assert "aria" not in mark, "the patch would overwrite an aria setting"
        names.append(mark["name"])
    assert sorted(names) == ["period_brush", "period_brush_bg"]
    assert charts.brush_mark_paths(vega) == [op["path"].removesuffix("/aria") for op in patch]


def test_timeline_data_tooltips_and_description(timeline_spec, events):
    datasets = timeline_spec["datasets"]
    table = max(datasets.values(), key=len)
    assert len(table) == len(events)
    assert {"date", "instrument", "kind", "source_url", "publisher", "date_label"} <= set(table[0])
    tooltips = [n["tooltip"] for n in walk(timeline_spec) if isinstance(n.get("tooltip"), list)]
    assert tooltips and all(
        {t["field"] for t in tip} >= {"event", "date_label", "publisher", "source_url"}
        for tip in tooltips
    )
    assert "menu" in timeline_spec["description"] and timeline_spec["usermeta"]["embedOptions"]


def test_call_is_labelled_with_both_dates(events):
    table = charts.event_table(events)
    call = table[table.event.str.contains("video call")].iloc[0]
    assert call.date == "2025-10-17"
    assert call.date_label == "17 Oct 2025 (US Eastern (18 Oct in Beijing))"


def test_day_slider_is_a_bound_range(rates_spec, history):
    day = params(rates_spec)["day"]
    assert day["bind"]["input"] == "range" and day["bind"]["step"] == 1
    grid = charts.rates_grid(history, start="2025-01-20", end="2026-06-30")
    assert day["bind"]["min"] == 0 and day["bind"]["max"] == grid.day.max()
    assert grid.date[day["value"]] == "2025-10-17"  # opens on the day of the call


def test_grid_agrees_with_the_model_on_every_day(history):
    grid = charts.rates_grid(history, start="2025-01-20", end="2026-06-30")
    headline = history[history.measure == "headline additional"]
    for side, rows in grid.groupby("side"):
        changes = headline[headline.side == side]
        direct = step_value(changes.date.dt.strftime("%Y-%m-%d"), changes.rate_pct, rows.date)
        np.testing.assert_allclose(rows.rate_pct, direct, rtol=1e-9, atol=1e-9)
        assert list(rows.label) == [charts.rate_label(side, r) for r in direct]


def test_static_page_data_is_the_grid(rates_spec, history):
    grid = charts.rates_grid(history, start="2025-01-20", end="2026-06-30")
    page = next(v for v in rates_spec["datasets"].values() if len(v) == len(grid))
    page = pd.DataFrame(page)
    np.testing.assert_allclose(page.rate_pct.astype(float), grid.rate_pct, rtol=1e-9)
    assert list(page.label) == list(grid.label)


def test_headline_rate_helper_matches_step_value(history):
    assert charts.headline_rate(history, "US on China", "2025-04-10") == 145
    assert charts.headline_rate(history, "China on US", "2025-10-17") == 10
    assert math.isnan(charts.headline_rate(history, "US on China", "2024-12-31"))
    with pytest.raises(ValueError, match="^side"):
        charts.headline_rate(history, "EU on US", "2025-10-17")


def test_rates_chart_rejects_a_day_off_the_slider(history):
    with pytest.raises(ValueError, match="^day"):
        charts.rates_in_force_chart(history, day=10_000)


def test_history_chart_layers(history):
    spec = charts.tariff_history_chart(history).to_dict()
    marks = [
        n["mark"]["type"] if isinstance(n.get("mark"), dict) else n.get("mark")
        for n in walk(spec)
        if "mark" in n
    ]
    assert marks.count("line") == 2 and "point" in marks and "rule" in marks
    step = [
        n
        for n in walk(spec)
        if isinstance(n.get("mark"), dict) and n["mark"].get("interpolate") == "step-after"
    ]
    assert len(step) == 1  # the PIIE segments; the headline path is drawn vertex by vertex
    assert "PIIE" in " ".join(spec["title"]["subtitle"]) and spec["description"]


def test_marked_events_are_rows_of_the_events_table(events):
    dates = set(events.date.dt.strftime("%Y-%m-%d"))
    for date, _ in charts.KEY_EVENTS + charts.RATE_EVENTS:
        assert date in dates


def test_headline_steps_pass_through_every_change(history):
    steps = charts.headline_steps(history)
    headline = history[history.measure == "headline additional"]
    for side, rows in headline.groupby("side"):
        path = steps[steps.side == side]
        for date, rate in zip(rows.date.dt.strftime("%Y-%m-%d"), rows.rate_pct, strict=True):
            assert ((path.date == date) & (path.rate_pct == rate)).any()


# --- issue 13: every time axis says the year; no mark cut at the plot's edge; a date readout


def _rendered(spec: dict, **param_values) -> list[dict]:
    import copy

    import vl_convert as vlc

    spec = copy.deepcopy(spec)
    for param in spec.get("params", []):
        if param["name"] in param_values:
            param["value"] = param_values[param["name"]]
    scene = vlc.vegalite_to_scenegraph(spec, vl_version="6.4")
    return [node for node in walk(scene["scenegraph"]) if node.get("marktype")]


@pytest.mark.parametrize("instrument", ["all", *INSTRUMENTS])
def test_timeline_axes_say_the_year_and_no_event_is_cut(timeline_spec, instrument):
    """Filtered to one instrument the detail axis read "April October April"; the first and
    last events' marks were cut in half by the plot's edge."""
    marks = _rendered(timeline_spec, instrument=instrument)
    (detail,) = [m for m in marks if m.get("name") == "detail_group"]
    width = detail["items"][0]["width"]
    points = [m for m in marks if m.get("name") == "detail_layer_1_marks"]
    items = [i for m in points for i in m["items"]]
    assert items
    for item in items:
        half = math.sqrt(item["size"]) / 2
        assert half <= item["x"] <= width - half, (instrument, item["x"], width)
    labels = [i["text"] for m in marks if m.get("role") == "axis-label" for i in m["items"]]
    dates = [t for t in labels if t and t[0].isdigit() or t[:3] in charts._MONTHS]
    assert dates and all(re.search(r"\b20\d\d$", t) for t in dates), labels


def test_year_labels_expression():
    from vega_support import vega_rows

    days = ["2025-01-01", "2025-04-01", "2025-10-17"]
    millis = [pd.Timestamp(d, tz="UTC").value // 10**6 for d in days]
    label = [{"calculate": charts.YEAR_LABELS, "as": "label"}]
    rows = vega_rows([{"value": m} for m in millis], label, [], text=["label"])
    assert [r["label"] for r in rows] == ["2025", "Apr 2025", "17 Oct 2025"]


def test_day_slider_reads_as_a_date(rates_spec):
    """The day slider read "270": the page's script (_static/controls.js) writes the date
    for the day count, from the start date declared in the chart."""
    (param,) = [p for p in rates_spec["params"] if p["name"] == "day"]
    assert param["bind"]["name"].startswith("Date")
    assert rates_spec["usermeta"]["controls"] == {"readouts": {"day": {"date_from": "2025-01-20"}}}
    assert rates_spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    start = pd.Timestamp("2025-01-20")
    assert charts.date_label(str((start + pd.Timedelta(days=param["value"])).date())) == (
        "17 Oct 2025"
    )


def test_the_day_sliders_marks_are_keyed_by_side():
    # a move picks other rows of the grid: keyed by side, the page updates the day's rule,
    # dots and readouts instead of making them anew (a full redraw on every move)
    import vl_convert
    from explorer_support import mark_keys

    from _ext.offline_assets import _vl_minor, key_marks

    chart = charts.rates_in_force_chart(data.load("tariff_history"))
    vega = vl_convert.vegalite_to_vega(chart.to_dict(), vl_version=_vl_minor(alt.VEGALITE_VERSION))
    assert mark_keys(key_marks(vega)) == ["side"] * 5
