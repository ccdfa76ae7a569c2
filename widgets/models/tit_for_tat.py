"""A repeated tariff game: two countries, a few strategies, seeded misreadings.

Two countries, A and B, play the same game for a number of rounds. In every round
each one makes one **move**: it *escalates* (raises its tariff on the other by one
step, up to a cap) or it *de-escalates* (cuts its tariff by one step, down to zero,
or holds it at zero). Each country then earns a **per-round payoff** that depends
on the two tariffs now in force.

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

Strategies
----------
``tit_for_tat``
    de-escalate in the first round, then copy what the partner *seemed* to do last round;
``generous_tit_for_tat``
    like tit for tat, but let a (seeming) escalation pass unanswered with probability
    ``generosity``;
``grim_trigger``
    de-escalate until the partner (seems to) escalate once, then escalate for ever;
``always_escalate`` and ``always_concede``
    the same move in every round, whatever the partner does.

Noise is a chance of *misreading* the partner's last move (an escalation read as a
de-escalation, or the reverse), drawn independently for each country and round.

Randomness is seeded: every draw comes from ``numpy.random.default_rng(seed)``, as
one table of uniform numbers with a row per round, so the same seed gives the same
game, and a game of ``n`` rounds is the first ``n`` rounds of a longer one.

Only numpy, the standard library and the book's tariff models are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np
from scipy.optimize import brentq

from widgets.models import _checks
from widgets.models.examples import CLASSROOM_MARKET, LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY
from widgets.models.tariff_war import ImportMarket, optimal_tariff_rate, tariff_welfare

__all__ = [
    "STRATEGIES",
    "STRATEGY_LABELS",
    "DEFAULT_WELFARE",
    "DEFAULT_GENEROSITY",
    "DEFAULT_MAX_TARIFF_PCT",
    "MarketWelfare",
    "GameResult",
    "TournamentResult",
    "play",
    "tournament",
]

#: The strategies, in the order the book lists them.
STRATEGIES = (
    "tit_for_tat",
    "generous_tit_for_tat",
    "grim_trigger",
    "always_escalate",
    "always_concede",
)

#: Probability that generous tit for tat lets a (seeming) escalation pass.
DEFAULT_GENEROSITY = 1 / 3
#: Cap on each tariff, in percent (above the 145% the US reached in April 2025).
DEFAULT_MAX_TARIFF_PCT = 150.0

#: Names of the strategies for readers.
STRATEGY_LABELS = {
    "tit_for_tat": "Tit for tat",
    "generous_tit_for_tat": "Generous tit for tat",
    "grim_trigger": "Grim trigger",
    "always_escalate": "Always escalate",
    "always_concede": "Always concede",
}


# ---------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------
_real = _checks.real
_integer = _checks.integer


def _strategy(value: object, name: str) -> str:
    return str(_checks.one_of(value, name, STRATEGIES))


# ---------------------------------------------------------------------------
# the per-round welfare model
# ---------------------------------------------------------------------------
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
        out = np.vectorize(lambda t: self._levels(t)[which], otypes=[float])(values)
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


#: The book's calibration: the classroom market of the tariffs chapter as a large country.
DEFAULT_WELFARE = MarketWelfare()


# ---------------------------------------------------------------------------
# one game
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GameResult:
    """One game, round by round (arrays of length ``rounds``; round 1 first).

    Attributes
    ----------
    strategy_a, strategy_b : str
        The two strategies.
    escalated_a, escalated_b : numpy.ndarray of bool
        Each country's move: True for an escalation.
    misread_a, misread_b : numpy.ndarray of bool
        Whether the country misread its partner's previous move in that round.
    tariff_a, tariff_b : numpy.ndarray of float
        Tariffs after the round's moves, in percent (A's tariff on B's goods, and
        the reverse).
    payoff_a, payoff_b : numpy.ndarray of float
        Per-round payoffs (welfare points).
    cumulative_a, cumulative_b : numpy.ndarray of float
        Running totals of the payoffs.
    """

    strategy_a: str
    strategy_b: str
    escalated_a: np.ndarray
    escalated_b: np.ndarray
    misread_a: np.ndarray
    misread_b: np.ndarray
    tariff_a: np.ndarray
    tariff_b: np.ndarray
    payoff_a: np.ndarray
    payoff_b: np.ndarray
    cumulative_a: np.ndarray
    cumulative_b: np.ndarray

    @property
    def rounds(self) -> int:
        return len(self.tariff_a)

    @property
    def total_a(self) -> float:
        return float(self.cumulative_a[-1])

    @property
    def total_b(self) -> float:
        return float(self.cumulative_b[-1])

    def as_dict(self) -> dict:
        """Every field, arrays as lists."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.tolist() if isinstance(value, np.ndarray) else value
        return out


