"""A supply shock in a market with inelastic short-run demand: an export control over time.

The story. A country that supplies a large share ``c`` of the world market (say 91% of
rare-earth separation) withholds part of world supply by refusing export licences.
Buyers cannot simply pay more for the missing tonnes: the quantity the controlling
country sells is fixed by its licences, and the price rises until buyers who can least
do without the good outbid the rest. The *other* producers respond a little to the
higher price at once, and new capacity elsewhere (mines, separation plants, magnet
factories) replaces the withheld supply step by step over ``years_to_diversify`` years.
The price spikes, then fades.

The model. Quantities are shares of pre-shock world supply, prices an index with the
pre-shock price at 100 (1 in the formulas). With ``s`` the share withheld, ``T`` the years
to diversify, ``eps < 0`` the price elasticity of demand and ``e >= 0`` the short-run
price elasticity of the other producers' supply:

* licensed exports of the controlling country: ``L = c - s``, whatever the price (an
  export control is a quantity instrument);
* new capacity elsewhere by year ``t``: ``N(t) = s * r(t)`` with ``r(t) = min(t / T, 1)``;
* the other producers' existing supply: ``(1 - c) * p ** e``;
* demand ``Q = p ** eps``. The price clears the market:
  ``p ** eps = L + N(t) + (1 - c) * p ** e``.
  With no other producers (``c = 1``) this is the closed form ``p = (1 - s + N) ** (1/eps)``;
  otherwise it is solved by Newton's method in ``log p`` from a start that is never below
  the root, where the function is concave, so each step moves down to the root.
  :data:`NEWTON_STEPS` fixed steps reach machine precision (tested against Brent's
  method); the website runs the same steps as Vega expressions;
* the licence holders' scarcity rent ``(p - 1) * L`` and the controlling country's export
  revenue ``p * L`` (pre-shock: ``c``), both in units of pre-shock world spending; the
  revenue also as an index, ``100 p L / c`` (pre-shock = 100), and its market share, the
  share of what buyers use, ``L / Q``. Both fall for good: once new capacity is built its
  share is ``c - s`` and its revenue index ``100 (c - s) / c``, below where they started.

The comparison: a **price** instrument. Instead of withholding tonnes, the controlling
country taxes its exports so that the buyers' price starts at the same level,
``p_T = p(0)``. Its producers are the low-cost suppliers with flat supply at the
pre-shock price, so they sell whatever buyers want at ``p_T`` beyond what others supply.
The same new capacity is built (the price is just as high), so the taxed exports shrink,
``X(t) = p_T ** eps - (1 - c) * p_T ** e - N(t)``, and once new capacity replaces them,
``N(t) >= L``, the taxing country is priced out and the price falls below ``p_T``:
``p(t) = min(p_T, P(N(t)))`` where ``P(A)`` clears ``p ** eps = A + (1 - c) * p ** e``.
With a tax the seller fixes the price and demand decides the quantity; with a control
the seller fixes the quantity and demand decides the price.

A **stockpile** of ``m`` months of pre-shock world use, released to hold the price at its
pre-shock level for as long as it lasts, covers the gap ``s * (1 - r(t))`` until the
cumulative gap ``s * (t - t**2 / (2T))`` reaches ``m / 12``, at
``t_m = T * (1 - sqrt(1 - m / (6 s T)))``; after that the price jumps to the path
without a stockpile. The tax comparison has no stockpile. Its assumptions: the stock is
held outside the controlling country, released at the pre-shock price exactly as fast as
the gap requires (not spread out to smooth the price, which a holder who foresaw the
path would do), and not rebuilt within the horizon; ``stock_left_months`` is what
remains, in months of pre-shock world use.

Examples
--------
>>> from widgets.models.supply_shock import supply_shock_path
>>> path = supply_shock_path(share_withheld=0.1, demand_elasticity=-0.1,
...                          years_to_diversify=5)
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
    "NEWTON_STEPS",
    "clearing_price",
    "supply_shock_formula",
]

#: Points per year on the time axis (the website chart uses the same grid).
STEPS_PER_YEAR = 4

#: Newton steps of :func:`clearing_price`. From its start, 6 reach machine precision (a
#: relative 1e-14) at every position of the website's sliders, 8 over wider ranges
#: (tests/test_supply_shock_model.py checks them against Brent's method). Each step is a
#: formula the page evaluates on every row on every slider move: no more than needed.
NEWTON_STEPS = 8

#: A price index of ``exp(30)``, about 10**13, stands for "no supply at any price".
_LOG_PRICE_CAP = 30.0


def _check(
    share_withheld: object,
    demand_elasticity: object,
    supply_elasticity: object,
    years_to_diversify: object,
    controlling_share: object,
    stockpile_months: object = 0.0,
) -> tuple[float, float, float, float, float, float]:
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
    m = real(stockpile_months, "stockpile_months", "a finite number >= 0", lambda x: x >= 0)
    return s, eps, e, years, c, m


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
    """The market over time after an export control, and under an export tax of equal start.

    All arrays have one entry per point of ``years``; quantities are shares of pre-shock
    world supply, money amounts are in units of pre-shock world spending (= 1).

    Attributes
    ----------
    years : ndarray
        Years after the control starts.
    share_withheld, demand_elasticity, supply_elasticity : float
        The inputs, as passed to :func:`supply_shock_path` (shares as fractions).
    years_to_diversify, controlling_share, stockpile_months : float
        The inputs, as passed to :func:`supply_shock_path`.
    licensed_exports : float
        ``L = c - s``: what the controlling country's licences let through.
    capacity : ndarray
        Supply available at the pre-shock price, ``1 - s (1 - r(t))``.
    new_capacity : ndarray
        ``N(t) = s r(t)``: capacity built elsewhere since the control began.
    others_supply : ndarray
        The other producers' existing supply at the current price, ``(1 - c) p ** e``.
    price_index : ndarray
        World price, pre-shock = 100.
    consumption : ndarray
        Quantity bought, share of pre-shock use (1 = no cut).
    consumption_cut : ndarray
        ``1 - consumption``: the shortfall buyers must live with.
    supply_gap : ndarray
        Supply still missing at the pre-shock price, ``s (1 - r(t))``.
    spending_index : ndarray
        Importers' spending ``price * quantity``, pre-shock = 100.
    controlling_share_path : ndarray
        The controlling country's share of what buyers use, ``L / Q``.
    scarcity_rent : ndarray
        ``(p - 1) L``: what licensed exports earn above the pre-shock price.
    controlling_revenue : ndarray
        ``p L``: the controlling country's export revenue (pre-shock ``c``).
    revenue_index : ndarray
        That revenue as an index, ``100 p L / c`` (pre-shock = 100).
    tax_earnings_index : ndarray
        Under the export tax, the taxing country's export earnings (its producers' sales
        plus the tax), ``100 p_tax X(t) / c`` (pre-shock = 100).
    stock_left_months : ndarray
        What remains of the buyers' stockpile, months of pre-shock world use.
    tariff_price_index : ndarray
        Price under the export tax with the same price at the start, pre-shock = 100:
        constant until the taxing country is priced out, then falling.
    tariff_consumption : ndarray
        Quantity bought under that tax, share of pre-shock use.
    tax_exports : ndarray
        The taxing country's exports, share of pre-shock world supply (0 once priced out).
    tax_revenue : ndarray
        The tax collected, ``(p_T - 1) X(t)``.
    tariff_rate : float
        That export tax as a fraction of the pre-shock price.
    priced_out_year : float
        When new capacity replaces the taxed exports, ``T L / s`` (``inf`` if never).
    stockpile_lasts_years : float
        How long the stockpile holds the price at 100 (0 with no stockpile; ``inf`` if
        it covers the whole gap).
    """

    years: np.ndarray
    share_withheld: float
    demand_elasticity: float
    supply_elasticity: float
    years_to_diversify: float
    controlling_share: float
    stockpile_months: float
    licensed_exports: float
    capacity: np.ndarray
    new_capacity: np.ndarray
    others_supply: np.ndarray
    price_index: np.ndarray
    consumption: np.ndarray
    consumption_cut: np.ndarray
    supply_gap: np.ndarray
    spending_index: np.ndarray
    controlling_share_path: np.ndarray
    scarcity_rent: np.ndarray
    controlling_revenue: np.ndarray
    revenue_index: np.ndarray
    tax_earnings_index: np.ndarray
    stock_left_months: np.ndarray
    tariff_price_index: np.ndarray
    tariff_consumption: np.ndarray
    tax_exports: np.ndarray
    tax_revenue: np.ndarray
    tariff_rate: float
    priced_out_year: float
    stockpile_lasts_years: float

    @property
    def peak_price_index(self) -> float:
        """The highest price on the path, pre-shock = 100."""
        return float(self.price_index.max())

    def years_until_price_below(self, price_index: float) -> float:
        """First year after the peak at which the price is at or below ``price_index``."""
        peak = int(np.argmax(self.price_index))
        below = np.nonzero(self.price_index[peak:] <= price_index + 1e-12)[0]
        return float(self.years[peak + below[0]]) if below.size else math.inf

    def revenue_change(self, until: float | None = None) -> float:
        """The controlling country's extra export revenue from the start to ``until``.

        The area between its revenue ``p L`` and the pre-shock ``c`` (trapezoid rule on
        the time grid, up to the last grid point at or before ``until``; default the
        whole horizon), in years of pre-shock world spending: positive while the
        scarcity rent outweighs the lost sales, negative once the lost market share
        dominates.

        Examples
        --------
        No other producers and no new capacity in sight: ``p = L ** (1 / eps)``. With
        ``eps = -0.5`` and ``L = 0.8`` the revenue is ``p L = 1 / 0.8 = 1.25`` a year
        against 1 before, so over 4 years the change is 4 * 0.25 = 1:

        >>> path = supply_shock_path(share_withheld=0.2, demand_elasticity=-0.5,
        ...                          years_to_diversify=1e9)
        >>> round(path.revenue_change(4.0), 6)
        1.0
        """
        end = self.years[-1] if until is None else until
        if not isinstance(end, (int, float)) or not 0 <= end or math.isnan(end):
            raise ValueError(f"until must be a number >= 0, got {until!r}")
        keep = self.years <= end + 1e-12
        t, gain = self.years[keep], (self.controlling_revenue - self.controlling_share)[keep]
        return float(np.sum((gain[1:] + gain[:-1]) / 2 * np.diff(t)))


def clearing_price(xp, f, name: str, *, fixed, others, demand_elasticity, supply_elasticity):
    """The price ``p`` that solves ``p ** eps = fixed + others * p ** e``, in both backends.

    ``fixed`` is supply that does not respond to the price (licensed exports, new
    capacity), ``others`` the pre-shock supply of producers who respond with elasticity
    ``e``. In ``x = log p`` the condition ``g(x) = eps x - log(fixed + others e**(e x)) = 0``
    is concave and decreasing, so Newton's method started at or above the root moves down
    to it without overshooting. The start is the lower of the two one-term solutions
    ``log(fixed) / eps`` and ``log(others) / (eps - e)`` (each at or above the root),
    capped, like every step, at ``log p = 30`` (a price index of about 10**15 stands for
    "no supply at any price"). Each step is stored on the record ``f`` as
    ``{name}_x0 .. {name}_x{NEWTON_STEPS}`` (on the website, one Vega field each);
    the result as ``f.{name}``.

    Examples
    --------
    >>> from widgets.models.formula import NUMPY
    >>> f = NUMPY.record()
    >>> p = clearing_price(NUMPY, f, "p", fixed=0.21, others=0.09, demand_elasticity=-0.3,
    ...                    supply_elasticity=0.2)
    >>> round(100 * p, 1)  # 91% control, 70% withheld: 0.21 + 0.09 p**0.2 = p**-0.3
    2490.0
    """
    eps, e = demand_elasticity, supply_elasticity
    fixed = xp.max(fixed, 1e-12)  # no supply at all: a price of about e**30, not a NaN
    x = xp.min(
        xp.min(xp.log(fixed) / eps, xp.log(xp.max(others, 1e-300)) / (eps - e)), _LOG_PRICE_CAP
    )
    setattr(f, f"{name}_x0", x)
    for k in range(1, NEWTON_STEPS + 1):
        x = getattr(f, f"{name}_x{k - 1}")
        responsive = others * xp.exp(e * x)
        step = (eps * x - xp.log(fixed + responsive)) / (
            eps - e * responsive / (fixed + responsive)
        )
        setattr(f, f"{name}_x{k}", xp.min(x - step, _LOG_PRICE_CAP))
    setattr(f, name, xp.exp(getattr(f, f"{name}_x{NEWTON_STEPS}")))
    return getattr(f, name)


def supply_shock_formula(
    xp,
    *,
    years,
    share_withheld,
    demand_elasticity,
    supply_elasticity,
    years_to_diversify,
    controlling_share,
    stockpile_months=0.0,
):
    """The model of :func:`supply_shock_path`, written once for both backends.

    ``xp`` is :data:`widgets.models.formula.NUMPY` (numbers, as here) or the chart
    layer's Vega backend (the website evaluates the same lines in the page). Inputs are
    checked by the caller. Returns a record whose fields include ``ramp``,
    ``new_capacity``, ``licensed``, ``capacity``, ``supply_gap``, ``stock_lasts``,
    ``price``, ``price_index``, ``consumption``, ``consumption_cut``, ``spending_index``,
    ``controlling_share_path``, ``scarcity_rent``, ``controlling_revenue``,
    ``revenue_index``, ``stock_left_months``, ``price_start``, ``tariff_price_index``,
    ``tariff_consumption``, ``tariff_consumption_cut``, ``tax_exports``, ``tax_revenue`` and
    ``tax_earnings_index``.

    Examples
    --------
    >>> from widgets.models.formula import NUMPY
    >>> f = supply_shock_formula(NUMPY, years=0.0, share_withheld=0.7, demand_elasticity=-0.3,
    ...                          supply_elasticity=0.2, years_to_diversify=5,
    ...                          controlling_share=1.0)
    >>> round(f.price_index, 1)  # 100 * 0.3 ** (1 / -0.3): nobody else to respond
    5532.6
    """
    s, eps, e, c, big_t = (
        share_withheld,
        demand_elasticity,
        supply_elasticity,
        controlling_share,
        years_to_diversify,
    )
    f = xp.record()
    f.ramp = xp.min(years / big_t, 1.0)
    f.new_capacity = s * f.ramp
    f.licensed = c - s
    f.capacity = f.licensed + f.new_capacity + (1.0 - c)
    f.supply_gap = s * (1.0 - f.ramp)
    # The stockpile covers the gap at the pre-shock price until the cumulative gap,
    # s (t - t^2 / 2T), reaches m / 12 years of use (never, if s T / 2 <= m / 12).
    f.stock_share = xp.min((stockpile_months / 12.0) / xp.max(s * big_t / 2.0, 1e-300), 1.0)
    f.stock_lasts = xp.where(
        f.stock_share >= 1.0,
        1e300,
        big_t * (1.0 - xp.pow(1.0 - f.stock_share, 0.5)),
    )

    def clear(name, fixed):
        """The clearing price with ``fixed`` unresponsive supply and the others' response."""
        return clearing_price(
            xp, f, name, fixed=fixed, others=1.0 - c, demand_elasticity=eps, supply_elasticity=e
        )

    free = clear("price_free", f.licensed + f.new_capacity)
    f.price = xp.where(years < f.stock_lasts, 1.0, free)
    # What is left of the stock: m minus the gap drawn so far, in months (0 once it is out).
    f.drawn_years = xp.min(xp.min(years, f.stock_lasts), big_t)
    f.stock_drawn = s * (f.drawn_years - xp.pow(f.drawn_years, 2.0) / (2.0 * big_t))
    f.stock_left_months = xp.max(stockpile_months - 12.0 * f.stock_drawn, 0.0)
    f.price_index = 100.0 * f.price
    f.consumption = xp.pow(f.price, eps)
    f.consumption_cut = 1.0 - f.consumption
    f.spending_index = 100.0 * f.price * f.consumption
    f.controlling_share_path = f.licensed / f.consumption
    f.scarcity_rent = (f.price - 1.0) * f.licensed
    f.controlling_revenue = f.price * f.licensed
    f.revenue_index = 100.0 * f.controlling_revenue / c
    # The export tax with the same starting price (no stockpile): flat at p_T while the
    # taxing country still sells, then the price that others and new capacity set alone.
    f.price_start = clear("price_start_raw", f.licensed)
    without = clear("price_without", f.new_capacity)
    f.tariff_price = xp.min(f.price_start, without)
    f.tariff_price_index = 100.0 * f.tariff_price
    f.tariff_consumption = xp.pow(f.tariff_price, eps)
    f.tariff_consumption_cut = 1.0 - f.tariff_consumption
    f.tax_exports = xp.max(
        f.tariff_consumption - (1.0 - c) * xp.pow(f.tariff_price, e) - f.new_capacity, 0.0
    )
    f.tax_revenue = (f.price_start - 1.0) * f.tax_exports
    f.tax_earnings_index = 100.0 * f.tariff_price * f.tax_exports / c
    return f


