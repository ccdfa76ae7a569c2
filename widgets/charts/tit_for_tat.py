"""Charts of the repeated tariff game: both tariff paths, cumulative payoffs, key numbers.

The builders take a *base* chart whose rows are the rounds of one game (columns
``round``, ``tariff_a``, ``tariff_b``, ``payoff_a``, ``payoff_b``, ``cumulative_a``,
``cumulative_b``, ``escalations_a``, ``escalations_b``, ``misreadings``) and return
Altair charts; nothing here plays the game. The same builders serve both views:

* the **website** (:func:`escalation_simulator_chart`) embeds a grid of games played
  by :func:`widgets.models.tit_for_tat.play` for every pair of strategies, a few step
  sizes and noise levels, with one fixed seed (:data:`SITE_SEED`). Vega-Lite params
  bound to two selects, a slider and two radio groups pick one game; Vega transforms
  turn its arrays into rows, keep the first ``rounds`` rounds and look up the payoffs
  in a table of the model's :math:`G` and :math:`F` at every tariff the page can reach
  (:func:`payoff_expression`: multiples of 5 points up to the cap, computed at build
  time by :class:`~widgets.models.tit_for_tat.MarketWelfare`);
* the **live widget** passes a table of the rounds of the game its controls describe
  (:func:`rounds_table`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

import altair as alt
import pandas as pd

from widgets.charts.inputs import Control, vega_params
from widgets.charts.kit import (
    EMBED,
    ParamSet,
    format_expr,
    format_number,
    key_numbers_panel,
)
from widgets.charts.theme import BLUE, VERMILLION
from widgets.models.tit_for_tat import (
    DEFAULT_WELFARE,
    STRATEGIES,
    STRATEGY_LABELS,
    GameResult,
    MarketWelfare,
    play,
)

__all__ = [
    "SITE_SEED",
    "SITE_ROUNDS",
    "SITE_STEPS",
    "SITE_NOISE_PCTS",
    "SITE_LEVEL_PCT",
    "COUNTRY_LABELS",
    "CONTROLS",
    "SimulatorParams",
    "simulator_params",
    "payoff_expression",
    "game_grid",
    "rounds_table",
    "key_lines",
    "tariff_paths",
    "cumulative_payoffs",
    "key_numbers",
    "escalation_simulator_chart",
]

#: The seed of every game on the website (the live widget lets teachers change it).
SITE_SEED = 2025
#: The longest game on the website; the rounds slider shows its first rounds.
SITE_ROUNDS = 30
#: Step sizes (percentage points) and noise levels (percent) on the website.
SITE_STEPS = (5, 10, 25)
SITE_NOISE_PCTS = (0, 5, 10, 20)
#: Every tariff on the website is a multiple of this (the steps, the cap, the start 0).
SITE_LEVEL_PCT = 5
#: How the two players are named on the charts.
COUNTRY_LABELS = {"a": "Country A", "b": "Country B"}

#: Per-game arrays embedded in the website's data: (short column, GameResult field).
_ARRAYS = [
    ("ta", "tariff_a"),
    ("tb", "tariff_b"),
    ("ea", "escalated_a"),
    ("eb", "escalated_b"),
    ("ma", "misread_a"),
    ("mb", "misread_b"),
]


def payoff_expression(
    welfare: MarketWelfare,
    own: str,
    partner: str,
    *,
    max_tariff_pct: float = 150.0,
    level_pct: float = SITE_LEVEL_PCT,
) -> str:
    """The per-round payoff :math:`G(\\tau_i) - F(\\tau_j)` as a Vega expression.

    The model's :math:`G` and :math:`F` at every multiple of ``level_pct`` up to
    ``max_tariff_pct``, written into the expression as two arrays indexed by the
    page's tariff fields (a grid of the model's own numbers: no second formula).

    Examples
    --------
    >>> from widgets.models.tit_for_tat import DEFAULT_WELFARE
    >>> expr = payoff_expression(DEFAULT_WELFARE, "tariff_a", "tariff_b", max_tariff_pct=10)
    >>> expr.startswith("[0.0, ") and "][datum.tariff_a / 5] - [" in expr
    True
    """
    n = round(max_tariff_pct / level_pct)
    if n * level_pct != max_tariff_pct:
        raise ValueError(
            f"max_tariff_pct must be a multiple of {level_pct:g}, got {max_tariff_pct!r}"
        )
    levels = [k * level_pct for k in range(n + 1)]
    gains = ", ".join(repr(float(v)) for v in welfare.own_tariff_gain(levels))
    losses = ", ".join(repr(float(v)) for v in welfare.partner_tariff_loss(levels))
    return (
        f"[{gains}][datum.{own} / {level_pct:g}] - [{losses}][datum.{partner} / {level_pct:g}]"
    )


# --- the lines of key numbers (Python and Vega write the same strings) -----------------
def key_lines(game: GameResult, rounds: int | None = None) -> list[str]:
    """The key-number lines shown under the charts after ``rounds`` rounds of ``game``."""
    n = game.rounds if rounds is None else rounds
    k = n - 1
    lines = [f"After {n} rounds"]
    for side, label in COUNTRY_LABELS.items():
        strategy = STRATEGY_LABELS[getattr(game, f"strategy_{side}")]
        tariff = format_number(float(getattr(game, f"tariff_{side}")[k]), ",.0f")
        total = format_number(float(getattr(game, f"cumulative_{side}")[k]), ",.0f")
        escalations = int(getattr(game, f"escalated_{side}")[: k + 1].sum())
        lines.append(
            f"{label} ({strategy}): tariff {tariff}%, total payoff {total} $ million, "
            f"escalated in {escalations} rounds"
        )
    misreadings = int(game.misread_a[: k + 1].sum() + game.misread_b[: k + 1].sum())
    lines.append(f"Moves misread: {misreadings}")
    return lines


def _key_line_exprs() -> list[tuple[str, object]]:
    """(column, Vega expression) of each key line, mirroring :func:`key_lines`."""
    d = alt.datum
    exprs = [("line0", "After " + d.round + " rounds")]
    for i, (side, label) in enumerate(COUNTRY_LABELS.items(), start=1):
        line = (
            f"{label} (" + getattr(d, f"label_{side}") + "): tariff "
            + format_expr(getattr(d, f"tariff_{side}"), ",.0f") + "%, total payoff "
            + format_expr(getattr(d, f"cumulative_{side}"), ",.0f") + " $ million, escalated in "
            + getattr(d, f"escalations_{side}") + " rounds"
        )  # fmt: skip
        exprs.append((f"line{i}", line))
    exprs.append(("line3", "Moves misread: " + d.misreadings))
    return exprs


# --- tables --------------------------------------------------------------------------
def game_grid(
    strategies: Iterable[str] = STRATEGIES,
    steps: Iterable[float] = SITE_STEPS,
    noise_pcts: Iterable[float] = SITE_NOISE_PCTS,
    *,
    rounds: int = SITE_ROUNDS,
    seed: int = SITE_SEED,
    **game,
) -> pd.DataFrame:
    """Play every pair of strategies for each step and noise level: one row per game.

    Columns ``a``, ``b`` (strategies), ``step``, ``noise`` (percent) and the arrays
    ``ta``, ``tb`` (tariffs, %), ``ea``, ``eb`` (1 for an escalation), ``ma``, ``mb``
    (1 for a misreading), one entry per round. Booleans are stored as 0/1 and whole
    tariffs as integers to keep the page light; ``**game`` goes to :func:`play`.
    """
    strategies = list(strategies)
    rows = []
    for step in steps:
        for noise in noise_pcts:
            for a in strategies:
                for b in strategies:
                    g = play(a, b, rounds=rounds, step_pct=step, noise=noise / 100, seed=seed,
                             **game)  # fmt: skip
                    row = {"a": a, "b": b, "step": step, "noise": noise}
                    for short, name in _ARRAYS:
                        values = getattr(g, name)
                        row[short] = [
                            int(v) if float(v).is_integer() else float(v) for v in values.tolist()
                        ]
                    rows.append(row)
    return pd.DataFrame(rows)


def rounds_table(game: GameResult) -> pd.DataFrame:
    """The rounds of one game as rows: what the charts draw (the live widget's input)."""
    n = game.rounds
    return pd.DataFrame(
        {
            "round": range(1, n + 1),
            "tariff_a": game.tariff_a,
            "tariff_b": game.tariff_b,
            "payoff_a": game.payoff_a,
            "payoff_b": game.payoff_b,
            "cumulative_a": game.cumulative_a,
            "cumulative_b": game.cumulative_b,
            "escalations_a": game.escalated_a.cumsum(),
            "escalations_b": game.escalated_b.cumsum(),
            "misreadings": (game.misread_a.astype(int) + game.misread_b).cumsum(),
            "label_a": STRATEGY_LABELS[game.strategy_a],
            "label_b": STRATEGY_LABELS[game.strategy_b],
        }
    )


# --- params of the website view ---------------------------------------------------------
#: The inputs both views offer, declared once. The page picks one of the games played at
#: build time (:func:`game_grid`), so it offers some of the values the live widget allows.
CONTROLS = (
    Control("strategy_a", "Country A plays", "tit_for_tat", kind="select",
            options=tuple(STRATEGY_LABELS.items())),
    Control("strategy_b", "Country B plays", "always_escalate", kind="select",
            options=tuple(STRATEGY_LABELS.items())),
    Control("rounds", "Rounds", 20, min=1, max=100, step=1, format="d",
            page_range=(5, SITE_ROUNDS, 1), help="How many rounds the game lasts."),
    Control("step", "Escalation step (points)", 10, min=1, max=50, step=1, format=".0f",
            page_options=SITE_STEPS, page_labels={s: f"{s} points" for s in SITE_STEPS},
            live_name="step_pct", help="How far a country raises its tariff when it "
            "escalates, in percentage points."),
    Control("noise", "Chance of misreading a move (%)", 0, min=0, max=50, step=1,
            format=".0f", page_options=SITE_NOISE_PCTS,
            page_labels={n: f"{n}%" for n in SITE_NOISE_PCTS},
            help="The chance that a country misreads the other's move."),
)  # fmt: skip


@dataclass(frozen=True)
class SimulatorParams(ParamSet):
    """The website's inputs: two strategy selects, a rounds slider, step and noise radios."""

    ROWS: ClassVar[dict[str, str]] = {"a": "strategy_a", "b": "strategy_b", "step": "step",
                                      "noise": "noise"}  # fmt: skip
    strategy_a: alt.Parameter
    strategy_b: alt.Parameter
    rounds: alt.Parameter
    step: alt.Parameter
    noise: alt.Parameter


def simulator_params(
    *,
    strategy_a: str = "tit_for_tat",
    strategy_b: str = "always_escalate",
    rounds: int = 20,
    step: int = 10,
    noise_pct: int = 0,
) -> SimulatorParams:
    """Params bound to HTML inputs (from :data:`CONTROLS`), with the values the page
    opens on."""
    values = dict(strategy_a=strategy_a, strategy_b=strategy_b, rounds=rounds, step=step,
                  noise=noise_pct)  # fmt: skip
    return SimulatorParams(*vega_params(CONTROLS, **values).values())


def _website_transforms(chart, params: SimulatorParams, welfare: MarketWelfare,
                        max_tariff_pct: float):
    """Turn the grid into the picked game's rounds, in the page (Vega transforms).

    Applied once, at the top of the website chart, so that the three views share
    one dataflow instead of each repeating it.
    """
    label_expr = lambda field: " : ".join(  # noqa: E731
        f"datum.{field} == '{s}' ? '{STRATEGY_LABELS[s]}'" for s in STRATEGIES
    ) + " : ''"  # fmt: skip
    return (
        chart.transform_filter(params.filter)
        .transform_flatten(
            [short for short, _ in _ARRAYS],
            as_=["tariff_a", "tariff_b", "esc_a", "esc_b", "mis_a", "mis_b"],
        )
        .transform_window(round="row_number()")
        .transform_filter(f"datum.round <= {params.rounds.name}")
        .transform_calculate(
            payoff_a=payoff_expression(welfare, "tariff_a", "tariff_b",
                                       max_tariff_pct=max_tariff_pct),
            payoff_b=payoff_expression(welfare, "tariff_b", "tariff_a",
                                       max_tariff_pct=max_tariff_pct),
            mis="datum.mis_a + datum.mis_b",
            label_a=label_expr("a"),
            label_b=label_expr("b"),
        )
        .transform_window(
            cumulative_a="sum(payoff_a)",
            cumulative_b="sum(payoff_b)",
            escalations_a="sum(esc_a)",
            escalations_b="sum(esc_b)",
            misreadings="sum(mis)",
            sort=[alt.SortField("round")],
            frame=[None, 0],
        )
    )


# --- the charts ---------------------------------------------------------------------------
_COLOR = alt.Color(
    "country:N",
    title=None,
    scale=alt.Scale(domain=list(COUNTRY_LABELS.values()), range=[BLUE, VERMILLION]),
    legend=alt.Legend(orient="top"),
)
_DASH = alt.StrokeDash(
    "country:N",
    scale=alt.Scale(domain=list(COUNTRY_LABELS.values()), range=[[1, 0], [6, 3]]),
    legend=None,
)


def _fold(base, a: str, b: str, value: str):
    return base.transform_fold([a, b], as_=["which", value]).transform_calculate(
        country=f"datum.which == '{a}' ? '{COUNTRY_LABELS['a']}' : '{COUNTRY_LABELS['b']}'"
    )


def _round_axis(max_rounds: int | None) -> alt.X:
    """The x channel of the per-round charts: whole rounds, up to ``max_rounds`` if given."""
    scale = alt.Undefined if max_rounds is None else alt.Scale(domain=[1, max_rounds], nice=False)
    return alt.X("round:Q", title="Round", axis=alt.Axis(tickMinStep=1, format="d"), scale=scale)


def tariff_paths(base, *, max_tariff_pct: float = 150.0, max_rounds: int | None = None):
    """Both tariffs, round by round (after each round's moves)."""
    x = _round_axis(max_rounds)
    return (
        _fold(base, "tariff_a", "tariff_b", "tariff")
        # Steps, not points: a tariff holds for the round after each move, and the page
        # redraws faster without a symbol per round (`make bench` measures it).
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("tariff:Q", title="Tariff on the other's goods (%)",
                    scale=alt.Scale(domain=[0, max_tariff_pct])),
            color=_COLOR,
            strokeDash=_DASH,
        )
        .properties(
            title="Tariff paths",
            width=330,
            height=230,
            description="Line chart of each country's tariff on the other's goods, in percent, "
            "after each round of the repeated tariff game.",
        )
    )  # fmt: skip