def _decide(strategy, round_index, perceived_escalation, ever_perceived, forgive_draw, generosity):
    if strategy == "always_escalate":
        return True
    if strategy == "always_concede":
        return False
    if round_index == 0:
        return False  # the three reciprocal strategies open by de-escalating
    if strategy == "tit_for_tat":
        return perceived_escalation
    if strategy == "generous_tit_for_tat":
        return perceived_escalation and forgive_draw >= generosity
    return ever_perceived  # grim_trigger


def play(
    strategy_a: str,
    strategy_b: str,
    *,
    rounds: int = 20,
    step_pct: float = 10.0,
    noise: float = 0.0,
    seed: int = 0,
    initial_tariff_pct: float = 0.0,
    max_tariff_pct: float = DEFAULT_MAX_TARIFF_PCT,
    generosity: float = DEFAULT_GENEROSITY,
    welfare: MarketWelfare = DEFAULT_WELFARE,
) -> GameResult:
    """Play the repeated tariff game between two strategies.

    Parameters
    ----------
    strategy_a, strategy_b : str
        One of :data:`STRATEGIES` each.
    rounds : int
        Number of rounds, >= 1.
    step_pct : float
        Percentage points a tariff rises (or falls) with one move; > 0.
    noise : float
        Probability, in [0, 1), that a country misreads its partner's last move.
    seed : int
        Seed of ``numpy.random.default_rng``; >= 0.
    initial_tariff_pct : float
        Both tariffs before the first round, in percent; between 0 and ``max_tariff_pct``.
    max_tariff_pct : float
        Cap on each tariff, in percent; > 0.
    generosity : float
        Probability, in [0, 1], that generous tit for tat lets a (seeming)
        escalation pass.
    welfare : MarketWelfare
        The per-round payoff.

    Returns
    -------
    GameResult

    Examples
    --------
    Always escalate against always concede, steps of 10 points: A's tariff climbs
    10, 20, 30 while B's stays at zero. A earns G(10) + G(20) + G(30) and B loses
    F(10) + F(20) + F(30) ($ million, the classroom market):

    >>> g = play("always_escalate", "always_concede", rounds=3, step_pct=10)
    >>> g.tariff_a.tolist(), g.tariff_b.tolist()
    ([10.0, 20.0, 30.0], [0.0, 0.0, 0.0])
    >>> w = DEFAULT_WELFARE
    >>> bool(np.isclose(g.total_a, w.own_tariff_gain([10, 20, 30]).sum()))
    True
    >>> bool(np.isclose(g.total_b, -w.partner_tariff_loss([10, 20, 30]).sum()))
    True

    Tit for tat against itself never escalates without noise:

    >>> play("tit_for_tat", "tit_for_tat", rounds=50).tariff_a.max()
    np.float64(0.0)
    """
    strategy_a = _strategy(strategy_a, "strategy_a")
    strategy_b = _strategy(strategy_b, "strategy_b")
    rounds = _integer(rounds, "rounds", "an integer >= 1", lambda n: n >= 1)
    step = _real(step_pct, "step_pct", "a finite number > 0", lambda x: x > 0)
    noise = _real(noise, "noise", "a probability in [0, 1)", lambda x: 0 <= x < 1)
    seed = _integer(seed, "seed", "an integer >= 0", lambda n: n >= 0)
    cap = _real(max_tariff_pct, "max_tariff_pct", "a finite number > 0", lambda x: x > 0)
    start = _real(
        initial_tariff_pct, "initial_tariff_pct", f"a number between 0 and {cap:g}",
        lambda x: 0 <= x <= cap,
    )  # fmt: skip
    generosity = _real(generosity, "generosity", "a probability in [0, 1]", lambda x: 0 <= x <= 1)
    if not isinstance(welfare, MarketWelfare):
        raise ValueError(f"welfare must be a MarketWelfare, got {welfare!r}")

    # One row of draws per round: [A misreads, B misreads, A forgives, B forgives].
    draws = np.random.default_rng(seed).random((rounds, 4))
    strategies = (strategy_a, strategy_b)
    escalated = np.zeros((rounds, 2), dtype=bool)
    misread = np.zeros((rounds, 2), dtype=bool)
    tariff = np.zeros((rounds, 2))
    level = [start, start]
    ever = [False, False]  # has the country ever seen its partner escalate?
    for r in range(rounds):
        for i in (0, 1):
            partner_move = bool(escalated[r - 1, 1 - i]) if r > 0 else False
            misread[r, i] = r > 0 and draws[r, i] < noise
            perceived = partner_move != misread[r, i]
            ever[i] = ever[i] or perceived
            escalated[r, i] = _decide(strategies[i], r, perceived, ever[i], draws[r, 2 + i],
                                      generosity)  # fmt: skip
        for i in (0, 1):
            level[i] = min(level[i] + step, cap) if escalated[r, i] else max(level[i] - step, 0.0)
            tariff[r, i] = level[i]
    payoff_a = welfare.payoff(tariff[:, 0], tariff[:, 1])
    payoff_b = welfare.payoff(tariff[:, 1], tariff[:, 0])
    return GameResult(
        strategy_a=strategy_a,
        strategy_b=strategy_b,
        escalated_a=escalated[:, 0].copy(),
        escalated_b=escalated[:, 1].copy(),
        misread_a=misread[:, 0].copy(),
        misread_b=misread[:, 1].copy(),
        tariff_a=tariff[:, 0].copy(),
        tariff_b=tariff[:, 1].copy(),
        payoff_a=payoff_a,
        payoff_b=payoff_b,
        cumulative_a=np.cumsum(payoff_a),
        cumulative_b=np.cumsum(payoff_b),
    )


