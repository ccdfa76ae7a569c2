"""Charts of the repeated tariff game: what many seeded games do on average, and one of them.

Both panels draw, for each country, the **mean** over many seeded games
(:func:`widgets.models.tit_for_tat.noise_band`: thick lines), a **band** holding the middle
80 % of games (the tariff panel) and **one sample game** (thin dashed lines). With
misreadings, one game shows what *can* happen and the mean what a government should
*expect*; without them every game is the same and the band is a line.

The panel builders take a *base* chart whose rows are rounds (the columns of
:func:`band_rows`, each country's in its own: ``tariff_a``, ``tariff_b`` ...; each country
is drawn by its own layers, :func:`_per_country`) and return Altair charts; nothing here
plays the game. The same builders serve both views:

* the **website** (:func:`escalation_simulator_chart`) embeds, for every pair of strategies,
  step, noise level and set of rules it offers, the rounds of :func:`band_rows`, each
  different set stored once (:func:`site_series`; whole numbers, tariffs in units of
  :data:`SITE_LEVEL_PCT`). Vega-Lite params pick one (:func:`series_id_expression`), turn
  its arrays into rounds and compute the sample game's payoffs from a table of the
  model's :math:`G` and :math:`F` (:func:`payoff_expression`); the x axis ends at ``rounds``;
* the **live widget** passes :func:`band_rows` of the band its controls describe.

``tests/test_tit_for_tat_agreement.py`` runs the page's transforms in real Vega and checks
that they give :func:`band_rows` of the model, number for number.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from widgets.charts.inputs import Control, vega_params
from widgets.charts.kit import (
    EMBED,
    ParamSet,
    format_expr,
    format_number,
    key_numbers_panel,
    key_style,
    legend_mark,
    with_transforms,
)
from widgets.charts.theme import BLUE, VERMILLION
from widgets.models.tit_for_tat import (
    DEFAULT_DISPUTE_ROUNDS,
    DEFAULT_WELFARE,
    RULE_LABELS,
    RULES,
    STRATEGIES,
    STRATEGY_LABELS,
    MarketWelfare,
    NoiseBand,
    noise_band,
)

__all__ = [
    "SITE_SEED",
    "SITE_GAMES",
    "SITE_ROUNDS",
    "round_ticks",
    "ROUND_AXIS_DESCRIPTION",
    "SITE_STEPS",
    "SITE_NOISE_PCTS",
    "SITE_LEVEL_PCT",
    "COUNTRY_LABELS",
    "CONTROLS",
    "SimulatorParams",
    "simulator_params",
    "payoff_expression",
    "band_rows",
    "site_series",
    "series_id_expression",
    "key_lines",
    "tariff_paths",
    "cumulative_payoffs",
    "cumulative_extent",
    "key_numbers",
    "live_chart",
    "escalation_simulator_chart",
]

#: The first seed of the games on the website (the live widget lets teachers change it).
SITE_SEED = 2025
#: How many seeded games each setting's mean and band summarise (both views).
SITE_GAMES = 200
#: The game on the website: every round is computed; the rounds slider ends the x axis.
SITE_ROUNDS = 30
#: Step sizes (percentage points) and noise levels (percent) on the website.
SITE_STEPS = (10, 25)
SITE_NOISE_PCTS = (0, 5, 10, 20)
#: Every tariff on the website is a multiple of this (the steps, the cap, the start 0).
SITE_LEVEL_PCT = 5
#: How the two players are named on the charts.
COUNTRY_LABELS = {"a": "Country A", "b": "Country B"}
#: The band's quantiles (the middle 80 % of games).
QUANTILES = (0.1, 0.9)


def payoff_expression(welfare: MarketWelfare, own: str, partner: str, *,
                      max_tariff_pct: float = 150.0, level_pct: float = SITE_LEVEL_PCT) -> str:
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
    return f"[{gains}][datum.{own} / {level_pct:g}] - [{losses}][datum.{partner} / {level_pct:g}]"


# --- the rounds both views draw ------------------------------------------------------------
def band_rows(band: NoiseBand) -> pd.DataFrame:
    """The rounds of ``band`` as rows, in the whole numbers both views show.

    Means, band ends and totals are rounded to whole percent and whole $ million (the
    precision of the key numbers); the sample game's tariffs, payoffs and running totals
    are the model's. Columns: ``round``; the sample's ``tariff_*``, ``payoff_*``,
    ``cumulative_*``, ``misreadings`` (a running count); ``mean_tariff_*``,
    ``low_tariff_*``, ``high_tariff_*``, ``mean_cumulative_*``; ``label_*``.
    """
    g = band.sample
    whole = lambda values: np.rint(values).astype(int)  # noqa: E731  (halves to even)
    out = {"round": np.arange(1, band.rounds + 1)}
    for k, side in enumerate("ab"):
        out |= {
            f"tariff_{side}": getattr(g, f"tariff_{side}"),
            f"payoff_{side}": getattr(g, f"payoff_{side}"),
            f"cumulative_{side}": getattr(g, f"cumulative_{side}"),
            f"mean_tariff_{side}": whole(band.mean_tariff[:, k]),
            f"low_tariff_{side}": whole(band.low_tariff[:, k]),
            f"high_tariff_{side}": whole(band.high_tariff[:, k]),
            f"mean_cumulative_{side}": whole(band.mean_cumulative[:, k]),
            f"label_{side}": STRATEGY_LABELS[getattr(g, f"strategy_{side}")],
        }
    out["misreadings"] = (g.misread_a.astype(int) + g.misread_b).cumsum()
    return pd.DataFrame(out)


#: Columns of a website series: (short name, column of :func:`band_rows`, divisor, text).
#: Whole numbers below 36 (tariffs in units of :data:`SITE_LEVEL_PCT`, misreadings per
#: round) are written as text, one base-36 digit per round, to keep the page light; the
#: others are arrays.
_SERIES = [
    ("ta", "tariff_a", SITE_LEVEL_PCT, True),
    ("tb", "tariff_b", SITE_LEVEL_PCT, True),
    ("lta", "low_tariff_a", SITE_LEVEL_PCT, True),
    ("hta", "high_tariff_a", SITE_LEVEL_PCT, True),
    ("ltb", "low_tariff_b", SITE_LEVEL_PCT, True),
    ("htb", "high_tariff_b", SITE_LEVEL_PCT, True),
    ("mi", "misreads", 1, True),
    ("mta", "mean_tariff_a", 1, False),
    ("mtb", "mean_tariff_b", 1, False),
    ("mca", "mean_cumulative_a", 1, False),
    ("mcb", "mean_cumulative_b", 1, False),
]
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _settings():
    """Every setting the page offers, in the order of :func:`series_id_expression`."""
    for a in STRATEGIES:
        for b in STRATEGIES:
            for step in SITE_STEPS:
                for noise in SITE_NOISE_PCTS:
                    for rules in RULES:
                        yield a, b, step, noise, rules


def site_series(*, seed: int = SITE_SEED, games: int = SITE_GAMES, **game):
    """The website's data: (series, ids); computed once per set of arguments (a few
    seconds: 600 settings of :data:`SITE_GAMES` games), then copied from the cache.

    ``series`` holds one row per *different* set of rounds (``id`` and the arrays of
    :data:`_SERIES`, 30 rounds each, whole numbers, tariffs in units of
    :data:`SITE_LEVEL_PCT`); ``ids[k]`` is the series of the ``k``-th setting of
    :func:`_settings`. Many settings share one (a game without misreadings or rules to
    react to plays alike whatever the noise), so each is stored once.
    """
    series, ids, _ = _site_series(seed, games, tuple(sorted(game.items())))
    return series.copy(), list(ids)


def cumulative_extent(*, seed: int = SITE_SEED, games: int = SITE_GAMES, **game):
    """The lowest and highest cumulative payoff ($ million) the website can draw (mean and
    sample game, both countries, every setting of :func:`_settings` and round to
    :data:`SITE_ROUNDS`): the payoff axis is fixed to it and never rescales."""
    return _site_series(seed, games, tuple(sorted(game.items())))[2]


#: The columns of :func:`band_rows` the cumulative-payoff panel draws.
_CUMULATIVE = ("cumulative_a", "cumulative_b", "mean_cumulative_a", "mean_cumulative_b")


@functools.lru_cache(maxsize=4)
def _site_series(seed: int, games: int, game: tuple) -> tuple[pd.DataFrame, tuple, tuple]:
    series, ids, seen = [], [], {}
    low, high = math.inf, -math.inf
    for a, b, step, noise, rules in _settings():
        band = noise_band(a, b, games=games, seed=seed, quantiles=QUANTILES, rounds=SITE_ROUNDS,
                          step_pct=step, noise=noise / 100, rules=rules, **dict(game))  # fmt: skip
        rows = band_rows(band)
        low = min(low, float(rows[list(_CUMULATIVE)].to_numpy().min()))
        high = max(high, float(rows[list(_CUMULATIVE)].to_numpy().max()))
        misreads = (band.sample.misread_a.astype(int) + band.sample.misread_b).tolist()
        arrays = {}
        for short, column, divisor, text in _SERIES:
            values = misreads if column == "misreads" else rows[column].to_numpy()
            whole = [int(round(float(v) / divisor)) for v in values]
            assert [w * divisor for w in whole] == [float(v) for v in values], (a, b, step, noise)
            arrays[short] = "".join(_DIGITS[w] for w in whole) if text else whole
        key = json.dumps(arrays)
        if key not in seen:
            seen[key] = len(series)
            series.append({"id": seen[key], **arrays})
        ids.append(seen[key])
    return pd.DataFrame(series), tuple(ids), (low, high)


def series_id_expression(params: SimulatorParams, ids: list[int]) -> str:
    """The Vega expression of the picked setting's series id (from the params' values)."""
    index = lambda values, param: f"indexof({json.dumps(list(values))}, {param.name})"  # noqa: E731
    k = index(STRATEGIES, params.strategy_a)
    for values, param in [(STRATEGIES, params.strategy_b), (SITE_STEPS, params.step),
                          (SITE_NOISE_PCTS, params.noise), (RULES, params.rules)]:  # fmt: skip
        k = f"({k}) * {len(values)} + {index(values, param)}"
    return f"{json.dumps(ids, separators=(',', ':'))}[{k}]"


# --- the lines of key numbers (Python and Vega write the same strings) -----------------
def key_lines(
    rows: pd.DataFrame, *, games: int, rules: str, rounds: int | None = None
) -> list[str]:
    """The key-number lines after ``rounds`` rounds of :func:`band_rows` ``rows``."""
    r = rows.iloc[(len(rows) if rounds is None else rounds) - 1]
    n = lambda value: format_number(float(value), ",.0f")  # noqa: E731
    lines = [f"After {int(r['round'])} rounds, mean of {games} games ({RULE_LABELS[rules]})"]
    for side, label in COUNTRY_LABELS.items():
        lines.append(
            f"{label} ({r[f'label_{side}']}): mean tariff {n(r[f'mean_tariff_{side}'])}%, "
            f"mean total payoff {n(r[f'mean_cumulative_{side}'])} $ million"
        )
    lines.append(
        f"Sample game: tariffs {n(r['tariff_a'])}% and {n(r['tariff_b'])}%, totals "
        f"{n(r['cumulative_a'])} and {n(r['cumulative_b'])} $ million, "
        f"{int(r['misreadings'])} moves misread"
    )
    return lines


def _key_line_exprs(games: int, rules_label) -> dict[str, object]:
    """Vega expressions of :func:`key_lines` (``rules_label``: an expression)."""
    d = alt.datum
    n = lambda field: format_expr(getattr(d, field), ",.0f")  # noqa: E731
    first = f"'After ' + datum.round + ' rounds, mean of {games} games (' + ({rules_label}) + ')'"
    exprs = {"line0": first}
    for i, (side, label) in enumerate(COUNTRY_LABELS.items(), start=1):
        exprs[f"line{i}"] = (
            f"{label} (" + getattr(d, f"label_{side}") + "): mean tariff "
            + n(f"mean_tariff_{side}") + "%, mean total payoff "
            + n(f"mean_cumulative_{side}") + " $ million"
        )  # fmt: skip
    exprs["line3"] = (
        "Sample game: tariffs " + n("tariff_a") + "% and " + n("tariff_b") + "%, totals "
        + n("cumulative_a") + " and " + n("cumulative_b") + " $ million, "
        + d.misreadings + " moves misread"
    )  # fmt: skip
    return exprs


# --- params of the website view ---------------------------------------------------------
#: The inputs both views offer, declared once. The page picks one of the settings computed
#: at build time (:func:`site_series`), so it offers some of the values the live widget allows.
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
    Control("rules", "Rules", "none", kind="radio", options=tuple(RULE_LABELS.items()),
            help="No rules: each country answers as its strategy says. WTO rules: the "
            "reciprocal strategies answer a violation only with the retaliation a dispute "
            f"authorises, {DEFAULT_DISPUTE_ROUNDS} rounds later. Appeals into the void: "
            "no retaliation is ever authorised."),
)  # fmt: skip


@dataclass(frozen=True)
class SimulatorParams(ParamSet):
    """The website's inputs: two strategy selects, a rounds slider, step, noise and rules."""

    strategy_a: alt.Parameter
    strategy_b: alt.Parameter
    rounds: alt.Parameter
    step: alt.Parameter
    noise: alt.Parameter
    rules: alt.Parameter


