"""The optimal tariff, and a tariff war between two large countries.

Built on :func:`widgets.models.tariff.tariff_outcome` (one good, partial equilibrium):
a *large* importer faces a foreign export supply curve that slopes upward, so a tariff
pushes the foreign price down and part of the tariff is paid by foreign exporters. That
terms-of-trade gain is what makes a tariff tempting, and what makes a tariff war a
prisoner's dilemma.

Assumptions (stated where the reader meets them in the chapter):

* each country's import market is the single-good model of the tariffs chapter, with a
  linear foreign export supply through the free-trade point (elasticity ``e*`` there);
* markets are independent: a tariff in one market does not move prices, incomes or the
  exchange rate in the other (partial equilibrium, no general-equilibrium offsets such
  as Lerner symmetry or a currency depreciation);
* governments maximise national welfare: consumer plus producer surplus plus tariff
  revenue, plus their exporters' surplus abroad.

Under these assumptions a country's best tariff does not depend on its partner's tariff
(each tariff acts on a different market), so the optimal tariff is a dominant strategy
in a one-shot game, and the Nash equilibrium of a tariff war has both countries at their
optimal tariffs, worse off than under free trade when the markets are alike.

Welfare is in currency per period; tariff rates are fractions (0.25 = 25 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq, minimize_scalar

from widgets.models._checks import real
from widgets.models.tariff import prohibitive_tariff_rate, tariff_outcome

__all__ = [
    "ImportMarket",
    "TariffWarOutcome",
    "TariffWelfare",
    "best_response_rate",
    "country_welfare_change",
    "iso_welfare_partner_rate",
    "nash_tariff_rates",
    "optimal_tariff_rate",
    "revenue_maximising_tariff_rate",
    "tariff_war",
    "tariff_welfare",
]


@dataclass(frozen=True)
class ImportMarket:
    """One country's market for its imported good.

    Parameters
    ----------
    demand, supply
        Home demand and supply curves (:class:`~widgets.models.tariff.LinearDemand`
        and friends).
    world_price : float
        Free-trade world price, currency per unit (> 0).
    export_supply_elasticity : float
        Elasticity of the partner's export supply at the free-trade point (> 0);
        ``math.inf`` for a small country.
    """

    demand: object
    supply: object
    world_price: float
    export_supply_elasticity: float = math.inf

    def outcome(self, tariff_rate: float):
        """:func:`~widgets.models.tariff.tariff_outcome` of this market at ``tariff_rate``."""
        return tariff_outcome(
            demand=self.demand,
            supply=self.supply,
            world_price=self.world_price,
            tariff_rate=tariff_rate,
            export_supply_elasticity=self.export_supply_elasticity,
        )

    def prohibitive_rate(self) -> float:
        """The smallest ad valorem rate that stops all imports (``math.inf`` if none)."""
        return prohibitive_tariff_rate(
            demand=self.demand,
            supply=self.supply,
            world_price=self.world_price,
            export_supply_elasticity=self.export_supply_elasticity,
        )


@dataclass(frozen=True)
class TariffWelfare:
    """Welfare changes from a tariff, for the importer, its partner and the world.

    Attributes
    ----------
    tariff_rate : float
        The importer's ad valorem tariff (fraction).
    world_price, imports, tariff_revenue : float
        As in :class:`~widgets.models.tariff.TariffOutcome`.
    home_welfare_change : float
        The importer's net welfare change (consumer + producer surplus + revenue).
    foreign_welfare_change : float
        The change in the foreign exporters' producer surplus (<= 0): the area to
        the left of the linear export supply curve between the two foreign prices.
    world_welfare_change : float
        The sum of the two (<= 0 for any tariff: the tariff is a transfer plus a loss).
    foreign_export_supply_elasticity : float
        The point elasticity of foreign export supply at the new foreign price.
    """

    tariff_rate: float
    world_price: float
    imports: float
    tariff_revenue: float
    home_welfare_change: float
    foreign_welfare_change: float
    world_welfare_change: float
    foreign_export_supply_elasticity: float


def _foreign_supply(market: ImportMarket, out, p_star: float) -> float:
    """Foreign export supply X*(p*) on the linear curve of :func:`tariff_outcome`."""
    e = market.export_supply_elasticity
    ratio = p_star / out.free_trade_price
    return out.free_trade_imports * max(0.0, 1.0 + e * (ratio - 1.0))


def _point_elasticity(market: ImportMarket, out) -> float:
    """Point elasticity of the linear foreign export supply at the outcome's p*."""
    e = market.export_supply_elasticity
    if math.isinf(e):
        return math.inf
    ratio = out.world_price / out.free_trade_price
    level = 1.0 + e * (ratio - 1.0)
    return math.inf if level <= 0.0 else e * ratio / level


