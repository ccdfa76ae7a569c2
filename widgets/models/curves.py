"""Demand and supply curves: quantity as a function of price, and the area beside them.

Four curves, one base class. A curve gives the quantity at a price
(:meth:`Curve.quantity`, on a number or an array) and the exact area to the left of the
curve between two prices (:meth:`Curve.integral`): the change in consumer surplus along
a demand curve, in producer surplus along a supply curve. A curve is *demand* or
*supply* by the sign of its slope, ``sign = -1`` or ``+1``; the two shapes are

* **straight lines**, ``Q(p) = max(0, intercept + sign * slope * p)``
  (:class:`LinearDemand`, :class:`LinearSupply`);
* **constant elasticity**, ``Q(p) = scale * p ** (sign * elasticity)``
  (:class:`ConstantElasticityDemand`, :class:`ConstantElasticitySupply`).

Each can be calibrated through one observed (price, quantity) point with a given
elasticity (``from_point``), as applied work does.

Units: prices in currency per unit of the good, quantities in units per period, areas
in currency per period.

Examples
--------
>>> d, s = LinearDemand(13, 5), LinearSupply(-7, 10)  # Suranovic's Coke market
>>> d.quantity(1.0) - s.quantity(1.0)  # imports at $1
5.0
>>> isinstance(d, Curve), d.sign, s.sign
(True, -1, 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from widgets.models import _checks

__all__ = [
    "Curve",
    "LinearCurve",
    "ConstantElasticityCurve",
    "LinearDemand",
    "LinearSupply",
    "ConstantElasticityDemand",
    "ConstantElasticitySupply",
]


def _power(base: float, exponent: float) -> float:
    """``base ** exponent`` for base >= 0, giving inf instead of raising on overflow."""
    try:
        return base**exponent
    except OverflowError:
        return math.inf


def _power_integral(p0: float, p1: float, k: float) -> float:
    """Exact ``(p1**k - p0**k) / k`` (``log(p1/p0)`` when ``k == 0``), for p0, p1 >= 0.

    This is the integral of ``p**(k - 1)`` from p0 to p1. When the two powers are
    close, the difference is formed with ``expm1`` so that nothing cancels.
    """
    if p0 == p1:
        return 0.0
    if p0 == 0.0 or p1 == 0.0:
        if k <= 0:  # the integrand blows up at zero price
            return math.copysign(math.inf, p1 - p0)
        return (_power(p1, k) - _power(p0, k)) / k
    log_ratio = math.log(p1) - math.log(p0)
    if k == 0:
        return log_ratio
    if abs(k * log_ratio) < 1.0:
        return _power(p0, k) * math.expm1(k * log_ratio) / k
    return (_power(p1, k) - _power(p0, k)) / k


@dataclass(frozen=True)
class Curve:
    """What every curve has: checked parameters, ``quantity``, ``integral``, ``from_point``.

    A subclass is a frozen dataclass that sets :attr:`sign` and ``_parameter_checks`` (how
    each parameter is checked) and computes on checked numbers in ``_quantity``,
    ``_quantities`` and ``_area``; the checks of prices and parameters live here, once.
    """

    #: -1 for demand (falls with the price), +1 for supply.
    sign: ClassVar[int]
    #: Parameter name -> check (from :mod:`widgets.models._checks`), applied on creation.
    _parameter_checks: ClassVar[dict]

    def __post_init__(self) -> None:
        for name, check in self._parameter_checks.items():
            object.__setattr__(self, name, check(getattr(self, name), name))

    @classmethod
    def from_point(cls, *, quantity: float, price: float, elasticity: float):
        """The curve through one observed (price, quantity) point with a given elasticity.

        Calibration the way applied work does it: take today's price and quantity and a
        literature estimate of the elasticity, and draw the curve that matches all three.

        Parameters
        ----------
        quantity : float
            Observed quantity, in units of the good (> 0).
        price : float
            Observed price, in currency per unit (> 0).
        elasticity : float
            Absolute value of the price elasticity at that point, ``|dQ/dp * p/Q|`` (> 0).

        Returns
        -------
        Curve
            A curve of the class it is called on.

        Examples
        --------
        >>> LinearDemand.from_point(quantity=8, price=1, elasticity=0.625)
        LinearDemand(intercept=13.0, slope=5.0)
        >>> ConstantElasticitySupply.from_point(quantity=8, price=2, elasticity=3)
        ConstantElasticitySupply(scale=1.0, elasticity=3.0)
        """
        q = _checks.positive(quantity, "quantity")
        p = _checks.positive(price, "price")
        e = _checks.positive(elasticity, "elasticity")
        return cls._through(q, p, e)

    def quantity(self, price):
        """Quantity at ``price`` (units of the good).

        Parameters
        ----------
        price : float or array_like
            Price in currency per unit, finite and >= 0.

        Returns
        -------
        float or numpy.ndarray
            A float for a scalar price, an array for an array of prices.

        Examples
        --------
        >>> LinearDemand(intercept=13, slope=5).quantity([0.0, 1.0, 3.0]).tolist()
        [13.0, 8.0, 0.0]
        """
        p = _checks.prices(price, "price")
        if isinstance(p, float):
            return self._quantity(p)
        return self._quantities(p)

    def integral(self, p0: float, p1: float) -> float:
        """Area to the left of the curve between two prices, ``∫_{p0}^{p1} Q(p) dp``.

        When the price rises from ``p0`` to ``p1``, this is what consumers lose (demand)
        or producers gain (supply), in currency per period. The result is exact,
        including the kinks where a straight line meets zero. The sign follows
        ``p1 - p0``.

        Parameters
        ----------
        p0, p1 : float
            Prices in currency per unit, finite and >= 0.

        Returns
        -------
        float

        Examples
        --------
        >>> d = LinearDemand(intercept=13, slope=5)
        >>> round(d.integral(2.0, 3.0), 12), round(d.integral(3.0, 2.0), 12)  # zero above 2.6
        (0.9, -0.9)
        """
        a = _checks.prices(p0, "p0")
        b = _checks.prices(p1, "p1")
        if not (isinstance(a, float) and isinstance(b, float)):
            raise ValueError("p0 and p1 must be single numbers, not arrays")
        return self._area(a, b)


@dataclass(frozen=True)
class LinearCurve(Curve):
    """A straight line, ``Q(p) = max(0, intercept + sign * slope * p)``."""

    intercept: float
    slope: float

    @classmethod
    def _through(cls, q: float, p: float, e: float):
        return cls(intercept=q * (1.0 - cls.sign * e), slope=e * q / p)

    def _quantity(self, p: float) -> float:
        return max(0.0, self.intercept + self.sign * self.slope * p)

    def _quantities(self, p: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, self.intercept + self.sign * self.slope * p)

    @property
    def _positive_between(self) -> tuple[float, float]:
        """The prices between which the line is above zero (the rest is clipped)."""
        zero = -self.intercept / (self.sign * self.slope)
        return (0.0, zero) if self.sign < 0 else (max(0.0, zero), math.inf)

    def _area(self, a: float, b: float) -> float:
        start, end = self._positive_between
        lo, hi = min(max(a, start), end), min(max(b, start), end)
        # trapezoid on the straight part: exact, and free of cancellation
        return (hi - lo) * (self._quantity(lo) + self._quantity(hi)) / 2.0


@dataclass(frozen=True)
class ConstantElasticityCurve(Curve):
    """Constant elasticity, ``Q(p) = scale * p ** (sign * elasticity)``."""

    scale: float
    elasticity: float

    _parameter_checks: ClassVar[dict] = {"scale": _checks.positive, "elasticity": _checks.positive}

    @classmethod
    def _through(cls, q: float, p: float, e: float):
        at_price = _power(p, e)
        return cls(scale=q * at_price if cls.sign < 0 else q / at_price, elasticity=e)

    def _quantity(self, p: float) -> float:
        if p == 0.0 and self.sign < 0:
            return math.inf
        return self.scale * _power(p, self.sign * self.elasticity)

    def _quantities(self, p: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", over="ignore"):
            return self.scale * np.power(p, self.sign * self.elasticity)

    def _area(self, a: float, b: float) -> float:
        return self.scale * _power_integral(a, b, 1.0 + self.sign * self.elasticity)


@dataclass(frozen=True)
class LinearDemand(LinearCurve):
    """Straight-line demand, ``Qd(p) = max(0, intercept - slope * p)``.

    The textbook workhorse. Buyers want ``intercept`` units when the good is free and
    ``slope`` fewer units for every extra unit of currency on the price, until demand
    hits zero at the choke price ``intercept / slope``.

    Parameters
    ----------
    intercept : float
        Quantity demanded at a zero price, in units of the good (> 0).
    slope : float
        Units of demand lost per unit of currency on the price (> 0).

    Raises
    ------
    ValueError
        If ``intercept`` or ``slope`` is not a finite number > 0.

    Examples
    --------
    Suranovic's Coke market, D = 13 - 5P (millions of bottles, price in dollars):

    >>> d = LinearDemand(intercept=13, slope=5)
    >>> d.quantity(1.0)
    8.0
    >>> d.choke_price
    2.6
    >>> round(d.integral(1.0, 1.2), 12)  # consumer-surplus loss if the price rises to 1.20
    1.5

    Calibrated at a point (``intercept = quantity * (1 + elasticity)``):

    >>> LinearDemand.from_point(quantity=8, price=1, elasticity=0.625)
    LinearDemand(intercept=13.0, slope=5.0)
    """

    sign: ClassVar[int] = -1
    _parameter_checks: ClassVar[dict] = {"intercept": _checks.positive, "slope": _checks.positive}

    @property
    def choke_price(self) -> float:
        """Price at which demand falls to zero, ``intercept / slope`` (currency per unit).

        Examples
        --------
        >>> LinearDemand(intercept=10, slope=4).choke_price
        2.5
        """
        return self.intercept / self.slope


@dataclass(frozen=True)
class LinearSupply(LinearCurve):
    """Straight-line supply, ``Qs(p) = max(0, intercept + slope * p)``.

    Home firms add ``slope`` units of output for every extra unit of currency on the
    price. A negative ``intercept`` means nothing is produced until the price covers
    ``-intercept / slope``.

    Parameters
    ----------
    intercept : float
        Quantity supplied at a zero price if the line were extended (any finite
        number; usually negative), in units of the good.
    slope : float
        Extra units supplied per unit of currency on the price (> 0).

    Raises
    ------
    ValueError
        If ``intercept`` is not finite or ``slope`` is not a finite number > 0.

    Examples
    --------
    Suranovic's Coke market, S = 10P - 7:

    >>> s = LinearSupply(intercept=-7, slope=10)
    >>> s.quantity(1.0), s.quantity(0.5)
    (3.0, 0.0)
    >>> round(s.integral(1.0, 1.2), 12)  # producer-surplus gain when the price rises to 1.20
    0.8
    >>> round(s.integral(0.0, 1.0), 12)  # output starts at 0.7
    0.45

    Calibrated at a point (``intercept = quantity * (1 - elasticity)``):

    >>> LinearSupply.from_point(quantity=3, price=1, elasticity=10 / 3)
    LinearSupply(intercept=-7.0, slope=10.0)
    """

    sign: ClassVar[int] = 1
    _parameter_checks: ClassVar[dict] = {"intercept": _checks.finite, "slope": _checks.positive}


@dataclass(frozen=True)
class ConstantElasticityDemand(ConstantElasticityCurve):
    """Constant-elasticity demand, ``Qd(p) = scale * p ** (-elasticity)``.

    A 1 % rise in the price cuts the quantity demanded by ``elasticity`` percent at
    every price. Demand never reaches zero, so there is no choke price, and demand is
    infinite at a zero price.

    Parameters
    ----------
    scale : float
        Quantity demanded at a price of 1 (> 0), in units of the good.
    elasticity : float
        Absolute price elasticity of demand (> 0). At ``elasticity == 1`` spending is
        the same at every price.

    Raises
    ------
    ValueError
        If ``scale`` or ``elasticity`` is not a finite number > 0.

    Examples
    --------
    >>> d = ConstantElasticityDemand(scale=100, elasticity=2)
    >>> d.quantity(2.0)
    25.0
    >>> d.quantity([0.0, 10.0]).tolist()
    [inf, 1.0]
    >>> d.integral(1.0, 2.0)  # consumers' loss when the price doubles from 1
    50.0

    At ``elasticity == 1`` the area is ``scale * log(p1 / p0)``; from a zero price it is
    infinite unless ``elasticity < 1``:

    >>> round(ConstantElasticityDemand(10, 1).integral(1.0, 2.0), 12) == round(10 * math.log(2), 12)
    True
    >>> ConstantElasticityDemand.from_point(quantity=25, price=2, elasticity=2)
    ConstantElasticityDemand(scale=100.0, elasticity=2.0)
    """

    sign: ClassVar[int] = -1


@dataclass(frozen=True)
class ConstantElasticitySupply(ConstantElasticityCurve):
    """Constant-elasticity supply, ``Qs(p) = scale * p ** elasticity``.

    A 1 % rise in the price raises output by ``elasticity`` percent at every price.

    Parameters
    ----------
    scale, elasticity : float
        Output at a price of 1, in units of the good, and the price elasticity of
        supply; each a finite number > 0, or ``ValueError`` names it.

    Examples
    --------
    >>> s = ConstantElasticitySupply(scale=1, elasticity=1)
    >>> s.quantity(2.0)
    2.0
    >>> s.integral(1.0, 2.0)  # producers' gain when the price doubles from 1
    1.5
    >>> ConstantElasticitySupply(scale=3, elasticity=2).integral(0.0, 2.0)
    8.0
    >>> ConstantElasticitySupply.from_point(quantity=8, price=2, elasticity=3)
    ConstantElasticitySupply(scale=1.0, elasticity=3.0)
    """

    sign: ClassVar[int] = 1
