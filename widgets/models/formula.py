"""One formula, two backends: the closed forms the website evaluates are written once.

A *formula* is a plain Python function of its inputs and of a namespace ``xp`` that
supplies the few functions Python's operators do not (``pow``, ``min``, ``max``,
``exp``, ``log``, ``abs``, ``where`` and ``total``, a sum over the rows of one case).
It names each intermediate result on a *record* (``f = xp.record(); f.price = ...``).

* With :data:`NUMPY` (this module) the inputs are numbers or arrays and the record holds
  the values: the model functions compute with it.
* With the Vega backend of the chart layer (:class:`widgets.charts.kit.VegaBackend`) the
  inputs are Altair expression objects (``alt.datum.x``, params) and the same lines
  build Vega expressions: each assignment to the record becomes a ``calculate``
  transform and each ``total`` a ``joinaggregate``. The website then evaluates the
  model's own formula, and ``tests/vega_support.py`` checks it in real Vega.

This module is numpy only, like the rest of :mod:`widgets.models`.

Examples
--------
>>> def hypotenuse(xp, a, b):
...     f = xp.record()
...     f.square = a * a + b * b
...     f.length = xp.pow(f.square, 0.5)
...     return f
>>> hypotenuse(NUMPY, 3.0, 4.0).length
5.0
"""

from __future__ import annotations

import numpy as np

__all__ = ["NUMPY", "NumpyBackend", "Record"]


class Record:
    """Named results of a formula, in the order they were computed.

    ``record.name = value`` stores a result and ``record.name`` reads it back;
    :meth:`as_dict` gives them all.
    """

    def __init__(self):
        object.__setattr__(self, "_values", {})

    def __setattr__(self, name, value):
        self._values[name] = value

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict:
        """Every result, in the order it was computed."""
        return dict(self._values)


def _scalar(value):
    """A 0-d array as a Python float; arrays as they are."""
    value = np.asarray(value, dtype=float)
    return float(value) if value.ndim == 0 else value


class NumpyBackend:
    """The formulas' functions on numbers and arrays (elementwise, like Vega's on rows)."""

    @staticmethod
    def record() -> Record:
        return Record()

    @staticmethod
    def pow(x, y):
        return _scalar(np.power(x, y))

    @staticmethod
    def min(x, y):
        return _scalar(np.minimum(x, y))

    @staticmethod
    def max(x, y):
        return _scalar(np.maximum(x, y))

    @staticmethod
    def exp(x):
        return _scalar(np.exp(x))

    @staticmethod
    def log(x):
        return _scalar(np.log(x))

    @staticmethod
    def abs(x):
        return _scalar(np.abs(x))

    @staticmethod
    def where(condition, if_true, if_false):
        return _scalar(np.where(condition, if_true, if_false))

    @staticmethod
    def total(values, name: str | None = None) -> float:
        """The sum over the rows of one case (``name`` is used by the Vega backend)."""
        return float(np.sum(values))


#: The numbers backend.
NUMPY = NumpyBackend()