def simulator_params(
    *,
    strategy_a: str = "tit_for_tat",
    strategy_b: str = "always_escalate",
    rounds: int = 20,
    step: int = 10,
    noise_pct: int = 0,
    rules: str = "none",
) -> SimulatorParams:
    """Params bound to HTML inputs (from :data:`CONTROLS`), with the values the page
    opens on."""
    values = dict(strategy_a=strategy_a, strategy_b=strategy_b, rounds=rounds, step=step,
                  noise=noise_pct, rules=rules)  # fmt: skip
    return SimulatorParams(*vega_params(CONTROLS, **values).values())


def _label_expr(field: str, labels: dict) -> str:
    return " : ".join(f"datum.{field} == {json.dumps(k)} ? {json.dumps(v)}" for k, v in
                      labels.items()) + " : ''"  # fmt: skip


def _website_transforms(
    chart, params: SimulatorParams, ids, welfare: MarketWelfare, max_tariff_pct: float
):
    """Turn the picked series into the rounds of :func:`band_rows`, in the page.

    Applied once, at the top of the website chart, so that the views share one dataflow.
    """
    unit = SITE_LEVEL_PCT
    digit = lambda short: f"parseInt(substring(datum.{short}, datum.round - 1, datum.round), 36)"  # noqa: E731
    steps = (
        alt.Chart().transform_filter(f"datum.id == {series_id_expression(params, ids)}")
        .transform_flatten([short for short, _, _, text in _SERIES if not text])
        .transform_window(round="row_number()")  # every round: the axis ends the game
        .transform_calculate(
            tariff_a=f"{digit('ta')} * {unit}",
            tariff_b=f"{digit('tb')} * {unit}",
            low_tariff_a=f"{digit('lta')} * {unit}",
            high_tariff_a=f"{digit('hta')} * {unit}",
            low_tariff_b=f"{digit('ltb')} * {unit}",
            high_tariff_b=f"{digit('htb')} * {unit}",
            misread=digit("mi"),
            mean_tariff_a="datum.mta",
            mean_tariff_b="datum.mtb",
            mean_cumulative_a="datum.mca",
            mean_cumulative_b="datum.mcb",
            label_a=_label_expr("a", STRATEGY_LABELS).replace("datum.a", params.strategy_a.name),
            label_b=_label_expr("b", STRATEGY_LABELS).replace("datum.b", params.strategy_b.name),
        )
        .transform_calculate(
            payoff_a=payoff_expression(
                welfare, "tariff_a", "tariff_b", max_tariff_pct=max_tariff_pct
            ),
            payoff_b=payoff_expression(
                welfare, "tariff_b", "tariff_a", max_tariff_pct=max_tariff_pct
            ),
        )
        .transform_window(
            cumulative_a="sum(payoff_a)",
            cumulative_b="sum(payoff_b)",
            misreadings="sum(misread)",
            sort=[alt.SortField("round")],
            frame=[None, 0],
        )
    )
    return with_transforms(chart, steps)


