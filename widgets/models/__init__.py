"""Economic models of the book: numpy, scipy and the standard library.

This is the bottom layer. Charts and controls import from here, never the other way
round. Every function is pure and every result is a frozen dataclass. The modules:
:mod:`~widgets.models.curves` (demand and supply), :mod:`~widgets.models.tariff` (one
market; its public names are re-exported here), :mod:`~widgets.models.smart`,
:mod:`~widgets.models.supply_shock`, :mod:`~widgets.models.port_fees`,
:mod:`~widgets.models.tit_for_tat`, :mod:`~widgets.models.forums` and
:mod:`~widgets.models.timeline`; every input check comes from
:mod:`~widgets.models._checks`.

Examples
--------
>>> from widgets.models import LinearDemand, LinearSupply, tariff_outcome
>>> out = tariff_outcome(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10),
...                      world_price=1.0, tariff_rate=0.2)
>>> round(out.deadweight_loss, 12)
0.3
"""

from widgets.models import tariff
from widgets.models.tariff import *  # noqa: F403  (one list of names: tariff.__all__)

__all__ = tariff.__all__
