"""A supply shock in a market with inelastic short-run demand: an export control over time.

The story. A country that supplies a large share of the world market (say 90% of
rare-earth separation) withholds part of world supply by refusing export licences.
Buyers cannot simply pay more for the missing tonnes: the quantity is fixed by the
seller, and the price rises until buyers who can least do without the good outbid
the rest. Other producers respond a little to the higher price at once, and build new
capacity (mines, separation plants, magnet factories) that replaces the withheld
supply step by step over ``years_to_diversify`` years. The price spikes, then fades.

The model, in closed form. Quantities are shares of pre-shock world supply, prices an
index with the pre-shock price at 100. With ``s`` the share withheld, ``T`` the years
to diversify, ``eps < 0`` the price elasticity of demand and ``e >= 0`` the price
elasticity of the supply still on the market,

* alternative capacity built by year ``t``: ``s * r(t)`` with ``r(t) = min(t / T, 1)``;
* capacity at the pre-shock price: ``A(t) = 1 - s * (1 - r(t))``;
* demand ``Q = p ** eps``, supply ``A(t) * p ** e``; equating them gives the price
  ``p(t) = A(t) ** (-1 / (|eps| + e))`` and use ``Q(t) = A(t) ** (|eps| / (|eps| + e))``;
* spending by importers ``p(t) * Q(t)`` (index, pre-shock = 100);
* the controlling country's market share ``(c - s) / A(t)``, where ``c`` is its share
  before the shock (its remaining sales and everyone else's scale alike with ``p ** e``).

The comparison: a **price** instrument. Instead of withholding tonnes, the controlling
country taxes its exports (or a buyer country levies a tariff) so that the buyers' price
rises by the same amount at the start, ``p_T = p(0)``. The controlling country stays the
marginal, low-cost supplier and sells whatever buyers want at that price, so the price
stays at ``p_T`` while the tax lasts and buyers use ``p_T ** eps`` throughout. With a
tax the seller fixes the price and demand decides the quantity; with a control the
seller fixes the quantity and demand decides the price.

Examples
--------
>>> from widgets.models.supply_shock import supply_shock_path
>>> path = supply_shock_path(share_withheld=0.1, demand_elasticity=-0.1,
...                          supply_elasticity=0.0, years_to_diversify=5)
>>> round(float(path.price_index[0]), 2)   # 0.9 ** (-1 / 0.1) * 100
286.8
>>> round(float(path.price_index[-1]), 2)  # capacity rebuilt: back to the old price
100.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from widgets.models._checks import integer, real
from widgets.models.formula import NUMPY

__all__ = [
    "SupplyShockPath",
    "supply_shock_path",
    "price_at",
    "time_grid",
    "STEPS_PER_YEAR",
    "supply_shock_formula",
]

#: Points per year on the time axis (the website chart uses the same grid).
STEPS_PER_YEAR = 4


def _check(
    share_withheld: object,
    demand_elasticity: object,
    supply_elasticity: object,
    years_to_diversify: object,
    controlling_share: object,
) -> tuple[float, float, float, float, float]:
    s = real(share_withheld, "share_withheld", "a number in [0, 1)", lambda x: 0 <= x < 1)
    eps = real(
        demand_elasticity,
        "demand_elasticity",
        "a finite number < 0 (demand falls as the price rises)",
        lambda x: x < 0,
    )
    e = real(supply_elasticity, "supply_elasticity", "a finite number >= 0", lambda x: x >= 0)
    years = real(years_to_diversify, "years_to_diversify", "a finite number > 0", lambda x: x > 0)
    c = real(controlling_share, "controlling_share", "a number in (0, 1]", lambda x: 0 < x <= 1)
    if s > c:
        raise ValueError(
            f"share_withheld ({s!r}) cannot exceed controlling_share ({c!r}): a country "
            "cannot withhold more than it supplies"
        )
    return s, eps, e, years, c


def time_grid(horizon_years: int = 15, steps_per_year: int = STEPS_PER_YEAR) -> np.ndarray:
    """Years after the shock, ``k / steps_per_year`` for ``k = 0 .. horizon * steps``.

    Each point is computed as an integer divided by ``steps_per_year``, as the website
    chart computes it, so both evaluate the model at bit-identical times.

    Examples
    --------
    >>> time_grid(1, 4).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    positive = "a positive integer"
    horizon_years = integer(horizon_years, "horizon_years", positive, lambda n: n > 0)
    steps_per_year = integer(steps_per_year, "steps_per_year", positive, lambda n: n > 0)
    return np.arange(horizon_years * steps_per_year + 1) / steps_per_year


