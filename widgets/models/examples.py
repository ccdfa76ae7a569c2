"""Illustrative markets used by the chapters and the explorers.

These are *teaching* parameters, not estimates: a round world price and round
quantities chosen so that the diagram is easy to read and a 100% tariff is not
prohibitive. The chapters say so wherever they are used. Estimated parameters
(elasticities from the literature) live in ``data/model_parameters.csv``.
"""

from __future__ import annotations

from widgets.models.tariff import LinearDemand, LinearSupply

__all__ = [
    "CLASSROOM_CALIBRATION",
    "CLASSROOM_MARKET",
    "LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY",
    "linear_market",
]


def linear_market(
    *,
    world_price: float,
    free_trade_demand: float,
    free_trade_supply: float,
    demand_elasticity: float,
    supply_elasticity: float,
) -> dict:
    """A market with straight-line demand and supply, calibrated at the free-trade point.

    Parameters
    ----------
    world_price : float
        World price before the tariff, $ per unit.
    free_trade_demand, free_trade_supply : float
        Quantities bought and made at home at that price (million units).
    demand_elasticity, supply_elasticity : float
        Absolute price elasticities of the two curves at that point.

    Returns
    -------
    dict
        ``demand``, ``supply`` and ``world_price``, as taken by
        :func:`widgets.models.tariff_outcome`.

    Examples
    --------
    >>> market = linear_market(world_price=100, free_trade_demand=100, free_trade_supply=40,
    ...                        demand_elasticity=0.3, supply_elasticity=0.3)
    >>> float(market["demand"].quantity(100.0)), float(market["supply"].quantity(100.0))
    (100.0, 40.0)
    """
    return {
        "demand": LinearDemand.from_point(
            quantity=free_trade_demand, price=world_price, elasticity=demand_elasticity
        ),
        "supply": LinearSupply.from_point(
            quantity=free_trade_supply, price=world_price, elasticity=supply_elasticity
        ),
        "world_price": float(world_price),
    }


#: The classroom market: at the world price of $100 consumers buy 100 million
#: units and domestic firms make 40 million, so 60 million are imported. Both
#: curves are straight lines with a price elasticity of 0.3 at that point, so
#: the market closes to imports (autarky) at a price of about $243, i.e. at an
#: ad valorem tariff of about 143%.
CLASSROOM_CALIBRATION = {
    "world_price": 100.0,
    "free_trade_demand": 100.0,
    "free_trade_supply": 40.0,
    "demand_elasticity": 0.3,
    "supply_elasticity": 0.3,
}
CLASSROOM_MARKET = linear_market(**CLASSROOM_CALIBRATION)

#: Foreign export-supply elasticity used for the "large country" case of the
#: explorer (illustrative: finite, so part of the tariff falls on foreign
#: sellers). Fajgelbaum et al. (2020) found foreign supply to the US in
#: 2018-19 close to perfectly elastic, i.e. the small-country case.
LARGE_COUNTRY_EXPORT_SUPPLY_ELASTICITY = 3.0
