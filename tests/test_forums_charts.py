"""The membership chart's spec: one radio param over the five forums, the grid and bars
driven by it, and key numbers that are the model's, formatted once in Python."""

from __future__ import annotations

import pytest
from vega_support import vega_rows

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


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_gdp_axis_says_square_root_and_its_labels_are_short(spec):
    """Issue 13: the square-root scale was not labelled and "10,000 20,000" ran together."""
    _, row = spec["vconcat"]
    _, bars = row["hconcat"]
    x = bars["encoding"]["x"]
    assert x["scale"]["type"] == "sqrt"
    assert "square-root scale" in x["title"] and "trillion" in x["title"]
    assert x["axis"]["values"] == [0, 1000, 5000, 10000, 20000]
    assert x["axis"]["labelOverlap"] == "greedy"
    rows = vega_rows([{"value": v} for v in x["axis"]["values"]],
                     [{"calculate": x["axis"]["labelExpr"], "as": "label"}], [], text=["label"])
    assert [r["label"] for r in rows] == ["0", "1", "5", "10", "20"]  # $ trillion


def test_not_a_member_is_visible_on_white(spec):
    """Issue 13: the "Not a member" swatch (#F2F2F2) was invisible on white: every empty
    cell and every legend swatch is outlined in a grey of at least 3:1 on white."""
    _, row = spec["vconcat"]
    grid, _ = row["hconcat"]
    legend = grid["encoding"]["color"]["legend"]
    assert _contrast(legend["symbolStrokeColor"], "#FFFFFF") >= 3
    assert legend["symbolStrokeWidth"] >= 1
    stroke = grid["encoding"]["stroke"]
    assert stroke["condition"]["test"] == "datum.member"
    assert _contrast(stroke["value"], "#FFFFFF") >= 3
    assert _contrast(grid["encoding"]["color"]["scale"]["range"][2], "#FFFFFF") < 3  # the fill


def test_forum_names_are_upright_no_more(spec):
    """Issue 13: upright, the five forum names ran together ("G7G20APECWTOIMF")."""
    _, row = spec["vconcat"]
    grid, _ = row["hconcat"]
    x = grid["encoding"]["x"]
    assert x["sort"] == list(FORUMS)
    assert x["axis"]["labelAngle"] == -90


def test_both_panels_name_the_economies(spec, tables):
    """Issue 13: stacked on a phone, the GDP bars had no country names. Both panels label
    the economies, in the same order, and the one long name is shortened to fit."""
    economies, _ = tables
    _, row = spec["vconcat"]
    grid, bars = row["hconcat"]
    assert grid["encoding"]["y"] == bars["encoding"]["y"]
    y = bars["encoding"]["y"]
    assert y["axis"].get("labels", True) is not False
    order = economies.sort_values("gdp", ascending=False, na_position="last")["economy"].tolist()
    assert y["sort"] == order
    rows = vega_rows([{"label": name} for name in order],
                     [{"calculate": y["axis"]["labelExpr"], "as": "shown"}], [], text=["shown"])
    shown = [r["shown"] for r in rows]
    assert shown[order.index("Other EU members (24)")] == "Other EU (24)"
    assert shown[order.index("United States")] == "United States"
    assert max(len(s) for s in shown) <= 18  # 40% of a 390-px column at 11 px
    # The legend lists its three entries one per row under the grid (not as wide as both panels).
    assert grid["encoding"]["color"]["legend"]["columns"] == 1
