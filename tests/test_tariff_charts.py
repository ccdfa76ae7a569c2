"""Spec tests of the tariff charts, through ``to_dict()``: params, bindings, encodings, data."""

import math

import pytest
from chart_support import unit_views as _layers
from explorer_support import mark_keys, site_specs

from widgets.charts.tariff import (
    COUNTRY_LABELS,
    KEY_NUMBERS,
    WELFARE_BARS,
    outcome_table,
    tariff_explorer_chart,
)
from widgets.charts.theme import FONT, REGION_COLORS, THEME_NAME
from widgets.controls.tariff import TariffExplorer
from widgets.models.examples import CLASSROOM_MARKET, LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY


@pytest.fixture(scope="module")
def spec():
    chart = tariff_explorer_chart(
        CLASSROOM_MARKET,
        large_country_export_supply_elasticity=LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY,
    )
    return chart.to_dict()


def test_params_are_bound_to_a_slider_and_a_radio(spec):
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"tariff_pct", "country"}
    assert params["tariff_pct"]["value"] == 25
    assert params["tariff_pct"]["bind"] == {
        "input": "range", "min": 0, "max": 200, "step": 1, "name": "Tariff rate (%) ",
    }  # fmt: skip
    assert params["country"]["bind"]["input"] == "radio"
    assert params["country"]["bind"]["options"] == ["small", "large"]
    assert params["country"]["bind"]["labels"] == list(COUNTRY_LABELS.values())


def test_every_view_filters_on_both_params(spec):
    data_views = [v for v in _layers(spec) if v.get("data", {}).get("name", "").startswith("data-")]
    filtered = [v for v in _layers(spec) if any("filter" in t for t in v.get("transform", []))]
    # 5 areas + rules + labels in the diagram, the bars, the numbers: all pick one row.
    assert len(filtered) == 9
    # The one row: the radio's country, the slider's tariff capped at the last row the page
    # carries for that country (a small country's rows stop at the prohibitive tariff).
    expected = (
        "datum.country == country && datum.tariff_pct == "
        "min(tariff_pct, country == 'small' ? 143 : country == 'large' ? 200 : 1e9)"
    )
    for view in filtered:
        filters = [t["filter"] for t in view["transform"] if "filter" in t]
        assert expected in filters
    assert data_views  # data are inline datasets, not URLs
    assert all("url" not in v.get("data", {}) for v in _layers(spec))


def test_one_row_per_whole_percent_and_country(spec):
    (name,) = [n for n, rows in spec["datasets"].items() if rows and "tariff_pct" in rows[0]]
    rows = spec["datasets"][name]
    pcts = {c: sorted(r["tariff_pct"] for r in rows if r["country"] == c)
            for c in ("small", "large")}  # fmt: skip
    # Every whole percent for a large country; a small one's rows stop at 143%, the first
    # prohibitive tariff (above it every number is the same: test_agreement checks them).
    assert pcts == {"small": list(range(144)), "large": list(range(201))}
    assert len(rows) == 144 + 201


def test_area_layers_encode_price_against_quantity(spec):
    areas = [v for v in _layers(spec) if v["mark"].get("type") == "area"]
    drawn = [v for v in areas if "transform" in v]
    assert len(drawn) == 5
    for view in drawn:
        enc = view["encoding"]
        assert view["mark"]["orient"] == "horizontal"
        assert enc["y"]["field"] == "price" and enc["x"]["field"] == "q_left"
        assert enc["x2"]["field"] == "q_right"
    # each area in its own colour, a constant (a colour field made Vega group the area's
    # points again on every move); the legend is drawn from a table of the areas' names
    assert [v["encoding"]["color"]["value"] for v in drawn] == list(REGION_COLORS.values())
    (legend,) = [v for v in areas if "transform" not in v]
    assert spec["datasets"][legend["data"]["name"]] == [{"area": a} for a in REGION_COLORS]
    assert legend["encoding"]["color"]["scale"] == {
        "domain": list(REGION_COLORS), "range": list(REGION_COLORS.values())}  # fmt: skip


def test_bars_and_numbers_show_the_model_columns(spec):
    folds = [t["fold"] for v in _layers(spec) for t in v.get("transform", []) if "fold" in t]
    assert [c for _, c in WELFARE_BARS] in folds
    assert [f"{c}_text" for _, c, _ in KEY_NUMBERS] in folds


def test_svg_renderer_no_actions_and_descriptions(spec):
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    assert "slider" in spec["description"]
    for child in spec["vconcat"]:
        assert child.get("description") or all(c.get("description") for c in child["hconcat"])


def test_the_site_keys_the_marks_drawn_from_the_picked_row():
    # the marks drawn from the picked row are keyed (areas by end, bars by who, price
    # lines and labels by which) in the spec the site compiles, so a slider move updates
    # them instead of making new SVG elements
    (site,) = site_specs(TariffExplorer)
    assert sorted(mark_keys(site)) == ["end"] * 5 + ["which"] * 2 + ["who"]
    # nothing drawn from the picked row is split into groups by a field (Vega's facet: marks
    # of its own per group, run again on every move): the areas have constant colours
    picked = {d["name"] for d in site["data"]
              if any("tariff_pct" in t.get("expr", "") for t in d.get("transform", []))}
    for data in site["data"]:
        if data.get("source") in picked:
            picked.add(data["name"])
    faceted = [m["from"]["facet"]["data"] for m in site["marks"][0]["marks"]
               if "facet" in m.get("from", {})]  # fmt: skip
    assert len(picked) >= 8 and faceted and not picked & set(faceted)


def test_theme_uses_system_fonts_only():
    import altair as alt

    assert alt.theme.active == THEME_NAME
    assert "url(" not in FONT and "system-ui" in FONT


def test_outcome_table_columns_and_small_country_world_price():
    table = outcome_table(CLASSROOM_MARKET, [0, 50], {"small": math.inf})
    assert list(table["tariff_pct"]) == [0, 50]
    assert (table["world_price"] == 100.0).all()
    assert table.loc[1, "domestic_price"] == pytest.approx(150.0, rel=1e-12)


def test_explorer_rejects_curved_markets():
    from widgets.models import ConstantElasticityDemand

    market = dict(CLASSROOM_MARKET, demand=ConstantElasticityDemand(scale=1e4, elasticity=1.0))
    with pytest.raises(ValueError, match="market"):
        tariff_explorer_chart(market, large_country_export_supply_elasticity=3.0)


def test_welfare_bar_labels_each_have_a_row_of_their_own(spec):
    """Issue 13: four upright bars' labels ran together ("ConsumersProducersGovernment...");
    horizontal bars put each label on its own row, whatever the chart's width."""
    folded = [c for _, c in WELFARE_BARS]
    (bars,) = [v for v in _layers(spec)
               if any(t.get("fold") == folded for t in v.get("transform", []))]  # fmt: skip
    enc = bars["encoding"]
    assert enc["y"]["field"] == "group" and enc["y"]["type"] == "nominal"
    # in order by the scale's fixed domain (a sort is recomputed on every slider move)
    assert enc["y"]["scale"]["domain"] == [label for label, _ in WELFARE_BARS]
    assert enc["y"]["sort"] is None
    assert enc["x"]["field"] == "value" and enc["x"]["title"] == "Change ($ million)"
    assert bars["height"] == {"step": 36}
