"""Where imports go when tariffs change: a SMART-style model with several suppliers.

One importing country buys one composite good from several partner countries. Buyers
see the goods of different origins as imperfect substitutes (the Armington
assumption), as in the World Bank's SMART model (Jammes and Olarreaga 2005). A change
in the tariffs moves imports in two ways:

* **trade diversion**: when one partner's goods become dearer *relative to the
  others'*, buyers switch between suppliers. Diversion only moves imports around:
  it sums to zero across partners;
* **trade creation** (here negative when tariffs rise): when imports as a whole
  become dearer, buyers import less in total.

The model in formulas (tariffs as fractions, partner ``i``, baseline imports
``M_i`` valued at world prices, which are normalised to 1 and do not move: foreign
export supply is infinitely elastic, the SMART default):

* relative price change of partner ``i``: ``r_i = (1 + t1_i) / (1 + t0_i)``;
* diversion at the baseline total ``T0 = sum(M)``: shares
  ``s_i = M_i r_i**-σ / sum_k M_k r_k**-σ`` and ``TD_i = s_i T0 - M_i``;
* the exact CES (two-stage Armington) price index of the import composite, with
  baseline duty-inclusive spending shares ``ω_i = M_i (1 + t0_i) / sum_k M_k (1 + t0_k)``:
  ``P = (sum_i ω_i r_i**(1-σ))**(1/(1-σ))`` (``exp(sum_i ω_i log r_i)`` at ``σ = 1``);
* the composite quantity follows a straight-line import demand of elasticity ``ε``
  at the baseline: ``Q = max(0, 1 - ε (P - 1))`` (1 before);
* new imports ``M1_i = M_i (r_i / P)**-σ Q = s_i T1``, with ``T1 = sum_i M1_i``;
  creation ``TC_i = s_i (T1 - T0)``, so ``M1_i = M_i + TD_i + TC_i``.

``ε`` is the elasticity of *total* imports with respect to their price (aggregate
estimates lie near 1); ``σ`` is the elasticity of substitution *between suppliers*
(estimates from the 2018-19 tariffs: 2.5 to 5.2). The data resource
``trade_elasticities`` holds both, with their sources.

Welfare uses the same straight line: buyers lose the area under the composite's
demand curve between the old and the new price index (the consumer cost), the
government's tariff revenue changes, and the difference is the change in national
welfare. With one partner the model is the straight-line single-market tariff model
of :mod:`widgets.models.tariff` for a small country (tested), whose welfare change is
``(t0 + Δt/2) ΔM``: half the tariff times the fall in imports only when ``t0 = 0``.

:func:`basket_price` keeps the cost of the new, already-switched basket (a Paasche
index), which this model used before; it understates the CES index for large changes
(tested). :mod:`widgets.models.smart_wits` holds the WITS SMART tool's own formulas,
which the chapter shows beside this model.

numpy and scipy only (export prices that clear the market are found with
:func:`scipy.optimize.brentq`). Units: imports and every money amount
in the unit of the baseline imports (the book uses billions of US dollars a year);
tariffs are fractions (0.25 means 25 %); elasticities are dimensionless.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from widgets.models import _checks
from widgets.models.formula import NUMPY

__all__ = [
    "SmartOutcome", "smart_outcome", "basket_price", "ces_price_index", "consumer_cost_share",
    "smart_formula", "cost_share_formula",
]  # fmt: skip


# ---------------------------------------------------------------------------
# the two closed-form pieces shared with the website's Vega expressions
# ---------------------------------------------------------------------------
def basket_price(weights, old_tariffs, new_tariffs, world_prices=1.0) -> float:
    """Cost of the new, already-switched import basket at new over old prices (Paasche).

    ``weights`` are the diverted quantities ``M_i r_i**-σ``; the ratio is the cost of
    that basket at the new duty-inclusive prices (world prices ``world_prices``, 1
    before the change) over its cost at the old ones. It is *not* the model's price
    index (:func:`ces_price_index`): it prices the basket buyers switched to, so it
    lies below the CES index when tariffs rise; the two agree to first order.

    Examples
    --------
    Two partners bought in equal amounts; one tariff goes from 0 to 100 %:

    >>> basket_price([50, 100], [0, 0], [1.0, 0])  # (50*2 + 100*1) / (50 + 100)
    1.3333333333333333
    """
    w = np.asarray(weights, dtype=float)
    new = np.asarray(world_prices) * (1 + np.asarray(new_tariffs))
    return float(np.sum(w * new) / np.sum(w * (1 + np.asarray(old_tariffs))))


def ces_price_index(
    baseline_imports, old_tariffs, new_tariffs, substitution_elasticity, world_prices=1.0
) -> float:
    """The exact CES price index of the import composite, new over old (1 = unchanged).

    ``P = (Σ ω_i r_i**(1-σ))**(1/(1-σ))`` with ``r_i = p_i (1 + t1_i) / (1 + t0_i)``
    and baseline duty-inclusive spending shares ``ω_i``; ``exp(Σ ω_i log r_i)`` at
    ``σ = 1``. Inputs as in :func:`smart_outcome` (arrays, fractions).

    Examples
    --------
    Two partners bought in equal amounts; one tariff goes from 0 to 100 %; σ = 2:

    >>> ces_price_index([100, 100], [0, 0], [1.0, 0], 2.0)  # 1 / (0.5/2 + 0.5/1)
    1.3333333333333333
    >>> round(ces_price_index([100, 100], [0, 0], [1.0, 0], 1.0), 12)  # sqrt(2)
    1.414213562373
    """
    m0, t0, t1 = (np.asarray(v, dtype=float) for v in (baseline_imports, old_tariffs, new_tariffs))
    sigma = float(substitution_elasticity)
    f = smart_formula(NUMPY, m0, t0, t1, eps=1.0, sigma=sigma, world=world_prices)
    return float(f.price)


def consumer_cost_share(price_change: float, import_demand_elasticity: float) -> float:
    """Consumer cost per unit of baseline duty-inclusive spending, for a basket price
    change ``x = P - 1`` along a straight-line import demand of elasticity ``ε``.

    It is the area under ``Q(u) = max(0, 1 - ε u)`` from 0 to ``x``: ``x - ε x² / 2``
    up to the choke price (``x = 1/ε``), and ``1 / (2ε)`` beyond it.

    Examples
    --------
    >>> consumer_cost_share(1 / 3, 1.0)  # 1/3 - 1/18
    0.2777777777777778
    >>> consumer_cost_share(2.0, 1.0)  # demand is zero from x = 1 on
    0.5
    """
    return float(cost_share_formula(NUMPY, float(price_change), float(import_demand_elasticity)))


_TOL = 4 * np.finfo(float).eps
#: Below this |1 - σ| the index is the Cobb-Douglas (geometric) limit.
_COBB_DOUGLAS = 1e-6


def _demand(m0, t0, t1, world, eps, sigma):
    """Shares, basket price and total imports demanded at the export prices ``world``."""
    f = smart_formula(NUMPY, m0, t0, t1, eps, sigma, world)
    return f.share, f.price, f.total1


def _falling_root(f, x: float = 0.0) -> float:
    """Root of ``f``, which falls from positive to negative values, to the last bits.

    Steps out from ``x`` (doubling) until the root is bracketed, then
    :func:`scipy.optimize.brentq`; ``x`` is a log, so the tolerance is absolute.
    """
    lo = hi = x
    step = 1.0
    while f(hi) > 0:
        lo, hi, step = hi, hi + step, 2 * step
    while f(lo) <= 0:
        lo, hi, step = lo - step, lo, 2 * step
    return brentq(f, lo, hi, xtol=_TOL, rtol=_TOL)


def _solve_world_prices(m0, t0, t1, eps, sigma, supply) -> np.ndarray:
    """Export prices at which every partner's supply meets the importer's demand.

    Every partner's supply ``M_i max(0, 1 - e + e p_i)`` stops at the same price,
    ``floor = max(0, 1 - 1/e)``. If the importer buys nothing even there (a prohibitive
    rise), every price sits at the floor. Otherwise every partner sells, and demand
    for partner ``i`` is ``M_i (c_i p_i)**-σ K`` with ``c_i = (1 + t1_i) / (1 + t0_i)``
    and one index ``K = T1 / Σ_k M_k (c_k p_k)**-σ`` common to all. So for a given
    ``K`` each price solves its own equation ``K (c_i p_i)**-σ = 1 - e + e p_i``, and
    ``K`` is the one at which total supply equals total demand ``T1``: one-dimensional
    roots, each found with :func:`scipy.optimize.brentq` (in logs). Partners that sold
    nothing at the baseline keep the price 1 (they neither supply nor are demanded).
    """
    floor = max(0.0, 1 - 1 / supply)
    sells = m0 > 0
    world = np.ones_like(m0)
    if floor > 0:
        world[sells] = floor
        if _demand(m0, t0, t1, world, eps, sigma)[2] == 0:
            return world
    log_c = np.log((1 + t1[sells]) / (1 + t0[sells]))

    def log_price(log_k: float, log_c_i: float) -> float:
        def gap(u: float) -> float:  # log demand - log supply at the price exp(u)
            exports = 1 - supply + supply * math.exp(u)
            return log_k - sigma * (log_c_i + u) - (math.log(exports) if exports > 0 else -math.inf)

        return _falling_root(gap)

    def shortfall(log_k: float) -> float:  # imports demanded - exports, given K
        world[sells] = [math.exp(log_price(log_k, c)) for c in log_c]
        exports = float(np.sum(m0[sells] * (1 - supply + supply * world[sells])))
        return _demand(m0, t0, t1, world, eps, sigma)[2] - exports

    shortfall(_falling_root(shortfall))  # leaves the prices at the root in `world`
    return world


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------
def check_scenario(
    partners,
    baseline_imports,
    old_tariffs,
    new_tariffs,
    import_demand_elasticity,
    substitution_elasticity,
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, float, float]:
    """The inputs every SMART-style calculation shares, checked: distinct partner names,
    one baseline import value and two tariffs per partner (a positive total), and two
    positive elasticities. Returns them as ``names, m0, t0, t1, eps, sigma``; a bad one
    raises ``ValueError`` naming it.
    """  # fmt: skip
    names = list(partners) if not isinstance(partners, (str, bytes)) else None
    if not names or any(not isinstance(p, str) or not p for p in names):
        raise ValueError(f"partners must be a non-empty list of names, got {partners!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"partners must be distinct, got {names!r}")
    n = len(names)
    m0 = _checks.vector(baseline_imports, "baseline_imports", n)
    t0 = _checks.vector(old_tariffs, "old_tariffs", n)
    t1 = _checks.vector(new_tariffs, "new_tariffs", n)
    eps = _checks.positive(import_demand_elasticity, "import_demand_elasticity")
    sigma = _checks.positive(substitution_elasticity, "substitution_elasticity")
    if m0.sum() <= 0:
        raise ValueError("baseline_imports must have a positive total, got all zeros")
    return names, m0, t0, t1, eps, sigma


class PartnerRows:
    """Per-partner results as table rows: the one rule both SMART-style outcomes share.

    A subclass lists ``ROWS``, the names of its per-partner array attributes in the column
    order its tables show (the row key is the name, singular for ``world_prices``), and has
    ``partners``, ``baseline_imports`` and ``new_imports``.
    """

    ROWS: tuple[str, ...] = ()
    _KEYS = {"world_prices": "world_price"}

    @property
    def change(self) -> np.ndarray:
        """Change in imports by partner, ``new_imports - baseline_imports``."""
        return self.new_imports - self.baseline_imports

    def rows(self) -> list[dict]:
        """One dict per partner (for tables and charts): ``partner``, then ``ROWS``."""
        columns = [(self._KEYS.get(name, name), getattr(self, name)) for name in self.ROWS]
        return [
            {"partner": p, **{key: float(values[i]) for key, values in columns}}
            for i, p in enumerate(self.partners)
        ]


@dataclass(frozen=True)
class SmartOutcome(PartnerRows):
    """What a tariff change does to imports by partner, revenue and welfare.

    Per-partner fields are numpy arrays in the order of ``partners``; money amounts
    are in the unit of the baseline imports (e.g. $ billion a year).

    Attributes
    ----------
    partners : tuple of str
    baseline_imports, new_imports : numpy.ndarray
        Imports by partner before and after, at world prices.
    trade_diversion : numpy.ndarray
        Imports switched between partners (sums to zero).
    trade_creation : numpy.ndarray
        Change in imports because imports as a whole became dearer (or cheaper).
    world_prices : numpy.ndarray
        Each partner's export price after the change (1 before). Below 1 only with
        a finite ``export_supply_elasticity``: exporters then absorb part of a tariff.
    price_effect : numpy.ndarray
        Change in the value of imports caused by the change in world prices,
        ``new_imports * (world_prices - 1)``: value after minus value before is
        ``trade_creation + trade_diversion + price_effect``.
    old_tariffs, new_tariffs : numpy.ndarray
        Ad valorem tariffs by partner, fractions.
    basket_price : float
        The CES price index of the import composite after the change relative to
        before (1 = same); see :func:`ces_price_index`.
    total_baseline_imports, total_new_imports : float
    old_tariff_revenue, new_tariff_revenue : float
    consumer_cost : float
        Loss of buyers' surplus (positive when tariffs rise).
    welfare_change : float
        ``new_tariff_revenue - old_tariff_revenue - consumer_cost``.
    deadweight_loss : float
        ``-welfare_change``.
    """

    partners: tuple
    baseline_imports: np.ndarray
    old_tariffs: np.ndarray
    new_tariffs: np.ndarray
    new_imports: np.ndarray
    trade_diversion: np.ndarray
    trade_creation: np.ndarray
    world_prices: np.ndarray
    price_effect: np.ndarray
    basket_price: float
    total_baseline_imports: float
    total_new_imports: float
    old_tariff_revenue: float
    new_tariff_revenue: float
    consumer_cost: float
    welfare_change: float
    deadweight_loss: float

    ROWS = ("baseline_imports", "new_imports", "trade_diversion", "trade_creation", "change",
            "world_prices", "price_effect")  # fmt: skip

    def totals(self) -> dict[str, float]:
        """The economy-wide numbers as plain floats."""
        return {
            "basket_price": self.basket_price,
            "total_baseline_imports": self.total_baseline_imports,
            "total_new_imports": self.total_new_imports,
            "old_tariff_revenue": self.old_tariff_revenue,
            "new_tariff_revenue": self.new_tariff_revenue,
            "consumer_cost": self.consumer_cost,
            "welfare_change": self.welfare_change,
            "deadweight_loss": self.deadweight_loss,
        }


def smart_outcome(
    *,
    partners: Sequence[str],
    baseline_imports: Sequence[float],
    old_tariffs: Sequence[float],
    new_tariffs: Sequence[float],
    import_demand_elasticity: float,
    substitution_elasticity: float,
    export_supply_elasticity: float = math.inf,
) -> SmartOutcome:
    """Imports by partner, revenue and welfare after a change in tariffs.

    Parameters
    ----------
    partners : sequence of str
        Names of the supplying countries, distinct and non-empty.
    baseline_imports : sequence of float
        Imports from each partner at the old tariffs, valued at world prices
        (e.g. $ billion a year), >= 0 with a positive total.
    old_tariffs, new_tariffs : sequence of float
        Ad valorem tariff on each partner's goods before and after, fractions >= 0.
    import_demand_elasticity : float
        ``ε > 0``: the percentage fall in the import composite for a 1 % rise in its
        CES price index, at the baseline (straight-line demand): an *aggregate*
        import-demand elasticity, near 1 in macro estimates, not a between-supplier one.
    substitution_elasticity : float
        ``σ > 0``: the percentage shift between two partners' goods for a 1 %
        change in their relative price (Armington elasticity *between suppliers*).
    export_supply_elasticity : float, optional
        ``e > 0``, the same for every partner (as in SMART): each partner's exports
        to the importer follow a straight line through the baseline,
        ``M_i max(0, 1 + e (p_i - 1))``, where ``p_i`` is its export price (1 before).
        ``math.inf`` (the default) means world prices do not move (a small country,
        or the complete pass-through found for the 2018-19 US tariffs). With one
        partner the outcome is the large-country case of
        :func:`widgets.models.tariff.tariff_outcome` (tested).

    Returns
    -------
    SmartOutcome

    Raises
    ------
    ValueError
        Naming the parameter: negative, NaN or infinite imports or tariffs;
        elasticities that are not finite and > 0 (the export-supply elasticity may
        be ``math.inf``); lists of different lengths;
        repeated partner names; zero total imports.

    Examples
    --------
    Two partners sell 100 each; a 100 % tariff on A, none on B; σ = 2, ε = 1. A's
    goods now cost twice B's, so a quarter as many of them are bought per unit of B's:
    shares 1/5 and 4/5, and 60 is diverted from A to B. The CES price index is
    ``1 / (0.5/2 + 0.5/1) = 4/3``, so the composite falls by a third, and total imports
    to ``125 (4/3)**2 (2/3) = 148.1`` (worked in ``tests/test_smart_model.py``):

    >>> out = smart_outcome(partners=["A", "B"], baseline_imports=[100, 100],
    ...                     old_tariffs=[0, 0], new_tariffs=[1.0, 0],
    ...                     import_demand_elasticity=1, substitution_elasticity=2)
    >>> out.trade_diversion.round(4).tolist()
    [-60.0, 60.0]
    >>> out.new_imports.round(4).tolist()
    [29.6296, 118.5185]
    >>> round(out.deadweight_loss, 4)  # consumer cost 55.56 minus revenue 29.63
    25.9259
    """
    names, m0, t0, t1, eps, sigma = check_scenario(
        partners, baseline_imports, old_tariffs, new_tariffs,
        import_demand_elasticity, substitution_elasticity,
    )  # fmt: skip
    supply = _checks.positive_or_inf(
        export_supply_elasticity, "export_supply_elasticity", "math.inf: world prices fixed"
    )
    total0 = float(m0.sum())

    world = np.ones_like(m0)
    if math.isfinite(supply):
        world = _solve_world_prices(m0, t0, t1, eps, sigma, supply)
    f = smart_formula(NUMPY, m0, t0, t1, eps, sigma, world)
    price, total1, new, cost, welfare = f.price, f.total1, f.m1, f.consumer_cost, f.welfare_change
    diversion, creation = f.diversion, f.creation
    revenue0, revenue1 = f.revenue0, f.revenue1
    return SmartOutcome(
        partners=tuple(names),
        baseline_imports=m0,
        old_tariffs=t0,
        new_tariffs=t1,
        new_imports=new,
        trade_diversion=diversion,
        trade_creation=creation,
        world_prices=world,
        price_effect=new * (world - 1),
        basket_price=price,
        total_baseline_imports=total0,
        total_new_imports=float(total1),
        old_tariff_revenue=revenue0,
        new_tariff_revenue=revenue1,
        consumer_cost=float(cost),
        welfare_change=float(welfare),
        deadweight_loss=float(-welfare),
    )


def smart_formula(xp, m0, t0, t1, eps, sigma, world=1.0):
    """The closed form of :func:`smart_outcome` at given export prices, written once.

    The inputs in the model's symbols: baseline imports ``m0``, old and new tariffs ``t0``
    and ``t1`` (fractions), the import-demand elasticity ``eps``, the elasticity of
    substitution between suppliers ``sigma`` and the export prices ``world`` (1 before
    the change); :func:`check_scenario` returns them in this order. One row per
    partner; ``xp.total`` sums over the partners. With
    :data:`widgets.models.formula.NUMPY` the inputs are arrays (as in
    :func:`smart_outcome`); with the chart layer's Vega backend they are fields and the
    website evaluates the same lines. Returns a record with, per partner, ``r``, ``w``
    (diverted weights), ``omega`` (baseline spending shares), ``share``,
    ``diversion``, ``creation``, ``m1`` (new imports), and ``change``, and the totals
    ``total0``, ``price`` (the CES price index), ``quantity`` (the composite, 1
    before), ``total1``, ``spending0``, ``revenue0``, ``revenue1``, ``cost_share``,
    ``consumer_cost`` and ``welfare_change``.

    Examples
    --------
    >>> import numpy as np
    >>> from widgets.models.formula import NUMPY
    >>> f = smart_formula(NUMPY, np.array([100.0, 100.0]), np.zeros(2), np.array([1.0, 0.0]),
    ...                   eps=1.0, sigma=2.0)
    >>> f.share.round(4).tolist(), round(f.price, 4), round(f.total1, 4)
    ([0.2, 0.8], 1.3333, 148.1481)
    """
    f = xp.record()
    f.r = world * (1 + t1) / (1 + t0)
    f.w = m0 * xp.pow(f.r, -sigma)
    f.w_total = xp.total(f.w, "w_total_sum")
    f.total0 = xp.total(m0, "total0_sum")
    f.share = f.w / f.w_total
    f.diversion = f.share * f.total0 - m0
    # the exact CES price index, from baseline duty-inclusive spending shares omega
    f.spending0 = xp.total(m0 * (1 + t0), "spending0_sum")
    f.omega = m0 * (1 + t0) / f.spending0
    f.log_r_mean = xp.total(f.omega * xp.log(f.r), "log_r_mean_sum")
    # Σ ω r^(1-σ), written 1 + Σ ω (r^(1-σ) - 1) (the ω sum to 1): partners whose price did
    # not change add exactly 0, so "nothing changed" gives exactly 1 even for σ near 1, where
    # the rounding of Σ ω would otherwise be divided by 1 - σ.
    f.ces_sum = 1 + xp.total(f.omega * (xp.pow(f.r, 1 - sigma) - 1), "ces_sum_total")
    f.cobb_douglas = xp.abs(1 - sigma) < _COBB_DOUGLAS
    f.one_minus_sigma = xp.where(f.cobb_douglas, 1.0, 1 - sigma)
    f.price = xp.where(f.cobb_douglas, xp.exp(f.log_r_mean),
                       xp.exp(xp.log(f.ces_sum) / f.one_minus_sigma))  # fmt: skip
    # the composite's quantity on the straight line, then each partner's share of it
    f.quantity = xp.max(0.0, 1 - eps * (f.price - 1))
    f.total1 = f.w_total * xp.pow(f.price, sigma) * f.quantity
    f.creation = f.share * (f.total1 - f.total0)
    f.m1 = f.share * f.total1
    f.change = f.m1 - m0
    f.revenue0 = xp.total(t0 * m0, "revenue0_sum")
    f.revenue1 = xp.total(t1 * world * f.m1, "revenue1_sum")
    f.cost_share = cost_share_formula(xp, f.price - 1, eps)
    f.consumer_cost = f.spending0 * f.cost_share
    f.welfare_change = f.revenue1 - f.revenue0 - f.consumer_cost
    return f


def cost_share_formula(xp, price_change, import_demand_elasticity):
    """:func:`consumer_cost_share` for both backends (``xp``): ``x - ε x² / 2`` below the
    choke price ``x = 1/ε``, ``1 / (2ε)`` beyond it.

    Examples
    --------
    >>> from widgets.models.formula import NUMPY
    >>> cost_share_formula(NUMPY, 1 / 3, 1.0), cost_share_formula(NUMPY, 2.0, 1.0)
    (0.2777777777777778, 0.5)
    """
    x, e = price_change, import_demand_elasticity
    return xp.where(x >= 1 / e, 1 / (2 * e), x - e * x * x / 2)
