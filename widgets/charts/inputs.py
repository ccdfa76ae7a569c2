"""Each explorer's inputs, declared once for both views.

A :class:`Control` says what an input is (name, label, unit, range, step, default,
readout format, help text) and nothing about how it is drawn. The website's Vega-Lite
param is built from it here (:func:`vega_param`); the live ipywidget is built from the
same declaration in :mod:`widgets.controls._inputs`. ``tests/test_agreement.py`` checks,
for every explorer, that both views show the same labels, ranges, steps and defaults.

Where the website picks rows of a precomputed grid, it may offer only some of the
values the live widget allows: ``page_options`` lists them (a radio button or a select
on the page), or ``page_range`` a narrower slider; both must lie on the live range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import altair as alt

__all__ = ["Control", "date_readout", "page_behaviour", "typed", "vega_param", "vega_params"]


@dataclass(frozen=True)
class Control:
    """One input of an explorer, for both views.

    Parameters
    ----------
    name : the page's param name and the live explorer's attribute.
    label : what the reader sees next to the input (with the unit in brackets).
    default : the starting value (the same unit in both views).
    kind : ``"range"`` (a slider), ``"radio"`` or ``"select"`` (a choice of ``options``),
        or ``"number"`` (a typed number, live widget only: the page offers none).
    min, max, step : the slider's range (``kind="range"``).
    options : ``(value, label)`` pairs of a choice.
    format : the live slider's readout (a Python format spec such as ``".0f"``).
    help : a sentence on what the input means (the live widget's tooltip).
    page_options : values the page offers as a radio button (a subset of the range).
    page_range : ``(min, max, step)`` of a narrower slider on the page.
    page_select : offer ``page_options`` as a select instead of radio buttons.
    page_labels : labels of page options that are not among ``options``.
    live_name : the live explorer's attribute, when it differs from ``name``.
    live_only : an input of the live widget only (the page does not offer it).
    sets : for a choice, ``{option: {control name: value}}``: choosing one of these options
        moves those controls to its values and locks them (both views); any other option
        unlocks them. See :func:`page_behaviour`.
    """

    name: str
    label: str
    default: object
    kind: str = "range"
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple = ()
    format: str = ""
    help: str = ""
    page_options: tuple | None = None
    page_range: tuple | None = None
    page_select: bool = False
    page_labels: dict = field(default_factory=dict)
    live_name: str = ""
    live_only: bool = False
    sets: dict = field(default_factory=dict)

    @property
    def attribute(self) -> str:
        """The live explorer's attribute holding this input's widget."""
        return self.live_name or self.name

    def option_label(self, value) -> str:
        """The label of a choice (or of a page option)."""
        labels = dict(self.options) | self.page_labels
        return labels.get(value, str(value))

    @property
    def page_kind(self) -> str:
        """What the page shows: ``"range"``, ``"radio"`` or ``"select"``."""
        if self.page_options is not None:
            return "select" if self.page_select else "radio"
        return self.kind

    def page_values(self) -> list:
        """The values the page's choice offers."""
        if self.page_options is not None:
            return list(self.page_options)
        return [value for value, _ in self.options]

    def page_bounds(self) -> tuple:
        """``(min, max, step)`` of the page's slider."""
        return self.page_range or (self.min, self.max, self.step)

    def locked_note(self, controls) -> str:
        """The line shown while a choice of :attr:`sets` holds the controls it moves."""
        names = {name for values in self.sets.values() for name in values}
        labels = [c.label for c in controls if c.name in names]
        free = next(label for value, label in self.options if value not in self.sets)
        labels = [re.sub(r"\s*\(.*\)$", "", label) for label in labels]  # no units
        return (f"{' and '.join(labels)} are set by the {self.label.lower()}. "
                f"Choose \u201c{free}\u201d to move them.")  # fmt: skip


def typed(name: str, label: str, default, minimum, maximum, step) -> Control:
    """A number typed into a box (live widget only)."""
    return Control(name, label, default, kind="number", min=minimum, max=maximum, step=step,
                   live_only=True)  # fmt: skip


def vega_param(control: Control, value=None) -> alt.Parameter:
    """The website's param for ``control``, bound to an HTML input, starting at ``value``
    (default: ``control.default``)."""
    value = control.default if value is None else value
    kind = control.page_kind
    if kind == "number" or control.live_only:
        raise ValueError(f"{control.name}: a typed number is offered by the live widget only")
    if kind == "range":
        lo, hi, step = control.page_bounds()
        bind = alt.binding_range(min=lo, max=hi, step=step, name=f"{control.label} ")
    else:
        values = control.page_values()
        labels = [control.option_label(v) for v in values]
        if kind == "radio":
            bind = alt.binding_radio(options=values, labels=labels, name=f"{control.label}: ")
        else:
            bind = alt.binding_select(options=values, labels=labels, name=f"{control.label} ")
    return alt.param(name=control.name, value=value, bind=bind)


def vega_params(controls, **values) -> dict[str, alt.Parameter]:
    """Params for several controls, by name; ``values`` override their defaults."""
    return {c.name: vega_param(c, values.get(c.name)) for c in controls}


def page_behaviour(controls=(), *, readouts=None) -> dict:
    """What the page's script (``_static/controls.js``) does with a chart's inputs, for the
    chart's ``usermeta["controls"]``: Vega-Lite params cannot write other params.

    * ``sets``: for each choice with :attr:`Control.sets`, the values its options put on
      other inputs (which the script moves and disables, with a note saying why);
    * ``readouts``: ``{param: {"date_from": ISO date}}`` shows a day-count slider's value
      as a date (:func:`date_readout`).
    """
    out = {}
    sets = {c.name: {"values": c.sets, "note": c.locked_note(controls)}
            for c in controls if c.sets}  # fmt: skip
    if sets:
        out["sets"] = sets
    if readouts:
        out["readouts"] = dict(readouts)
    return out


def date_readout(name: str, start: str) -> dict:
    """A readout of param ``name`` (days after ``start``, an ISO date) written as a date
    (``'17 Oct 2025'``) by the page's script, for :func:`page_behaviour`."""
    return {name: {"date_from": start}}
