"""The escalation simulator: one object, two views.

In a live kernel :class:`EscalationSimulator` shows ipywidgets controls that call
:func:`widgets.models.tit_for_tat.noise_band` on every change (any strategies, rounds,
step, noise, rules, dispute length, seed, number of games, generosity, starting tariff
and cap): the mean of many seeded games, their band and one sample game, drawn by the
website's own chart builders. In **tournament** mode it calls
:func:`widgets.models.tit_for_tat.tournament`: every strategy against every other,
ranked. On the static website the same cell shows the Altair simulator whose inputs
are Vega-Lite params (:func:`widgets.charts.tit_for_tat.escalation_simulator_chart`).
The live chart is rendered to SVG in the kernel with vl-convert.
"""

from __future__ import annotations

import html
from dataclasses import replace

import ipywidgets as w
import pandas as pd

from widgets.charts.inputs import Control
from widgets.charts.kit import format_number
from widgets.charts.tit_for_tat import (
    CONTROLS,
    SITE_GAMES,
    SITE_SEED,
    band_rows,
    escalation_simulator_chart,
    key_lines,
    live_chart,
)
from widgets.controls._inputs import ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg
from widgets.models.tit_for_tat import (
    DEFAULT_DISPUTE_ROUNDS,
    DEFAULT_GENEROSITY,
    DEFAULT_MAX_TARIFF_PCT,
    STRATEGIES,
    STRATEGY_LABELS,
    noise_band,
    tournament,
)

__all__ = ["EscalationSimulator", "escalation_simulator"]

_SIZE = sized(13, 28)


#: Inputs only the live widget offers (the website plays one seed and welfare model).
LIVE_CONTROLS = tuple(replace(c, live_only=True) for c in (
    Control("mode", "Mode", "game", kind="radio",
            options=(("game", "One game"), ("tournament", "Tournament"))),
    Control("seed", "First seed", SITE_SEED, kind="number", min=0, max=2**31 - 1, step=1,
            format="d"),
    Control("games", "Games averaged", SITE_GAMES, min=1, max=1000, step=1, format="d"),
    Control("dispute_rounds", "Dispute length (rounds)", DEFAULT_DISPUTE_ROUNDS, min=0,
            max=20, step=1, format="d", help="Rounds between a violation and the "
            "retaliation a ruling authorises (WTO rules)."),
    Control("generosity", "Generosity (generous TFT)", DEFAULT_GENEROSITY, min=0, max=1,
            step=0.01, format=".2f"),
    Control("initial_tariff_pct", "Starting tariffs (%)", 0, min=0, max=150, step=5,
            format=".0f"),
    Control("max_tariff_pct", "Tariff cap (%)", DEFAULT_MAX_TARIFF_PCT, min=10, max=300,
            step=5, format=".0f"),
    Control("repetitions", "Games per pair (tournament)", 5, min=1, max=50, step=1,
            format="d"),
))  # fmt: skip


