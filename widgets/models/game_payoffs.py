"""The per-round payoffs of the repeated tariff game (:mod:`widgets.models.tit_for_tat`).

The per-round welfare model
---------------------------
The payoffs come from the tariff-war model of :mod:`widgets.models.tariff_war`:
both countries import the classroom good from each other, each in a market like
the other's (a large country: foreign export supply elasticity above one). Country
*i*'s payoff in a round, in $ million a year (its welfare change from free trade),
with its own tariff :math:`\\tau_i` and its partner's :math:`\\tau_j` in percent, is

.. math::

    u_i = G(\\tau_i) - F(\\tau_j) ,

* :math:`G(\\tau)` is what a country gains in its own import market from its tariff
  (terms-of-trade gain minus deadweight loss; negative for a high tariff);
* :math:`F(\\tau)` is what its exporters lose in the partner's market from the
  partner's tariff.

:class:`MarketWelfare` computes both with :func:`~widgets.models.tariff_war.tariff_welfare`
(:data:`DEFAULT_WELFARE`: the classroom market with the book's large-country
elasticity). A country facing a passive partner does best at its *optimal tariff*
whatever the partner does, so a one-shot game ends with both at it and both worse
off than under free trade: a prisoner's dilemma. For one step of size :math:`s`
from free trade the payoff matrix is

=================  ==========================  ==========================
(A's payoff, B's)  B de-escalates (0)         B escalates (s)
=================  ==========================  ==========================
A de-escalates     (0, 0)                      (-F(s), G(s))
A escalates        (G(s), -F(s))               (G(s) - F(s), same)
=================  ==========================  ==========================

(:meth:`MarketWelfare.payoff_matrix`), a prisoner's dilemma for every step with
:math:`G(s) > 0`, because the world loses from any tariff (:math:`F > G`).

Only numpy, scipy and the book's tariff models are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from widgets.models import _checks
from widgets.models.examples import CLASSROOM_MARKET, LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY
from widgets.models.tariff_war import ImportMarket, optimal_tariff_rate, tariff_welfare

__all__ = ["MarketWelfare", "DEFAULT_WELFARE"]

_real = _checks.real
_integer = _checks.integer


def _classroom_large_country() -> ImportMarket:
    market = CLASSROOM_MARKET
    return ImportMarket(market["demand"], market["supply"], market["world_price"],
                        LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY)  # fmt: skip


@dataclass(frozen=True)
class MarketWelfare:
    """Per-round payoff :math:`u_i = G(\\tau_i) - F(\\tau_j)` from the tariff-war model.

    Both countries import the same good from each other in markets like ``market``.

    Parameters
    ----------
    market : ImportMarket
        Each country's import market (:class:`~widgets.models.tariff_war.ImportMarket`),
        with a foreign export supply elasticity above one (a large country).

    Examples
    --------
    Suranovic's Coke market with foreign export supply elasticity 2 (the numbers of
    :func:`~widgets.models.tariff_war.tariff_welfare`):

    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> w = MarketWelfare(ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0))
    >>> round(w.payoff(own_tariff_pct=20, partner_tariff_pct=0), 6)   # G(20)
    0.382653
    >>> round(w.payoff(20, 20), 6)   # G(20) - F(20)
    -0.095663
    >>> round(w.optimal_tariff_pct, 4)   # 500/13
    38.4615
    """

    market: ImportMarket = field(default_factory=_classroom_large_country)

    def __post_init__(self):
        if not isinstance(self.market, ImportMarket):
            raise ValueError(f"market must be an ImportMarket, got {self.market!r}")
        optimal = optimal_tariff_rate(self.market)  # checks e* > 1
        object.__setattr__(self, "_cache", {})
        object.__setattr__(self, "_optimal", 100.0 * optimal)

    def _levels(self, tariff_pct: float) -> tuple[float, float]:
        """(G, F) at one tariff in percent, computed once per level."""
        key = float(tariff_pct)
        if key not in self._cache:
            w = tariff_welfare(self.market, key / 100.0)
            self._cache[key] = (w.home_welfare_change, -w.foreign_welfare_change)
        return self._cache[key]

    def own_tariff_gain(self, tariff_pct):
        """:math:`G(\\tau)`: the welfare change in a country's own market from its tariff."""
        return self._apply(tariff_pct, 0)

    def partner_tariff_loss(self, tariff_pct):
        """:math:`F(\\tau)` (>= 0): its exporters' loss from the partner's tariff."""
        return self._apply(tariff_pct, 1)

    def _apply(self, tariff_pct, which: int):
        values = np.asarray(tariff_pct, dtype=float)
        levels, where = np.unique(values, return_inverse=True)  # each level computed once
        out = np.array([self._levels(t)[which] for t in levels])[where].reshape(values.shape)
        return float(out) if out.ndim == 0 else out

    def payoff(self, own_tariff_pct, partner_tariff_pct):
        """Per-round payoff of a country ($ million a year); numbers or arrays."""
        own = self.own_tariff_gain(own_tariff_pct)
        partner = self.partner_tariff_loss(partner_tariff_pct)
        value = np.asarray(own) - np.asarray(partner)
        return float(value) if value.ndim == 0 else value

    @property
    def optimal_tariff_pct(self) -> float:
        """The tariff that maximises the payoff whatever the partner does (percent)."""
        return self._optimal

    @property
    def no_gain_tariff_pct(self) -> float:
        """The tariff above the optimal one at which :math:`G` falls back to zero (percent).

        From there on a tariff costs its own country more deadweight loss than it gains
        on the terms of trade, even if the partner never answers; ``math.inf`` if
        :math:`G` stays positive up to the prohibitive tariff.
        """
        high = 100.0 * self.market.prohibitive_rate()
        if math.isinf(high) or self.own_tariff_gain(high) > 0:
            return math.inf
        return float(brentq(self.own_tariff_gain, self._optimal, high, xtol=1e-12))

    def payoff_matrix(self, step_pct: float) -> np.ndarray:
        """Row player's payoffs for one step from free trade: ``[[R, S], [T, P]]``.

        Rows: own move (de-escalate, escalate); columns: partner's move (same order).
        The game is symmetric, so the column player's matrix is the transpose.
        """
        s = _real(step_pct, "step_pct", "a finite number > 0", lambda x: x > 0)
        levels = (0.0, s)
        return np.array([[self.payoff(own, other) for other in levels] for own in levels])

    def is_prisoners_dilemma(self, step_pct: float) -> bool:
        """Whether the one-step game has the order T > R > P > S and 2R > T + S."""
        (r, s), (t, p) = self.payoff_matrix(step_pct)
        return bool(t > r > p > s and 2 * r > t + s)

    def discount_factors(self, step_pct: float) -> dict[str, float]:
        """Smallest discount factors that sustain free trade in the repeated one-step game.

        ``grim_trigger``: :math:`\\delta \\ge (T - R)/(T - P)` (escalating for ever after
        one escalation deters it); ``tit_for_tat``: :math:`\\delta \\ge \\max((T - R)/(T - P),
        (T - R)/(R - S))` (Axelrod and Hamilton 1981: neither escalating for ever nor
        alternating pays against tit for tat). Here :math:`T + S = P + R`, so both are
        :math:`G(s)/F(s)`.

        Raises
        ------
        ValueError
            If the one-step game is not a prisoner's dilemma (the message names
            ``step_pct``).

        Examples
        --------
        >>> from widgets.models.tariff import LinearDemand, LinearSupply
        >>> w = MarketWelfare(ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0))
        >>> d = w.discount_factors(20)   # G/F = 0.382653/0.478316 = 0.8
        >>> round(d["grim_trigger"], 6), round(d["tit_for_tat"], 6)
        (0.8, 0.8)
        """
        if not self.is_prisoners_dilemma(step_pct):
            raise ValueError(
                f"step_pct must give a prisoner's dilemma (0 < G(step)), got {step_pct!r}"
            )
        (r, s), (t, p) = self.payoff_matrix(step_pct)
        grim = (t - r) / (t - p)
        return {"grim_trigger": float(grim), "tit_for_tat": float(max(grim, (t - r) / (r - s)))}

    def wto_discount_factor(self, step_pct: float, dispute_rounds: int) -> float:
        """Smallest discount factor at which authorised retaliation deters a one-step
        violation that a dispute takes ``dispute_rounds`` rounds to rule on.

        The retaliation is the grim-trigger punishment of :meth:`discount_factors`
        (equivalent concessions for as long as the violation lasts), starting
        ``dispute_rounds`` rounds later: the violator keeps :math:`T` for those rounds
        too, so :math:`\\delta` becomes :math:`\\delta^{D+1}` in the grim-trigger
        condition, :math:`\\delta^{D+1} \\ge (T - R)/(T - P)`. With no delay it is that
        condition; as the dispute never ends (appeals into the void) it tends to 1.

        Examples
        --------
        >>> from widgets.models.tariff import LinearDemand, LinearSupply
        >>> w = MarketWelfare(ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0))
        >>> round(w.wto_discount_factor(20, 0), 6), round(w.wto_discount_factor(20, 1), 6)
        (0.8, 0.894427)
        """
        grim = self.discount_factors(step_pct)["grim_trigger"]
        rounds = _integer(dispute_rounds, "dispute_rounds", "an integer >= 0", lambda n: n >= 0)
        return float(grim ** (1.0 / (rounds + 1)))


#: The book's calibration: the classroom market of the tariffs chapter as a large country.
DEFAULT_WELFARE = MarketWelfare()
