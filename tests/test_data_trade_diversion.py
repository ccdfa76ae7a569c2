"""The trade-diversion chapter's data: partner imports and the statistical gap."""

import math

import pytest

from widgets import data


@pytest.fixture(scope="module")
def partners():
    return data.load("us_imports_by_partner").set_index(["partner", "year"])["us_imports"]


@pytest.mark.parametrize(
    ("partner", "year", "expected"),
    [
        # June 2026 vintage (facts-data.md, section 1b)
        ("Taiwan", 2025, 201.4),
        ("Germany", 2024, 160.3),
        ("South Korea", 2025, 125.5),
        # Census c5880 annual table as read on 2026-02-16, $ million / 1,000
        ("Japan", 2021, 134.7998),
        # first release, via USTR / Wyoming EAD
        ("Mexico", 2024, 505.9),
        ("World", 2024, 3267.4),
    ],
)
def test_reference_values(partners, partner, year, expected):
    assert partners[partner, year] == pytest.approx(expected, abs=1e-9)


def test_derived_rows_follow_their_formulas(partners):
    assert partners["India", 2024] == pytest.approx((128.9 + 45.6) / 2)
    assert partners["Vietnam", 2018] == pytest.approx(66.7 - 17.5)


def test_unverified_2025_figures_are_left_out(partners):
    for partner in ("Mexico", "Canada", "Vietnam", "India", "World"):
        assert (partner, 2025) not in partners.index


def test_every_row_says_where_it_comes_from():
    table = data.load("us_imports_by_partner")
    assert table["vintage"].str.len().min() > 10
    assert set(table["verified"]) <= {"V", "V*", "D"}
    assert (table.loc[table["verified"] == "D", "vintage"].str.contains("derived")).all()


def test_gap_is_china_minus_us_and_the_us_figure_is_the_census_resource():
    gap = data.load("china_us_trade_gap").set_index("year")
    trade = data.load("us_china_goods_trade").set_index("year")
    for year, row in gap.iterrows():
        assert math.isclose(row["gap"], row["china_reported_exports_to_us"]
                            - row["us_reported_imports_from_china"], abs_tol=1e-9)  # fmt: skip
        assert row["us_reported_imports_from_china"] == trade.loc[year, "us_imports_from_china"]
    assert gap.loc[2025, "china_reported_exports_to_us"] == 420.05


def test_sources_for_captions():
    info = data.source("us_imports_by_partner")
    assert "U.S. Census Bureau" in info["publisher"]
    assert data.source("china_us_trade_gap")["as_of"] == "2026-06"


@pytest.mark.parametrize(
    "name", ["us_imports_by_partner", "china_us_trade_gap", "us_china_balance_by_reporter"]
)
def test_resources_are_documented_like_the_rest_of_the_package(name):
    # The same checks as tests/test_data.py::test_every_resource_is_documented, whose
    # parameter list (RESOURCES) names only the first chapter's tables.
    import json

    from tests.test_data import AS_OF, UNIT_WORDS

    package = json.loads((data.DATA_DIR / "datapackage.json").read_text())
    (resource,) = [r for r in package["resources"] if r["name"] == name]
    for key in ("path", "title", "description", "schema"):
        assert resource.get(key), key
    assert AS_OF.match(resource["as_of"])
    for src in resource["sources"]:
        assert src["title"] and src["publisher"] and src["path"].startswith("https://")
    for lic in resource["licenses"]:
        assert lic["name"] and lic["title"]
    for field in resource["schema"]["fields"]:
        assert field["description"]
        if field["type"] in {"number", "integer"}:
            assert UNIT_WORDS.search(field["description"]), field["name"]


def test_china_share_of_us_imports_in_2017(partners):
    # USITC, Shifts in U.S. Merchandise Trade 2017 (news release 18-119): general imports 2,342.9;
    # with Census's imports from China (505.2) China's share is 21.6%, the figure Census reported.
    assert partners["World", 2017] == 2342.9
    china = data.load("us_china_goods_trade").set_index("year").loc[2017, "us_imports_from_china"]
    assert round(100 * china / partners["World", 2017], 1) == 21.6
    assert round(100 * 505.6 / partners["World", 2017], 1) == 21.6  # USITC's own China figure


def test_2017_balances_as_each_country_reported_them():
    # CRS RS22640 (23 April 2018), summary: US deficit 375.3, China's surplus 275.8, 99.5 apart.
    table = data.load("us_china_balance_by_reporter")
    balance = table.set_index(["year", "reporter"])["reporter_balance"]
    assert balance[2017, "United States"] == -375.3
    assert balance[2017, "China"] == 275.8
    assert math.isclose(-balance[2017, "United States"] - balance[2017, "China"], 99.5)
    assert set(zip(table["reporter"], table["partner"], strict=True)) == {
        ("United States", "China"), ("China", "United States")}
    # the US first release is within a rounding of Census's revised figure
    revised = data.load("us_china_goods_trade").set_index("year").loc[2017, "balance"]
    assert abs(balance[2017, "United States"] - revised) < 0.5
    info = data.source("us_china_balance_by_reporter")
    assert info["publisher"] == "Congressional Research Service"
