"""A repeated tariff game: two countries, a few strategies, seeded misreadings.

Two countries, A and B, play the same game for a number of rounds. In every round
each one makes one **move**: it *escalates* (raises its tariff on the other by one
step, up to a cap) or it *de-escalates* (cuts its tariff by one step, down to zero,
or holds it at zero). Each country then earns a **per-round payoff** that depends
on the two tariffs now in force.

The per-round payoffs
---------------------
Country *i*'s payoff in a round, in $ million a year, is
:math:`u_i = G(\\tau_i) - F(\\tau_j)`: what its own tariff gains it in its import market
minus what the partner's tariff costs its exporters, from the tariff-war model
(:mod:`widgets.models.game_payoffs`: :class:`MarketWelfare`, :data:`DEFAULT_WELFARE`). For one
step from free trade the game is a prisoner's dilemma.

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

import functools
import inspect
from dataclasses import dataclass, fields

import numpy as np

from widgets.models import _checks
from widgets.models.game_payoffs import DEFAULT_WELFARE, MarketWelfare

__all__ = [
    "STRATEGIES",
    "STRATEGY_LABELS",
    "DEFAULT_WELFARE",
    "DEFAULT_GENEROSITY",
    "DEFAULT_MAX_TARIFF_PCT",
    "MarketWelfare",
    "GameResult",
    "TournamentResult",
    "RULES",
    "RULE_LABELS",
    "RULE_FOLLOWERS",
    "DEFAULT_DISPUTE_ROUNDS",
    "NoiseBand",
    "play",
    "noise_band",
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


#: How the two countries may answer each other (``rules`` of :func:`play`).
RULES = ("none", "wto", "void")
#: Names of the rules for readers.
RULE_LABELS = {
    "none": "No rules",
    "wto": "WTO rules",
    "void": "WTO rules, appeals into the void",
}
#: Rounds between a violation and the retaliation the dispute system authorises.
DEFAULT_DISPUTE_ROUNDS = 2
#: The strategies that follow the rules when there are rules: they answer only through
#: the dispute system (under rules they all play alike).
RULE_FOLLOWERS = ("tit_for_tat", "generous_tit_for_tat", "grim_trigger")


def _decide(strategy, round_index, perceived, ever_perceived, forgive_draw, generosity):
    """Each game's move (True: escalate), for arrays over games."""
    if strategy == "always_escalate":
        return np.ones_like(perceived)
    if strategy == "always_concede" or round_index == 0:
        return np.zeros_like(perceived)  # the reciprocal strategies open by de-escalating
    if strategy == "tit_for_tat":
        return perceived
    if strategy == "generous_tit_for_tat":
        return perceived & (forgive_draw >= generosity)
    return ever_perceived  # grim_trigger


def _simulate(strategies, draws, *, step, noise, start, cap, generosity, rules, dispute_rounds):
    """Play ``len(draws)`` games at once; ``draws[g]`` is game g's table of uniform draws.

    Returns (escalated, misread, tariff), arrays of shape (games, rounds, 2).
    """
    games, rounds, _ = draws.shape
    escalated = np.zeros((games, rounds, 2), dtype=bool)
    misread = np.zeros((games, rounds, 2), dtype=bool)
    tariff = np.zeros((games, rounds, 2))
    level = np.full((games, 2), start)
    peace = np.full((games, 2), start)  # a rule follower's tariff when it is not retaliating
    ever = np.zeros((games, 2), dtype=bool)
    follows = [rules != "none" and s in RULE_FOLLOWERS for s in strategies]
    for r in range(rounds):
        before = level.copy()
        for i in (0, 1):
            partner = escalated[:, r - 1, 1 - i] if r > 0 else np.zeros(games, dtype=bool)
            misread[:, r, i] = (r > 0) & (draws[:, r, i] < noise)
            perceived = partner != misread[:, r, i]
            ever[:, i] |= perceived
            if not follows[i]:
                escalated[:, r, i] = _decide(strategies[i], r, perceived, ever[:, i],
                                             draws[:, r, 2 + i], generosity)  # fmt: skip
        for i in (0, 1):
            if follows[i]:
                # Authorised retaliation: the partner's violation (its tariff above its
                # binding, the starting tariff) as ruled ``dispute_rounds`` rounds after it
                # happened, for as long as it lasts; none when appeals go into the void.
                peace[:, i] = np.maximum(peace[:, i] - step, 0.0)
                authorised = np.zeros(games)
                if rules == "wto" and not follows[1 - i]:
                    ruled, now = r - 1 - dispute_rounds, r - 1
                    if ruled >= 0:
                        violation = np.maximum(tariff[:, ruled, 1 - i] - start, 0.0)
                        still = np.maximum(tariff[:, now, 1 - i] - start, 0.0)
                        authorised = np.minimum(violation, still)
                level[:, i] = np.where(authorised > 0, np.minimum(start + authorised, cap),
                                       peace[:, i])  # fmt: skip
                escalated[:, r, i] = level[:, i] > before[:, i]
            else:
                up = np.minimum(level[:, i] + step, cap)
                level[:, i] = np.where(escalated[:, r, i], up, np.maximum(level[:, i] - step, 0.0))
        tariff[:, r] = level
    return escalated, misread, tariff