# --- the charts ---------------------------------------------------------------------------
_COLORS = dict(zip(COUNTRY_LABELS.values(), [BLUE, VERMILLION], strict=True))
# line swatches at full opacity (the band's pale fill would otherwise set them)
_LEGEND = alt.Legend(orient="top", symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=3)


def _per_country(mark) -> list:
    """``mark(side, color)`` for each country: a layer per country with its colour as a
    constant datum on the shared colour scale, reading its own columns (``tariff_a`` ...).

    No fold into one row per round and country and no colour field: in the page a fold
    makes new rows, and a colour field splits them into groups again, on every move.
    """
    return [mark(side, alt.ColorDatum(label)) for side, label in COUNTRY_LABELS.items()]


def round_ticks(last_round: int) -> list[int]:
    """The round axis's ticks in both views: to ``last_round``, every round in games of up
    to 10 rounds, else round 1 and every fifth (every tenth past 50). The website shows
    those of its 30 inside its axis: fixed ticks stay put when a move rescales it (ticks
    chosen per length replaced every tick, grid line and label on most moves).

    Examples
    --------
    >>> round_ticks(30), round_ticks(7), round_ticks(100)[:4]
    ([1, 5, 10, 15, 20, 25, 30], [1, 2, 3, 4, 5, 6, 7], [1, 10, 20, 30])
    """
    step = 1 if last_round <= 10 else 5 if last_round <= 50 else 10
    return sorted({1, *range(step, last_round + 1, step)})


