"""The live export-control explorer, built headless: set ``.value``, assert the recomputed
result, and check that the live view, the website's spec and the model agree."""

from __future__ import annotations

import math

import numpy as np
import pytest
from explorer_support import set_inputs

from widgets.charts.export_controls import DEFAULTS
from widgets.controls.export_controls import ExportControlExplorer, export_control_explorer
from widgets.models.supply_shock import STEPS_PER_YEAR, supply_shock_path

CONTROLLING = 0.91
INPUTS = ["share_pct", "demand_elasticity", "supply_elasticity", "years_to_diversify",
          "stockpile_months"]  # fmt: skip


@pytest.fixture(scope="module")
def explorer():
    return ExportControlExplorer(CONTROLLING)


def _model(**kw):
    args = dict(
        share_withheld=DEFAULTS["share_pct"] / 100,
        demand_elasticity=DEFAULTS["demand_elasticity"],
        supply_elasticity=DEFAULTS["supply_elasticity"],
        years_to_diversify=DEFAULTS["years_to_diversify"],
        controlling_share=CONTROLLING,
    )
    return supply_shock_path(**(args | kw))


def _reset(explorer):
    set_inputs(explorer, **{name: DEFAULTS[name] for name in INPUTS})


def test_starts_at_thirty_percent_and_five_years(explorer):
    _reset(explorer)
    assert explorer.path.share_withheld == 0.3
    assert explorer.path.years_to_diversify == 5
    # 91% control, 30% withheld: 0.61 + 0.09 p ** 0.2 = p ** -0.3 at p = 2.963842.
    assert explorer.path.peak_price_index == pytest.approx(296.3842, rel=1e-6)
    p = explorer.path.peak_price_index / 100
    assert p**-0.3 == pytest.approx(0.61 + 0.09 * p**0.2, rel=1e-12)
    assert explorer.figure.value.startswith("<svg")
    assert "296.4" in explorer.numbers.value


@pytest.mark.parametrize(
    "share,eps,e,years,months",
    [(0, -0.3, 0.2, 5, 0), (30, -0.1, 0.0, 3, 2), (70, -0.6, 0.5, 10, 12),
     (90, -1.0, 1.0, 1, 24)],
)  # fmt: skip
def test_live_widget_shows_the_model(explorer, share, eps, e, years, months):
    set_inputs(explorer, share_pct=share, demand_elasticity=eps, supply_elasticity=e,
               years_to_diversify=years, stockpile_months=months)  # fmt: skip
    expected = _model(share_withheld=share / 100, demand_elasticity=eps, supply_elasticity=e,
                      years_to_diversify=years, stockpile_months=months)  # fmt: skip
    for field in ["price_index", "consumption_cut", "spending_index", "controlling_share_path",
                  "tariff_price_index", "revenue_index", "tax_earnings_index",
                  "stock_left_months"]:  # fmt: skip
        np.testing.assert_allclose(getattr(explorer.path, field), getattr(expected, field),
                                   rtol=1e-9, atol=1e-12)  # fmt: skip
    assert f"{expected.price_index[0]:,.1f}" in explorer.numbers.value
    _reset(explorer)


def test_a_stockpile_holds_the_price_and_the_revenue(explorer):
    # 3 months, 30% withheld, T = 5: the gap 0.3 (t - t**2/10) reaches 0.25 years at
    # t = 5 (1 - sqrt(1 - 0.25 / 0.75)) = 0.918; until then the price is 100 and the
    # controlling country sells its licensed 0.61 at the old price: revenue 100 * 0.61/0.91.
    _reset(explorer)
    explorer.stockpile_months.value = 3
    path = explorer.path
    assert path.stockpile_lasts_years == pytest.approx(5 * (1 - math.sqrt(2 / 3)), rel=1e-12)
    assert path.price_index[0] == 100.0 and path.stock_left_months[0] == 3.0
    assert path.revenue_index[0] == pytest.approx(100 * 0.61 / 0.91, rel=1e-12)
    assert f"{100 * 0.61 / 0.91:,.1f}" in explorer.numbers.value
    assert "Stock left" in explorer.numbers.value
    _reset(explorer)
    assert explorer.path.peak_price_index == pytest.approx(296.3842, rel=1e-6)


def test_moving_a_slider_redraws(explorer):
    _reset(explorer)
    before = explorer.figure.value
    explorer.years_to_diversify.value = 10
    assert explorer.figure.value != before
    assert explorer.path.price_index[5 * STEPS_PER_YEAR] > 100  # not yet back at year 5
    _reset(explorer)


def test_no_shock_shows_no_change(explorer):
    explorer.share_pct.value = 0
    assert np.all(explorer.path.price_index == 100)
    assert "Year 0</th><td style='text-align:right'>100.0" in explorer.numbers.value
    _reset(explorer)


def test_dragged_float_noise_is_rounded(explorer):
    explorer.demand_elasticity.value = -0.30000000000000004
    assert explorer.inputs()["demand_elasticity"] == -0.3
    _reset(explorer)




def test_controlling_share_below_the_slider_shows_a_message():
    explorer = ExportControlExplorer(0.5)
    explorer.share_pct.value = 60
    assert "controlling_share" in explorer.message.value


def test_the_factory_starts_at_the_chapter_default():
    assert math.isclose(export_control_explorer(CONTROLLING).path.share_withheld, 0.3)
