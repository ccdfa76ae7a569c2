"""One model, two views: the website chart and the live widget show the model's numbers.

The website chart picks, for the slider's value, a row of the data embedded in its
spec (rows above a prohibitive tariff, all the same, only once: its filter caps the
slider's value). Here real Vega (vl-convert) applies the compiled page's own filter to its
own data at every slider value and both kinds of country, and the numbers it keeps are
compared with a direct call of the model. The live widget is driven through its controls.
The browser tests check the same numbers as drawn on the built page.
"""

import json
import math

import altair as alt
import pytest
import vl_convert as vlc
from explorer_support import set_inputs

from widgets.charts.tariff import KEY_NUMBERS, format_number, tariff_explorer_chart
from widgets.controls.tariff import TariffExplorer
from widgets.models import tariff_outcome
from widgets.models.examples import CLASSROOM_MARKET, LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY

SLIDER_POSITIONS = [0, 1, 13, 25, 50, 99, 100, 142, 143, 144, 175, 200]
ELASTICITY = {"small": math.inf, "large": LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY}
FIELDS = [
    "world_price", "domestic_price", "quantity_demanded", "quantity_supplied", "imports",
    "consumer_surplus_change", "producer_surplus_change", "tariff_revenue",
    "production_distortion", "consumption_distortion", "deadweight_loss",
    "terms_of_trade_gain", "net_welfare_change",
]  # fmt: skip


def _close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * max(1.0, abs(b)))


def _model(pct, country):
    return tariff_outcome(
        **CLASSROOM_MARKET, tariff_rate=pct / 100, export_supply_elasticity=ELASTICITY[country]
    ).as_dict()


def _website_chart():
    return tariff_explorer_chart(
        CLASSROOM_MARKET,
        large_country_export_supply_elasticity=LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY,
    )


@pytest.fixture(scope="module")
def live():
    """One live explorer for the module's tests: each sets every input it reads."""
    return TariffExplorer()


@pytest.fixture(scope="module")
def website_rows():
    spec = _website_chart().to_dict()
    (rows,) = [r for r in spec["datasets"].values() if r and "tariff_pct" in r[0]]
    return rows


@pytest.fixture(scope="module")
def picked_by_vega():
    """{(slider value, country): the rows the page's filter keeps}, filtered by real Vega.

    The chart is compiled to Vega as the page is; one small Vega view carries the compiled
    data and, for every slider value and country, a group whose own slider and radio
    signals are set to them, holding the compiled filter (every filter that names the
    slider: one expression) and a mark per kept row whose description is the row's numbers
    (one Vega run, read from its scene graph: no text to lay out).
    """
    version = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    page = vlc.vegalite_to_vega(_website_chart().to_dict(), vl_version=version)
    (data,) = [d for d in page["data"] if d.get("values") and "tariff_pct" in d["values"][0]]
    (expr,) = {t["expr"] for d in page["data"] for t in d.get("transform", [])
               if t["type"] == "filter" and "tariff_pct" in t["expr"]}  # fmt: skip
    slider, radio = (s for s in page["signals"] if "bind" in s)
    assert slider["bind"]["input"] == "range" and radio["bind"]["input"] == "radio"
    low, high = slider["bind"]["min"], slider["bind"]["max"]
    columns = FIELDS + [f"{column}_text" for _, column, _ in KEY_NUMBERS]
    text = " + '|' + ".join(
        [f"toString({slider['name']})", radio["name"]] + [f"toString(datum.{c})" for c in columns]
    )
    groups = [
        {"type": "group",
         "signals": [{"name": slider["name"], "value": pct},
                     {"name": radio["name"], "value": country}],
         "data": [{"name": "rows", "source": "page",
                   "transform": [{"type": "filter", "expr": expr}]}],
         "marks": [{"type": "rect", "from": {"data": "rows"},
                    "encode": {"enter": {"description": {"signal": text}}}}]}
        for country in ELASTICITY for pct in range(low, high + 1)
    ]  # fmt: skip
    view = {"data": [{"name": "page", "values": data["values"]}], "marks": groups}
    picked = {(pct, country): [] for country in ELASTICITY for pct in range(low, high + 1)}
    pending = [vlc.vega_to_scenegraph(view)["scenegraph"]]
    while pending:
        item = pending.pop()
        if "description" in item:
            pct, country, *numbers = item["description"].split("|")
            picked[int(pct), country].append(dict(zip(columns, numbers, strict=True)))
        pending += item.get("items", [])
    assert len(picked) == 2 * (high - low + 1) and (low, high) == (0, 200)
    return picked


def _check(row, pct, country):
    expected = _model(pct, country)
    for field in FIELDS:
        assert _close(float(row[field]), expected[field]), (pct, field, row[field])
    # The text the page prints is the model's number in the book's one format.
    for _, column, fmt in KEY_NUMBERS:
        assert row[f"{column}_text"] == format_number(expected[column], fmt), (pct, column)


@pytest.mark.parametrize("country", ["small", "large"])
def test_website_chart_shows_the_model_at_every_slider_value(picked_by_vega, country):
    for (pct, where), rows in picked_by_vega.items():
        if where == country:
            assert len(rows) == 1, (pct, country, len(rows))
            _check(rows[0], pct, country)


def test_the_page_carries_the_rows_of_a_prohibitive_tariff_once(website_rows):
    small = sorted(r["tariff_pct"] for r in website_rows if r["country"] == "small")
    large = sorted(r["tariff_pct"] for r in website_rows if r["country"] == "large")
    assert large == list(range(201))
    # From 143% on, a small country imports nothing: every number is that of 143%.
    assert small == list(range(144))
    assert _model(143, "small")["imports"] == 0 < _model(142, "small")["imports"]
    assert json.dumps(_model(200, "small") | {"tariff_rate": 0}) == json.dumps(
        _model(143, "small") | {"tariff_rate": 0}
    )


@pytest.mark.parametrize("country", ["small", "large"])
@pytest.mark.parametrize("pct", SLIDER_POSITIONS)
def test_website_chart_rows_are_the_model(website_rows, pct, country):
    # The rows as Altair writes them (the page caps the slider's value at the last row).
    last = max(r["tariff_pct"] for r in website_rows if r["country"] == country)
    (row,) = [r for r in website_rows
              if r["tariff_pct"] == min(pct, last) and r["country"] == country]  # fmt: skip
    _check(row, pct, country)


@pytest.mark.parametrize("country", ["small", "large"])
@pytest.mark.parametrize("pct", [0, 50, 100, 143, 200])
def test_live_widget_shows_the_model(live, pct, country):
    explorer = live
    set_inputs(explorer, country=country, tariff_pct=pct)
    shown = explorer.outcome.as_dict()
    expected = _model(pct, country)
    for field in FIELDS:
        assert _close(shown[field], expected[field]), field
    assert f"{expected['tariff_revenue']:,.1f}" in explorer.numbers.value


def test_website_and_live_views_agree_with_each_other(live, website_rows):
    explorer = live
    set_inputs(explorer, country="small")
    for pct in (10, 60, 120):
        explorer.tariff_pct.value = pct
        (row,) = [r for r in website_rows if r["tariff_pct"] == pct and r["country"] == "small"]
        for field in FIELDS:
            assert _close(row[field], getattr(explorer.outcome, field)), field
