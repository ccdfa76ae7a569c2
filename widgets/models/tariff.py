"""Partial-equilibrium tariff model: one good, one importing country.

The home market has a demand curve and a supply curve (:mod:`widgets.models.curves`),
each written as *quantity as a function of price*. Under free trade the home price
equals the world price and imports fill the gap between demand and supply. An import
tariff raises the home price, and this module measures who gains and who loses, using
the areas of the textbook diagram:

* consumers lose the area to the left of the demand curve between the two prices;
* producers gain the area to the left of the supply curve;
* the government collects the tariff on the remaining imports;
* triangles B (production distortion) and D (consumption distortion) are the
  deadweight loss;
* a *large* country also pushes the world price down. That terms-of-trade gain is
  paid by foreign exporters.

numpy and scipy only (prices that clear a market are found with
:func:`scipy.optimize.brentq`). Every function is pure and every result is a frozen
dataclass, so the chart and control layers can recompute freely. The curve classes are
re-exported here, so ``from widgets.models.tariff import LinearDemand`` works.

Units: prices are in currency per unit of the good (e.g. dollars per bottle),
quantities in units per period, and surplus areas in currency per period (price times
quantity). Tariff rates are fractions (0.25 means 25 %). Specific tariffs are in
currency per unit.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields

from scipy.optimize import brentq

from widgets.models import _checks
from widgets.models.curves import (
    ConstantElasticityDemand,
    ConstantElasticitySupply,
    Curve,
    LinearDemand,
    LinearSupply,
)

__all__ = [
    "ConstantElasticityDemand",
    "ConstantElasticitySupply",
    "LinearDemand",
    "LinearSupply",
    "TariffOutcome",
    "autarky_price",
    "prohibitive_tariff_rate",
    "tariff_outcome",
]


def _check_curves(demand: object, supply: object) -> None:
    if not (isinstance(demand, Curve) and demand.sign < 0):
        raise ValueError(
            "demand must be a LinearDemand or ConstantElasticityDemand, "
            f"got {type(demand).__name__}"
        )
    if not (isinstance(supply, Curve) and supply.sign > 0):
        raise ValueError(
            "supply must be a LinearSupply or ConstantElasticitySupply, "
            f"got {type(supply).__name__}"
        )


def _export_elasticity(value: object) -> float:
    return _checks.positive_or_inf(
        value, "export_supply_elasticity", "math.inf for a small country"
    )


# Brent's method to the last few bits (scipy's smallest allowed rtol), then a walk of a
# few floats to the exact crossing.
_RTOL = 4 * sys.float_info.epsilon
_XTOL = sys.float_info.min
_MAX_POLISH = 64


def _crossing(f: Callable[[float], float], lo: float, hi: float) -> float:
    """Smallest float ``x`` in ``(lo, hi]`` with ``f(x) <= 0``, for ``f`` falling in ``x``.

    Needs ``f(lo) > 0 >= f(hi)``. :func:`scipy.optimize.brentq` finds the crossing to
    a few units in the last place; it stops early on an exact zero, so it sees zero as
    a tiny negative number. A short walk float by float then lands on the exact
    crossing, as a bisection run to the end would.
    """

    def signed(x: float) -> float:
        value = f(x)
        return value if value > 0 else min(value, -math.ulp(0.0))

    x = brentq(signed, lo, hi, xtol=_XTOL, rtol=_RTOL, maxiter=500)
    for _ in range(_MAX_POLISH):  # up to the crossing...
        if x >= hi or f(x) <= 0:
            break
        x = math.nextafter(x, hi)
    for _ in range(_MAX_POLISH):  # ...and down to its first float
        below = math.nextafter(x, lo)
        if below <= lo or f(below) > 0:
            break
        x = below
    return x


# ---------------------------------------------------------------------------
# autarky
# ---------------------------------------------------------------------------
def autarky_price(demand, supply) -> float:
    """Price that clears the home market with no trade, where ``Qd(p) = Qs(p)``.

    Without trade, home buyers can only buy what home firms make. The autarky price
    is also the ceiling for any import tariff: once the tariff-inclusive price of
    imports reaches it, nobody imports and a higher tariff changes nothing.

    Solved with :func:`scipy.optimize.brentq` on the excess demand ``Qd - Qs``, which
    falls with the price, to machine precision. Precisely, the result is the smallest
    price at which excess demand is zero or negative. If home supply starts only above
    the choke price, that is the choke price. If supply already covers demand at a zero
    price, it is 0.

    Parameters
    ----------
    demand : LinearDemand or ConstantElasticityDemand
    supply : LinearSupply or ConstantElasticitySupply

    Returns
    -------
    float
        Currency per unit.

    Raises
    ------
    ValueError
        If ``demand`` or ``supply`` is not one of the curve classes.

    Examples
    --------
    Suranovic's Coke market: 13 - 5P = 10P - 7 gives P = 4/3.

    >>> round(autarky_price(LinearDemand(13, 5), LinearSupply(-7, 10)), 12)
    1.333333333333
    >>> d, s = ConstantElasticityDemand(100, 2), ConstantElasticitySupply(1, 1)
    >>> round(autarky_price(d, s) ** 3, 9)  # 100 / p**2 = p
    100.0
    """
    _check_curves(demand, supply)

    def excess(p: float) -> float:
        return demand.quantity(p) - supply.quantity(p)

    if excess(0.0) <= 0:
        return 0.0
    # Bracket the crossing within a factor of two, then let brentq find it.
    lo, hi = 0.0, 1.0
    if excess(hi) > 0:
        while excess(hi) > 0:  # demand has to fall below supply eventually
            lo, hi = hi, 2.0 * hi
            if math.isinf(hi):
                raise ValueError("demand and supply do not cross at a finite price")
    else:
        trial = 0.5
        while trial > 0.0 and excess(trial) <= 0:
            hi, trial = trial, trial / 2.0
        lo = trial  # excess(lo) > 0, or lo == 0 where excess > 0 was checked above
    return _crossing(excess, lo, hi)


# ---------------------------------------------------------------------------
# the tariff
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TariffOutcome:
    """Everything a tariff does to one market, in the units of the inputs.

    Prices are in currency per unit, quantities in units per period, and welfare areas
    in currency per period. The area letters follow the usual diagram (Suranovic,
    Table 7.1): consumers lose A+B+C+D, producers gain A, the government collects C+G,
    the deadweight loss is B+D, and G is the terms-of-trade gain paid by foreign
    exporters.

    Attributes
    ----------
    tariff_rate : float
        Ad valorem tariff, as a fraction of the world price (0.25 = 25 %).
    specific_tariff : float
        Specific tariff, currency per unit.
    free_trade_price : float
        World price before the tariff (the ``world_price`` argument).
    world_price : float
        World (foreign, tariff-exclusive) price with the tariff. Equal to
        ``free_trade_price`` for a small country, lower for a large one.
    domestic_price : float
        Home price with the tariff: ``world_price * (1 + tariff_rate) +
        specific_tariff``, capped at the autarky price.
    free_trade_demand, free_trade_supply, free_trade_imports : float
        Home demand, home supply and imports at the free-trade price.
    quantity_demanded, quantity_supplied, imports : float
        The same with the tariff.
    consumer_surplus_change : float
        Change in consumer surplus (<= 0), area A+B+C+D with a minus sign.
    producer_surplus_change : float
        Change in producer surplus (>= 0), area A.
    tariff_revenue : float
        ``(domestic_price - world_price) * imports`` (>= 0), area C+G.
    production_distortion : float
        Area B, the cost of producing at home what could be bought more cheaply
        abroad (>= 0).
    consumption_distortion : float
        Area D, the value to buyers of the purchases they give up, less what
        those units would cost at the world price (>= 0).
    deadweight_loss : float
        B + D.
    terms_of_trade_gain : float
        ``(free_trade_price - world_price) * imports`` (>= 0), area G.
    net_welfare_change : float
        Consumer plus producer surplus change plus revenue. Equal to
        ``terms_of_trade_gain - deadweight_loss``.

    Examples
    --------
    >>> out = tariff_outcome(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10),
    ...                      world_price=1.0, specific_tariff=0.2)
    >>> round(out.domestic_price, 12), round(out.imports, 12)
    (1.2, 2.0)
    >>> sorted(out.as_dict())[:3]
    ['consumer_surplus_change', 'consumption_distortion', 'deadweight_loss']
    """

    tariff_rate: float
    specific_tariff: float
    free_trade_price: float
    world_price: float
    domestic_price: float
    free_trade_demand: float
    free_trade_supply: float
    free_trade_imports: float
    quantity_demanded: float
    quantity_supplied: float
    imports: float
    consumer_surplus_change: float
    producer_surplus_change: float
    tariff_revenue: float
    production_distortion: float
    consumption_distortion: float
    deadweight_loss: float
    terms_of_trade_gain: float
    net_welfare_change: float

    def as_dict(self) -> dict[str, float]:
        """All fields as a plain ``{name: value}`` dict, in declaration order.

        Handy for tables and for Vega-Lite data.

        Examples
        --------
        >>> out = tariff_outcome(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10),
        ...                      world_price=1.0)
        >>> out.as_dict()["imports"]
        5.0
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _export_supply_floor(world_price: float, export_supply_elasticity: float) -> float:
    """Highest world price at which the calibrated foreign export supply is zero.

    For a small country (infinite elasticity) this is the world price itself. The
    same expression is used by :func:`tariff_outcome` and
    :func:`prohibitive_tariff_rate`, so that the two agree to the last bit.
    """
    return max(0.0, world_price - world_price / export_supply_elasticity)


