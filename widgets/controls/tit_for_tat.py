"""The escalation simulator: one object, two views.

In a live kernel :class:`EscalationSimulator` shows ipywidgets controls that call
:func:`widgets.models.tit_for_tat.play` on every change (any strategies, rounds,
step, noise, seed, generosity, starting tariff and cap) and, in **tournament** mode,
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
from widgets.charts.tit_for_tat import CONTROLS, escalation_simulator_chart, key_lines, live_chart
from widgets.controls._inputs import ipywidgets, sized
from widgets.controls._two_views import TwoViews, svg
from widgets.models.tit_for_tat import (
    DEFAULT_GENEROSITY,
    DEFAULT_MAX_TARIFF_PCT,
    STRATEGIES,
    STRATEGY_LABELS,
    play,
    tournament,
)

__all__ = ["EscalationSimulator", "escalation_simulator"]

_SIZE = sized(13, 28)


#: Inputs only the live widget offers (the website plays one seed and welfare model).
LIVE_CONTROLS = tuple(replace(c, live_only=True) for c in (
    Control("mode", "Mode", "game", kind="radio",
            options=(("game", "One game"), ("tournament", "Tournament"))),
    Control("seed", "Seed", 2025, kind="number", min=0, max=2**31 - 1, step=1, format="d"),
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
    game : widgets.models.tit_for_tat.GameResult
        The game for the values the controls hold now.
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
        seed: int = 2025,
    ):
        start = dict(strategy_a=strategy_a, strategy_b=strategy_b, rounds=rounds,
                     step_pct=step_pct, noise=noise * 100, seed=seed)  # fmt: skip
        for name, widget in ipywidgets((*CONTROLS, *LIVE_CONTROLS), start, **_SIZE).items():
            setattr(self, name, widget)
        self.figure = w.HTML(layout=w.Layout(min_height="380px"))
        self.numbers = w.HTML()
        self.message = w.HTML()
        self.game = None
        self.result = None
        controls = [
            self.mode, self.strategy_a, self.strategy_b, self.rounds, self.step_pct,
            self.noise, self.seed, self.generosity, self.initial_tariff_pct,
            self.max_tariff_pct, self.repetitions,
        ]  # fmt: skip
        self._assemble(controls[:6], controls[6:])

    def _settings(self) -> dict:
        v = self.values()
        for name in ("mode", "strategy_a", "strategy_b", "repetitions"):
            del v[name]
        return v | {"noise": v["noise"] / 100}

    def compute(self) -> None:
        """Replay the game (and rerun the tournament in tournament mode)."""
        if self.mode.value == "tournament":
            self.result = tournament(STRATEGIES, repetitions=self.repetitions.value,
                                     **self._settings())  # fmt: skip
        self.game = play(self.strategy_a.value, self.strategy_b.value, **self._settings())

    def redraw(self) -> None:
        """The key numbers and the chart (or the tournament's table)."""
        if self.mode.value == "tournament":
            self.numbers.value = self._tournament_html()
            self.figure.value = ""
        else:
            self.numbers.value = self._numbers_html()
            chart = live_chart(self.game, max_tariff_pct=self.max_tariff_pct.value)
            self.figure.value = svg(chart)

    def _numbers_html(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in key_lines(self.game))
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
        """Each country's tariff, round by round, at the simulator's starting settings."""
        g = self.game
        frame = pd.DataFrame(
            {
                "Round": range(1, len(g.tariff_a) + 1),
                "Tariff of country A (%)": [format_number(t, ",.0f") for t in g.tariff_a],
                "Tariff of country B (%)": [format_number(t, ",.0f") for t in g.tariff_b],
            }
        )
        s = self._settings()
        return frame, (
            f"Tariffs after each round at the simulator's starting settings: "
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