def _game_settings(strategy_a, strategy_b, *, rounds, step_pct, noise, initial_tariff_pct,
                   max_tariff_pct, generosity, rules, dispute_rounds, welfare):  # fmt: skip
    """Checked settings of :func:`play` (shared with :func:`noise_band`)."""
    rounds = _integer(rounds, "rounds", "an integer >= 1", lambda n: n >= 1)
    cap = _real(max_tariff_pct, "max_tariff_pct", "a finite number > 0", lambda x: x > 0)
    if not isinstance(welfare, MarketWelfare):
        raise ValueError(f"welfare must be a MarketWelfare, got {welfare!r}")
    return dict(
        strategies=(_strategy(strategy_a, "strategy_a"), _strategy(strategy_b, "strategy_b")),
        rounds=rounds,
        step=_real(step_pct, "step_pct", "a finite number > 0", lambda x: x > 0),
        noise=_real(noise, "noise", "a probability in [0, 1)", lambda x: 0 <= x < 1),
        cap=cap,
        start=_real(initial_tariff_pct, "initial_tariff_pct", f"a number between 0 and {cap:g}",
                    lambda x: 0 <= x <= cap),
        generosity=_real(generosity, "generosity", "a probability in [0, 1]",
                         lambda x: 0 <= x <= 1),
        rules=str(_checks.one_of(rules, "rules", RULES)),
        dispute_rounds=_integer(dispute_rounds, "dispute_rounds", "an integer >= 0",
                                lambda n: n >= 0),
    )  # fmt: skip


def _draws(seed: int, rounds: int) -> np.ndarray:
    """One game's draws: a row per round, [A misreads, B misreads, A forgives, B forgives]."""
    return np.random.default_rng(seed).random((rounds, 4))


@functools.lru_cache(maxsize=8)
def _many_draws(seed: int, games: int, rounds: int) -> np.ndarray:
    """The draws of games ``seed``, ``seed + 1``, ... (read-only; shared by every setting)."""
    draws = np.stack([_draws(seed + k, rounds) for k in range(games)])
    draws.flags.writeable = False
    return draws