def tariff_welfare(market: ImportMarket, tariff_rate: float) -> TariffWelfare:
    """Who gains and who loses, at home and abroad, from an ad valorem tariff.

    The foreign exporters' loss is the trapezoid to the left of their (linear) export
    supply between the free-trade price ``Pw`` and the new foreign price ``p*``:
    ``(Pw - p*) (X*(Pw) + X*(p*)) / 2``. It equals the importer's terms-of-trade gain
    (area G) plus a foreign deadweight triangle, so the world loses from any tariff.

    Examples
    --------
    Suranovic's Coke market with foreign export supply elasticity 2 and a 20 % tariff:

    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> coke = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)
    >>> w = tariff_welfare(coke, 0.2)
    >>> round(w.world_price, 6), round(w.home_welfare_change, 6)  # p* = 25/28
    (0.892857, 0.382653)
    >>> round(w.foreign_welfare_change, 6), round(w.world_welfare_change, 6)
    (-0.478316, -0.095663)
    """
    out = market.outcome(tariff_rate)
    x_star = _foreign_supply(market, out, out.world_price)
    foreign = -(out.free_trade_price - out.world_price) * (out.free_trade_imports + x_star) / 2.0
    foreign = min(0.0, foreign)  # rounding noise only: p* never rises above Pw
    return TariffWelfare(
        tariff_rate=out.tariff_rate,
        world_price=out.world_price,
        imports=out.imports,
        tariff_revenue=out.tariff_revenue,
        home_welfare_change=out.net_welfare_change,
        foreign_welfare_change=foreign,
        world_welfare_change=out.net_welfare_change + foreign,
        foreign_export_supply_elasticity=_point_elasticity(market, out),
    )


def _search_cap(market: ImportMarket) -> float:
    """The prohibitive rate, the upper end of every search for a tariff rate.

    With the linear foreign export supply of :func:`tariff_outcome` and ``e* <= 1``,
    foreign firms would offer a positive quantity at a zero price, so no tariff is
    prohibitive and tariff revenue grows without bound: the optimal and the
    revenue-maximising tariffs need ``e* > 1`` (or a small country).
    """
    real(
        market.export_supply_elasticity,
        "export_supply_elasticity",
        "a number > 1 (math.inf for a small country) for an optimal or revenue-maximising tariff",
        lambda e: e > 1,
        allow_inf=True,
    )
    return market.prohibitive_rate()


def optimal_tariff_rate(market: ImportMarket) -> float:
    """The tariff that maximises the importer's national welfare.

    At an interior optimum the rule is ``t* = 1 / e*(p*)``: the optimal ad valorem
    tariff is the inverse of the foreign export supply elasticity, measured at the
    foreign price the tariff itself brings about (for a constant elasticity this is the
    textbook ``t* = 1/e*``). The function solves that first-order condition,
    ``t e*(p*(t)) = 1``, with Brent's method. A small country (``e* = inf``) cannot
    move the world price, and its optimal tariff is zero.

    Raises
    ------
    ValueError
        If ``export_supply_elasticity <= 1`` (see :func:`_search_cap`) or another
        input is out of range; the message names the parameter.

    Examples
    --------
    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> coke = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)
    >>> t = optimal_tariff_rate(coke)  # 5/13 by hand: t = 1 - 1/(2 p*), p* = 25/(25 + 15 t)
    >>> round(t, 6), round(1 / tariff_welfare(coke, t).foreign_export_supply_elasticity, 6)
    (0.384615, 0.384615)
    >>> optimal_tariff_rate(ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0))
    0.0
    """
    high = _search_cap(market)
    if math.isinf(market.export_supply_elasticity) or high == 0.0:
        return 0.0  # a small country, or a market that imports nothing under free trade

    def condition(t: float) -> float:
        return t * tariff_welfare(market, t).foreign_export_supply_elasticity - 1.0

    # At the prohibitive rate foreign supply is zero and its elasticity infinite: the
    # condition is positive just inside it, and -1/e* < 0 at a zero tariff.
    return float(brentq(condition, 0.0, high * (1.0 - 1e-9), xtol=1e-15, rtol=1e-15))


