"""The exchange-rate offset and Lerner symmetry (widgets/models/exchange_rate.py), and the
renminbi fixings in data/cny_per_usd_central_parity.csv.

Closed-form cases are worked by hand below; the reference values are the CFETS central
parity rates as Xinhua reported them (yuan per 100 dollars: 661.80 on 5 July 2018, 692.25 on
5 August 2019, 708.55 on 6 September 2019).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import data
from widgets.models.exchange_rate import (
    depreciation_from_rates,
    dollar_price_change,
    domestic_prices,
    offsetting_depreciation,
)

SETTINGS = settings(derandomize=True, max_examples=80, deadline=None)
tariffs = st.floats(min_value=0.0, max_value=3.0)
falls = st.floats(min_value=-0.5, max_value=0.95)


# --- closed form ------------------------------------------------------------------------


def test_no_currency_move_gives_the_tariff():
    assert dollar_price_change(tariff_rate=0.25, depreciation=0.0) == pytest.approx(0.25, abs=1e-15)


def test_a_fall_of_t_over_one_plus_t_offsets_the_tariff():
    # 1.25 * (1 - 0.2) = 1: a 20 % fall of the yuan undoes a 25 % tariff, not a 25 % fall.
    assert offsetting_depreciation(0.25) == pytest.approx(0.2, abs=1e-15)
    assert dollar_price_change(tariff_rate=0.25, depreciation=0.2) == pytest.approx(0.0, abs=1e-15)


def test_partial_offset_by_hand():
    # 1.10 * 0.95 = 1.045: a 10 % tariff and a 5 % fall raise the dollar price by 4.5 %.
    assert dollar_price_change(tariff_rate=0.1, depreciation=0.05) == pytest.approx(
        0.045, abs=1e-15
    )
    # An appreciation adds to the tariff: 1.10 * 1.05 = 1.155.
    assert dollar_price_change(tariff_rate=0.1, depreciation=-0.05) == pytest.approx(
        0.155, abs=1e-15
    )


def test_depreciation_from_rates_by_hand():
    assert depreciation_from_rates(before=6.4, after=8.0) == pytest.approx(0.2, abs=1e-15)
    assert depreciation_from_rates(before=7.0, after=7.0) == 0.0
    assert depreciation_from_rates(before=8.0, after=6.4) == pytest.approx(-0.25, abs=1e-15)


def test_lerner_import_tariff_and_export_tax_give_the_same_relative_price():
    tariff = domestic_prices(world_import_price=2.0, world_export_price=1.0, import_tariff=0.1)
    tax = domestic_prices(world_import_price=2.0, world_export_price=1.0, export_tax=0.1)
    assert (tariff.import_price, tariff.export_price) == pytest.approx((2.2, 1.0))
    assert (tax.import_price, tax.export_price) == pytest.approx((2.0, 1 / 1.1))
    assert tariff.relative_price == pytest.approx(tax.relative_price) == pytest.approx(2.2)
    moved = domestic_prices(
        world_import_price=2.0, world_export_price=1.0, exchange_rate=1.1, export_tax=0.1
    )
    assert (moved.import_price, moved.export_price) == pytest.approx((2.2, 1.0))


# --- invariants -------------------------------------------------------------------------


@SETTINGS
@given(t=tariffs, d=falls)
def test_price_change_is_the_product_formula(t, d):
    assert 1 + dollar_price_change(tariff_rate=t, depreciation=d) == pytest.approx(
        (1 + t) * (1 - d)
    )


@SETTINGS
@given(t=tariffs, d1=falls, d2=falls)
def test_a_larger_fall_never_raises_the_price(t, d1, d2):
    lo, hi = sorted((d1, d2))
    assert (
        dollar_price_change(tariff_rate=t, depreciation=hi)
        <= dollar_price_change(tariff_rate=t, depreciation=lo) + 1e-12
    )


@SETTINGS
@given(t=tariffs)
def test_offsetting_fall_is_less_than_the_tariff_and_offsets_it(t):
    d = offsetting_depreciation(t)
    assert 0 <= d <= t and d < 1
    assert dollar_price_change(tariff_rate=t, depreciation=d) == pytest.approx(0.0, abs=1e-12)


@SETTINGS
@given(
    t=st.floats(min_value=0.0, max_value=2.0),
    pm=st.floats(min_value=0.1, max_value=10.0),
    px=st.floats(min_value=0.1, max_value=10.0),
    e=st.floats(min_value=0.1, max_value=10.0),
)
def test_lerner_symmetry_for_any_rate_and_prices(t, pm, px, e):
    tariff = domestic_prices(
        world_import_price=pm, world_export_price=px, exchange_rate=e, import_tariff=t
    )
    tax = domestic_prices(
        world_import_price=pm, world_export_price=px, exchange_rate=e * (1 + t), export_tax=t
    )
    assert tariff.relative_price == pytest.approx(tax.relative_price, rel=1e-12)
    assert tariff.import_price == pytest.approx(tax.import_price, rel=1e-12)
    assert tariff.export_price == pytest.approx(tax.export_price, rel=1e-12)


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: dollar_price_change(tariff_rate=-0.1, depreciation=0.0), "tariff_rate"),
        (lambda: dollar_price_change(tariff_rate=0.1, depreciation=1.0), "depreciation"),
        (lambda: dollar_price_change(tariff_rate=0.1, depreciation=math.nan), "depreciation"),
        (lambda: dollar_price_change(tariff_rate=True, depreciation=0.0), "tariff_rate"),
        (lambda: offsetting_depreciation(math.inf), "tariff_rate"),
        (lambda: depreciation_from_rates(before=-1.0, after=7.0), "before"),
        (lambda: depreciation_from_rates(before=7.0, after=0.0), "after"),
        (lambda: domestic_prices(world_import_price=0, world_export_price=1), "world_import_price"),
        (
            lambda: domestic_prices(world_import_price=1, world_export_price=-1),
            "world_export_price",
        ),
        (
            lambda: domestic_prices(world_import_price=1, world_export_price=1, exchange_rate=0),
            "exchange_rate",
        ),
        (
            lambda: domestic_prices(world_import_price=1, world_export_price=1, import_tariff=-0.5),
            "import_tariff",
        ),
        (
            lambda: domestic_prices(world_import_price=1, world_export_price=1, export_tax="0.1"),
            "export_tax",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=f"^{name} must be"):
        call()


# --- the data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixings() -> pd.Series:
    return data.load("cny_per_usd_central_parity").set_index("date")["cny_per_usd"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2018-07-05", 6.6180), ("2019-08-05", 6.9225), ("2019-09-06", 7.0855)],
)
def test_fixing_reference_values(fixings, day, expected):
    assert fixings[pd.Timestamp(day)] == pytest.approx(expected, abs=1e-12)


def test_fixings_are_in_date_order_and_the_yuan_fell(fixings):
    assert fixings.index.is_monotonic_increasing
    assert fixings.is_monotonic_increasing  # more yuan per dollar: a weaker yuan


def test_the_yuans_fall_from_the_data(fixings):
    d = depreciation_from_rates(before=fixings.iloc[0], after=fixings.iloc[-1])
    assert d == pytest.approx(1 - 6.6180 / 7.0855, abs=1e-15)
    # Less than the 20 % that would offset a 25 % tariff, more than nothing.
    assert 0.06 < d < offsetting_depreciation(0.25)


def test_source_for_captions():
    info = data.source("cny_per_usd_central_parity")
    assert info["as_of"] == "2019-09-06"
    assert "China Foreign Exchange Trade System" in info["publisher"]