def supply_shock_path(
    *,
    share_withheld: float,
    demand_elasticity: float,
    supply_elasticity: float = 0.0,
    years_to_diversify: float,
    controlling_share: float = 1.0,
    stockpile_months: float = 0.0,
    horizon_years: int = 15,
    steps_per_year: int = STEPS_PER_YEAR,
) -> SupplyShockPath:
    """The price, shortage, spending, rent and market-share paths after an export control.

    Parameters
    ----------
    share_withheld : float
        Share of pre-shock world supply the controlling country withholds, in [0, 1).
    demand_elasticity : float
        Price elasticity of world demand, < 0 (short run: close to zero, e.g. -0.2).
    supply_elasticity : float, default 0
        Short-run price elasticity of the *other* producers' supply, >= 0. The
        controlling country's licensed exports do not respond to the price.
    years_to_diversify : float
        Years until new capacity elsewhere replaces all the withheld supply, > 0.
    controlling_share : float, default 1
        The controlling country's share of world supply before the shock, in (0, 1];
        ``share_withheld`` may not exceed it. At 1 there are no other producers.
    stockpile_months : float, default 0
        Buyers' stockpile, in months of pre-shock world use, released to hold the price
        at 100 while it lasts (>= 0).
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
    China holds 91% of supply and withholds 70% of world supply; demand elasticity
    -0.3, others' supply elasticity 0.2, five years to diversify. The price index
    starts at about 2,490 and is back at 100 by year 5:

    >>> path = supply_shock_path(share_withheld=0.7, demand_elasticity=-0.3,
    ...                          supply_elasticity=0.2, years_to_diversify=5,
    ...                          controlling_share=0.91)
    >>> round(path.peak_price_index), round(float(path.price_index[5 * STEPS_PER_YEAR]), 6)
    (2490, 100.0)

    An export tax with the same starting price: new capacity replaces the taxed exports
    (21% of world supply) after 5 * 0.21 / 0.7 = 1.5 years. The taxing country is then
    priced out, and the price falls to what others and the new capacity set alone:

    >>> round(path.priced_out_year, 12), round(float(path.tariff_price_index[-1]), 1)
    (1.5, 206.9)
    >>> supply_shock_path(share_withheld=1.0, demand_elasticity=-0.3, years_to_diversify=5)
    Traceback (most recent call last):
    ...
    ValueError: share_withheld must be a number in [0, 1), got 1.0
    """
    s, eps, e, big_t, c, m = _check(
        share_withheld,
        demand_elasticity,
        supply_elasticity,
        years_to_diversify,
        controlling_share,
        stockpile_months,
    )
    years = time_grid(horizon_years, steps_per_year)
    inputs = dict(
        years=years,
        share_withheld=s,
        demand_elasticity=eps,
        supply_elasticity=e,
        years_to_diversify=big_t,
        controlling_share=c,
        stockpile_months=m,
    )
    with np.errstate(divide="ignore", over="ignore"):
        f = supply_shock_formula(NUMPY, **inputs)
    ones = np.ones_like(years)
    lasts = float(f.stock_lasts)
    return SupplyShockPath(
        **inputs,
        licensed_exports=c - s,
        capacity=f.capacity,
        new_capacity=f.new_capacity * ones,
        others_supply=(1.0 - c) * f.price**e,
        price_index=f.price_index,
        consumption=f.consumption,
        consumption_cut=f.consumption_cut,
        supply_gap=f.supply_gap,
        spending_index=f.spending_index,
        controlling_share_path=f.controlling_share_path,
        scarcity_rent=f.scarcity_rent,
        controlling_revenue=f.controlling_revenue,
        revenue_index=f.revenue_index,
        tax_earnings_index=f.tax_earnings_index * ones,
        stock_left_months=f.stock_left_months * ones,
        tariff_price_index=f.tariff_price_index * ones,
        tariff_consumption=f.tariff_consumption * ones,
        tax_exports=f.tax_exports * ones,
        tax_revenue=f.tax_revenue * ones,
        tariff_rate=float(f.price_start - 1.0),
        priced_out_year=big_t * (c - s) / s if 0 < c - s < s else math.inf,
        stockpile_lasts_years=math.inf if lasts >= 1e300 else lasts,
    )


def price_at(
    years: float | np.ndarray,
    *,
    share_withheld: float,
    demand_elasticity: float,
    supply_elasticity: float = 0.0,
    years_to_diversify: float,
    controlling_share: float = 1.0,
) -> float | np.ndarray:
    """The price index at ``years`` after the control (no stockpile), pre-shock = 100.

    Examples
    --------
    Half the withheld supply replaced, no other producers: ``p = 0.9 ** (1 / -0.5)``:

    >>> round(float(price_at(2.5, share_withheld=0.2, demand_elasticity=-0.5,
    ...                      years_to_diversify=5)), 6)
    123.45679
    """
    s, eps, e, big_t, c, _ = _check(
        share_withheld, demand_elasticity, supply_elasticity, years_to_diversify, controlling_share
    )
    t = np.asarray(years, dtype=float)
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"years must be finite and >= 0, got {years!r}")
    with np.errstate(divide="ignore", over="ignore"):
        price = supply_shock_formula(
            NUMPY,
            years=t,
            share_withheld=s,
            demand_elasticity=eps,
            supply_elasticity=e,
            years_to_diversify=big_t,
            controlling_share=c,
        ).price_index
    price = np.asarray(price)
    return float(price) if price.ndim == 0 else price
