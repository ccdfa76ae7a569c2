"""The trade-weighted average tariff on all imports from one country, built from layers.

A tariff *layer* (a Section 301 list, the IEEPA "fentanyl" tariff, the "reciprocal"
tariff, a Section 122 surcharge ...) charges a rate on a share of imports, its
*coverage*. At fixed trade weights the average additional tariff across all imports is

.. math:: \\bar t(d) = \\sum_i \\text{on}_i \\, c_i \\, t_i(d),

where :math:`t_i(d)` is layer *i*'s rate in force on date *d* (percent), :math:`c_i` its
coverage (a share of imports, 0-1) and :math:`\\text{on}_i` is 1 or 0 (the reader switches
layers off). Layers on the same goods **add** (they stack): goods under List 3 and the
fentanyl tariff pay both. An exemption takes a share of goods out of one layer, so that
layer's coverage falls (1 minus the exempt share).

Assumptions, stated where the reader meets them: the weights are fixed (each layer's
trade value at announcement over total imports then), so the average ignores that imports
shift away from the most-taxed goods; and rates add, which is how US additional duties
on China stacked in 2018-2026 (a layer that did not stack would be overstated).

:func:`effective_rate_formula` is written once for numbers and for the website's Vega
backend (:mod:`widgets.models.formula`); :func:`effective_tariff_rate` checks its inputs
and evaluates it with numpy; :func:`rate_on` reads a layer's step schedule on given dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from widgets.models._checks import real
from widgets.models.formula import NUMPY

__all__ = ["effective_rate_formula", "effective_tariff_rate", "rate_on"]


def effective_rate_formula(xp, *, rates, coverages, switches):
    """The trade-weighted average of stacked layers, written once for numbers (``xp`` =
    :data:`~widgets.models.formula.NUMPY`) and for the website's Vega backend.

    ``rates``, ``coverages`` and ``switches`` map each layer's name to its rate (percent),
    coverage (0-1) and switch (1 on, 0 off). Inputs are checked by the caller.

    Examples
    --------
    >>> f = effective_rate_formula(NUMPY, rates={"a": 25.0, "b": 10.0},
    ...                            coverages={"a": 0.4, "b": 1.0}, switches={"a": 1, "b": 1})
    >>> f.effective
    20.0
    """
    f = xp.record()
    total = 0.0
    for name in rates:
        total = total + switches[name] * coverages[name] * rates[name]
    f.effective = total
    return f


def _layers(rates_pct, coverage, on):
    if not isinstance(rates_pct, Mapping) or not rates_pct:
        raise ValueError(
            f"rates_pct must be a non-empty mapping of layer to rates, got {rates_pct!r}"
        )
    for label, given in (("coverage", coverage), ("on", on)):
        if given is not None and (not isinstance(given, Mapping) or set(given) != set(rates_pct)):
            raise ValueError(
                f"{label} must map the same layers as rates_pct ({sorted(rates_pct)}), "
                f"got {given!r}"
            )
    rates, shape = {}, None
    for name, value in rates_pct.items():
        arr = np.asarray(value, dtype=float) if not isinstance(value, (str, bytes)) else None
        if arr is None or arr.ndim > 1 or not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise ValueError(
                f"rates_pct must hold finite rates >= 0 for each layer, got {value!r} for {name!r}"
            )
        if shape is not None and arr.shape != shape:
            raise ValueError(
                "rates_pct must give every layer the same number of dates, "
                f"got {arr.shape} for {name!r}"
            )
        rates[name], shape = arr, arr.shape
    covers = {
        name: real(
            coverage[name] if coverage is not None else 1.0,
            "coverage",
            "a share in [0, 1]",
            lambda x: 0 <= x <= 1,
        )
        for name in rates
    }
    switches = {}
    for name in rates:
        value = True if on is None else on[name]
        if not isinstance(value, (bool, np.bool_)) and value not in (0, 1):
            raise ValueError(f"on must be True or False for each layer, got {value!r} for {name!r}")
        switches[name] = 1.0 if value else 0.0
    return rates, covers, switches


def effective_tariff_rate(
    rates_pct: Mapping[str, float | Sequence[float]],
    coverage: Mapping[str, float] | None = None,
    on: Mapping[str, bool] | None = None,
) -> float | np.ndarray:
    """The trade-weighted average additional tariff across all imports (percent).

    Parameters
    ----------
    rates_pct : mapping of layer name to its rate in percent (a number, or one rate per
        date, every layer with the same dates; 0 where the layer is not in force).
    coverage : mapping of layer name to the share of imports it covers, in [0, 1]
        (default: 1 for every layer).
    on : mapping of layer name to ``True`` (counted) or ``False`` (switched off);
        default: every layer on.

    Returns
    -------
    float or numpy.ndarray
        :math:`\\sum_i \\text{on}_i c_i t_i`, by date when the rates are given by date.

    Examples
    --------
    List 3 (25% on 40% of imports) stacked with a 20% tariff on all goods:

    >>> effective_tariff_rate({"list3": 25.0, "fentanyl": 20.0},
    ...                       coverage={"list3": 0.4, "fentanyl": 1.0})
    30.0
    >>> effective_tariff_rate({"list3": [0.0, 25.0]}, coverage={"list3": 0.4}).tolist()
    [0.0, 10.0]
    >>> effective_tariff_rate({"list3": 25.0}, on={"list3": False})
    0.0
    >>> effective_tariff_rate({"list3": 25.0}, coverage={"list3": 1.5})
    Traceback (most recent call last):
    ...
    ValueError: coverage must be a share in [0, 1], got 1.5
    """
    rates, covers, switches = _layers(rates_pct, coverage, on)
    value = effective_rate_formula(
        NUMPY, rates=rates, coverages=covers, switches=switches
    ).effective
    value = np.asarray(value, dtype=float) + 0.0  # no -0.0
    return float(value) if value.ndim == 0 else value


def rate_on(dates, starts, ends, rates_pct) -> np.ndarray:
    """A layer's rate (percent) on each of ``dates``: the rate of the step whose
    ``start <= date <= end``, 0 outside every step. Dates are ISO strings or
    ``numpy.datetime64``; steps must not overlap.

    Examples
    --------
    >>> rate_on(["2019-05-09", "2019-05-10", "2026-07-01"],
    ...         ["2018-09-24", "2019-05-10"], ["2019-05-09", "2026-06-30"], [10, 25]).tolist()
    [10.0, 25.0, 0.0]
    """
    d = np.asarray(dates, dtype="datetime64[D]")
    s = np.asarray(starts, dtype="datetime64[D]")
    e = np.asarray(ends, dtype="datetime64[D]")
    r = np.asarray(rates_pct, dtype=float)
    if not (s.shape == e.shape == r.shape) or s.ndim != 1:
        raise ValueError("starts, ends and rates_pct must be one-dimensional and of equal length")
    if np.any(e < s):
        raise ValueError("ends must not come before starts")
    if not np.all(np.isfinite(r)) or np.any(r < 0):
        raise ValueError(f"rates_pct must be finite rates >= 0, got {r.tolist()!r}")
    order = np.argsort(s)
    if np.any(s[order][1:] <= e[order][:-1]):
        raise ValueError("starts and ends must not overlap")
    inside = (d[:, None] >= s[None, :]) & (d[:, None] <= e[None, :])
    return (inside * r[None, :]).sum(axis=1).astype(float)