def _clean_area(value: float, scale: float) -> float:
    """Set a triangle that is negative only through rounding to exactly 0.

    Areas B and D are differences of two nearly equal numbers when the tariff is tiny.
    Only rounding noise (relative to ``scale``) is removed. A real error would still
    show.
    """
    if -64.0 * math.ulp(scale) <= value < 0.0:
        return 0.0
    return value


def _solve_world_price(
    demand, supply, world_price, free_trade_imports, p_autarky, rate, specific, elasticity
) -> float:
    """Foreign price p* at which home import demand meets foreign export supply.

    The gap ``M(p*(1+t)+s) - X*(p*)`` falls as p* rises, so it has one root on
    ``[floor, world_price]``: of the two floats around it, the one with the smaller gap.
    """
    floor = _export_supply_floor(world_price, elasticity)

    def gap(p_star: float) -> float:
        p = min(p_star * (1.0 + rate) + specific, p_autarky)
        home_imports = max(0.0, demand.quantity(p) - supply.quantity(p))
        exports = free_trade_imports * max(0.0, 1.0 + elasticity * (p_star / world_price - 1.0))
        return home_imports - exports

    if floor * (1.0 + rate) + specific >= p_autarky:
        return floor  # prohibitive: foreign supply is zero and so is home demand
    if gap(world_price) >= 0:
        return world_price  # tariff too small to move the price in floating point
    if gap(floor) <= 0:
        # Only when floor == 0 (elasticity <= 1): even at a zero price foreign
        # firms offer more than home wants, so p* sits at zero (free disposal).
        return floor
    hi = _crossing(gap, floor, world_price)
    lo = math.nextafter(hi, floor)  # the last float where home still wants more
    return lo if abs(gap(lo)) < abs(gap(hi)) else hi