def cumulative_payoffs(base, *, max_rounds: int | None = None):
    """Both countries' running totals of the per-round payoff ($ million)."""
    x = _round_axis(max_rounds)
    return (
        _fold(base, "cumulative_a", "cumulative_b", "total")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("total:Q", title="Cumulative payoff ($ million)"),
            color=_COLOR,
            strokeDash=_DASH,
        )
        .properties(
            title="Cumulative payoffs",
            width=330,
            height=230,
            description="Line chart of each country's cumulative payoff in $ million "
            "over the rounds of the repeated tariff game.",
        )
    )  # fmt: skip


def key_numbers(base, last_round: str | int):
    """The key numbers after the last round shown, as lines of text.

    ``last_round`` is a param name (website) or a number (live widget).
    """
    return key_numbers_panel(
        base.transform_filter(f"datum.round == {last_round}"),
        dict(_key_line_exprs()),
        title="Key numbers",
        width=680,
        description="The key numbers of the game: both tariffs, both total payoffs, the "
        "number of escalations and of misread moves after the last round shown.",
    )


def live_chart(game: GameResult, *, max_tariff_pct: float = 150.0):
    """The live widget's chart of one game (no params)."""
    base = alt.Chart(rounds_table(game))
    top = alt.hconcat(
        tariff_paths(base, max_tariff_pct=max_tariff_pct), cumulative_payoffs(base)
    ).resolve_scale(color="shared", strokeDash="shared")
    return alt.vconcat(top, key_numbers(base, game.rounds))


