"""Exchange rates and tariffs: the currency offset and Lerner symmetry.

**The offset.** A US importer buys a good priced at ``p*`` yuan. With the exchange rate
``e`` in dollars per yuan and an ad valorem tariff ``t``, the duty-inclusive dollar price
is ``e p* (1 + t)``. If the yuan's dollar price falls by a fraction ``d`` while the yuan
price stays put, the dollar price changes by

    (1 + t)(1 - d) - 1 .

So ``d = 0`` gives the full tariff, and ``d = t / (1 + t)`` offsets it completely.
Assumptions: the exporter keeps its price in its own currency (``p*`` fixed), the tariff
is charged on the dollar customs value, and nothing else changes. It is arithmetic, not
a theory of why the currency moved.

**Lerner symmetry** (Lerner 1936). With two traded goods, a uniform import tariff ``t``
and a uniform export tax ``x = t`` open the same wedge between the relative price at home
and abroad: in both cases imports cost ``1 + t`` times as much, relative to exports, at
home as on world markets. Only the nominal price level differs, and a change of the
exchange rate (or of all domestic prices) by the factor ``1 + t`` removes that difference.
Assumptions: trade is balanced, the taxes cover all imports or all exports at one rate,
prices and the exchange rate are flexible, and the revenue is spent the same way.

Examples
--------
>>> round(dollar_price_change(tariff_rate=0.25, depreciation=0.0), 12)
0.25
>>> round(dollar_price_change(tariff_rate=0.25, depreciation=0.2), 12)
0.0
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.models._checks import non_negative, positive, real

__all__ = [
    "dollar_price_change",
    "depreciation_from_rates",
    "offsetting_depreciation",
    "DomesticPrices",
    "domestic_prices",
]


def _depreciation(value: object, name: str = "depreciation") -> float:
    return real(value, name, "a finite number < 1", lambda x: x < 1)


def dollar_price_change(*, tariff_rate: float, depreciation: float) -> float:
    """Change in the duty-inclusive dollar price when the partner's currency also falls.

    Parameters
    ----------
    tariff_rate : float
        Ad valorem tariff, a fraction (0.25 for 25 %), >= 0.
    depreciation : float
        Fall in the dollar price of the partner's currency, a fraction < 1 (0.05 when a
        yuan buys 5 % fewer dollars; negative for an appreciation).

    Returns
    -------
    float
        ``(1 + tariff_rate) * (1 - depreciation) - 1``, a fraction of the old price.

    Examples
    --------
    No currency move: the price rises by the tariff. A fall of ``t/(1+t)`` offsets it.

    >>> round(dollar_price_change(tariff_rate=0.1, depreciation=0.0), 12)
    0.1
    >>> round(dollar_price_change(tariff_rate=0.25, depreciation=0.1), 12)
    0.125
    >>> dollar_price_change(tariff_rate=0.25, depreciation=1.0)
    Traceback (most recent call last):
    ...
    ValueError: depreciation must be a finite number < 1, got 1.0
    """
    t = non_negative(tariff_rate, "tariff_rate")
    d = _depreciation(depreciation)
    return (1.0 + t) * (1.0 - d) - 1.0


def offsetting_depreciation(tariff_rate: float) -> float:
    """The fall of the partner's currency that leaves the dollar price unchanged: ``t/(1+t)``.

    Examples
    --------
    >>> offsetting_depreciation(0.25)
    0.2
    >>> offsetting_depreciation(-0.1)
    Traceback (most recent call last):
    ...
    ValueError: tariff_rate must be a finite number >= 0, got -0.1
    """
    t = non_negative(tariff_rate, "tariff_rate")
    return t / (1.0 + t)


def depreciation_from_rates(*, before: float, after: float) -> float:
    """Fall in the dollar price of a currency quoted as units per dollar (e.g. yuan per dollar).

    A yuan is worth ``1/rate`` dollars, so going from ``before`` to ``after`` yuan per
    dollar lowers its dollar price by ``1 - before/after``.

    Examples
    --------
    From 6.4 to 8 yuan per dollar a yuan buys a fifth fewer dollars:

    >>> round(depreciation_from_rates(before=6.4, after=8.0), 12)
    0.2
    >>> depreciation_from_rates(before=0, after=7.0)
    Traceback (most recent call last):
    ...
    ValueError: before must be a finite number > 0, got 0.0
    """
    b = positive(before, "before")
    a = positive(after, "after")
    return 1.0 - b / a


@dataclass(frozen=True)
class DomesticPrices:
    """Home-currency prices of the imported and the exported good, and their ratio."""

    import_price: float
    export_price: float

    @property
    def relative_price(self) -> float:
        """Price of imports in units of exports at home."""
        return self.import_price / self.export_price


def domestic_prices(
    *,
    world_import_price: float,
    world_export_price: float,
    exchange_rate: float = 1.0,
    import_tariff: float = 0.0,
    export_tax: float = 0.0,
) -> DomesticPrices:
    """Home prices of a two-good economy's import and export under border taxes.

    World prices are in foreign currency; ``exchange_rate`` is home currency per unit of
    foreign currency. Buyers pay ``exchange_rate * world_import_price * (1 + import_tariff)``
    for the import; exporters receive ``exchange_rate * world_export_price / (1 +
    export_tax)`` (the tax is a fraction of the price they get). Assumptions: the country
    is small (world prices given) and each tax covers all of its trade flow.

    Examples
    --------
    A 10 % import tariff and a 10 % export tax give the same relative price; with the
    export tax, a home currency 10 % weaker gives the same nominal prices too (Lerner):

    >>> tariff = domestic_prices(world_import_price=1, world_export_price=1, import_tariff=0.1)
    >>> tax = domestic_prices(world_import_price=1, world_export_price=1, export_tax=0.1)
    >>> round(tariff.relative_price, 12), round(tax.relative_price, 12)
    (1.1, 1.1)
    >>> moved = domestic_prices(world_import_price=1, world_export_price=1,
    ...                         exchange_rate=1.1, export_tax=0.1)
    >>> round(moved.import_price, 12), round(moved.export_price, 12)
    (1.1, 1.0)
    >>> domestic_prices(world_import_price=1, world_export_price=1, export_tax=-1)
    Traceback (most recent call last):
    ...
    ValueError: export_tax must be a finite number >= 0, got -1.0
    """
    pm = positive(world_import_price, "world_import_price")
    px = positive(world_export_price, "world_export_price")
    e = positive(exchange_rate, "exchange_rate")
    t = non_negative(import_tariff, "import_tariff")
    x = non_negative(export_tax, "export_tax")
    return DomesticPrices(import_price=e * pm * (1.0 + t), export_price=e * px / (1.0 + x))
