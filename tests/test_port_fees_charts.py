"""Spec tests of the port-fee charts, through ``to_dict()``: params, bindings, encodings, data."""

from __future__ import annotations

import pytest
from chart_support import unit_views as _views
from vega_support import vega_rows

from widgets.charts.port_fees import (
    EXPLORER_CAPACITIES,
    EXPLORER_CATEGORIES,
    EXPLORER_LOAD_PCTS,
    FEE_BARS,
    KEY_NUMBERS,
    PHASE_LABELS,
    SCHEDULE_FEES,
    fee_schedule_chart,
    port_fee_explorer_chart,
    schedule_table,
)
from widgets.models.port_fees import SCHEDULE_YEARS, port_fee_outcome

FILTER = (
    "datum.category == fee_category && datum.schedule_year == fee_year"
    " && datum.capacity_teu == fee_capacity && datum.load_pct == fee_load_pct"
)


@pytest.fixture(scope="module")
def spec():
    return port_fee_explorer_chart().to_dict()


def _rows(spec):
    (rows,) = [r for r in spec["datasets"].values() if r and "load_pct" in r[0]]
    return rows


def test_params_are_bound_to_radios_a_select_and_a_slider(spec):
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"fee_category", "fee_year", "fee_capacity", "fee_load_pct"}
    assert params["fee_category"]["value"] == "china_operated"
    assert params["fee_category"]["bind"]["input"] == "radio"
    assert params["fee_category"]["bind"]["options"] == list(EXPLORER_CATEGORIES)
    assert params["fee_year"]["bind"]["input"] == "radio"
    assert params["fee_year"]["bind"]["options"] == list(SCHEDULE_YEARS)
    assert params["fee_year"]["bind"]["labels"] == list(PHASE_LABELS.values())
    assert params["fee_capacity"]["bind"]["input"] == "select"
    assert params["fee_capacity"]["bind"]["options"] == list(EXPLORER_CAPACITIES)
    assert params["fee_capacity"]["value"] == 14_000
    assert params["fee_load_pct"]["bind"] == {
        "input": "range",
        "min": 50,
        "max": 100,
        "step": 5,
        "name": "Load factor (%) ",
    }
    assert params["fee_load_pct"]["value"] == 85


def test_every_drawn_view_filters_on_all_four_params(spec):
    views = list(_views(spec))
    assert len(views) == 3  # bars, bar labels, key numbers
    for view in views:
        filters = [t["filter"] for t in view.get("transform", []) if "filter" in t]
        assert filters == [FILTER]
    assert all("url" not in v.get("data", {}) for v in views)


def test_grid_has_one_row_per_combination_of_inputs(spec):
    rows = _rows(spec)
    n = len(EXPLORER_CATEGORIES) * len(SCHEDULE_YEARS) * len(EXPLORER_CAPACITIES)
    assert len(rows) == n * len(EXPLORER_LOAD_PCTS)
    keys = {(r["category"], r["schedule_year"], r["capacity_teu"], r["load_pct"]) for r in rows}
    assert len(keys) == len(rows)


def test_default_row_is_the_worked_example(spec):
    (row,) = [
        r
        for r in _rows(spec)
        if (r["category"], r["schedule_year"], r["capacity_teu"], r["load_pct"])
        == ("china_operated", 2025, 14_000, 85)
    ]
    assert row["fee_per_container"] == pytest.approx(580.0)
    assert row["fee_per_container_text"] == "$580"
    assert row["share_of_cargo_value_text"] == "0.53% of $109,000"
    assert row["equivalent_tariff_rate_text"] == "0.53%"


def test_bars_encode_dollars_per_box_for_fee_and_freight(spec):
    bars = [v for v in _views(spec) if v["mark"]["type"] == "bar"]
    (bar,) = bars
    assert bar["encoding"]["x"]["field"] == "usd"
    assert bar["encoding"]["y"]["field"] == "item"
    (fold,) = [t["fold"] for t in bar["transform"] if "fold" in t]
    assert fold == ["fee_per_container", "freight_rate_per_container"]
    # the x scale is fixed, so bars are comparable across the reader's choices
    domain = bar["encoding"]["x"]["scale"]["domain"]
    fees = [r["fee_per_container"] for r in _rows(spec) if r["fee_per_container"] is not None]
    assert domain[0] == 0 and domain[1] > max(fees)
    # a car carrier's rows have no fee per box (null), so the page draws no fee bar for it
    assert all(
        r["fee_per_container"] is None for r in _rows(spec) if r["category"] == "vehicle_carrier"
    )


