"""What every explorer (found automatically) must do in both views: one object that shows
a live widget in a notebook and the website's chart with every declared input, and a
message, not a traceback, when the model rejects the inputs; the message goes once the
inputs are valid again."""

from __future__ import annotations

import pytest
from explorer_support import FACTORIES, explorer_classes, starting_explorer

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


EXPLORERS = explorer_classes()
#: Explorers whose inputs only pick rows of a data table: no model can reject them.
NOTHING_TO_REJECT = {"ForumExplorer"}


def make(cls):
    return FACTORIES[cls]()


def test_only_data_lookups_lack_a_model_step():
    assert {c.__name__ for c in EXPLORERS if not hasattr(c, "compute")} == NOTHING_TO_REJECT


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_one_object_two_views(cls):
    explorer = starting_explorer(cls)  # only read: the one the other modules read
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    html = bundle["text/html"]
    assert "vegaEmbed" in html
    assert explorer.controls, "no declared inputs"
    for control in (c for c in explorer.controls if not c.live_only):
        assert f'"{control.name}"' in html, f"the page has no input {control.name!r}"


@pytest.mark.parametrize(
    "cls", [c for c in EXPLORERS if c.__name__ not in NOTHING_TO_REJECT], ids=lambda c: c.__name__
)
def test_a_model_error_shows_a_message_not_a_traceback(cls, monkeypatch):
    explorer = make(cls)
    compute = explorer.compute

    def broken():
        raise ValueError("tariff_rate must be a finite number >= 0, got nan")

    monkeypatch.setattr(explorer, "compute", broken)
    explorer.update()
    assert "role='alert'" in explorer.message.value
    assert "tariff_rate must be a finite number" in explorer.message.value
    monkeypatch.setattr(explorer, "compute", compute)
    explorer.update()
    assert explorer.message.value == ""