@dataclass(frozen=True)
class SupplyShockPath:
    """The market over time after an export control, and under a tariff of equal start.

    All arrays have one entry per point of ``years``.

    Attributes
    ----------
    years : ndarray
        Years after the control starts.
    share_withheld, demand_elasticity, supply_elasticity : float
        The inputs, as passed to :func:`supply_shock_path` (shares as fractions).
    years_to_diversify, controlling_share : float
        The inputs, as passed to :func:`supply_shock_path`.
    capacity : ndarray
        ``A(t)``: supply available at the pre-shock price, share of pre-shock world supply.
    price_index : ndarray
        World price, pre-shock = 100.
    consumption : ndarray
        Quantity bought, share of pre-shock use (1 = no cut).
    consumption_cut : ndarray
        ``1 - consumption``: the shortfall buyers must live with, share of pre-shock use.
    supply_gap : ndarray
        Supply still missing at the pre-shock price, ``s * (1 - r(t))``.
    spending_index : ndarray
        Importers' spending ``price * quantity``, pre-shock = 100.
    controlling_share_path : ndarray
        The controlling country's share of what is sold.
    tariff_price_index : ndarray
        Price under the tariff with the same price at the start (constant), pre-shock = 100.
    tariff_consumption : ndarray
        Quantity bought under that tariff, share of pre-shock use (constant).
    tariff_rate : float
        That tariff (or export tax) as a fraction of the pre-shock price.
    """

    years: np.ndarray
    share_withheld: float
    demand_elasticity: float
    supply_elasticity: float
    years_to_diversify: float
    controlling_share: float
    capacity: np.ndarray
    price_index: np.ndarray
    consumption: np.ndarray
    consumption_cut: np.ndarray
    supply_gap: np.ndarray
    spending_index: np.ndarray
    controlling_share_path: np.ndarray
    tariff_price_index: np.ndarray
    tariff_consumption: np.ndarray
    tariff_rate: float

    @property
    def peak_price_index(self) -> float:
        """The highest price on the path (at the start), pre-shock = 100."""
        return float(self.price_index.max())

    def years_until_price_below(self, price_index: float) -> float:
        """First year on the grid at which the price is at or below ``price_index``."""
        below = np.nonzero(self.price_index <= price_index + 1e-12)[0]
        return float(self.years[below[0]]) if below.size else math.inf


def price_at(
    years: float | np.ndarray,
    *,
    share_withheld: float,
    demand_elasticity: float,
    supply_elasticity: float = 0.0,
    years_to_diversify: float,
) -> float | np.ndarray:
    """The price index ``100 * A(t) ** (-1 / (|eps| + e))`` at ``years`` after the shock.

    Examples
    --------
    Half the withheld supply replaced: ``A = 1 - 0.2 * 0.5 = 0.9``; with
    ``|eps| + e = 0.5`` the price is ``0.9 ** -2 * 100``:

    >>> round(float(price_at(2.5, share_withheld=0.2, demand_elasticity=-0.25,
    ...                      supply_elasticity=0.25, years_to_diversify=5)), 6)
    123.45679
    """
    s, eps, e, big_t, _ = _check(
        share_withheld, demand_elasticity, supply_elasticity, years_to_diversify, 1.0
    )
    t = np.asarray(years, dtype=float)
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"years must be finite and >= 0, got {years!r}")
    price = supply_shock_formula(NUMPY, years=t, share_withheld=s, demand_elasticity=eps,
                                 supply_elasticity=e, years_to_diversify=big_t,
                                 controlling_share=1.0).price_index  # fmt: skip
    price = np.asarray(price)
    return float(price) if price.ndim == 0 else price