def escalation_simulator_chart(
    *,
    welfare: MarketWelfare = DEFAULT_WELFARE,
    seed: int = SITE_SEED,
    params: SimulatorParams | None = None,
    max_tariff_pct: float = 150.0,
) -> alt.VConcatChart:
    """The website's escalation simulator: tariff paths, cumulative payoffs, key numbers.

    Plays :func:`game_grid` (5 x 5 strategies, 3 steps, 4 noise levels, 30 rounds,
    ``seed``) at build time; the page's inputs only pick rows.
    """
    params = params or simulator_params()
    grid = game_grid(seed=seed, welfare=welfare, max_tariff_pct=max_tariff_pct)
    base = alt.Chart()  # the data and the shared transforms sit at the top level
    top = alt.hconcat(
        tariff_paths(base, max_tariff_pct=max_tariff_pct, max_rounds=SITE_ROUNDS),
        cumulative_payoffs(base, max_rounds=SITE_ROUNDS),
    ).resolve_scale(color="shared", strokeDash="shared")
    chart = alt.vconcat(
        top,
        key_numbers(base, params.rounds.name),
        data=grid,
        usermeta=EMBED,
    )
    return (
        _website_transforms(chart, params, welfare, max_tariff_pct)
        .add_params(*params.all)
        .properties(
            description="Interactive escalation simulator: pick a strategy for each country, the "
            "number of rounds, the escalation step and the chance of misreading a move; the "
            "tariff paths, the cumulative payoffs and the key numbers update. Both line charts "
            "have the round on the horizontal axis; the first plots each country's tariff on "
            "the other's goods in percent, the second its cumulative payoff. Notice that "
            "against always escalate, tit for tat answers every escalation one round later.",
        )
    )