def tariff_outcome(
    *,
    demand,
    supply,
    world_price: float,
    tariff_rate: float = 0.0,
    specific_tariff: float = 0.0,
    export_supply_elasticity: float = math.inf,
) -> TariffOutcome:
    """Prices, quantities and welfare effects of an import tariff.

    **Small country** (``export_supply_elasticity=math.inf``, the default): the
    country takes the world price as given. The tariff raises the home price to
    ``world_price * (1 + tariff_rate) + specific_tariff``, but never above the autarky
    price; at that point imports and revenue are zero. This matches the near-complete
    pass-through found for the 2018-19 US tariffs (Fajgelbaum et al. 2020; Amiti,
    Redding and Weinstein 2019).

    **Large country** (finite elasticity): foreign export supply is a straight line
    through the free-trade point with point elasticity ``e*`` there,
    ``X*(p*) = M0 * max(0, 1 + e* (p*/Pw - 1))``. The tariff cuts import demand, so
    the foreign price p* falls until ``M(p*(1+t)+s) = X*(p*)``. Foreign exporters
    absorb part of the tariff, which is the terms-of-trade gain. If ``e* < 1``, foreign
    supply would be positive even at a zero price; then p* cannot fall below zero
    (free disposal), and no ad valorem rate alone is prohibitive.

    Welfare areas are measured exactly (with the curves' integrals) between the
    free-trade price ``Pw`` and the tariff-inclusive price ``p``:
    ``ΔCS = -∫D``, ``ΔPS = ∫S``, ``B = (p - Pw) S1 - ∫S``, ``D = ∫D - (p - Pw) D1``.

    If the world price is at or above the autarky price, the country does not import
    under free trade and the tariff changes nothing: the free-trade outcome is returned
    with all changes zero. The same happens when both tariffs are zero.

    Parameters
    ----------
    demand : LinearDemand or ConstantElasticityDemand
        Home demand.
    supply : LinearSupply or ConstantElasticitySupply
        Home supply.
    world_price : float
        Free-trade world price, currency per unit (> 0).
    tariff_rate : float, default 0.0
        Ad valorem tariff as a fraction of the world price (>= 0; 0.25 = 25 %).
    specific_tariff : float, default 0.0
        Specific tariff, currency per unit (>= 0).
    export_supply_elasticity : float, default math.inf
        Elasticity of foreign export supply at the free-trade point (> 0).
        ``math.inf`` means a small country.

    Returns
    -------
    TariffOutcome

    Raises
    ------
    ValueError
        If an argument is of the wrong type or out of range. The message names the
        parameter.

    Examples
    --------
    Suranovic's Coke exercise (S = 10P - 7, D = 13 - 5P, Pw = $1, a $0.20 tariff):

    >>> coke = dict(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10), world_price=1.0)
    >>> out = tariff_outcome(**coke, specific_tariff=0.2)
    >>> [round(x, 12) for x in (out.consumer_surplus_change, out.producer_surplus_change,
    ...                         out.tariff_revenue, out.deadweight_loss)]
    [-1.5, 0.8, 0.4, 0.3]

    Same tariff, but foreign export supply has elasticity 2, so foreign firms cut
    their price from 1.00 to 0.88 and the country gains on its terms of trade:

    >>> big = tariff_outcome(**coke, specific_tariff=0.2, export_supply_elasticity=2)
    >>> [round(x, 12) for x in (big.world_price, big.domestic_price, big.imports)]
    [0.88, 1.08, 3.8]
    >>> round(big.terms_of_trade_gain, 12), round(big.net_welfare_change, 12)
    (0.456, 0.408)
    """
    _check_curves(demand, supply)
    pw = _checks.positive(world_price, "world_price")
    rate = _checks.non_negative(tariff_rate, "tariff_rate")
    specific = _checks.non_negative(specific_tariff, "specific_tariff")
    elasticity = _export_elasticity(export_supply_elasticity)

    d0 = float(demand.quantity(pw))
    s0 = float(supply.quantity(pw))
    m0 = max(0.0, d0 - s0)
    p_autarky = autarky_price(demand, supply)

    if (rate == 0.0 and specific == 0.0) or m0 <= 0.0 or pw >= p_autarky:
        p_star = p = pw  # nothing changes
    elif math.isinf(elasticity):
        p_star = pw
        p = min(pw * (1.0 + rate) + specific, p_autarky)
    else:
        p_star = _solve_world_price(demand, supply, pw, m0, p_autarky, rate, specific, elasticity)
        # In exact arithmetic p >= pw; max() only removes rounding noise.
        p = max(pw, min(p_star * (1.0 + rate) + specific, p_autarky))

    d1 = float(demand.quantity(p))
    s1 = float(supply.quantity(p))
    m1 = max(0.0, d1 - s1)

    consumer_loss = demand.integral(pw, p)  # areas A+B+C+D
    producer_gain = supply.integral(pw, p)  # area A
    revenue = (p - p_star) * m1  # areas C+G
    rise = p - pw
    area_b = _clean_area(rise * s1 - producer_gain, abs(rise * s1) + producer_gain)
    area_d = _clean_area(consumer_loss - rise * d1, consumer_loss + abs(rise * d1))
    tot_gain = (pw - p_star) * m1  # area G

    return TariffOutcome(
        tariff_rate=rate,
        specific_tariff=specific,
        free_trade_price=pw,
        world_price=p_star,
        domestic_price=p,
        free_trade_demand=d0,
        free_trade_supply=s0,
        free_trade_imports=m0,
        quantity_demanded=d1,
        quantity_supplied=s1,
        imports=m1,
        consumer_surplus_change=0.0 - consumer_loss,  # 0.0, not -0.0, when nothing changes
        producer_surplus_change=producer_gain,
        tariff_revenue=revenue,
        production_distortion=area_b,
        consumption_distortion=area_d,
        deadweight_loss=area_b + area_d,
        terms_of_trade_gain=tot_gain,
        net_welfare_change=-consumer_loss + producer_gain + revenue,
    )


