"""The forums model: membership matrix, a forum's share of world GDP, overlaps.

Hand-worked cases use small made-up tables; the reference values are the World Bank
WDI figures in ``data/economy_indicators.csv`` (2022, vintage of 29 Jun 2023), added up
by hand below.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.forums import forum_share, forum_shares, membership_matrix, overlap_counts

SETTINGS = settings(derandomize=True, max_examples=60, deadline=None)


def test_matrix_by_hand():
    m = membership_matrix(
        {"G7": ["USA", "JPN"], "APEC": ["USA", "CHN", "JPN"]},
        economies=["USA", "CHN", "JPN", "IND"],
        forums=["G7", "APEC"],
    )
    assert m.tolist() == [[True, True], [False, True], [True, True], [False, False]]


def test_share_by_hand():
    # 30 + 10 of a world of 200: 20%; the NaN member counts as a member without data.
    s = forum_share([True, True, False, True], gdp=[30.0, 10.0, 100.0, math.nan], world_gdp=200.0)
    assert (s.members, s.members_with_data) == (3, 2)
    assert s.gdp == 40.0 and s.share == pytest.approx(0.2, abs=1e-15)


def test_overlap_by_hand():
    m = np.array([[1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=bool)
    assert overlap_counts(m).tolist() == [[2, 1, 2], [1, 2, 2], [2, 2, 3]]


def test_reference_values_from_the_world_bank_table():
    """G7 share of world GDP in 2022 from the WDI values, summed by hand (in $ bn)."""
    g7 = [
        25462.7,
        4231.141201863170,
        4072.191736089510,
        3070.667732359210,
        2782.905325624520,
        2010.431598465380,
        2139.840023673810,
    ]
    world = 101002.996559081
    s = forum_share([True] * 7, gdp=g7, world_gdp=world)
    assert s.gdp == pytest.approx(43769.877618, abs=1e-6)
    assert s.share == pytest.approx(0.43335, abs=5e-6)


def test_the_book_data_gives_the_stated_coverage():
    from widgets.charts.forums import forum_tables
    from widgets.data import load

    _, summary = forum_tables(load("forum_membership"), load("economy_indicators"))
    rows = summary.set_index("forum")
    assert rows.loc["G7", "members"] == 7
    assert rows.loc["APEC", "members"] == 21  # all 21 APEC member economies are rows
    assert rows.loc["APEC", "members_with_data"] == 20  # Chinese Taipei has no WDI data
    assert 0.85 < rows.loc["G20", "share"] < 0.86  # G20 incl. the EU: about 85%


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(is_member=[True], gdp=[1.0], world_gdp=0.0), "world_gdp"),
        (dict(is_member=[True], gdp=[1.0], world_gdp=math.inf), "world_gdp"),
        (dict(is_member=[True], gdp=[-1.0], world_gdp=10.0), "gdp"),
        (dict(is_member=[True, False], gdp=[1.0], world_gdp=10.0), "gdp"),
        (dict(is_member=[True], gdp=[20.0], world_gdp=10.0), "world_gdp"),
        (dict(is_member=[True], gdp=[math.inf], world_gdp=10.0), "gdp"),
    ],
)
def test_bad_share_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        forum_share(**kwargs)


@pytest.mark.parametrize(
    "members, economies, forums, name",
    [
        ({"G7": ["USA"]}, ["USA", "USA"], ["G7"], "economies"),
        ({"G7": ["USA"]}, ["USA"], ["G7", "G7"], "forums"),
        ({"G7": ["USA"]}, ["USA"], ["G20"], "members"),
        ({"G7": ["XXX"]}, ["USA"], ["G7"], "members"),
    ],
)
def test_bad_matrix_input_names_the_parameter(members, economies, forums, name):
    with pytest.raises(ValueError, match=name):
        membership_matrix(members, economies=economies, forums=forums)


def test_bad_overlap_input():
    with pytest.raises(ValueError, match="matrix"):
        overlap_counts(np.array([1, 0]))
    with pytest.raises(ValueError, match="matrix"):
        forum_shares(np.array([True]), gdp=[1.0], world_gdp=1.0)


matrices = st.integers(1, 8).flatmap(
    lambda n: st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=n, max_size=n)
)
gdps = st.floats(0, 1e4, allow_nan=False)


@SETTINGS
@given(matrices, st.data())
def test_shares_add_up_and_respect_inclusion(rows, data):
    m = np.array(rows, dtype=bool)
    gdp = np.array(data.draw(st.lists(gdps, min_size=len(rows), max_size=len(rows))))
    world = float(gdp.sum()) + 1.0
    shares = forum_shares(m, gdp=gdp, world_gdp=world)
    for j, s in enumerate(shares):
        assert 0 <= s.share <= 1
        assert s.members == int(m[:, j].sum())
        assert s.gdp == pytest.approx(float(gdp[m[:, j]].sum()), rel=1e-12, abs=1e-12)
    # A forum whose members are a superset of another's has at least its share.
    union = m[:, 0] | m[:, 1]
    assert forum_share(union, gdp=gdp, world_gdp=world).share >= shares[0].share - 1e-15
    # Every economy in the table: the table's share of the world.
    everyone = forum_share(np.ones(len(rows), bool), gdp=gdp, world_gdp=world)
    assert everyone.share == pytest.approx(float(gdp.sum()) / world, rel=1e-12)


@SETTINGS
@given(matrices)
def test_overlap_is_symmetric_with_member_counts_on_the_diagonal(rows):
    m = np.array(rows, dtype=bool)
    o = overlap_counts(m)
    assert (o == o.T).all()
    assert o.diagonal().tolist() == m.sum(axis=0).tolist()
    assert (o <= o.diagonal()[:, None]).all()
