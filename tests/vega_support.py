"""Run the page's formulas in real Vega (vl-convert) and read the numbers back.

The website evaluates the model's formulas as Vega expressions (built from the model's
own code by :class:`widgets.charts.kit.VegaBackend`). :func:`vega_rows` runs such
transforms in the Vega that vl-convert embeds, with the page's params set to given
values, and returns each row's fields: every number exactly, because JavaScript's
number-to-string conversion round-trips a double. The tests compare them with the
Python model over grids of settings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd
import vl_convert as vlc

#: The Vega-Lite version vl-convert runs: the one the pinned Altair writes.
VL_VERSION = "6.4"
_SEPARATOR = "\u241f"  # a character no formatted number or label contains


def _texts(node, out: list[str]) -> list[str]:
    if isinstance(node, dict):
        if isinstance(node.get("description"), str) and _SEPARATOR in node["description"]:
            out.append(node["description"])
        for value in node.values():
            _texts(value, out)
    elif isinstance(node, list):
        for value in node:
            _texts(value, out)
    return out


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def vega_rows(
    data: pd.DataFrame | Iterable[Mapping],
    transforms: Iterable[dict],
    fields: Iterable[str],
    *,
    params: Mapping[str, object] | None = None,
    text: Iterable[str] = (),
    signals: Iterable[alt.Parameter] = (),
) -> list[dict]:
    """The rows Vega computes from ``data`` with ``transforms`` and ``params`` set.

    ``signals`` are the page's derived params (``alt.param(name=..., expr=...)``, the
    steps of a formula that read no row: :class:`widgets.charts.kit.VegaBackend`), added
    after ``params``. Returns one dict per row that survives the transforms, in data
    order, with the ``fields`` as floats (``NaN``/``Infinity`` included) and the ``text``
    fields as strings.
    """
    fields, text = list(fields), list(text)
    names = [*fields, *text]
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    separator = f" + '{_SEPARATOR}' + "
    line = separator.join(f"toString(datum[{name!r}])" for name in ["_row", *names])
    # Each row's numbers are the description of a point: read from the scene graph, with
    # no text to lay out (text marks cost ~10 ms a row in vl-convert).
    chart = (
        alt.Chart(frame.assign(_row=range(len(frame))), transform=list(transforms))
        .transform_calculate(_line=line)
        .mark_point()
        .encode(description="_line:N")
    )
    for name, value in (params or {}).items():
        chart = chart.add_params(alt.param(name=name, value=value))
    for signal in signals:
        chart = chart.add_params(signal)
    scene = vlc.vegalite_to_scenegraph(chart.to_dict(), vl_version=VL_VERSION)
    rows = []
    for line_text in _texts(scene, []):
        index, *values = line_text.split(_SEPARATOR)
        row = {"_row": int(index)}
        for name, value in zip(names, values, strict=True):
            row[name] = _number(value) if name in fields else value
        rows.append(row)
    rows.sort(key=lambda r: r["_row"])
    return rows


def close(a: float, b: float, rel: float = 1e-9, abs_: float = 1e-12) -> bool:
    """The page's number equals the model's to a relative 1e-9 (both NaN counts as equal)."""
    if math.isnan(a) and math.isnan(b):
        return True
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