# ---------------------------------------------------------------------------
# a round-robin tournament
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TournamentResult:
    """Every strategy against every other (and itself), as in Axelrod's tournaments.

    Attributes
    ----------
    strategies : tuple of str
        The entrants, in the order given.
    scores : numpy.ndarray
        ``scores[i, j]``: the average total payoff of strategy ``i`` playing as A
        against strategy ``j`` as B, over the repetitions.
    """

    strategies: tuple
    scores: np.ndarray

    @property
    def average(self) -> np.ndarray:
        """Each strategy's average score over all opponents (itself included)."""
        return self.scores.mean(axis=1)

    def ranking(self) -> list[tuple[str, float]]:
        """(strategy, average score), best first; ties keep the entrants' order."""
        order = sorted(range(len(self.strategies)), key=lambda k: -self.average[k])
        return [(self.strategies[k], float(self.average[k])) for k in order]


def tournament(
    strategies=STRATEGIES,
    *,
    rounds: int = 20,
    step_pct: float = 10.0,
    noise: float = 0.0,
    seed: int = 0,
    repetitions: int = 1,
    **game,
) -> TournamentResult:
    """Round-robin tournament: each pair plays ``repetitions`` games (seeds ``seed``, ``seed+1``…).

    Extra keyword arguments (``initial_tariff_pct``, ``max_tariff_pct``,
    ``generosity``, ``welfare``) go to :func:`play`.

    Examples
    --------
    >>> t = tournament(rounds=10, step_pct=10)
    >>> t.ranking()[0][0]
    'generous_tit_for_tat'
    """
    strategies = tuple(strategies)
    if not strategies:
        raise ValueError("strategies must name at least one strategy, got none")
    for s in strategies:
        _strategy(s, "strategies")
    repetitions = _integer(repetitions, "repetitions", "an integer >= 1", lambda n: n >= 1)
    seed = _integer(seed, "seed", "an integer >= 0", lambda n: n >= 0)
    n = len(strategies)
    scores = np.zeros((n, n))
    for i, a in enumerate(strategies):
        for j, b in enumerate(strategies):
            total = 0.0
            for k in range(repetitions):
                total += play(a, b, rounds=rounds, step_pct=step_pct, noise=noise,
                              seed=seed + k, **game).total_a  # fmt: skip
            scores[i, j] = total / repetitions
    return TournamentResult(strategies=strategies, scores=scores)
