"""One model, two views: the website simulator and the live widget show the model's numbers.

The website embeds a grid of games and computes the rounds, payoffs and running totals
in Vega transforms. Here we apply the same steps to the embedded data in Python (pick
the row, flatten its arrays, keep the first ``rounds`` rounds, apply the payoff
expression, add up) and compare with a direct call of the model. The browser test
checks the numbers as drawn on the built page.
"""

import itertools
import json
import math
import re

import pytest

from widgets.charts.tit_for_tat import SITE_SEED, escalation_simulator_chart
from widgets.controls.tit_for_tat import EscalationSimulator
from widgets.models.tit_for_tat import DEFAULT_WELFARE, STRATEGIES, play

CASES = [
    ("tit_for_tat", "always_escalate", 10, 0, 20),
    ("tit_for_tat", "tit_for_tat", 5, 10, 30),
    ("generous_tit_for_tat", "grim_trigger", 25, 20, 17),
    ("always_escalate", "always_concede", 10, 5, 5),
    ("grim_trigger", "generous_tit_for_tat", 5, 20, 30),
]


def _close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * max(1.0, abs(b)))


@pytest.fixture(scope="module")
def spec():
    return escalation_simulator_chart().to_dict()


@pytest.fixture(scope="module")
def grid_rows(spec):
    (rows,) = [r for r in spec["datasets"].values() if r and "ta" in r[0]]
    return rows


@pytest.fixture(scope="module")
def page_table(spec):
    """The G and F arrays the page's payoff expression indexes, read from the spec."""
    calc = {t["as"]: t["calculate"] for t in spec["transform"] if "calculate" in t}
    match = re.fullmatch(
        r"(\[.*\])\[datum\.tariff_a / 5\] - (\[.*\])\[datum\.tariff_b / 5\]", calc["payoff_a"]
    )
    return json.loads(match[1]), json.loads(match[2])


def _page_rounds(rows, a, b, step, noise, rounds, table):
    """What the page's transforms make of the grid (filter, flatten, window, calculate)."""
    (row,) = [r for r in rows if (r["a"], r["b"], r["step"], r["noise"]) == (a, b, step, noise)]
    gain, loss = table
    out, cum_a, cum_b = [], 0.0, 0.0
    for k in range(rounds):
        ta, tb = row["ta"][k], row["tb"][k]
        # payoff_expression: G[own / 5] - F[partner / 5]
        pa = gain[ta // 5] - loss[tb // 5]
        pb = gain[tb // 5] - loss[ta // 5]
        cum_a, cum_b = cum_a + pa, cum_b + pb
        out.append(dict(tariff_a=ta, tariff_b=tb, cumulative_a=cum_a, cumulative_b=cum_b,
                        esc_a=row["ea"][k], mis=row["ma"][k] + row["mb"][k]))  # fmt: skip
    return out


@pytest.mark.parametrize("a, b, step, noise, rounds", CASES)
def test_website_rows_are_the_model(grid_rows, page_table, a, b, step, noise, rounds):
    shown = _page_rounds(grid_rows, a, b, step, noise, rounds, page_table)
    game = play(a, b, rounds=rounds, step_pct=step, noise=noise / 100, seed=SITE_SEED)
    for k, row in enumerate(shown):
        assert _close(row["tariff_a"], game.tariff_a[k])
        assert _close(row["tariff_b"], game.tariff_b[k])
        assert _close(row["cumulative_a"], game.cumulative_a[k]), (k, row, game.cumulative_a[k])
        assert _close(row["cumulative_b"], game.cumulative_b[k])
        assert row["esc_a"] == int(game.escalated_a[k])


def test_every_grid_game_is_the_model(grid_rows):
    for a, b in itertools.product(STRATEGIES, STRATEGIES):
        game = play(a, b, rounds=30, step_pct=25, noise=0.1, seed=SITE_SEED)
        (row,) = [r for r in grid_rows if (r["a"], r["b"], r["step"], r["noise"]) == (a, b, 25, 10)]
        assert (
            row["tb"] == game.tariff_b.tolist() and row["mb"] == game.misread_b.astype(int).tolist()
        )


@pytest.mark.parametrize("a, b, step, noise, rounds", CASES[:3])
def test_live_widget_and_website_agree(grid_rows, page_table, a, b, step, noise, rounds):
    sim = EscalationSimulator(strategy_a=a, strategy_b=b, rounds=rounds, step_pct=step,
                              noise=noise / 100, seed=SITE_SEED)  # fmt: skip
    shown = _page_rounds(grid_rows, a, b, step, noise, rounds, page_table)
    assert _close(shown[-1]["cumulative_a"], sim.game.total_a)
    assert _close(shown[-1]["cumulative_b"], sim.game.total_b)
    assert sim.game.payoff_a[0] == pytest.approx(
        DEFAULT_WELFARE.payoff(sim.game.tariff_a[0], sim.game.tariff_b[0])
    )