#: What a screen reader hears of the round axis. Vega's caption (the scale's domain) is
#: written only when a tick is added: with fixed ticks it would name an earlier domain.
ROUND_AXIS_DESCRIPTION = "X-axis titled 'Round': the rounds played, from round 1 to the last"


def _round_axis(ticks: list[int], rounds: str | None = None) -> alt.X:
    """The x channel: rounds from 1 to the last shown, with the ``ticks`` inside. The
    website's ``rounds`` param ends the axis at its value and the rest of the game is
    clipped (:data:`_PATH`), so a move only rescales the axis (a filter made and removed up
    to 250 path items a move, and ran the rows' steps again). Else: the rows' last round."""
    axis = alt.Axis(values=ticks, format="d", description=ROUND_AXIS_DESCRIPTION)
    scale = alt.Scale(nice=False, zero=False)
    if rounds is not None:
        scale = alt.Scale(domainMin=1, domainMax=alt.ExprRef(expr=rounds), nice=False)
    return alt.X("round:Q", title="Round", axis=axis, scale=scale)


#: The paths' marks: keyed by round (:func:`widgets.charts.kit.key_style`), clipped at the
#: axes (:func:`_round_axis`), no per-point ARIA label (a path is labelled by its first
#: point: all said round 1); the panels' descriptions and the key numbers say what they show.
_PATH = {"style": key_style("round"), "aria": False, "clip": True}

