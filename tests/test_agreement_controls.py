"""One declaration per control: for every explorer (found automatically), the website's
inputs and the live widgets show the same labels, ranges, steps and defaults, because both
are built from the explorer's ``controls`` (:class:`widgets.charts.inputs.Control`).

Where the page picks rows of a precomputed grid it may offer fewer values than the live
widget (a radio button of some steps, a narrower slider); those must lie on the live
range and its steps.
"""

from __future__ import annotations

import math

import ipywidgets as w
import pytest
from chart_support import walk
from explorer_support import explorer_classes, starting_explorer, website_view

from widgets.charts.inputs import Control

EXPLORERS = explorer_classes()


def _on_steps(value: float, lo: float, step: float) -> bool:
    k = (value - lo) / step
    return math.isclose(k, round(k), abs_tol=1e-9)


def _page_params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for node in walk(spec) for p in node.get("params", []) if "bind" in p}


@pytest.fixture(scope="module", params=EXPLORERS, ids=lambda c: c.__name__)
def views(request):
    return starting_explorer(request.param), _page_params(website_view(request.param)[0])


def test_every_explorer_declares_its_controls():
    assert len(EXPLORERS) >= 6
    for cls in EXPLORERS:
        assert cls.controls, f"{cls.__name__} declares no controls"
        assert all(isinstance(c, Control) for c in cls.controls)
        names = [c.attribute for c in cls.controls]
        assert len(names) == len(set(names)), cls.__name__


def test_every_page_input_is_declared(views):
    explorer, params = views
    declared = {c.name for c in explorer.controls}
    assert params and set(params) <= declared, set(params) - declared


def test_labels_agree(views):
    explorer, params = views
    for control in explorer.controls:
        widget = getattr(explorer, control.attribute)
        assert widget.description == control.label, control.name
        if control.name in params:
            page_label = params[control.name]["bind"]["name"]
            assert page_label.rstrip().rstrip(":") == control.label, control.name


def test_defaults_agree(views):
    explorer, params = views
    for control in explorer.controls:
        widget = getattr(explorer, control.attribute)
        if control.name in params:
            assert params[control.name]["value"] == widget.value, control.name
        if control.default is not None:
            assert widget.value == control.default, control.name


def test_ranges_and_steps_agree(views):
    explorer, params = views
    for control in explorer.controls:
        widget = getattr(explorer, control.attribute)
        if control.kind in ("range", "number"):
            assert (widget.min, widget.max, widget.step) == (
                control.min, control.max, control.step), control.name  # fmt: skip
            assert isinstance(widget, (w.FloatSlider, w.IntSlider, w.BoundedFloatText,
                                       w.BoundedIntText))  # fmt: skip
        else:
            live = [value for _, value in widget.options]
            assert live == [value for value, _ in control.options], control.name
            assert [label for label, _ in widget.options] == [t for _, t in control.options]
        if control.live_only:
            assert control.name not in params, control.name
            continue
        assert control.name in params, control.name
        bind = params[control.name]["bind"]
        if bind["input"] == "range":
            lo, hi, step = bind["min"], bind["max"], bind["step"]
            assert (lo, hi, step) == control.page_bounds(), control.name
            assert control.min <= lo <= hi <= control.max, control.name
            assert _on_steps(lo, control.min, control.step), control.name
            assert _on_steps(step, 0, control.step), control.name
        else:
            assert bind["options"] == control.page_values(), control.name
            assert bind["labels"] == [control.option_label(v) for v in bind["options"]]
            for value in bind["options"]:
                if control.kind in ("range", "number"):
                    assert control.min <= value <= control.max, (control.name, value)
                    assert _on_steps(value, control.min, control.step), (control.name, value)
                else:
                    assert value in live, (control.name, value)
