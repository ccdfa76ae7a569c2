"""Every explorer of the book, found automatically, and how a test makes each one."""

from __future__ import annotations

import functools
import importlib
import json
import pkgutil
import re

from widgets.controls._two_views import TwoViews
from widgets.controls.effective_rate import EffectiveRateExplorer, effective_rate_explorer
from widgets.controls.export_controls import ExportControlExplorer, export_control_explorer
from widgets.controls.forums import ForumExplorer, forum_explorer
from widgets.controls.port_fees import PortFeeExplorer, port_fee_explorer
from widgets.controls.quota import QuotaExplorer, quota_explorer
from widgets.controls.tariff import TariffExplorer, tariff_explorer
from widgets.controls.tariff_war import (
    BestResponseExplorer,
    ErpCalculator,
    OptimalTariffExplorer,
    best_response_explorer,
    erp_calculator,
    optimal_tariff_explorer,
)
from widgets.controls.tit_for_tat import EscalationSimulator, escalation_simulator
from widgets.controls.trade_diversion import TradeDiversionExplorer, trade_diversion_explorer
from widgets.data import load

#: How a test makes each explorer (the chapters' own calls). Every TwoViews subclass in
#: widgets/controls must be here: a new explorer without a factory fails the scan.
FACTORIES = {
    TariffExplorer: tariff_explorer,
    TradeDiversionExplorer: trade_diversion_explorer,
    PortFeeExplorer: port_fee_explorer,
    ExportControlExplorer: export_control_explorer,
    EscalationSimulator: escalation_simulator,
    ForumExplorer: lambda: forum_explorer(load("forum_membership"), load("economy_indicators")),
    OptimalTariffExplorer: optimal_tariff_explorer,
    ErpCalculator: erp_calculator,
    BestResponseExplorer: best_response_explorer,
    EffectiveRateExplorer: effective_rate_explorer,
    QuotaExplorer: quota_explorer,
}


@functools.cache
def starting_explorer(cls: type):
    """An explorer made by its factory (at its starting settings) once per test process and
    shared by the tests that only read it; its website chart (``static_chart()``, which
    depends on the starting settings only) is built once too. A test that sets its inputs
    or patches it makes its own with ``FACTORIES``."""
    explorer = FACTORIES[cls]()
    explorer.static_chart = functools.cache(explorer.static_chart)
    return explorer


@functools.cache
def website_view(cls: type) -> tuple[dict, str]:
    """An explorer's website view at its starting settings, made once per test process and
    shared by the tests that only read it: ``(the static chart's Vega-Lite spec, the
    website HTML)``. A test that changes an explorer makes its own with ``FACTORIES``."""
    explorer = starting_explorer(cls)
    return explorer.static_chart().to_dict(), explorer.website_html()


def compile_site_specs(cls: type) -> list[dict]:
    """The Vega specs of an explorer's website view compiled as the site build compiles
    them (``_ext/offline_assets._compile_vegalite``: patches applied, keyed marks keyed,
    unread fields pruned, long data packed by column), compiled now (a test may patch
    the build's steps first)."""
    import altair as alt

    from _ext import offline_assets

    context = {"body": website_view(cls)[1], "script_files": []}
    offline_assets._compile_vegalite(None, cls.__name__, context, alt.VEGALITE_VERSION)
    body, decoder = context["body"], json.JSONDecoder()
    return [decoder.raw_decode(body, m.end())[0] for m in re.finditer(r"\}\)\(", body)]


@functools.cache
def site_specs(cls: type) -> tuple[dict, ...]:
    """:func:`compile_site_specs`, made once per test process for the tests that only read
    them."""
    return tuple(compile_site_specs(cls))


def mark_keys(vega: dict) -> list[str]:
    """The Vega ``key`` fields of a compiled spec's marks, in document order."""
    found, pending = [], list(vega.get("marks", []))
    while pending:
        mark = pending.pop(0)
        found += [mark["key"]] if "key" in mark else []
        pending[:0] = mark.get("marks", [])
    return found


def explorer_classes() -> list[type]:
    """Every TwoViews subclass defined in the widgets.controls package (imported in full)."""
    import widgets.controls

    for module in pkgutil.iter_modules(widgets.controls.__path__, "widgets.controls."):
        importlib.import_module(module.name)
    found, todo = [], list(TwoViews.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return sorted(found, key=lambda c: c.__name__)


def set_inputs(explorer, **values) -> None:
    """Set a live explorer's input widgets (by attribute name), in the order given.

    Every change reaches the explorer as a reader's would (its observers run, it
    recomputes, it checks the inputs), but the chart and key numbers are drawn
    (``redraw``) once, after the last change, for the inputs then held (``update``): a
    drawing costs ~0.4 s (Altair and vl-convert), a computation milliseconds, and a test
    asserts only what is shown at the end. Values it already holds change nothing.
    """
    before = [getattr(explorer, name).value for name in values]
    explorer.redraw = lambda: None  # the instance's no-op hides the class's redraw
    try:
        for name, value in values.items():
            getattr(explorer, name).value = value
    finally:
        del explorer.redraw
    if [getattr(explorer, name).value for name in values] != before:
        explorer.update()
