"""The live trade-diversion explorer, driven headless, and its agreement with the model."""

import math

import numpy as np
import pytest
from explorer_support import set_inputs, starting_explorer, website_view

from tests.test_trade_diversion_charts import model  # noqa: I001
from widgets.charts.trade_diversion import PRESETS
from widgets.controls.trade_diversion import TradeDiversionExplorer, trade_diversion_explorer


@pytest.fixture(scope="module")
def explorer():
    return trade_diversion_explorer()


def test_widget_recomputes_when_a_slider_moves(explorer):
    set_inputs(explorer, preset="sliders", china_pct=145, others_pct=10, eps=1.1, sigma=2.5)
    expected = model(145, 10, 1.1, 2.5)
    assert np.allclose(explorer.outcome.new_imports, expected.new_imports, rtol=1e-12)
    assert f"{expected.new_imports[0]:,.1f}" in explorer.numbers.value
    assert "<svg" in explorer.figure.value


def test_preset_sets_the_sliders_and_the_model(explorer):
    explorer.preset.value = "april2025"
    _, china, others = PRESETS["april2025"]
    assert (explorer.china_pct.value, explorer.others_pct.value) == (china, others)
    expected = model(china, others, explorer.eps.value, explorer.sigma.value)
    assert math.isclose(explorer.outcome.welfare_change, expected.welfare_change, rel_tol=1e-12)
    explorer.preset.value = "sliders"


def test_both_views_in_one_bundle():
    bundle = starting_explorer(TradeDiversionExplorer)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "vegaEmbed" in bundle["text/html"]
    assert '"china_pct"' in bundle["text/html"]


def test_the_method_control_shows_the_smart_formulas():
    explorer = trade_diversion_explorer()
    set_inputs(explorer, china_pct=26, others_pct=0, method="smart")
    from widgets.charts.trade_diversion import explorer_outcome, partner_baseline

    expected = explorer_outcome(partner_baseline(), china_pct=26, others_pct=0, eps=1.0, sigma=2.5,
                                method="smart")  # fmt: skip
    assert np.allclose(explorer.outcome.new_imports, expected.new_imports, rtol=1e-12)
    assert np.all(explorer.outcome.trade_creation[1:] == 0)  # SMART: creation on China only
    assert "CES model only" in explorer.numbers.value
    assert f"{expected.new_imports[0]:,.1f}" in explorer.numbers.value
    explorer.method.value = "ces"
    assert explorer.outcome.trade_creation[1] < 0  # the CES model spreads creation


def test_a_preset_locks_the_tariff_sliders_and_says_why(explorer):
    """Issue 13: with a preset chosen the sliders still moved and disagreed with the key
    numbers. Now a preset moves them to its values and disables them, a line says why, and
    "Use the sliders" enables them again, where they stay."""
    explorer.preset.value = "busan"
    _, china, others = PRESETS["busan"]
    assert (explorer.china_pct.value, explorer.others_pct.value) == (china, others)
    assert explorer.china_pct.disabled and explorer.others_pct.disabled
    assert not explorer.eps.disabled and not explorer.sigma.disabled
    assert "are set by the tariff regime" in explorer.locked.value
    assert "Use the sliders" in explorer.locked.value
    explorer.preset.value = "sliders"
    assert not explorer.china_pct.disabled and not explorer.others_pct.disabled
    assert explorer.locked.value == ""
    assert (explorer.china_pct.value, explorer.others_pct.value) == (china, others)
    explorer.china_pct.value = 100
    expected = model(100, others, explorer.eps.value, explorer.sigma.value)
    assert math.isclose(explorer.outcome.welfare_change, expected.welfare_change, rel_tol=1e-12)


def test_the_page_carries_the_same_declaration():
    """The website's wrapper tells _static/controls.js what each preset sets, from the one
    declaration (Control.sets) the live widget uses."""
    import html
    import json
    import re

    page = website_view(TradeDiversionExplorer)[1]  # TradeDiversionExplorer().website_html()
    (attr,) = re.findall(r"data-chart-controls='([^']*)'", page)
    behaviour = json.loads(html.unescape(attr))
    sets = behaviour["sets"]["preset"]
    assert sets["values"] == {k: {"china_pct": c, "others_pct": o}
                              for k, (_, c, o) in PRESETS.items()}  # fmt: skip
    assert sets["note"] == (
        "Tariff on China and Tariff on everyone else are set by the tariff regime. "
        "Choose \u201cUse the sliders\u201d to move them."
    )
