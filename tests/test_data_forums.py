"""The forums chapter's data: membership lists that match the forums' own counts, and a
GDP table of one vintage whose derived row adds up."""

from __future__ import annotations

import pytest

from widgets.data import load, source


@pytest.fixture(scope="module")
def membership():
    return load("forum_membership").set_index("code")


@pytest.fixture(scope="module")
def gdp():
    return load("economy_indicators").set_index("code")["gdp_usd_bn"]


def test_counts_match_the_forums(membership):
    assert int(membership["g7"].sum()) == 7
    assert int(membership["apec"].sum()) == 21  # APEC: 21 member economies
    # G20: 19 countries plus the EU (its other 24 members as one row); the AU is not a row.
    assert int(membership["g20"].sum()) == 20


def test_g7_members(membership):
    assert sorted(membership.index[membership["g7"]]) == sorted(
        ["CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"]
    )


def test_every_row_is_in_the_g20_or_apec_and_in_the_wto(membership):
    assert (membership["g20"] | membership["apec"]).all()
    assert membership["wto"].all()


def test_non_imf_members(membership):
    assert sorted(membership.index[~membership["imf"]]) == ["HKG", "TWN"]


def test_gdp_covers_every_row_but_chinese_taipei(membership, gdp):
    missing = [code for code in membership.index if code not in gdp.index or gdp.isna()[code]]
    assert missing == ["TWN"]


def test_eu24_is_the_eu_minus_its_g20_members(gdp):
    assert gdp["EU24"] == pytest.approx(gdp["EUU"] - gdp["DEU"] - gdp["FRA"] - gdp["ITA"], abs=1e-6)


def test_world_exceeds_the_sum_of_rows(membership, gdp):
    assert gdp[list(membership.index)].sum() < gdp["WLD"]


def test_sources_are_labelled():
    assert source("economy_indicators")["publisher"] == "World Bank"
    assert source("economy_indicators")["as_of"] == "2023-06-29"
