"""The live forum explorer, built headless: set ``.value``, assert the recomputed result;
and the static-vs-live-vs-model agreement of its numbers."""

from __future__ import annotations

import pytest

from widgets.charts.forums import FORUMS
from widgets.charts.tariff import format_number
from widgets.controls.forums import ForumExplorer, forum_explorer
from widgets.data import load
from widgets.models.forums import forum_share


@pytest.fixture(scope="module")
def tables():
    return load("forum_membership"), load("economy_indicators")


@pytest.fixture()
def explorer(tables):
    return forum_explorer(*tables)


def direct(tables, codes):
    membership, indicators = tables
    gdp = indicators.set_index("code")["gdp_usd_bn"]
    world = float(gdp.loc["WLD"])
    values = [float(gdp.get(c, float("nan"))) for c in membership["code"]]
    return forum_share(membership["code"].isin(codes).to_numpy(), gdp=values, world_gdp=world)


def test_starts_on_apec_with_the_model_numbers(explorer, tables):
    membership, _ = tables
    apec = direct(tables, membership.loc[membership["apec"], "code"])
    assert explorer.forum.value == "APEC"
    assert f"Share of world GDP: {format_number(apec.share, '.1%')}" in explorer.numbers.value
    assert explorer.figure.value.startswith("<svg")
    assert abs(explorer.coalition_share().share - apec.share) <= 1e-9


def test_selecting_a_forum_recomputes_and_redraws(explorer, tables):
    membership, _ = tables
    before = explorer.figure.value
    explorer.forum.value = "G7"
    g7 = direct(tables, membership.loc[membership["g7"], "code"])
    assert "Members shown: 7" in explorer.numbers.value
    assert f"Share of world GDP: {format_number(g7.share, '.1%')}" in explorer.numbers.value
    assert explorer.figure.value != before
    explorer.start_from_forum.click()
    assert abs(explorer.coalition_share().share - g7.share) <= 1e-9


def test_coalition_builder(explorer, tables):
    explorer.coalition.value = ("United States", "China")
    us_china = direct(tables, ["USA", "CHN"])
    assert abs(explorer.coalition_share().share - us_china.share) <= 1e-9
    assert format_number(us_china.share, ".1%") in explorer.coalition_numbers.value
    explorer.coalition.value = ()
    assert explorer.coalition_share().share == 0


def test_static_live_and_model_agree(explorer, tables):
    """The website's key numbers, the widget's and a direct model call, for every forum."""
    membership, _ = tables
    summary = explorer.static_chart().to_dict()  # builds without error
    assert summary["params"][0]["value"] == explorer.forum.value
    for forum in FORUMS:
        explorer.forum.value = forum
        explorer.start_from_forum.click()
        model = direct(tables, membership.loc[membership[forum.lower()], "code"])
        site = explorer.summary.set_index("forum").loc[forum]
        assert abs(site["share"] - model.share) <= 1e-9
        assert abs(explorer.coalition_share().share - model.share) <= 1e-9
        assert explorer.coalition_share().members == model.members


def test_mimebundle_has_widget_and_html(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "vegaEmbed" in bundle["text/html"]
    assert '"name": "forum"' in bundle["text/html"]  # the radio param travels in the spec


def test_bad_forum(tables):
    with pytest.raises(ValueError, match="forum"):
        ForumExplorer(*tables, forum="OECD")
