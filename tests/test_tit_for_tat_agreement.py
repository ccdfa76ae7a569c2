"""One model, two views: the website simulator and the live widget show the model's numbers.

The website embeds each setting's rounds once (``site_series``) and picks, decodes and adds
them up in Vega transforms. Here those transforms run in real Vega (vl-convert) with the
page's params set, and every number is compared with ``band_rows`` of a direct call of
``noise_band``, the function the live widget calls. The browser test checks the numbers
as drawn on the built page.
"""

import pytest
from explorer_support import website_view
from vega_support import close, vega_rows

from widgets.charts.tit_for_tat import (
    SITE_GAMES,
    SITE_ROUNDS,
    SITE_SEED,
    band_rows,
    key_lines,
    site_series,
)
from widgets.controls.tit_for_tat import EscalationSimulator
from widgets.models.tit_for_tat import noise_band

CASES = [
    ("tit_for_tat", "always_escalate", 10, 0, "none", 20),
    ("tit_for_tat", "always_escalate", 10, 5, "none", 20),
    ("tit_for_tat", "tit_for_tat", 10, 20, "none", 30),
    ("generous_tit_for_tat", "grim_trigger", 25, 10, "none", 17),
    ("tit_for_tat", "always_escalate", 25, 10, "wto", 12),
    ("grim_trigger", "always_escalate", 10, 5, "void", 9),
]
NUMBERS = ["round", "tariff_a", "tariff_b", "cumulative_a", "cumulative_b", "misreadings",
           "mean_tariff_a", "mean_tariff_b", "low_tariff_a", "high_tariff_a", "low_tariff_b",
           "high_tariff_b", "mean_cumulative_a", "mean_cumulative_b"]  # fmt: skip


@pytest.fixture(scope="module")
def spec():
    return website_view(EscalationSimulator)[0]  # escalation_simulator_chart(), made once


@pytest.fixture(scope="module")
def series():
    return site_series()[0]


def _page(spec, series, a, b, step, noise, rules, rounds):
    """The rounds the page shows: it computes all of the game's, and its x axis ends at the
    rounds slider's value (tests/test_tit_for_tat_charts.py checks the axis)."""
    params = dict(strategy_a=a, strategy_b=b, step=step, noise=noise, rules=rules, rounds=rounds)
    rows = vega_rows(series, spec["transform"], NUMBERS, params=params,
                     text=["label_a", "label_b"])  # fmt: skip
    assert [r["round"] for r in rows] == list(range(1, SITE_ROUNDS + 1))
    return rows[:rounds]


def _model(a, b, step, noise, rules, rounds):
    band = noise_band(a, b, games=SITE_GAMES, seed=SITE_SEED, rounds=rounds, step_pct=step,
                      noise=noise / 100, rules=rules)  # fmt: skip
    return band_rows(band)


@pytest.mark.parametrize("a, b, step, noise, rules, rounds", CASES)
def test_website_rows_are_the_model_in_real_vega(spec, series, a, b, step, noise, rules, rounds):
    shown = _page(spec, series, a, b, step, noise, rules, rounds)
    model = _model(a, b, step, noise, rules, rounds)
    assert len(shown) == rounds
    for row, (_, expected) in zip(shown, model.iterrows(), strict=True):
        for field in NUMBERS:
            assert close(row[field], float(expected[field])), (field, row, expected[field])
        assert row["label_a"] == expected["label_a"]


def test_each_noise_setting_changes_what_the_page_draws(spec, series):
    drawn = [_page(spec, series, "tit_for_tat", "always_escalate", 10, n, "none", 20)
             for n in (0, 5, 10, 20)]  # fmt: skip
    means = [tuple(r["mean_cumulative_a"] for r in rows) for rows in drawn]
    assert len(set(means)) == 4


def test_the_rules_change_what_the_page_draws(spec, series):
    drawn = [_page(spec, series, "tit_for_tat", "always_escalate", 10, 0, r, 20)
             for r in ("none", "wto", "void")]  # fmt: skip
    assert len({tuple(r["tariff_a"] for r in rows) for rows in drawn}) == 3


@pytest.mark.parametrize("a, b, step, noise, rules, rounds", CASES[1:4])
def test_live_widget_and_website_agree(spec, series, a, b, step, noise, rules, rounds):
    sim = EscalationSimulator(strategy_a=a, strategy_b=b, rounds=rounds, step_pct=step,
                              noise=noise / 100, rules=rules, seed=SITE_SEED)  # fmt: skip
    shown = _page(spec, series, a, b, step, noise, rules, rounds)
    live = band_rows(sim.band)
    for field in NUMBERS:
        assert all(close(r[field], float(v)) for r, v in zip(shown, live[field], strict=True))
    for line in key_lines(live, games=SITE_GAMES, rules=rules):
        assert line in sim.numbers.value.replace("&#x27;", "'")
