"""The live widget of a declared input (:class:`widgets.charts.inputs.Control`).

The website's param is built from the same declaration (:func:`widgets.charts.inputs.
vega_param`), so both views show the same label, range, step and default.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.charts.inputs import Control

__all__ = ["apply_sets", "ipywidget", "ipywidgets", "sized"]


def sized(label_em: float, width_em: float) -> dict:
    """``style`` and ``layout`` keywords: labels ``label_em`` wide, inputs ``width_em``."""
    return {"style": {"description_width": f"{label_em}em"},
            "layout": w.Layout(width=f"{width_em}em")}  # fmt: skip


def ipywidget(control: Control, value=None, *, style=None, layout=None) -> w.ValueWidget:
    """A slider (``kind="range"``; integer when ``format="d"``), a number box, radio
    buttons or a dropdown for ``control``, starting at ``value`` (default: ``control.default``)."""
    value = control.default if value is None else value
    common = dict(description=control.label, tooltip=control.help or None,
                  style=style or {}, layout=layout or w.Layout())  # fmt: skip
    if control.kind == "number":
        cls = w.BoundedIntText if control.format == "d" else w.BoundedFloatText
        return cls(value=value, min=control.min, max=control.max,
                                  step=control.step, **common)  # fmt: skip
    if control.kind == "range":
        cls = w.IntSlider if control.format == "d" else w.FloatSlider
        extra = {} if control.format == "d" else {"readout_format": control.format or ".2f"}
        return cls(value=value, min=control.min, max=control.max, step=control.step,
                   continuous_update=False, **extra, **common)  # fmt: skip
    options = [(label, option) for option, label in control.options]
    if control.kind == "radio":
        return w.RadioButtons(options=options, value=value, **common)
    return w.Dropdown(options=options, value=value, **common)


def ipywidgets(controls, values=None, **kwargs) -> dict[str, w.ValueWidget]:
    """Widgets for several controls, by name; ``values`` override their defaults."""
    values = values or {}
    return {c.attribute: ipywidget(c, values.get(c.attribute), **kwargs) for c in controls}


def apply_sets(control: Control, choice: w.ValueWidget, targets: dict, note: w.HTML,
               message: str) -> None:  # fmt: skip
    """What the page's script does with :attr:`Control.sets`, in the live widget: the
    choice ``control`` (its widget ``choice``) moves the ``targets`` (widgets by control
    name) to its option's values and disables them, with ``note`` showing ``message``
    (:meth:`Control.locked_note`); any other option enables them again.
    """
    values = control.sets.get(choice.value)
    for name, widget in targets.items():
        if values is not None and name in values:
            widget.value = values[name]
        widget.disabled = values is not None
    note.value = f"<p><small>{html.escape(message)}</small></p>" if values else ""
