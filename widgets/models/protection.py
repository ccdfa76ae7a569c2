"""The effective rate of protection: tariffs on a product and on its inputs.

A tariff on a finished good protects its domestic makers; a tariff on the inputs they buy
taxes them. The *effective rate of protection* (ERP) measures the net effect as the
percentage change in value added per unit (the price of the good less the cost of its
traded inputs) that the tariff structure allows, compared with free trade (Corden 1966):

    ERP = (t - sum_i a_i t_i) / (1 - sum_i a_i)

where ``t`` is the tariff on the good, ``t_i`` the tariff on input ``i`` and ``a_i`` the
input's share of the good's price at free-trade prices. Assumptions: a small country
(world prices given, the full tariff passed into home prices), fixed input shares (no
substitution between inputs), and value added is what the domestic factors earn.

With no tariff on inputs the ERP is larger than the tariff on the good (a 10 % tariff on
a car half of whose price is imported parts protects assembly by 20 %); a tariff on
inputs higher than on the good makes effective protection negative, as Section 232
steel tariffs did for some US makers of appliances and machinery.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from widgets.models._checks import non_negative, real
from widgets.models.formula import NUMPY

__all__ = ["effective_rate_of_protection", "erp_formula"]


def _as_list(value: object) -> list:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value]
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return [value]


def erp_formula(xp, *, output_tariff, input_tariff, input_share):
    """Corden's formula for one input (or several, as their share-weighted average tariff),
    written once for numbers (``xp`` = :data:`~widgets.models.formula.NUMPY`) and for the
    website's Vega backend. Inputs are checked by the caller.

    Examples
    --------
    >>> f = erp_formula(NUMPY, output_tariff=0.1, input_tariff=0.0, input_share=0.5)
    >>> f.value_added, f.erp
    (0.5, 0.2)
    """
    f = xp.record()
    f.output_tariff = output_tariff
    f.value_added = 1.0 - input_share
    f.erp = (output_tariff - input_share * input_tariff) / f.value_added
    return f


def effective_rate_of_protection(
    *,
    output_tariff: float,
    input_tariffs: float | Sequence[float] = (),
    input_shares: float | Sequence[float] = (),
) -> float:
    """The effective rate of protection of an industry (a fraction).

    Parameters
    ----------
    output_tariff : float
        Ad valorem tariff on the good (a fraction, >= 0).
    input_tariffs : float or sequence of float
        Ad valorem tariff on each traded input (fractions, >= 0).
    input_shares : float or sequence of float
        Each input's cost as a share of the good's free-trade price (each >= 0,
        together < 1: the rest is value added).

    Raises
    ------
    ValueError
        Naming the parameter, if a tariff is negative or not finite, a share is out of
        range, the shares sum to 1 or more, or the two sequences differ in length.

    Examples
    --------
    No traded inputs: the ERP is the output tariff.

    >>> effective_rate_of_protection(output_tariff=0.10)
    0.1

    Imported parts are half the price of a car and enter free: a 10 % tariff on cars
    protects the value added in assembly by 20 %.

    >>> round(effective_rate_of_protection(output_tariff=0.10, input_tariffs=0.0,
    ...                                    input_shares=0.5), 12)
    0.2

    Steel is 30 % of an appliance's price and pays 50 % (Section 232 from June 2025);
    the appliance pays nothing: value added can fall by about 21 %.

    >>> round(effective_rate_of_protection(output_tariff=0.0, input_tariffs=0.5,
    ...                                    input_shares=0.3), 6)
    -0.214286
    """
    t = non_negative(output_tariff, "output_tariff")
    tariffs = _as_list(input_tariffs)
    shares = _as_list(input_shares)
    if len(tariffs) != len(shares):
        raise ValueError(
            f"input_tariffs and input_shares must have the same length, got {len(tariffs)} "
            f"and {len(shares)}"
        )
    tariffs = [non_negative(x, "input_tariffs") for x in tariffs]
    shares = [real(x, "input_shares", "a number in [0, 1)", lambda v: 0 <= v < 1) for x in shares]
    total = math.fsum(shares)
    if total >= 1:
        raise ValueError(f"input_shares must sum to less than 1, got {total!r}")
    taxed = math.fsum(a * ti for a, ti in zip(shares, tariffs, strict=True))
    average = taxed / total if total > 0 else 0.0
    return float(erp_formula(NUMPY, output_tariff=t, input_tariff=average, input_share=total).erp)
