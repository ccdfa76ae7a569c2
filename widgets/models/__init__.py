"""Economic models of the book: numpy and the standard library only.

This is the bottom layer. Charts and controls import from here, never the other way
round. Every function is pure and every result is a frozen dataclass.

Examples
--------
>>> from widgets.models import LinearDemand, LinearSupply, tariff_outcome
>>> out = tariff_outcome(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10),
...                      world_price=1.0, tariff_rate=0.2)
>>> round(out.deadweight_loss, 12)
0.3
"""

from widgets.models.tariff import (
    ConstantElasticityDemand,
    ConstantElasticitySupply,
    LinearDemand,
    LinearSupply,
    TariffOutcome,
    autarky_price,
    prohibitive_tariff_rate,
    tariff_outcome,
)

__all__ = [
    "ConstantElasticityDemand",
    "ConstantElasticitySupply",
    "LinearDemand",
    "LinearSupply",
    "TariffOutcome",
    "autarky_price",
    "prohibitive_tariff_rate",
    "tariff_outcome",
]