def revenue_maximising_tariff_rate(market: ImportMarket) -> float:
    """The tariff that collects the most revenue, ``t p* M``.

    Revenue is zero at a zero tariff and at the prohibitive tariff and single-peaked in
    between for the book's curves; the peak is found by bounded scalar minimisation on
    ``[0, prohibitive rate]``. For a small country with linear curves it is exactly half
    the prohibitive rate. Needs ``export_supply_elasticity > 1`` (see
    :func:`optimal_tariff_rate`).

    Examples
    --------
    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> coke = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0)
    >>> round(revenue_maximising_tariff_rate(coke), 6), round(coke.prohibitive_rate() / 2, 6)
    (0.166667, 0.166667)
    """
    high = _search_cap(market)
    if high == 0.0:
        return 0.0  # nothing imported under free trade
    result = minimize_scalar(
        lambda t: -market.outcome(t).tariff_revenue,
        bounds=(0.0, high),
        method="bounded",
        options={"xatol": 1e-12 * max(1.0, high)},
    )
    return float(result.x)


@dataclass(frozen=True)
class TariffWarOutcome:
    """A one-shot tariff war between two large countries, and what sustains peace.

    Each country chooses between free trade (a zero tariff) and its optimal tariff.
    Payoffs are each country's welfare change from free trade, in currency per period:
    ``reward`` (both free trade, zero by construction), ``temptation`` (I tax, you
    don't), ``sucker`` (you tax, I don't) and ``punishment`` (both tax: the Nash
    equilibrium). Pairs are ``(home, foreign)``.

    ``cooperation_discount_factor`` is the smallest discount factor at which free
    trade is sustained in the repeated game by the threat of reverting to the tariff
    war for ever (grim trigger): ``delta >= (T - R) / (T - P)``; it is ``nan`` when
    mutual tariffs do not hurt that country (no dilemma for it).

    ``tit_for_tat_discount_factor`` is the smallest discount factor at which tit for
    tat against tit for tat is an equilibrium (Axelrod and Hamilton 1981): no
    deviation pays, neither taxing for ever (``(T - R) / (T - P)``) nor alternating
    tax and free trade (``(T - R) / (R - S)``), so ``delta`` must exceed the larger.
    Here payoffs add up market by market, ``T + S = P + R``, and the two bounds are
    equal.
    """

    nash_tariff_rates: tuple[float, float]
    temptation: tuple[float, float]
    reward: tuple[float, float]
    punishment: tuple[float, float]
    sucker: tuple[float, float]
    is_prisoners_dilemma: bool
    cooperation_discount_factor: tuple[float, float]
    tit_for_tat_discount_factor: tuple[float, float]


def country_welfare_change(
    own: ImportMarket, partner: ImportMarket, own_rate: float, partner_rate: float
) -> float:
    """A country's welfare change from free trade in the two-country tariff game.

    The sum of what its own tariff does in its import market ``own`` (consumer and
    producer surplus plus revenue) and what the partner's tariff does to its exporters
    in the partner's import market ``partner`` (their producer surplus). Currency per
    period, as the markets.

    Examples
    --------
    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> m = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)
    >>> round(country_welfare_change(m, m, 0.2, 0.2), 6)  # 0.382653 - 0.478316
    -0.095663
    """
    return (
        tariff_welfare(own, own_rate).home_welfare_change
        + tariff_welfare(partner, partner_rate).foreign_welfare_change
    )


_payoff = country_welfare_change


def best_response_rate(own: ImportMarket, partner: ImportMarket, partner_rate: float) -> float:
    """The tariff that maximises a country's welfare given its partner's tariff.

    The partner's tariff enters :func:`country_welfare_change` through the partner's
    own market only, so it does not change which tariff is best at home: the best
    response to *any* partner tariff is the optimal tariff of the country's own import
    market, ``t* = 1/e*(p*)``. Drawn against the partner's tariff, the best-response
    "curve" is a straight line, and the optimal tariff is a dominant strategy.
    (In a whole economy, where tariffs move wages and exchange rates, the curves bend:
    Johnson 1953-54.)

    Examples
    --------
    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> m = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)
    >>> [round(best_response_rate(m, m, t), 6) for t in (0.0, 0.5, 1.0)]  # 5/13 each
    [0.384615, 0.384615, 0.384615]
    """
    tariff_welfare(partner, partner_rate)  # checks the partner's rate
    return optimal_tariff_rate(own)