def _result(strategies, escalated, misread, tariff, welfare) -> GameResult:
    payoff_a = welfare.payoff(tariff[:, 0], tariff[:, 1])
    payoff_b = welfare.payoff(tariff[:, 1], tariff[:, 0])
    return GameResult(
        strategy_a=strategies[0],
        strategy_b=strategies[1],
        escalated_a=escalated[:, 0].copy(),
        escalated_b=escalated[:, 1].copy(),
        misread_a=misread[:, 0].copy(),
        misread_b=misread[:, 1].copy(),
        tariff_a=tariff[:, 0].copy(),
        tariff_b=tariff[:, 1].copy(),
        payoff_a=np.atleast_1d(payoff_a),
        payoff_b=np.atleast_1d(payoff_b),
        cumulative_a=np.cumsum(payoff_a),
        cumulative_b=np.cumsum(payoff_b),
    )


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
    rules: str = "none",
    dispute_rounds: int = DEFAULT_DISPUTE_ROUNDS,
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
        Under rules, each country's *bound* tariff.
    max_tariff_pct : float
        Cap on each tariff, in percent; > 0.
    generosity : float
        Probability, in [0, 1], that generous tit for tat lets a (seeming)
        escalation pass.
    rules : str
        One of :data:`RULES`. ``"none"``: each country answers as its strategy says.
        ``"wto"``: the three reciprocal strategies (:data:`RULE_FOLLOWERS`) follow the
        rules of WTO dispute settlement, and so play alike: they never raise a tariff
        above its binding on their own, and answer a partner's violation (its tariff
        above its binding) only with the retaliation a ruling authorises, equal to the
        violation (equivalent concessions: in these symmetric markets the same tariff
        does the partner's exporters the same harm), from ``dispute_rounds`` rounds
        after the violation, and for as long as the violation lasts. A panel rules on
        the measure, not on what a government thought it saw, so misreadings change
        nothing. *Always escalate* and *always concede* play as without rules.
        ``"void"``: the same rule followers, but the loser of every dispute appeals
        into the void, so no retaliation is ever authorised.
    dispute_rounds : int
        Rounds between a violation and the retaliation authorised against it (>= 0);
        used with ``rules="wto"``.
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

    Under WTO rules with a dispute of 2 rounds, tit for tat answers an escalator three
    rounds after each of its steps (one round to see it, two for the dispute), with a
    tariff equal to the escalator's violation as ruled:

    >>> g = play("tit_for_tat", "always_escalate", rounds=5, rules="wto", dispute_rounds=2)
    >>> g.tariff_b.tolist(), g.tariff_a.tolist()
    ([10.0, 20.0, 30.0, 40.0, 50.0], [0.0, 0.0, 0.0, 10.0, 20.0])
    """
    settings = _game_settings(
        strategy_a, strategy_b, rounds=rounds, step_pct=step_pct, noise=noise,
        initial_tariff_pct=initial_tariff_pct, max_tariff_pct=max_tariff_pct,
        generosity=generosity, rules=rules, dispute_rounds=dispute_rounds, welfare=welfare,
    )  # fmt: skip
    seed = _integer(seed, "seed", "an integer >= 0", lambda n: n >= 0)
    rounds = settings.pop("rounds")
    strategies = settings.pop("strategies")
    escalated, misread, tariff = _simulate(strategies, _draws(seed, rounds)[None], **settings)
    return _result(strategies, escalated[0], misread[0], tariff[0], welfare)


#: :func:`play`'s keyword arguments besides ``seed``, with their defaults (``noise_band``'s too).
_PLAY_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(play).parameters.items()
    if p.kind is p.KEYWORD_ONLY and name != "seed"
}


# ---------------------------------------------------------------------------
# many seeded games: the mean path and a band
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NoiseBand:
    """Many seeded games of one setting, summarised round by round.

    Game ``k`` is ``play(..., seed=seed + k)``; :attr:`sample` is game 0.

    Attributes
    ----------
    games : int
        How many games.
    quantiles : tuple of float
        The band's lower and upper quantiles (e.g. 0.1 and 0.9).
    mean_tariff, low_tariff, high_tariff : numpy.ndarray
        Shape (rounds, 2), columns A and B: the mean tariff over the games after each
        round, and the band's ends (each an actual game's value, numpy's
        ``inverted_cdf`` quantile), in percent.
    mean_cumulative, low_cumulative, high_cumulative : numpy.ndarray
        The same for the running totals of the payoffs ($ million).
    sample : GameResult
        One of the games (the first seed), to show beside the mean.
    """

    games: int
    quantiles: tuple
    mean_tariff: np.ndarray
    low_tariff: np.ndarray
    high_tariff: np.ndarray
    mean_cumulative: np.ndarray
    low_cumulative: np.ndarray
    high_cumulative: np.ndarray
    sample: GameResult

    @property
    def rounds(self) -> int:
        return len(self.mean_tariff)


def noise_band(
    strategy_a: str,
    strategy_b: str,
    *,
    games: int = 200,
    seed: int = 0,
    quantiles: tuple = (0.1, 0.9),
    **game,
) -> NoiseBand:
    """Play ``games`` seeded games of one setting (seeds ``seed``, ``seed + 1``, ...) and
    summarise them: the mean tariff and running total after each round, a band between
    two quantiles, and one sample game.

    One game shows what *can* happen; with misreadings, the mean over many games shows
    what a government should *expect*. ``**game`` takes the other keyword arguments of
    :func:`play` (``rounds``, ``step_pct``, ``noise``, ``rules``...), with its defaults.

    Examples
    --------
    Two tit-for-tat players with a 10% chance of misreading: the sample game is
    ``play(..., seed=0)``, and the expected tariff rises above zero as echoes start:

    >>> b = noise_band("tit_for_tat", "tit_for_tat", games=50, noise=0.1, rounds=10)
    >>> g = play("tit_for_tat", "tit_for_tat", noise=0.1, rounds=10, seed=0)
    >>> bool(np.array_equal(b.sample.tariff_a, g.tariff_a))
    True
    >>> bool(b.mean_tariff[-1, 0] > 0)
    True
    """
    unknown = set(game) - set(_PLAY_DEFAULTS)
    if unknown:
        raise TypeError(f"noise_band() got unexpected keyword arguments {sorted(unknown)}")
    game = _PLAY_DEFAULTS | game
    welfare = game["welfare"]
    settings = _game_settings(strategy_a, strategy_b, **game)
    games = _integer(games, "games", "an integer >= 1", lambda n: n >= 1)
    seed = _integer(seed, "seed", "an integer >= 0", lambda n: n >= 0)
    low_q, high_q = (
        _real(q, "quantiles", "two probabilities low < high in [0, 1]", lambda x: 0 <= x <= 1)
        for q in quantiles
    )
    if not low_q < high_q:
        raise ValueError(f"quantiles must be two probabilities low < high, got {quantiles!r}")
    rounds = settings.pop("rounds")
    strategies = settings.pop("strategies")
    draws = _many_draws(seed, games, rounds)
    escalated, misread, tariff = _simulate(strategies, draws, **settings)
    payoff = np.stack([welfare.payoff(tariff[..., 0], tariff[..., 1]),
                       welfare.payoff(tariff[..., 1], tariff[..., 0])], axis=-1)  # fmt: skip
    payoff = payoff.reshape(games, rounds, 2)
    cumulative = np.cumsum(payoff, axis=1)

    def q(values, p):
        return np.quantile(values, p, axis=0, method="inverted_cdf")

    return NoiseBand(
        games=games,
        quantiles=(low_q, high_q),
        mean_tariff=tariff.mean(axis=0),
        low_tariff=q(tariff, low_q),
        high_tariff=q(tariff, high_q),
        mean_cumulative=cumulative.mean(axis=0),
        low_cumulative=q(cumulative, low_q),
        high_cumulative=q(cumulative, high_q),
        sample=_result(strategies, escalated[0], misread[0], tariff[0], welfare),
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