def prohibitive_tariff_rate(
    *,
    demand,
    supply,
    world_price: float,
    specific_tariff: float = 0.0,
    export_supply_elasticity: float = math.inf,
) -> float:
    """Smallest ad valorem tariff rate that stops all imports.

    For a small country the tariff is prohibitive once the tariff-inclusive import
    price reaches the autarky price, ``Pw (1 + t) + s >= p_autarky``. For a large
    country the foreign price first falls to the level where foreign firms stop
    exporting, ``Pw (1 - 1/e*)``, so a higher rate is needed. When ``e* <= 1`` foreign
    supply never reaches zero at a positive price, so no rate is prohibitive
    (``math.inf``) unless the specific tariff alone is.

    The result is exact in the sense used by :func:`tariff_outcome`: at this rate
    imports are exactly zero, and at any lower rate they are positive.

    Parameters
    ----------
    demand : LinearDemand or ConstantElasticityDemand
    supply : LinearSupply or ConstantElasticitySupply
    world_price : float
        Free-trade world price, currency per unit (> 0).
    specific_tariff : float, default 0.0
        Specific tariff levied as well, currency per unit (>= 0).
    export_supply_elasticity : float, default math.inf
        Elasticity of foreign export supply at the free-trade point (> 0).

    Returns
    -------
    float
        A fraction (1.0 = 100 %). 0.0 if there are no imports even without the ad
        valorem tariff, ``math.inf`` if no rate stops imports.

    Raises
    ------
    ValueError
        If an argument is of the wrong type or out of range.

    Examples
    --------
    Coke market: the autarky price is 4/3, so a small country needs a 33.3 % tariff
    at Pw = 1. With export supply elasticity 2, the foreign price can fall to 0.5
    first, so the rate needed is 4/3 / 0.5 - 1 = 166.7 %.

    >>> coke = dict(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10), world_price=1.0)
    >>> round(prohibitive_tariff_rate(**coke), 12)
    0.333333333333
    >>> round(prohibitive_tariff_rate(**coke, export_supply_elasticity=2), 12)
    1.666666666667
    >>> prohibitive_tariff_rate(**coke, export_supply_elasticity=0.5)
    inf
    """
    _check_curves(demand, supply)
    pw = _checks.positive(world_price, "world_price")
    specific = _checks.non_negative(specific_tariff, "specific_tariff")
    elasticity = _export_elasticity(export_supply_elasticity)

    m0 = demand.quantity(pw) - supply.quantity(pw)
    p_autarky = autarky_price(demand, supply)
    if m0 <= 0.0 or pw >= p_autarky:
        return 0.0
    floor = _export_supply_floor(pw, elasticity)
    if floor + specific >= p_autarky:
        return 0.0
    if floor == 0.0:
        return math.inf
    rate = max(0.0, (p_autarky - specific) / floor - 1.0)
    # Step up past any rounding so that tariff_outcome sees the cap bind exactly.
    while floor * (1.0 + rate) + specific < p_autarky:
        rate = math.nextafter(rate, math.inf)
    # ...and back down while the cap still binds, so that this is the smallest rate.
    while rate > 0.0:
        lower = math.nextafter(rate, 0.0)
        if floor * (1.0 + lower) + specific < p_autarky:
            break
        rate = lower
    return rate