def iso_welfare_partner_rate(
    own: ImportMarket, partner: ImportMarket, own_rate: float, welfare_change: float
) -> float:
    """The partner tariff that leaves a country at a given welfare, given its own tariff.

    Traced over ``own_rate`` this is the country's *iso-welfare curve* in the diagram of
    the two tariffs: the pairs ``(own_rate, partner_rate)`` with
    :func:`country_welfare_change` equal to ``welfare_change``. The partner's tariff
    only hurts (its exporters' loss rises with it), so there is at most one such rate;
    ``nan`` if there is none between zero and the partner's prohibitive tariff.

    Examples
    --------
    Through the Nash point of two Coke markets (e* = 2): at the optimal tariff the curve
    passes through the partner's optimal tariff, and at a zero tariff it lies lower.

    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> m = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)
    >>> nash = country_welfare_change(m, m, 5 / 13, 5 / 13)  # -75/256
    >>> round(iso_welfare_partner_rate(m, m, 5 / 13, nash), 6)
    0.384615
    >>> # F(t) = 5 p*(1 - p*) = 75/256 at p* = 15/16, so t = 1/9:
    >>> round(iso_welfare_partner_rate(m, m, 0.0, nash), 6)
    0.111111
    """
    level = real(welfare_change, "welfare_change", "a finite number")
    gain = tariff_welfare(own, own_rate).home_welfare_change
    high = partner.prohibitive_rate()
    high = 10.0 if math.isinf(high) else high

    def gap(t: float) -> float:  # the partner's tariff lowers welfare: gap falls with t
        return gain + tariff_welfare(partner, t).foreign_welfare_change - level

    if gap(0.0) < 0 or gap(high) > 0:
        return math.nan
    if gap(0.0) == 0:
        return 0.0
    return float(brentq(gap, 0.0, high, xtol=1e-13, rtol=1e-13))


def nash_tariff_rates(home: ImportMarket, foreign: ImportMarket) -> tuple[float, float]:
    """The Nash equilibrium of the one-shot tariff game: each tariff a best response.

    The best responses are straight lines (:func:`best_response_rate`), so they cross
    once, at the two optimal tariffs.

    Examples
    --------
    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> m = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)
    >>> [round(t, 6) for t in nash_tariff_rates(m, m)]
    [0.384615, 0.384615]
    """
    t_home = best_response_rate(home, foreign, 0.0)
    t_foreign = best_response_rate(foreign, home, t_home)
    return (t_home, t_foreign)


def tariff_war(home: ImportMarket, foreign: ImportMarket) -> TariffWarOutcome:
    """The tariff game between two countries, each importing in its own market.

    ``home`` is the home country's import market (its foreign export supply is the
    partner's exporters); ``foreign`` is the partner's import market. Because each
    tariff acts on a different market, each country's best response to any tariff of
    its partner is its own optimal tariff: the best-response "curves" are straight
    lines and the Nash equilibrium is the pair of optimal tariffs.

    Examples
    --------
    Two identical Coke markets, each with foreign export supply elasticity 2:

    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> m = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)
    >>> war = tariff_war(m, m)
    >>> [round(x, 6) for x in war.nash_tariff_rates]
    [0.384615, 0.384615]
    >>> war.temptation[0], war.punishment[0], war.sucker[0]  # 15/32, -75/256, -195/256
    (0.46875, -0.29296875, -0.76171875)
    >>> war.is_prisoners_dilemma, round(war.cooperation_discount_factor[0], 6)  # 8/13
    (True, 0.615385)
    >>> round(war.tit_for_tat_discount_factor[0], 6)  # (T - R)/(R - S) = 120/195 = 8/13 too
    0.615385
    """
    t_home, t_foreign = nash_tariff_rates(home, foreign)
    temptation = (_payoff(home, foreign, t_home, 0.0), _payoff(foreign, home, t_foreign, 0.0))
    reward = (0.0, 0.0)
    punishment = (
        _payoff(home, foreign, t_home, t_foreign),
        _payoff(foreign, home, t_foreign, t_home),
    )
    sucker = (_payoff(home, foreign, 0.0, t_foreign), _payoff(foreign, home, 0.0, t_home))
    dilemma = all(temptation[i] > reward[i] > punishment[i] > sucker[i] for i in range(2))
    delta = tuple(
        (temptation[i] - reward[i]) / (temptation[i] - punishment[i])
        if punishment[i] < reward[i]
        else math.nan
        for i in range(2)
    )
    tft = tuple(
        max(delta[i], (temptation[i] - reward[i]) / (reward[i] - sucker[i]))
        if punishment[i] < reward[i] and sucker[i] < reward[i]
        else math.nan
        for i in range(2)
    )
    return TariffWarOutcome(
        nash_tariff_rates=(t_home, t_foreign),
        temptation=temptation,
        reward=reward,
        punishment=punishment,
        sucker=sucker,
        is_prisoners_dilemma=dilemma,
        cooperation_discount_factor=delta,
        tit_for_tat_discount_factor=tft,
    )