class EscalationSimulator(TwoViews):
    """Live controls for the repeated tariff game, with the website's chart attached.

    Attributes
    ----------
    band : widgets.models.tit_for_tat.NoiseBand
        The seeded games for the values the controls hold now.
    game : widgets.models.tit_for_tat.GameResult
        Their sample game (the first seed).
    result : widgets.models.tit_for_tat.TournamentResult or None
        The last tournament (tournament mode only).
    """

    #: Its inputs, declared once (both views are built from them).
    controls = (*CONTROLS, *LIVE_CONTROLS)

    def __init__(
        self,
        *,
        strategy_a: str = "tit_for_tat",
        strategy_b: str = "always_escalate",
        rounds: int = 20,
        step_pct: float = 10.0,
        noise: float = 0.0,
        rules: str = "none",
        seed: int = SITE_SEED,
    ):
        start = dict(strategy_a=strategy_a, strategy_b=strategy_b, rounds=rounds,
                     step_pct=step_pct, noise=noise * 100, rules=rules, seed=seed)  # fmt: skip
        for name, widget in ipywidgets((*CONTROLS, *LIVE_CONTROLS), start, **_SIZE).items():
            setattr(self, name, widget)
        self.figure = w.HTML(layout=w.Layout(min_height="380px"))
        self.numbers = w.HTML()
        self.message = w.HTML()
        self.band = self.game = None
        self.result = None
        controls = [
            self.mode, self.strategy_a, self.strategy_b, self.rounds, self.step_pct,
            self.noise, self.rules, self.seed, self.games, self.dispute_rounds,
            self.generosity, self.initial_tariff_pct, self.max_tariff_pct, self.repetitions,
        ]  # fmt: skip
        self._assemble(controls[:7], controls[7:])

    def _settings(self) -> dict:
        v = self.values()
        for name in ("mode", "strategy_a", "strategy_b", "repetitions", "games"):
            del v[name]
        return v | {"noise": v["noise"] / 100}

    def compute(self) -> None:
        """Replay the games (and rerun the tournament in tournament mode)."""
        settings = self._settings()
        if self.mode.value == "tournament":
            self.result = tournament(STRATEGIES, repetitions=self.repetitions.value,
                                     **settings)  # fmt: skip
        self.band = noise_band(self.strategy_a.value, self.strategy_b.value,
                               games=self.games.value, **settings)  # fmt: skip
        self.game = self.band.sample

    def redraw(self) -> None:
        """The key numbers and the chart (or the tournament's table)."""
        if self.mode.value == "tournament":
            self.numbers.value = self._tournament_html()
            self.figure.value = ""
        else:
            self.numbers.value = self._numbers_html()
            chart = live_chart(self.band, rules=self.rules.value,
                               max_tariff_pct=self.max_tariff_pct.value)  # fmt: skip
            self.figure.value = svg(chart)

    def _numbers_html(self) -> str:
        lines = key_lines(band_rows(self.band), games=self.band.games, rules=self.rules.value)
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return f"<ul aria-label='Key numbers'>{items}</ul>"

    def _tournament_html(self) -> str:
        r = self.result
        names = [STRATEGY_LABELS[s] for s in r.strategies]
        head = "".join(f"<th scope='col'>vs {html.escape(n)}</th>" for n in names)
        rows = []
        for rank, (strategy, average) in enumerate(r.ranking(), start=1):
            i = r.strategies.index(strategy)
            cells = "".join(
                f"<td style='text-align:right'>{format_number(v, ',.1f')}</td>" for v in r.scores[i]
            )
            rows.append(
                f"<tr><td>{rank}</td><th scope='row' style='text-align:left'>"
                f"{html.escape(STRATEGY_LABELS[strategy])}</th>"
                f"<td style='text-align:right'><b>{format_number(average, ',.1f')}</b></td>"
                f"{cells}</tr>"
            )
        caption = (
            f"Tournament: every strategy against every other (and itself), "
            f"{self.repetitions.value} game(s) of {self.rounds.value} rounds per pair; "
            "average total payoff as Country A, best first."
        )
        return (
            f"<table aria-label='Tournament ranking'><caption>{html.escape(caption)}</caption>"
            f"<thead><tr><th>Rank</th><th>Strategy</th><th>Average</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    # -- display ----------------------------------------------------------------------
    def data_table(self):
        """Each country's mean tariff and the sample game's, round by round, at the
        simulator's starting settings."""
        rows = band_rows(self.band)
        pct = lambda column: [format_number(t, ",.0f") for t in rows[column]]  # noqa: E731
        frame = pd.DataFrame(
            {
                "Round": rows["round"],
                "Mean tariff of country A (%)": pct("mean_tariff_a"),
                "Mean tariff of country B (%)": pct("mean_tariff_b"),
                "Sample game: tariff of country A (%)": pct("tariff_a"),
                "Sample game: tariff of country B (%)": pct("tariff_b"),
            }
        )
        s = self._settings()
        return frame, (
            f"Tariffs after each round at the simulator's starting settings, mean of "
            f"{self.band.games} seeded games and one sample game: "
            f"{STRATEGY_LABELS[self.strategy_a.value]} against "
            f"{STRATEGY_LABELS[self.strategy_b.value]}, steps of {s['step_pct']:g} points, "
            f"{s['noise']:g} noise. Change the inputs to see others."
        )

    def static_chart(self):
        """The website's simulator (fixed seed and welfare model)."""
        return escalation_simulator_chart()


def escalation_simulator(**settings) -> EscalationSimulator:
    """The escalation simulator for a chapter cell: live widget in a notebook,
    static interactive chart on the website."""
    return EscalationSimulator(**settings)
