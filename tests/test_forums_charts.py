"""The membership chart's spec: one radio param over the five forums, the grid and bars
driven by it, and key numbers that are the model's, formatted once in Python."""

from __future__ import annotations

import pytest

from widgets.charts.forums import FORUMS, KEY_NUMBERS, forum_tables, membership_chart, summary_lines
from widgets.charts.tariff import format_number
from widgets.data import load
from widgets.models.forums import forum_share


@pytest.fixture(scope="module")
def tables():
    return forum_tables(load("forum_membership"), load("economy_indicators"))


@pytest.fixture(scope="module")
def spec(tables):
    return membership_chart(*tables).to_dict()


def test_radio_param(spec):
    (param,) = spec["params"]
    assert param["name"] == "forum"
    assert param["value"] == "APEC"
    assert param["bind"]["input"] == "radio"
    assert param["bind"]["options"] == list(FORUMS)


def test_views_use_the_param(spec):
    text, row = spec["vconcat"]
    assert text["transform"] == [{"filter": "datum.forum == forum"}]
    grid, bars = row["hconcat"]
    assert "forum" in grid["transform"][0]["calculate"]
    assert bars["transform"][0]["calculate"].startswith("datum[forum]")
    assert grid["mark"]["type"] == "rect" and bars["mark"]["type"] == "bar"
    assert grid["encoding"]["color"]["field"] == "status"
    assert spec["description"]


def test_key_numbers_equal_a_direct_model_call(tables):
    economies, summary = tables
    world = float(load("economy_indicators").set_index("code").loc["WLD", "gdp_usd_bn"])
    for forum in FORUMS:
        direct = forum_share(economies[forum], gdp=economies["gdp"], world_gdp=world)
        row = summary.set_index("forum").loc[forum]
        assert abs(row["share"] - direct.share) <= 1e-9
        assert abs(row["gdp"] - direct.gdp) <= 1e-9 * direct.gdp
        assert row["lines"] == [
            f"{label}: {format_number(getattr(direct, col), fmt)}"
            for label, col, fmt in KEY_NUMBERS
        ]


def test_summary_lines_format():
    row = {"members": 21, "members_with_data": 20, "gdp": 61490.79, "share": 0.608802}
    assert summary_lines(row) == [
        "Members shown: 21",
        "Members with GDP data: 20",
        "Members' GDP, 2022 ($ bn): 61,491",
        "Share of world GDP: 60.9%",
    ]


def test_bad_default(tables):
    with pytest.raises(ValueError, match="default"):
        membership_chart(*tables, default="OECD")
