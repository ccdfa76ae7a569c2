"""Every chart has a text description, its data as a table and its source (or says it is a
model illustration); the tables hold the numbers the charts draw (widgets/charts/access.py)."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from explorer_support import FACTORIES, explorer_classes, starting_explorer, website_view

from widgets.charts.access import (
    MODEL_ILLUSTRATION,
    accessible,
    chart_html,
    provenance,
    table_html,
)
from widgets.charts.port_fees import fee_schedule_chart, schedule_table
from widgets.charts.tariff import KEY_NUMBERS
from widgets.charts.timeline import tariff_history_chart, timeline_chart
from widgets.data import load, source
from widgets.models.smart import smart_outcome  # noqa: F401  (the model behind the table)
from widgets.models.supply_shock import STEPS_PER_YEAR, supply_shock_path


def _soup(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def _table(markup: str, n: int = 0) -> tuple[str, list[str], list[list[str]]]:
    table = _soup(markup).select("details.chart-data table")[n]
    head = [th.get_text() for th in table.select("thead th")]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    assert all(tr.find("th")["scope"] == "row" for tr in table.select("tbody tr"))
    return table.caption.get_text(), head, rows


def _params(spec: dict) -> dict:
    found = {}

    def walk(node):
        if isinstance(node, dict):
            for p in node.get("params", []):
                if "value" in p and "bind" in p:
                    found[p["name"]] = p["value"]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found


def _dataset(spec: dict, *fields: str) -> pd.DataFrame:
    for values in spec.get("datasets", {}).values():
        if values and all(f in values[0] for f in fields):
            return pd.DataFrame(values)
    raise AssertionError(f"no dataset with {fields}")


# --- the helpers -------------------------------------------------------------------------


def test_table_html_has_caption_headers_and_escapes():
    frame = pd.DataFrame({"Who <b>": ["A & B"], "Value": [1.25]})
    markup = table_html(frame, "Cap <i>", formats={"Value": ".1f"})
    soup = _soup(markup)
    assert soup.caption.get_text() == "Cap <i>"
    assert [th.get_text() for th in soup.select("thead th")] == ["Who <b>", "Value"]
    assert soup.select_one("tbody th[scope=row]").get_text() == "A & B"
    assert soup.select_one("tbody td").get_text() == "1.2"
    with pytest.raises(ValueError, match="no rows"):
        table_html(frame.iloc[:0], "empty")


def test_provenance_names_publisher_and_as_of_or_says_model():
    info = source("freight_rates")
    line = provenance(["freight_rates"])
    assert info["publisher"] in line and f"data as of {info['as_of']}" in line
    assert provenance([]) == provenance(None) == MODEL_ILLUSTRATION
    with pytest.raises(ValueError, match="unknown data resource"):
        provenance(["no_such_table"])


def test_chart_html_needs_a_description():
    with pytest.raises(ValueError, match="description"):
        chart_html("<div></div>", description=" ", table="<table></table>", sources=None)


# --- static charts of the chapters ---------------------------------------------------------


def test_static_chart_tables_are_the_charts_own_data():
    history = load("tariff_history")
    shown = accessible(
        tariff_history_chart(history, width=600),
        sources=["tariff_history"],
        tables=[("PIIE", {"date": "Date", "side": "Side", "rate_pct": "Percent", "measure": "M"})],
    )
    spec = shown.to_dict()
    assert spec["description"] and shown.description == spec["description"]
    data = _dataset(spec, "date", "side", "rate_pct", "measure")
    frame = shown.tables[0][0]
    assert len(frame) == len(data) > 5
    assert [float(v) for v in frame["Percent"]] == pytest.approx(data["rate_pct"].tolist())
    assert frame["Date"].tolist() == [d.removesuffix("T00:00:00") for d in data["date"]]

    markup = shown._repr_mimebundle_()["text/html"]
    caption, head, rows = _table(markup)
    assert head == ["Date", "Side", "Percent", "M"] and len(rows) == len(data)
    assert source("tariff_history")["as_of"] in _soup(markup).select_one(".chart-source").text
    hidden = _soup(markup).select_one("p.chart-description")
    assert spec["description"] in hidden.get_text()


def test_fee_schedule_table_matches_the_chart():
    shown = accessible(
        fee_schedule_chart(schedule_table()),
        sources=["port_fee_schedules", "freight_rates"],
        tables=[("Fees", {"fee": "Fee", "schedule_year": "From", "fee_per_container": "USD"})],
    )
    data = _dataset(shown.to_dict(), "fee", "schedule_year", "fee_per_container")
    _, _, rows = _table(shown.html("<div></div>"))
    assert len(rows) == len(data) == 12
    for row, (_, expected) in zip(rows, data.iterrows(), strict=True):
        assert row[0] == expected["fee"]
        assert float(row[2].replace(",", "")) == pytest.approx(expected["fee_per_container"], 1e-5)


def test_table_formats_apply_to_numbers_only():
    shown = accessible(
        fee_schedule_chart(schedule_table()),
        sources=["port_fee_schedules"],
        tables=[
            (
                "Fees",
                {"fee": "Fee", "share_of_cargo_value": "Share"},
                {"share_of_cargo_value": ".2%"},
            )
        ],
    )
    data = _dataset(shown.to_dict(), "fee", "share_of_cargo_value")
    frame = shown.tables[0][0]
    assert frame["Share"].tolist() == [format(v, ".2%") for v in data["share_of_cargo_value"]]
    assert frame["Fee"].tolist() == data["fee"].tolist()


def test_every_chart_needs_a_description_and_real_columns():
    chart = timeline_chart(load("events"), width=600)
    with pytest.raises(ValueError, match="no dataset"):
        accessible(chart, sources=["events"], tables=[("x", {"no_such_field": "X"})])
    with pytest.raises(ValueError, match="unknown data resource"):
        accessible(chart, sources=["nope"], tables=[("x", {"event": "Event"})])


def test_table_numbers_are_exact_never_rounded_or_in_exponent_form():
    frame = pd.DataFrame({"year": [2024, 2025, 2026], "value": [1234567.5, 0.000012345, 2.0 / 3.0]})
    chart = alt.Chart(frame).mark_bar().encode(x="year:O", y="value:Q")
    shown = accessible(
        chart,
        tables=[("Values", {"year": "Year", "value": "Value"})],
        sources=None,
        description="Bar chart of three test values, one per year.",
    )
    assert shown.tables[0][0]["Value"].tolist() == [
        "1,234,567.5",
        "1.2345e-05",
        "0.6666666666666666",
    ]
    _, _, rows = _table(shown.html("<div></div>"))
    assert rows[0] == ["2024", "1,234,567.5"]


# --- explorers: the table is the website chart at its starting settings -------------------

EXPLORERS = explorer_classes()


def test_every_explorer_class_is_tested():
    assert len(EXPLORERS) >= 6
    missing = [c.__qualname__ for c in EXPLORERS if c not in FACTORIES]
    assert not missing, f"add a factory for {missing} to FACTORIES in this test"


@pytest.fixture(scope="module")
def explorers():
    return {cls.__name__: starting_explorer(cls) for cls in EXPLORERS if cls in FACTORIES}


@pytest.mark.parametrize("name", [c.__name__ for c in EXPLORERS])
def test_explorer_website_view_has_description_table_and_source(explorers, name):
    explorer = explorers[name]
    spec = website_view(type(explorer))[0]
    assert len(spec.get("description", "")) > 40, f"{name}: the chart needs a description"
    markup = website_view(type(explorer))[1]
    soup = _soup(markup)
    assert spec["description"] in soup.select_one("p.chart-description").get_text()
    assert soup.select_one("details.chart-data summary").get_text() == "Show the data as a table"
    caption, _, rows = _table(markup)
    assert "starting settings" in caption or "At the start" in caption
    assert rows
    line = soup.select_one(".chart-source").get_text()
    if explorer.sources:
        for resource in explorer.sources:
            assert f"data as of {source(resource)['as_of']}" in line
    else:
        assert line == MODEL_ILLUSTRATION
    assert "altair-viz-" in markup  # the chart itself is still there


def test_tariff_table_is_the_grid_row_the_page_starts_on(explorers):
    explorer = explorers["TariffExplorer"]
    spec = website_view(type(explorer))[0]
    start = _params(spec)
    grid = _dataset(spec, "tariff_pct", "country")
    row = grid[(grid.tariff_pct == start["tariff_pct"]) & (grid.country == start["country"])]
    assert len(row) == 1
    _, _, rows = _table(website_view(type(explorer))[1])
    assert rows == [[label, row.iloc[0][f"{col}_text"]] for label, col, _ in KEY_NUMBERS]


def test_port_fee_table_is_the_grid_row_the_page_starts_on(explorers):
    explorer = explorers["PortFeeExplorer"]
    spec = website_view(type(explorer))[0]
    p = _params(spec)
    grid = _dataset(spec, "category", "schedule_year", "capacity_teu", "load_pct")
    row = grid[
        (grid.category == p["fee_category"])
        & (grid.schedule_year == p["fee_year"])
        & (grid.capacity_teu == p["fee_capacity"])
        & (grid.load_pct == p["fee_load_pct"])
    ]
    assert len(row) == 1
    _, _, rows = _table(website_view(type(explorer))[1])
    texts = [r[1] for r in rows]
    assert row.iloc[0]["fee_per_container_text"] in texts
    assert row.iloc[0]["fee_per_call_text"] in texts


def test_tit_for_tat_table_is_the_grid_game_the_page_starts_on(explorers):
    from widgets.charts.tit_for_tat import SITE_GAMES, SITE_SEED, band_rows
    from widgets.models.tit_for_tat import noise_band

    spec = website_view(type(explorers["EscalationSimulator"]))[0]
    p = _params(spec)
    band = noise_band(p["strategy_a"], p["strategy_b"], games=SITE_GAMES, seed=SITE_SEED,
                      rounds=p["rounds"], step_pct=p["step"], noise=p["noise"] / 100,
                      rules=p["rules"])  # fmt: skip
    rows_model = band_rows(band)
    _, _, rows = _table(website_view(type(explorers["EscalationSimulator"]))[1])
    assert len(rows) == p["rounds"]
    assert [float(r[1]) for r in rows] == [float(t) for t in rows_model["mean_tariff_a"]]
    assert [float(r[4]) for r in rows] == [float(t) for t in rows_model["tariff_b"]]
    assert any(float(r[4]) > 0 for r in rows)  # always-escalate raises its tariff


def test_export_control_table_is_the_model_at_the_sliders_start(explorers):
    explorer = explorers["ExportControlExplorer"]
    p = _params(website_view(type(explorer))[0])
    inputs = explorer.inputs()
    assert inputs["share_withheld"] * 100 == pytest.approx(p["share_pct"])
    assert inputs["demand_elasticity"] == pytest.approx(p["demand_elasticity"])
    path = supply_shock_path(**inputs)
    _, head, rows = _table(website_view(type(explorer))[1])
    assert head[1] == "Price index"
    for row in rows:
        year = int(row[0])
        assert float(row[1].replace(",", "")) == pytest.approx(
            path.price_index[year * STEPS_PER_YEAR], abs=0.05
        )


def test_trade_diversion_table_is_the_model_at_the_sliders_start(explorers):
    explorer = explorers["TradeDiversionExplorer"]
    p = _params(website_view(type(explorer))[0])
    assert {k: explorer.inputs()[k] for k in ("china_pct", "others_pct", "eps", "sigma")} == {
        k: p[k] for k in ("china_pct", "others_pct", "eps", "sigma")
    }
    outcome = explorer.compute()
    _, _, rows = _table(website_view(type(explorer))[1])
    by_partner = {r["partner"]: r for r in outcome.rows()}
    assert len(rows) == len(by_partner)
    for row in rows:
        expected = by_partner[row[0]]
        assert float(row[2].replace(",", "")) == pytest.approx(expected["new_imports"], abs=0.05)


def test_forum_table_is_the_membership_the_chart_draws(explorers):
    explorer = explorers["ForumExplorer"]
    spec = website_view(type(explorer))[0]
    grid = _dataset(spec, "economy", "gdp", "G7", "G20", "APEC", "WTO", "IMF")
    _, head, rows = _table(website_view(type(explorer))[1])
    assert head[2:] == ["G7", "G20", "APEC", "WTO", "IMF"]
    assert [r[0] for r in rows] == grid["economy"].tolist()
    for row, (_, e) in zip(rows, grid.iterrows(), strict=True):
        assert [c == "member" for c in row[2:]] == [bool(e[f]) for f in head[2:]]
        if e["gdp"] is None or (isinstance(e["gdp"], float) and math.isnan(e["gdp"])):
            assert row[1] == "no data"
        else:
            assert float(row[1].replace(",", "")) == pytest.approx(e["gdp"], abs=0.5)


def test_a_live_notebook_draws_a_static_chart_as_svg_with_no_script(monkeypatch):
    """The downloadable notebooks' setup cell sets LIVE_SVG: JupyterLab then shows the SVG
    (no Vega from a CDN); the website's bundle stays the chart's HTML."""
    import widgets.charts.access as access
    from widgets.charts.diagrams import tariff_stages_figure
    from widgets.models.examples import CLASSROOM_MARKET

    figure = tariff_stages_figure(CLASSROOM_MARKET, tariff_rate=0.2)
    assert list(figure._repr_mimebundle_()) == ["text/html"]
    monkeypatch.setattr(access, "LIVE_SVG", True)
    live = figure._repr_mimebundle_()
    assert "text/html" not in live and live["image/svg+xml"].startswith("<svg")
    assert live["image/svg+xml"].count("<text") >= 8  # its labels, drawn