_KEY = "Thick: mean of many games; thin dashed: one sample game"


def tariff_paths(base, *, ticks: list[int], rounds: str | None = None,
                 max_tariff_pct: float = 150.0):  # fmt: skip
    """Both tariffs, round by round: the mean, the band of the middle 80 % of games and
    one sample game (round ticks: :func:`_round_axis`)."""
    x = _round_axis(ticks, rounds)
    title, scale = "Tariff on the other's goods (%)", alt.Scale(domain=[0, max_tariff_pct])
    band = _per_country(lambda side, color: (
        base.mark_area(opacity=0.18, interpolate="step-after", **_PATH)
        .encode(x=x, y=alt.Y(f"low_tariff_{side}:Q", title=title, scale=scale),
                y2=f"high_tariff_{side}:Q", color=color)
    ))  # fmt: skip
    mean = _per_country(lambda side, color: (
        base.mark_line(strokeWidth=3, **_PATH)
        .encode(x=x, y=alt.Y(f"mean_tariff_{side}:Q", title=title, scale=scale), color=color)
    ))  # fmt: skip
    sample = _per_country(lambda side, color: (
        base.mark_line(interpolate="step-after", strokeWidth=1.5, strokeDash=[5, 3], **_PATH)
        .encode(x=x, y=alt.Y(f"tariff_{side}:Q", title=title, scale=scale), color=color)
    ))  # fmt: skip
    legend = legend_mark("country", _COLORS, _LEGEND)  # first: see kit.legend_mark
    return alt.layer(legend, *band, *mean, *sample).properties(
        title=alt.Title("Tariff paths", subtitle=[_KEY, "Band: the middle 80% of games"]),
        width=330,
        height=230,
        description="Line chart of each country's tariff on the other's goods, in percent, "
        "after each round of the repeated tariff game: the mean over many seeded games as a "
        "thick line with a shaded band holding the middle 80% of games, and one sample game "
        "as a thin dashed line.",
    )


def cumulative_payoffs(base, *, ticks: list[int], rounds: str | None = None,
                       extent: tuple[float, float] | None = None):  # fmt: skip
    """Both countries' running totals of the payoff ($ million): the mean and one game.

    With ``extent`` (:func:`cumulative_extent`, the website) the payoff axis is fixed to it
    (nicely rounded): a fixed axis shows how big a change is, and the page does not lay the
    axis out again on every move. Without it the axis fits the rows drawn (live widget).
    """
    x = _round_axis(ticks, rounds)
    scale = alt.Scale() if extent is None else alt.Scale(domain=list(extent), nice=True)
    y_title = "Cumulative payoff ($ million)"
    mean = _per_country(lambda side, color: (
        base.mark_line(strokeWidth=3, **_PATH)
        .encode(x=x, y=alt.Y(f"mean_cumulative_{side}:Q", title=y_title, scale=scale),
                color=color)
    ))  # fmt: skip
    sample = _per_country(lambda side, color: (
        base.mark_line(strokeWidth=1.5, strokeDash=[5, 3], **_PATH)
        .encode(x=x, y=alt.Y(f"cumulative_{side}:Q", title=y_title, scale=scale), color=color)
    ))  # fmt: skip
    return alt.layer(*mean, *sample).properties(
        title=alt.Title("Cumulative payoffs", subtitle=[_KEY]),
        width=330,
        height=230,
        description="Line chart of each country's cumulative payoff in $ million over the "
        "rounds of the repeated tariff game: the mean over many seeded games as a thick "
        "line and one sample game as a thin dashed line.",
    )


