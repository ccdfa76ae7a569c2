"""One model, two views: the website chart and the live widget show the model's numbers.

The website chart picks, for the slider's value, a row of the data embedded in its
spec; here we do what the page does (apply its filter to that data) and compare
with a direct call of the model. The live widget is driven through its controls.
The browser tests check the same numbers as drawn on the built page.
"""

import math

import pytest

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


@pytest.fixture(scope="module")
def website_rows():
    spec = tariff_explorer_chart(
        CLASSROOM_MARKET,
        large_country_export_supply_elasticity=LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY,
    ).to_dict()
    (rows,) = [r for r in spec["datasets"].values() if r and "tariff_pct" in r[0]]
    return rows


@pytest.mark.parametrize("country", ["small", "large"])
@pytest.mark.parametrize("pct", SLIDER_POSITIONS)
def test_website_chart_shows_the_model(website_rows, pct, country):
    # The page's filter: datum.tariff_pct == tariff_pct && datum.country == country
    (row,) = [r for r in website_rows if r["tariff_pct"] == pct and r["country"] == country]
    expected = _model(pct, country)
    for field in FIELDS:
        assert _close(row[field], expected[field]), (field, row[field], expected[field])
    # The text the page prints is the model's number in the book's one format.
    for _, column, fmt in KEY_NUMBERS:
        assert row[f"{column}_text"] == format_number(expected[column], fmt)


@pytest.mark.parametrize("country", ["small", "large"])
@pytest.mark.parametrize("pct", [0, 50, 100, 143, 200])
def test_live_widget_shows_the_model(pct, country):
    explorer = TariffExplorer()
    explorer.country.value = country
    explorer.tariff_pct.value = pct
    shown = explorer.outcome.as_dict()
    expected = _model(pct, country)
    for field in FIELDS:
        assert _close(shown[field], expected[field]), field
    assert f"{expected['tariff_revenue']:,.1f}" in explorer.numbers.value


def test_website_and_live_views_agree_with_each_other(website_rows):
    explorer = TariffExplorer()
    for pct in (10, 60, 120):
        explorer.tariff_pct.value = pct
        (row,) = [r for r in website_rows if r["tariff_pct"] == pct and r["country"] == "small"]
        for field in FIELDS:
            assert _close(row[field], getattr(explorer.outcome, field)), field