def test_key_numbers_fold_the_text_columns(spec):
    texts = [v for v in _views(spec) if v["mark"]["type"] == "text" and v.get("height")]
    (numbers,) = texts
    (fold,) = [t["fold"] for t in numbers["transform"] if "fold" in t]
    assert fold == [column for _, column in KEY_NUMBERS]


def test_svg_renderer_no_actions_and_descriptions(spec):
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    assert "calculator" in spec["description"]
    for child in spec["vconcat"]:
        assert child.get("description")


def test_schedule_chart_is_drawn_from_the_model():
    table = schedule_table()
    assert len(table) == len(SCHEDULE_FEES) * len(SCHEDULE_YEARS)
    for row in table.itertuples():
        expected = port_fee_outcome(
            category=row.category, schedule_year=row.schedule_year, capacity_teu=14_000
        )
        assert row.fee_per_container == pytest.approx(expected.fee_per_container, rel=1e-12)
    spec = fee_schedule_chart(table).to_dict()
    line = spec["layer"][0]
    assert line["mark"]["type"] == "line"
    assert line["encoding"]["x"]["sort"] == list(PHASE_LABELS.values())
    assert line["encoding"]["color"]["scale"]["domain"] == [lab for _, lab, _ in SCHEDULE_FEES]
    assert spec["description"] and spec["title"]
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}


def _shown(labels, label_expr):
    """The axis labels Vega draws for ``labels``, each a "|"-joined list of its lines."""
    expr = f"isArray({label_expr}) ? join({label_expr}, '|') : {label_expr}"
    rows = vega_rows([{"label": label} for label in labels],
                     [{"calculate": expr, "as": "shown"}], [], text=["shown"])  # fmt: skip
    return [r["shown"] for r in rows]


def test_schedule_x_labels_are_short():
    """Issue 13: four "from 14 Oct 2025 ..." labels ran together in a phone's column: the
    axis shows the month and year, the title the start days."""
    x = fee_schedule_chart(schedule_table()).to_dict()["layer"][0]["encoding"]["x"]
    assert _shown(x["sort"], x["axis"]["labelExpr"]) == [
        "Oct 2025", "Apr 2026", "Apr 2027", "Apr 2028"]  # fmt: skip
    assert "14 Oct 2025" in x["title"] and "17 Apr" in x["title"]
    assert x["axis"]["labelAngle"] == 0


def test_fee_bar_labels_fit_a_phone(spec):
    """Issue 13: "Ocean freight, Shan…" was cut at 40% of a 390-px column: the label is on
    two lines of at most 14 characters, the item keeps its full name (tooltip)."""
    (bar,) = [v for v in _views(spec) if v["mark"]["type"] == "bar"]
    y = bar["encoding"]["y"]
    # in order by the scale's fixed domain (a sort is recomputed on every slider move)
    assert y["scale"]["domain"] == list(FEE_BARS) == ["Port fee",
                                                      "Ocean freight, Shanghai–Los Angeles"]
    assert y["sort"] is None
    shown = _shown(y["scale"]["domain"], y["axis"]["labelExpr"])
    assert shown == ["Port fee", "Ocean freight|Shanghai–LA"]
    assert max(len(line) for s in shown for line in s.split("|")) <= 14


def test_the_fee_bars_and_labels_are_keyed():
    # a move picks another grid row: keyed, the page updates the two bars and their labels
    # instead of making them anew (a full redraw on every move)
    from explorer_support import mark_keys, site_specs

    from widgets.controls.port_fees import PortFeeExplorer

    (site,) = site_specs(PortFeeExplorer)
    assert mark_keys(site) == ["what", "what"]