def key_numbers(base, last_round: str | int, *, games: int, rules_label):
    """The key numbers after the last round shown, as lines of text.

    ``last_round`` is a param name (website) or a number (live widget); ``rules_label``
    a Vega expression of the rules' name.
    """
    return key_numbers_panel(
        base.transform_filter(f"datum.round == {last_round}"),
        _key_line_exprs(games, rules_label),
        title="Key numbers",
        width=680,
        description="The key numbers of the game after the last round shown: each "
        "country's mean tariff and mean total payoff over many seeded games, and the "
        "sample game's tariffs, totals and misread moves.",
    )


def _panels(max_tariff_pct: float, last_round: int, rounds: str | None = None,
            extent: tuple[float, float] | None = None):  # fmt: skip
    """Both charts, on the rows of the chart around them (:func:`band_rows`' columns), for
    games of up to ``last_round`` rounds; ``rounds``: see :func:`_round_axis`."""
    base, ticks = alt.Chart(), round_ticks(last_round)
    return alt.hconcat(
        tariff_paths(base, ticks=ticks, rounds=rounds, max_tariff_pct=max_tariff_pct),
        cumulative_payoffs(base, ticks=ticks, rounds=rounds, extent=extent),
    ).resolve_scale(color="shared")


def live_chart(band: NoiseBand, *, rules: str = "none", max_tariff_pct: float = 150.0):
    """The live widget's chart of one setting's band (no params)."""
    numbers = key_numbers(alt.Chart(), band.rounds, games=band.games,
                          rules_label=json.dumps(RULE_LABELS[rules]))  # fmt: skip
    return alt.vconcat(_panels(max_tariff_pct, band.rounds), numbers, data=band_rows(band))


def escalation_simulator_chart(
    *,
    welfare: MarketWelfare = DEFAULT_WELFARE,
    seed: int = SITE_SEED,
    params: SimulatorParams | None = None,
    max_tariff_pct: float = 150.0,
) -> alt.VConcatChart:
    """The website's escalation simulator: tariff paths, cumulative payoffs, key numbers.

    Computes :func:`site_series` (5 x 5 strategies, the steps, noise levels and rules of
    the page, :data:`SITE_GAMES` games of 30 rounds from ``seed``) at build time; the
    page's inputs only pick one.
    """
    params = params or simulator_params()
    series, ids = site_series(seed=seed, welfare=welfare, max_tariff_pct=max_tariff_pct)
    base = alt.Chart()  # the data and the shared transforms sit at the top level
    rules_label = _label_expr("r", RULE_LABELS).replace("datum.r", params.rules.name)
    chart = alt.vconcat(
        _panels(max_tariff_pct, SITE_ROUNDS, params.rounds.name,
                cumulative_extent(seed=seed, welfare=welfare, max_tariff_pct=max_tariff_pct)),
        key_numbers(base, params.rounds.name, games=SITE_GAMES, rules_label=rules_label),
        data=series,
        usermeta=EMBED,
    )
    # Other inputs than the rounds pick other rows: paths keyed by round update in place.
    return (
        _website_transforms(chart, params, ids, welfare, max_tariff_pct)
        .add_params(*params.all)
        .properties(
            description="Interactive escalation simulator: pick a strategy for each country, the "
            "number of rounds, the escalation step, the chance of misreading a move and the "
            "rules; the tariff paths, the cumulative payoffs and the key numbers update. Both "
            f"charts have the round on the horizontal axis and show the mean of {SITE_GAMES} "
            "seeded games as thick lines and one sample game as thin dashed lines; the first "
            "plots each country's tariff on the other's goods in percent, with a band holding "
            "the middle 80% of games, the second its cumulative payoff. Notice that with "
            "misreadings two tit-for-tat players drift into retaliation on average, and that "
            "under WTO rules they do not.",
        )
    )
