"""Input checks shared by every model: bad input raises ``ValueError`` naming the parameter.

Each check takes the value and the parameter's name, and returns the value as a plain
Python ``float`` (or ``int``, ``str``, numpy array) ready to compute with. The message
reads ``"<name> must be <requirement>, got <value>"``, so a test can match on the name
and a reader sees what was wrong. Booleans are refused where a number is wanted
(``True`` is an ``int`` to Python, but never a tariff rate).

Examples
--------
>>> positive(2, "slope")
2.0
>>> positive(float("nan"), "slope")
Traceback (most recent call last):
...
ValueError: slope must be a finite number > 0, got nan
>>> real(1.0, "share_withheld", "a number in [0, 1)", lambda x: 0 <= x < 1)
Traceback (most recent call last):
...
ValueError: share_withheld must be a number in [0, 1), got 1.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection, Sequence

import numpy as np

__all__ = [
    "describe",
    "real",
    "finite",
    "positive",
    "non_negative",
    "positive_or_inf",
    "integer",
    "one_of",
    "prices",
    "vector",
]


def describe(value: object) -> str:
    """Show a bad value in an error message (``nan`` rather than ``np.float64(nan)``)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return repr(float(value))
    return repr(value)


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real(
    value: object,
    name: str,
    requirement: str,
    ok: Callable[[float], bool] = lambda x: True,
    *,
    allow_inf: bool = False,
) -> float:
    """A real number (not a bool) that is not NaN, finite unless ``allow_inf``, and ``ok``."""
    if not _is_real(value):
        raise ValueError(f"{name} must be {requirement}, got {describe(value)}")
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not allow_inf) or not ok(x):
        raise ValueError(f"{name} must be {requirement}, got {describe(value)}")
    return x


def finite(value: object, name: str) -> float:
    """A finite number."""
    return real(value, name, "a finite number")


def positive(value: object, name: str) -> float:
    """A finite number > 0."""
    return real(value, name, "a finite number > 0", lambda x: x > 0)


def non_negative(value: object, name: str) -> float:
    """A finite number >= 0."""
    return real(value, name, "a finite number >= 0", lambda x: x >= 0)


def positive_or_inf(value: object, name: str, note: str) -> float:
    """A number > 0 where ``math.inf`` is allowed; ``note`` says what inf means.

    Examples
    --------
    >>> positive_or_inf(math.inf, "export_supply_elasticity", "math.inf for a small country")
    inf
    >>> positive_or_inf(0, "export_supply_elasticity", "math.inf: a small country")
    Traceback (most recent call last):
    ...
    ValueError: export_supply_elasticity must be a number > 0 (math.inf: a small country), got 0.0
    """
    return real(value, name, f"a number > 0 ({note})", lambda x: x > 0, allow_inf=True)


def integer(
    value: object, name: str, requirement: str, ok: Callable[[int], bool] = lambda n: True
) -> int:
    """An integer (not a bool) that is ``ok``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not ok(int(value)):
        raise ValueError(f"{name} must be {requirement}, got {value!r}")
    return int(value)


def one_of(value: object, name: str, allowed: Collection) -> object:
    """One of the ``allowed`` values (``True`` is not taken for ``1``).

    Examples
    --------
    >>> one_of("grim", "strategy", ("tit_for_tat", "always_concede"))
    Traceback (most recent call last):
    ...
    ValueError: strategy must be one of tit_for_tat, always_concede; got 'grim'
    """
    if isinstance(value, bool) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(str, allowed))}; got {value!r}")
    return value


def prices(price: object, name: str) -> float | np.ndarray:
    """A price (a number, or an array of them): finite and >= 0.

    A number comes back as a ``float``, anything else as a float array.
    """
    if _is_real(price):
        return non_negative(price, name)
    try:
        arr = np.asarray(price, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a finite number >= 0 or an array of them, got {price!r}"
        ) from None
    if arr.ndim == 0:
        return non_negative(float(arr), name)
    if not (np.all(np.isfinite(arr)) and np.all(arr >= 0)):
        raise ValueError(f"{name} must contain only finite numbers >= 0, got {price!r}")
    return arr


def vector(values: object, name: str, n: int | None = None) -> np.ndarray:
    """A non-empty 1-d array of finite numbers >= 0 (of length ``n`` when given).

    Examples
    --------
    >>> vector([1, 2.5], "baseline_imports").tolist()
    [1.0, 2.5]
    >>> vector([0.1], "new_tariffs", 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: new_tariffs must have one value per partner (2), got 1: ...
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise ValueError(f"{name} must be a sequence of finite numbers >= 0, got {values!r}")
    items = list(values)
    if not all(_is_real(v) for v in items):
        raise ValueError(f"{name} must contain only finite numbers >= 0, got {items!r}")
    arr = np.asarray(items, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty one-dimensional sequence, got {items!r}")
    if not (np.all(np.isfinite(arr)) and np.all(arr >= 0)):
        raise ValueError(f"{name} must contain only finite numbers >= 0, got {items!r}")
    if n is not None and arr.size != n:
        raise ValueError(
            f"{name} must have one value per partner ({n}), got {arr.size}: "
            "the partner lists do not match"
        )
    return arr
