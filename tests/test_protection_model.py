"""Tests for widgets.models.protection: the effective rate of protection (Corden 1966)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.protection import effective_rate_of_protection as erp

HYPOTHESIS = settings(derandomize=True, database=None, max_examples=100, deadline=None)
rates = st.floats(0, 2)
shares = st.floats(0, 0.95)


@HYPOTHESIS
@given(rates, rates)
def test_with_no_input_share_the_erp_is_the_output_tariff(t, t_in):
    assert erp(output_tariff=t, input_tariffs=t_in, input_shares=0.0) == pytest.approx(t)


@HYPOTHESIS
@given(rates, shares)
def test_a_uniform_tariff_protects_at_its_own_rate(t, a):
    assert erp(output_tariff=t, input_tariffs=t, input_shares=a) == pytest.approx(t, rel=1e-12)


@HYPOTHESIS
@given(rates, rates, shares)
def test_erp_exceeds_the_output_tariff_exactly_when_inputs_pay_less(t, t_in, a):
    value = erp(output_tariff=t, input_tariffs=t_in, input_shares=a)
    if t_in < t and a > 1e-9:
        assert value > t
    if t_in > t and a > 1e-9:
        assert value < t


def test_hand_worked_cases():
    # Parts are half of a car's price and enter free: (0.10 - 0) / 0.5 = 0.20.
    assert erp(output_tariff=0.10, input_tariffs=0.0, input_shares=0.5) == pytest.approx(0.2)
    # Steel 30 % of the price at 50 %, no tariff on the product: -0.15 / 0.7.
    assert erp(output_tariff=0.0, input_tariffs=0.5, input_shares=0.3) == pytest.approx(-3 / 14)
    # Two inputs: (0.25 - 0.2*0.5 - 0.1*0.1) / (1 - 0.3) = 0.14 / 0.7 = 0.2.
    assert erp(
        output_tariff=0.25, input_tariffs=[0.5, 0.1], input_shares=[0.2, 0.1]
    ) == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(output_tariff=-0.1), "output_tariff"),
        (dict(output_tariff=math.nan), "output_tariff"),
        (dict(output_tariff=0.1, input_tariffs=[0.1], input_shares=[1.0]), "input_shares"),
        (
            dict(output_tariff=0.1, input_tariffs=[0.1, 0.1], input_shares=[0.6, 0.5]),
            "input_shares",
        ),
        (dict(output_tariff=0.1, input_tariffs=[-0.1], input_shares=[0.2]), "input_tariffs"),
        (dict(output_tariff=0.1, input_tariffs=[0.1, 0.2], input_shares=[0.2]), "same length"),
        (dict(output_tariff="0.1"), "output_tariff"),
    ],
)
def test_bad_input_is_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        erp(**kwargs)
