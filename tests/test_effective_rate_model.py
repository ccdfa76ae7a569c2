"""The effective (trade-weighted average) tariff built from layers: closed forms worked by
hand, invariants with Hypothesis, and bad input naming the parameter."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.effective_rate import effective_tariff_rate, rate_on

SETTINGS = settings(derandomize=True, max_examples=60, deadline=None)

rates = st.floats(min_value=0, max_value=200, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)


# -- closed forms ------------------------------------------------------------------------
def test_one_layer_covering_everything_gives_its_rate():
    assert effective_tariff_rate({"a": 25.0}, coverage={"a": 1.0}) == 25.0


def test_layers_switched_off_give_zero():
    got = effective_tariff_rate(
        {"a": 25.0, "b": 125.0}, coverage={"a": 0.4, "b": 1.0}, on={"a": False, "b": False}
    )
    assert got == 0.0


def test_layers_on_the_same_goods_add():
    # 25% and 10% on the same 40% of imports: 0.4 * 35 = 14 (worked by hand).
    got = effective_tariff_rate({"a": 25.0, "b": 10.0}, coverage={"a": 0.4, "b": 0.4})
    assert math.isclose(got, 14.0)


def test_section_301_after_phase_one_by_hand():
    # (34 + 16 + 200) * 25% + 120 * 7.5% = 71.5 billion of duty on 505.1652 billion.
    total = 505.1652
    got = effective_tariff_rate(
        {"l1": 25.0, "l2": 25.0, "l3": 25.0, "l4a": 7.5},
        coverage={"l1": 34 / total, "l2": 16 / total, "l3": 200 / total, "l4a": 120 / total},
    )
    assert math.isclose(got, 100 * 71.5 / total)


def test_rates_by_date_give_a_series():
    got = effective_tariff_rate(
        {"a": [0.0, 10.0, 84.0], "b": [20.0, 20.0, 20.0]}, coverage={"a": 0.5, "b": 1.0}
    )
    assert got.tolist() == [20.0, 25.0, 62.0]


def test_rate_on_reads_steps_inclusive_of_both_ends():
    got = rate_on(
        ["2018-09-23", "2018-09-24", "2019-05-09", "2019-05-10", "2026-07-01"],
        ["2018-09-24", "2019-05-10"],
        ["2019-05-09", "2026-06-30"],
        [10, 25],
    )
    assert got.tolist() == [0.0, 10.0, 10.0, 25.0, 0.0]


# -- invariants --------------------------------------------------------------------------
@SETTINGS
@given(st.lists(st.tuples(rates, shares), min_size=1, max_size=6))
def test_average_lies_between_zero_and_the_stacked_rates(layers):
    r = {f"l{i}": t for i, (t, _) in enumerate(layers)}
    c = {f"l{i}": s for i, (_, s) in enumerate(layers)}
    got = effective_tariff_rate(r, coverage=c)
    assert 0 <= got <= sum(r.values()) + 1e-9


@SETTINGS
@given(st.lists(st.tuples(rates, shares), min_size=2, max_size=6), st.integers(0, 5))
def test_switching_a_layer_off_removes_exactly_its_term(layers, which):
    which %= len(layers)
    r = {f"l{i}": t for i, (t, _) in enumerate(layers)}
    c = {f"l{i}": s for i, (_, s) in enumerate(layers)}
    on = {name: name != f"l{which}" for name in r}
    full = effective_tariff_rate(r, coverage=c)
    less = effective_tariff_rate(r, coverage=c, on=on)
    assert math.isclose(full - less, r[f"l{which}"] * c[f"l{which}"], abs_tol=1e-9)


@SETTINGS
@given(rates, shares, shares)
def test_more_coverage_never_lowers_the_average(rate, s1, s2):
    lo, hi = sorted((s1, s2))
    assert effective_tariff_rate({"a": rate}, {"a": lo}) <= effective_tariff_rate(
        {"a": rate}, {"a": hi}
    )


@SETTINGS
@given(st.lists(rates, min_size=1, max_size=5), shares)
def test_a_layer_on_all_dates_is_linear_in_its_rate(values, share):
    got = effective_tariff_rate({"a": values}, {"a": share})
    assert np.allclose(got, share * np.asarray(values))


# -- bad input ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"rates_pct": {"a": -1.0}}, "rates_pct"),
        ({"rates_pct": {"a": float("nan")}}, "rates_pct"),
        ({"rates_pct": {}}, "rates_pct"),
        ({"rates_pct": {"a": [1.0, 2.0], "b": [1.0]}}, "rates_pct"),
        ({"rates_pct": {"a": 1.0}, "coverage": {"a": 1.5}}, "coverage"),
        ({"rates_pct": {"a": 1.0}, "coverage": {"a": -0.1}}, "coverage"),
        ({"rates_pct": {"a": 1.0}, "coverage": {"b": 0.5}}, "coverage"),
        ({"rates_pct": {"a": 1.0}, "on": {"a": "yes"}}, "on"),
        ({"rates_pct": {"a": 1.0}, "on": {}}, "on"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        effective_tariff_rate(**kwargs)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((["2020-01-01"], ["2019-01-01"], ["2018-01-01"], [1.0]), "ends"),
        ((["2020-01-01"], ["2018-01-01"], ["2019-01-01"], [-1.0]), "rates_pct"),
        (
            (["2020-01-01"], ["2018-01-01", "2018-06-01"], ["2019-01-01", "2019-06-01"], [1, 2]),
            "overlap",
        ),
        ((["2020-01-01"], ["2018-01-01"], ["2019-01-01"], [1.0, 2.0]), "rates_pct"),
    ],
)
def test_rate_on_bad_input_names_the_parameter(args, name):
    with pytest.raises(ValueError, match=name):
        rate_on(*args)