def supply_shock_path(
    *,
    share_withheld: float,
    demand_elasticity: float,
    supply_elasticity: float = 0.0,
    years_to_diversify: float,
    controlling_share: float = 1.0,
    horizon_years: int = 15,
    steps_per_year: int = STEPS_PER_YEAR,
) -> SupplyShockPath:
    """The price, shortage, spending and market-share paths after an export control.

    Parameters
    ----------
    share_withheld : float
        Share of pre-shock world supply the controlling country withholds, in [0, 1).
    demand_elasticity : float
        Price elasticity of world demand, < 0 (short run: close to zero, e.g. -0.2).
    supply_elasticity : float, default 0
        Price elasticity of the supply still on the market (others' short-run response), >= 0.
    years_to_diversify : float
        Years until new capacity elsewhere replaces all the withheld supply, > 0.
    controlling_share : float, default 1
        The controlling country's share of world supply before the shock, in (0, 1];
        ``share_withheld`` may not exceed it.
    horizon_years, steps_per_year : int
        The time grid, see :func:`time_grid`.

    Returns
    -------
    SupplyShockPath

    Raises
    ------
    ValueError
        If an input is NaN, of the wrong sign or out of range; the message names it.

    Examples
    --------
    Withhold 70% with demand elasticity -0.3, a supply elasticity of 0.2 and five
    years to diversify. At the start capacity is 30% of normal, so the price index is
    ``0.3 ** (-1 / 0.5) * 100 = 1111.1``; by year 5 it is back at 100:

    >>> path = supply_shock_path(share_withheld=0.7, demand_elasticity=-0.3,
    ...                          supply_elasticity=0.2, years_to_diversify=5)
    >>> round(path.peak_price_index, 1), round(float(path.price_index[5 * STEPS_PER_YEAR]), 6)
    (1111.1, 100.0)
    >>> round(path.tariff_rate, 3)  # the export tax with the same starting price
    10.111
    >>> supply_shock_path(share_withheld=1.0, demand_elasticity=-0.3, years_to_diversify=5)
    Traceback (most recent call last):
    ...
    ValueError: share_withheld must be a number in [0, 1), got 1.0
    """
    s, eps, e, big_t, c = _check(
        share_withheld, demand_elasticity, supply_elasticity, years_to_diversify, controlling_share
    )
    years = time_grid(horizon_years, steps_per_year)
    f = supply_shock_formula(NUMPY, years=years, share_withheld=s, demand_elasticity=eps,
                             supply_elasticity=e, years_to_diversify=big_t,
                             controlling_share=c)  # fmt: skip
    ones = np.ones_like(years)
    return SupplyShockPath(
        years=years,
        share_withheld=s,
        demand_elasticity=eps,
        supply_elasticity=e,
        years_to_diversify=big_t,
        controlling_share=c,
        capacity=f.capacity,
        price_index=f.price_index,
        consumption=f.consumption,
        consumption_cut=f.consumption_cut,
        supply_gap=f.supply_gap,
        spending_index=f.spending_index,
        controlling_share_path=f.controlling_share_path,
        tariff_price_index=f.tariff_price_index * ones,
        tariff_consumption=f.tariff_consumption * ones,
        tariff_rate=float(f.price_start - 1.0),
    )


def supply_shock_formula(
    xp,
    *,
    years,
    share_withheld,
    demand_elasticity,
    supply_elasticity,
    years_to_diversify,
    controlling_share,
):
    """The closed form of :func:`supply_shock_path`, written once for both backends.

    ``xp`` is :data:`widgets.models.formula.NUMPY` (numbers, as here) or the chart
    layer's Vega backend (the website evaluates the same lines in the page). Inputs are
    checked by the caller. Returns a record with the fields ``ramp``, ``capacity``,
    ``flex``, ``price``, ``price_index``, ``consumption``, ``consumption_cut``,
    ``supply_gap``, ``spending_index``, ``controlling_share_path``, ``price_start``,
    ``tariff_price_index``, ``tariff_consumption`` and ``tariff_consumption_cut``.

    Examples
    --------
    >>> from widgets.models.formula import NUMPY
    >>> f = supply_shock_formula(NUMPY, years=0.0, share_withheld=0.7, demand_elasticity=-0.3,
    ...                          supply_elasticity=0.2, years_to_diversify=5,
    ...                          controlling_share=0.91)
    >>> round(f.price_index, 1), round(f.controlling_share_path, 2)  # 0.3 ** -2 * 100
    (1111.1, 0.7)
    """
    s, eps, e, c = share_withheld, demand_elasticity, supply_elasticity, controlling_share
    f = xp.record()
    f.ramp = xp.min(years / years_to_diversify, 1.0)
    f.capacity = 1.0 - s * (1.0 - f.ramp)
    f.flex = -eps + e  # |eps| + e > 0
    f.price = xp.pow(f.capacity, -1.0 / f.flex)
    f.price_index = 100.0 * f.price
    f.consumption = xp.pow(f.capacity, -eps / f.flex)
    f.consumption_cut = 1.0 - f.consumption
    f.supply_gap = s * (1.0 - f.ramp)
    f.spending_index = 100.0 * f.price * f.consumption
    f.controlling_share_path = (c - s) / f.capacity
    f.price_start = xp.pow(1.0 - s, -1.0 / f.flex)
    f.tariff_price_index = 100.0 * f.price_start
    f.tariff_consumption = xp.pow(f.price_start, eps)
    f.tariff_consumption_cut = 1.0 - f.tariff_consumption
    return f
